/**
 * The event loop at scale: Llama 3.1 70B on 16 H100 as two TP8 replicas, Poisson arrivals at 80%
 * of capacity, lognormal lengths (mean input 1,000, output 250 tokens). Each size runs once and is
 * timed directly (a 1M-request run takes seconds; benchmark.js's repeated sampling suits the
 * micro-benchmarks); workload generation, the event loop and the statistics are timed apart.
 */
import { simulate } from "../src/api/simulate.js";
import { setUpDesign } from "../src/designs/index.js";
import { summarise } from "../src/metrics/summary.js";
import { parseScenario } from "../src/scenario/load.js";
import { resolveModel } from "../src/scenario/model.js";
import type { ScenarioInput } from "../src/scenario/schema.js";
import { runPools } from "../src/sim/run-pool.js";
import { generateWorkload } from "../src/workload/generate.js";
import type { SuiteResult } from "./suite-result.js";

export const scenario = (arrival: ScenarioInput["workload"]["arrival"], requests: number): ScenarioInput => ({
  model: "llama-3.1-70b",
  datatypes: { weights: "fp8", activations: "bf16", kv: "fp8" },
  workload: {
    arrival,
    input: { kind: "lognormal", mean: 1000, sigma: 0.8, min: 16, max: 8192 },
    output: { kind: "lognormal", mean: 250, sigma: 0.5, min: 1, max: 2048 },
    requests,
    seed: 1,
  },
  slo: { ttftSeconds: 2, tpotSeconds: 0.1 },
  designs: [{ name: "h100-2xtp8", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 16, tp: 8 } }],
});

const seconds = (since: number) => (performance.now() - since) / 1000;

export async function benchSimulate(): Promise<SuiteResult[]> {
  // capacity: throughput with every request queued at once
  const burst = await simulate(scenario({ kind: "burst" }, 5000));
  const capacity = burst.results[0].metrics.requestsPerSecond;
  const rate = 0.8 * capacity;
  console.log(`capacity ${capacity.toFixed(1)} requests/s; Poisson load at 80%: ${rate.toFixed(1)} requests/s`);
  const results: SuiteResult[] = [];
  for (const requests of [10_000, 100_000, 1_000_000]) {
    globalThis.gc?.();
    const { scenario: parsed } = await parseScenario(scenario({ kind: "poisson", ratePerSecond: rate }, requests));
    const model = await resolveModel(parsed.model);
    const design = parsed.designs[0];
    let t = performance.now();
    const table = generateWorkload(parsed.workload);
    const generateSeconds = seconds(t);
    const setup = setUpDesign(design, { model: model.spec, datatypes: parsed.datatypes }, Infinity, "designs.0");
    t = performance.now();
    const run = runPools(table, setup);
    const loopSeconds = seconds(t);
    t = performance.now();
    const metrics = summarise({
      run,
      inputTokens: table.inputTokens,
      outputTokens: table.outputTokens,
      predecessor: table.predecessor,
      slo: parsed.slo,
      chips: setup.pools[0].config.count,
      kvBlocksPerReplica: [setup.pools[0].kvBlocksPerReplica],
      openLoop: true,
      poolNames: ["pool"],
    });
    const statisticsSeconds = seconds(t);
    const total = generateSeconds + loopSeconds + statisticsSeconds;
    const maxRssBytes = process.resourceUsage().maxRSS * 1024;
    const line = {
      suite: "simulate",
      name: `${requests.toLocaleString("en-US")} requests`,
      opsPerSecond: requests / total,
      relativeMarginOfError: 0,
      samples: 1,
      requests,
      steps: run.steps,
      generateSeconds,
      loopSeconds,
      statisticsSeconds,
      loopRequestsPerSecond: requests / loopSeconds,
      wholeRunRequestsPerSecond: requests / total,
      nanosecondsPerStep: (loopSeconds * 1e9) / run.steps,
      maxRssBytes,
      finished: metrics.finished,
      overloaded: metrics.overloaded,
    };
    console.log(
      `${line.name}: generate ${generateSeconds.toFixed(2)} s, loop ${loopSeconds.toFixed(2)} s (${Math.round(line.loopRequestsPerSecond).toLocaleString("en-US")} requests/s, ` +
        `${run.steps.toLocaleString("en-US")} steps, ${line.nanosecondsPerStep.toFixed(0)} ns/step), statistics ${statisticsSeconds.toFixed(2)} s; ` +
        `whole run ${Math.round(line.wholeRunRequestsPerSecond).toLocaleString("en-US")} requests/s; peak RSS ${(maxRssBytes / 1e6).toFixed(0)} MB`,
    );
    results.push(line);
  }
  return results;
}
