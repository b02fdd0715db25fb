/**
 * Step evaluations per second: the WASM kernel (called as the event loop and sweeps call it:
 * a block already in memory, aggregates as arguments) against the TypeScript reference.
 */
import Benchmark from "benchmark";
import { configure } from "../src/engine/configure.js";
import { kernel, loadBlock } from "../src/engine/kernel.js";
import { referenceStep } from "../src/engine/reference.js";
import { addDecode, addPrefillChunk, emptyBatch, type BatchAggregates } from "../src/engine/batch.js";
import type { SuiteResult } from "./suite-result.js";

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
// steps of a serving run) and mixed steps where every fourth carries a prefill chunk
const batchSets: Record<string, BatchAggregates[]> = {
  decode: Array.from({ length: 64 }, (_, i) => addDecode(emptyBatch(), 1 + ((i * 7) % 128), 300 + 97 * i, 0)),
  mixed: Array.from({ length: 64 }, (_, i) => {
    const b = emptyBatch();
    if (i % 4 === 0) addPrefillChunk(b, 0, 512 + 64 * i, 0);
    return addDecode(b, 1 + ((i * 7) % 128), 300 + 97 * i, 0);
  }),
};

export function benchStep(): Promise<SuiteResult[]> {
  return new Promise((resolve) => {
    const suite = new Benchmark.Suite("step");
    const results: SuiteResult[] = [];
    let sink = 0;
    for (const { name, choice } of cases) {
      const config = configure(choice);
      const offset = loadBlock(config.params).offset;
      for (const [kind, batches] of Object.entries(batchSets)) {
        let i = 0;
        suite.add(`WASM evaluateStep, ${kind} batches: ${name}`, () => {
          const b = batches[i++ & 63];
          sink += kernel.evaluateStep(
            offset,
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
        });
        let j = 0;
        suite.add(`TS reference, ${kind} batches: ${name}`, () => {
          sink += referenceStep(config.params, batches[j++ & 63]).latencySeconds;
        });
      }
    }
    suite
      .on("cycle", (event: Benchmark.Event) => {
        const t = event.target as Benchmark.Target & { stats: { rme: number } };
        console.log(String(event.target));
        results.push({
          suite: "step",
          name: String(t.name),
          opsPerSecond: t.hz!,
          relativeMarginOfError: t.stats.rme / 100,
          samples: t.stats.sample?.length ?? 0,
        });
      })
      .on("complete", () => {
        if (!Number.isFinite(sink)) throw new Error("benchmark produced a non-finite step time");
        resolve(results);
      })
      .run({ async: false });
  });
}
