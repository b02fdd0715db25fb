/**
 * The scenario Vidur is usually timed on, for a like-for-like figure: Llama-2-70B (bf16) on 4 A100
 * as one TP2 × PP2 replica, chunked prefill of 512 tokens, at most 128 sequences, Poisson arrivals
 * at 2 requests/s, 1,024 input and 256 output tokens. Vidur takes about 180 s of event loop for
 * 100,000 requests of it on this machine class; 100,000 and 1,000,000 requests here, five runs each.
 */
import type { ScenarioInput } from "../src/scenario/schema.js";
import { timedRuns } from "./simulate.js";
import type { SuiteResult } from "./suite-result.js";

/** Vidur's event-loop seconds for 100,000 requests of this scenario on this machine class. */
export const vidurLoopSecondsPer100k = 180;

const vidurScenario = (requests: number): ScenarioInput => ({
  model: "llama-2-70b",
  datatypes: { weights: "bf16", activations: "bf16", kv: "bf16" },
  workload: {
    arrival: { kind: "poisson", ratePerSecond: 2 },
    input: { kind: "fixed", tokens: 1024 },
    output: { kind: "fixed", tokens: 256 },
    requests,
    seed: 1,
  },
  slo: { ttftSeconds: 2, tpotSeconds: 0.1 },
  designs: [
    {
      name: "a100-tp2-pp2",
      kind: "aggregated",
      pool: { chip: "nvidia-a100-sxm", count: 4, tp: 2, pp: 2 },
      scheduler: { maxSequences: 128, chunkTokens: 512 },
    },
  ],
});

export async function benchVidur(): Promise<SuiteResult[]> {
  const results: SuiteResult[] = [];
  for (const requests of [100_000, 1_000_000]) {
    const result = await timedRuns("vidur", `${requests.toLocaleString("en-US")} requests`, vidurScenario(requests), 5);
    const loop = result.loopSeconds as { median: number };
    const per100k = (loop.median * 100_000) / requests;
    const speedup = vidurLoopSecondsPer100k / per100k;
    console.log(
      `  event loop per 100,000 requests ${per100k.toFixed(3)} s; Vidur ${vidurLoopSecondsPer100k} s: ${Math.round(speedup).toLocaleString("en-US")}× faster`,
    );
    results.push({ ...result, loopSecondsPer100k: per100k, vidurLoopSecondsPer100k, speedupOverVidur: speedup });
  }
  return results;
}
