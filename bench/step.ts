/**
 * Step evaluations per second, called as the event loop and sweeps call the kernel (a block already
 * in memory, aggregates as arguments): the full WASM kernel, the decode fast path (decode batches
 * only: the parts a batch size fixes kept, finished for each context), and the TypeScript
 * reference, each timed by benchmark.js. The three take turns within each of `rounds` rounds, so
 * that the load of this shared machine falls on them alike; each figure is the median over the
 * rounds with its range, and the ratio to the reference is taken within each round. Rates are calls
 * per second of the process's CPU time (one core: time the scheduler gave other processes does not
 * count), with the wall-clock rate beside them.
 */
import Benchmark from "benchmark";
import { configure } from "../src/engine/configure.js";
import { kernel, loadBlock } from "../src/engine/kernel.js";
import { referenceStep } from "../src/engine/reference.js";
import { addDecode, addPrefillChunk, emptyBatch, type BatchAggregates } from "../src/engine/batch.js";
import { spread, type Spread } from "./spread.js";
import type { SuiteResult } from "./suite-result.js";

const rounds = 7;
/** benchmark.js's time budget for each implementation in one round. */
const roundSeconds = 0.4;

const cases = [
  {
    name: "llama-3.1-70b on 8×H100 (dense)",
    choice: { model: "llama-3.1-70b", chip: "nvidia-h100-sxm", tp: 8, datatypes: { weights: "fp8" } },
  },
  {
    name: "deepseek-v3 on 64×GB200 (MLA + MoE, EP 8)",
    choice: { model: "deepseek-v3", system: "nvidia-gb200-nvl72", tp: 8, ep: 8, datatypes: { weights: "fp8" } },
  },
];

// rotating sets of batches, so the benchmark cannot fold a constant call: decode-only steps (most
// steps of a serving run; 64 batch sizes, each at its own context) and mixed steps where every
// fourth carries a prefill chunk
const batchSets: Record<string, BatchAggregates[]> = {
  decode: Array.from({ length: 64 }, (_, i) => addDecode(emptyBatch(), 1 + ((i * 7) % 128), 300 + 97 * i, 0)),
  mixed: Array.from({ length: 64 }, (_, i) => {
    const b = emptyBatch();
    if (i % 4 === 0) addPrefillChunk(b, 0, 512 + 64 * i, 0);
    return addDecode(b, 1 + ((i * 7) % 128), 300 + 97 * i, 0);
  }),
};

/** Evaluates batch i of a set; returns the latency, which the caller sums so no call is dead. */
type Evaluate = (i: number) => number;

let sink = 0;

interface Rate {
  cpu: number;
  wall: number;
}

/**
 * One round of `evaluate` under benchmark.js (its calibrated cycles and sampling), as calls per
 * wall second and per CPU second: the wall rate scaled by the share of the round the process ran.
 */
function rate(evaluate: Evaluate): Rate {
  let i = 0;
  const bench = new Benchmark(
    () => {
      sink += evaluate(i++ & 63);
    },
    { maxTime: roundSeconds, minSamples: 5 },
  );
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  bench.run({ async: false });
  const cpu = process.cpuUsage(cpuStart);
  const share = (cpu.user + cpu.system) / 1e6 / ((performance.now() - wallStart) / 1000);
  if (bench.error || !(bench.hz > 0)) throw new Error(`benchmark failed: ${String(bench.error)}`);
  return { wall: bench.hz, cpu: bench.hz / share };
}

/** Per-round rates of each implementation, timed in turns. */
function timeInTurns(implementations: Record<string, Evaluate>): Record<string, Rate[]> {
  const rates: Record<string, Rate[]> = Object.fromEntries(Object.keys(implementations).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, evaluate] of Object.entries(implementations)) rates[name].push(rate(evaluate));
  }
  return rates;
}

const millions = (s: Spread) =>
  `${(s.median / 1e6).toFixed(2)} M (${(s.min / 1e6).toFixed(2)}–${(s.max / 1e6).toFixed(2)})`;

export async function benchStep(): Promise<SuiteResult[]> {
  const results: SuiteResult[] = [];
  for (const { name, choice } of cases) {
    const config = configure(choice);
    const block = loadBlock(config.params);
    for (const [kind, batches] of Object.entries(batchSets)) {
      const implementations: Record<string, Evaluate> = {
        "full kernel": (i) => {
          const b = batches[i];
          return kernel.evaluateStep(
            block.offset,
            b.prefillTokens,
            b.prefillSequences,
            b.prefillPairs,
            b.prefillPairsWindowed,
            b.prefillContextTokens,
            b.prefillContextTokensWindowed,
            b.decodeSequences,
            b.decodeContextTokens,
            b.decodeContextTokensWindowed,
            -1,
            0,
          );
        },
        "TS reference": (i) => referenceStep(config.params, batches[i]).latencySeconds,
      };
      // the fast path takes only steps without prefill
      if (kind === "decode") {
        implementations["decode fast path"] = (i) => {
          const b = batches[i];
          return kernel.evaluateDecodeStep(
            block.offset,
            b.decodeSequences,
            b.decodeContextTokens,
            b.decodeContextTokensWindowed,
            -1,
          );
        };
      }
      const rates = timeInTurns(implementations);
      const reference = rates["TS reference"];
      for (const [implementation, samples] of Object.entries(rates)) {
        const evaluations = spread(samples.map((r) => r.cpu));
        const wall = spread(samples.map((r) => r.wall));
        const ratio = spread(samples.map((r, round) => r.cpu / reference[round].cpu));
        console.log(
          `${implementation}, ${kind} batches: ${name}: ${millions(evaluations)} evaluations per CPU second ` +
            `(wall ${millions(wall)}), ${ratio.median.toFixed(1)}× the reference (${ratio.min.toFixed(1)}–${ratio.max.toFixed(1)})`,
        );
        results.push({
          suite: "step",
          name: `${implementation}, ${kind} batches: ${name}`,
          opsPerSecond: evaluations.median,
          relativeMarginOfError: (evaluations.max - evaluations.min) / (2 * evaluations.median),
          samples: rounds,
          minOpsPerSecond: evaluations.min,
          maxOpsPerSecond: evaluations.max,
          wallOpsPerSecond: wall.median,
          minWallOpsPerSecond: wall.min,
          maxWallOpsPerSecond: wall.max,
          ratioToReference: ratio.median,
          ratioToReferenceMin: ratio.min,
          ratioToReferenceMax: ratio.max,
          rounds: samples,
        });
      }
    }
    block.free();
  }
  if (!Number.isFinite(sink)) throw new Error("benchmark produced a non-finite step time");
  return results;
}
