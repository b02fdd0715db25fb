/**
 * Statistics of a million-request run: `summarise` over the outcome of the bench scenario
 * (bench/simulate.ts at 80% load), timed five times on the same run (the first call is cold, as
 * in a real run), and one metric's distribution against a full sort of the same values.
 */
import { distribution } from "../src/metrics/percentiles.js";
import { summarise, type MetricsInput } from "../src/metrics/summary.js";
import { setUpDesign } from "../src/designs/index.js";
import { parseScenario } from "../src/scenario/load.js";
import { resolveModel } from "../src/scenario/model.js";
import { runPools } from "../src/sim/run-pool.js";
import { generateWorkload } from "../src/workload/generate.js";
import { scenario } from "./simulate.js";
import { formatSpread, spread } from "./spread.js";
import type { SuiteResult } from "./suite-result.js";

const requests = 1_000_000;
const runs = 5;
/** 80% of the capacity bench/simulate.ts measures for this design (28.3 requests/s). */
const ratePerSecond = 22.6;

const timed = (f: () => unknown): number => {
  const start = performance.now();
  f();
  return (performance.now() - start) / 1000;
};

/** The sort-based definition: every value sorted, then the nearest ranks read off. */
function sortedDistribution(values: Float64Array) {
  const sorted = values.slice().sort();
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p90: at(90), p99: at(99) };
}

export async function benchStats(): Promise<SuiteResult[]> {
  const { scenario: parsed } = await parseScenario(scenario({ kind: "poisson", ratePerSecond }, requests));
  const model = await resolveModel(parsed.model);
  const table = generateWorkload(parsed.workload);
  const setup = setUpDesign(
    parsed.designs[0],
    { model: model.spec, datatypes: parsed.datatypes },
    Infinity,
    "designs.0",
  );
  const run = runPools(table, setup);
  const input: MetricsInput = {
    run,
    inputTokens: table.inputTokens,
    outputTokens: table.outputTokens,
    predecessor: table.predecessor,
    slo: parsed.slo,
    chips: setup.pools[0].config.count,
    kvBlocksPerReplica: [setup.pools[0].kvBlocksPerReplica],
    openLoop: true,
    poolNames: ["pool"],
  };
  const summaries = spread(Array.from({ length: runs }, () => timed(() => summarise(input))));
  const coldSeconds = summaries.samples[0];

  // one metric alone: end-to-end latency of every request, as summarise collects it
  const e2e = run.finishSeconds.map((finish, i) => finish - run.arrivedAtSeconds[i]).filter(Number.isFinite);
  const radix = spread(Array.from({ length: runs }, () => timed(() => distribution(e2e.slice()))));
  const sorting = spread(Array.from({ length: runs }, () => timed(() => sortedDistribution(e2e))));
  const { mean: _, ...ranks } = distribution(e2e.slice());
  if (JSON.stringify(ranks) !== JSON.stringify(sortedDistribution(e2e)))
    throw new Error("the radix percentiles differ from the sorted ones");

  console.log(
    `summarise, ${requests.toLocaleString("en-US")} requests: ${formatSpread(summaries)} over ${runs} calls, ` +
      `first (cold) ${coldSeconds.toFixed(3)} s; one metric: radix + selection ${formatSpread(radix, 4)}, ` +
      `full sort ${formatSpread(sorting, 4)}`,
  );
  return [
    {
      suite: "stats",
      name: `summarise ${requests.toLocaleString("en-US")} requests`,
      opsPerSecond: requests / summaries.median,
      relativeMarginOfError: 0,
      samples: runs,
      requests,
      medianSeconds: summaries.median,
      minSeconds: summaries.min,
      maxSeconds: summaries.max,
      coldSeconds,
      secondsPerMillionRequests: (summaries.median * 1e6) / requests,
      timings: summaries.samples,
    },
    {
      suite: "stats",
      name: "one metric's percentiles: radix + selection vs full sort",
      opsPerSecond: requests / radix.median,
      relativeMarginOfError: 0,
      samples: runs,
      radixMedianSeconds: radix.median,
      radixTimings: radix.samples,
      sortMedianSeconds: sorting.median,
      sortTimings: sorting.samples,
      speedupOverSort: sorting.median / radix.median,
    },
  ];
}
