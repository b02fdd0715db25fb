/**
 * The event loop at scale: Llama 3.1 70B on 16 H100 as two TP8 replicas, Poisson arrivals at 80%
 * of capacity, lognormal lengths (mean input 1,000, output 250 tokens). Each size runs five times
 * in one process, each run timed directly (a 1M-request run takes seconds; benchmark.js's repeated
 * sampling suits the micro-benchmarks); workload generation, the event loop and the statistics are
 * timed apart, and reported as the median of the runs with their range. Each run draws its own
 * workload (seed 1, 2, ...), so no run reads token lengths an earlier one drew (kept-lengths.ts).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { simulate } from "../src/api/simulate.js";
import { setUpDesign } from "../src/designs/index.js";
import { summarise, type MetricsInput } from "../src/metrics/summary.js";
import { parseScenario } from "../src/scenario/load.js";
import { resolveModel } from "../src/scenario/model.js";
import type { Scenario, ScenarioInput } from "../src/scenario/schema.js";
import { runPools, type PoolRun, type RunSetup } from "../src/sim/run-pool.js";
import type { RequestTable } from "../src/workload/table.js";
import { generateWorkload } from "../src/workload/generate.js";
import { spread, type Spread } from "./spread.js";
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

/** What `summarise` reads of a bench run of a one-pool, open-loop bench scenario. */
export const metricsInputOf = (parsed: Scenario, table: RequestTable, setup: RunSetup, run: PoolRun): MetricsInput => ({
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

const seconds = (since: number) => (performance.now() - since) / 1000;

/** One whole run of a one-pool scenario, its three parts timed apart. */
interface RunTiming {
  generateSeconds: number;
  loopSeconds: number;
  statisticsSeconds: number;
  steps: number;
  finished: number;
  overloaded: boolean;
}

async function timeRun(input: ScenarioInput, seed: number): Promise<RunTiming> {
  globalThis.gc?.();
  const { scenario: parsed } = await parseScenario({ ...input, workload: { ...input.workload, seed } });
  const model = await resolveModel(parsed.model);
  let t = performance.now();
  const table = generateWorkload(parsed.workload);
  const generateSeconds = seconds(t);
  const setup = setUpDesign(
    parsed.designs[0],
    { model: model.spec, datatypes: parsed.datatypes },
    Infinity,
    "designs.0",
  );
  t = performance.now();
  const run = runPools(table, setup);
  const loopSeconds = seconds(t);
  t = performance.now();
  const metrics = summarise(metricsInputOf(parsed, table, setup, run));
  const statisticsSeconds = seconds(t);
  return {
    generateSeconds,
    loopSeconds,
    statisticsSeconds,
    steps: run.steps,
    finished: metrics.finished,
    overloaded: metrics.overloaded,
  };
}

const fixed = (s: Spread, digits: number, scale = 1) =>
  `${(s.median * scale).toFixed(digits)} (${(s.min * scale).toFixed(digits)}–${(s.max * scale).toFixed(digits)})`;
const thousands = (s: Spread) =>
  `${Math.round(s.median / 1000)} k (${Math.round(s.min / 1000)}–${Math.round(s.max / 1000)} k)`;

/**
 * Runs `input` (`requests` requests) `runs` times and reports the median and range of each part,
 * rates taken per run; peak RSS is the process's so far (freshProcessPeakRss measures one run alone).
 */
export async function timedRuns(suite: string, name: string, input: ScenarioInput, runs: number): Promise<SuiteResult> {
  const requests = input.workload.requests!;
  const timings: RunTiming[] = [];
  for (let i = 0; i < runs; i++) timings.push(await timeRun(input, (input.workload.seed ?? 1) + i));
  const of = (f: (t: RunTiming) => number) => spread(timings.map(f));
  const total = (t: RunTiming) => t.generateSeconds + t.loopSeconds + t.statisticsSeconds;
  const figures = {
    generateSeconds: of((t) => t.generateSeconds),
    loopSeconds: of((t) => t.loopSeconds),
    statisticsSeconds: of((t) => t.statisticsSeconds),
    wholeRunSeconds: of(total),
    loopRequestsPerSecond: of((t) => requests / t.loopSeconds),
    wholeRunRequestsPerSecond: of((t) => requests / total(t)),
    nanosecondsPerStep: of((t) => (t.loopSeconds * 1e9) / t.steps),
  };
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  const { steps, finished, overloaded } = timings[0];
  console.log(
    `${name}, median (range) of ${runs}: generate ${fixed(figures.generateSeconds, 3)} s, loop ${fixed(figures.loopSeconds, 3)} s ` +
      `= ${thousands(figures.loopRequestsPerSecond)} requests/s, ${steps.toLocaleString("en-US")} steps, ${fixed(figures.nanosecondsPerStep, 0)} ns/step; ` +
      `statistics ${fixed(figures.statisticsSeconds, 3)} s; whole run ${thousands(figures.wholeRunRequestsPerSecond)} requests/s; ` +
      `peak RSS ${(maxRssBytes / 1e6).toFixed(0)} MB`,
  );
  return {
    suite,
    name,
    opsPerSecond: figures.wholeRunRequestsPerSecond.median,
    relativeMarginOfError: 0,
    samples: runs,
    requests,
    steps,
    ...figures,
    maxRssBytes,
    finished,
    overloaded,
  };
}

export async function benchSimulate(): Promise<SuiteResult[]> {
  // capacity: throughput with every request queued at once
  const burst = await simulate(scenario({ kind: "burst" }, 5000));
  const capacity = burst.results[0].metrics.requestsPerSecond;
  const rate = 0.8 * capacity;
  console.log(`capacity ${capacity.toFixed(1)} requests/s; Poisson load at 80%: ${rate.toFixed(1)} requests/s`);
  const results: SuiteResult[] = [];
  for (const requests of [10_000, 100_000, 1_000_000]) {
    const name = `${requests.toLocaleString("en-US")} requests`;
    results.push(await timedRuns("simulate", name, scenario({ kind: "poisson", ratePerSecond: rate }, requests), 5));
  }
  results.push(freshProcessPeakRss(1_000_000, 5));
  return results;
}

/** Peak RSS of one whole run in a fresh process (bench/peak-rss.ts), `runs` processes. */
function freshProcessPeakRss(requests: number, runs: number): SuiteResult {
  const script = join(import.meta.dirname, "peak-rss.js");
  const bytes = spread(
    Array.from({ length: runs }, () => {
      const out = execFileSync(process.execPath, [script, String(requests)], { encoding: "utf8" });
      return (JSON.parse(out) as { maxRssBytes: number }).maxRssBytes;
    }),
  );
  const mb = (b: number) => (b / 1e6).toFixed(0);
  console.log(
    `peak RSS of one ${requests.toLocaleString("en-US")}-request run in a fresh process, median (range) of ${runs}: ${mb(bytes.median)} MB (${mb(bytes.min)}–${mb(bytes.max)})`,
  );
  return {
    suite: "simulate",
    name: `peak RSS, ${requests.toLocaleString("en-US")} requests, fresh process`,
    opsPerSecond: 0,
    relativeMarginOfError: 0,
    samples: runs,
    requests,
    maxRssBytes: bytes,
  };
}
