// The kernel skips the GEMM tile search where a bound on the compute time already falls below an
// operator's memory time (assembly/step.ts, gemmPairSeconds; the bound is gemmBoundSeconds in
// assembly/gemm.ts). A recorded step always takes the exact search, so the two must agree to the
// last bit on latency, interval and FLOPs, over random configurations and mixed batches whose
// GEMMs are memory-bound, compute-bound and in between.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { kernel, loadBlock } from "../src/engine/kernel.js";
import type { BatchAggregates } from "../src/engine/batch.js";
import { arbitraryBatch, arbitraryChoice, tryConfigure } from "./support/random-configs.js";

const gemmOperators = [P.OP_QKV, P.OP_OUT_PROJ, P.OP_FFN, P.OP_ROUTER, P.OP_EXPERTS, P.OP_LM_HEAD];

/** Splits a batch as pipeline micro-batches and DEP groups see it: fractional token counts. */
const scaled = (b: BatchAggregates, divisor: number, expertTokens: number | null): BatchAggregates => ({
  prefillTokens: b.prefillTokens / divisor,
  prefillSequences: b.prefillSequences / divisor,
  prefillPairs: b.prefillPairs / divisor,
  prefillPairsWindowed: b.prefillPairsWindowed / divisor,
  prefillContextTokens: b.prefillContextTokens / divisor,
  prefillContextTokensWindowed: b.prefillContextTokensWindowed / divisor,
  decodeSequences: b.decodeSequences / divisor,
  decodeContextTokens: b.decodeContextTokens / divisor,
  decodeContextTokensWindowed: b.decodeContextTokensWindowed / divisor,
  ...(expertTokens === null ? {} : { expertTokens }),
});

describe("GEMM shortcuts", () => {
  it("change no bit of a step against the exact tile search", () => {
    let steps = 0;
    // GEMM operators of recorded steps whose exact compute time fell below their memory time: the
    // ones a shortcut settles
    let memoryBound = 0;
    let computeBound = 0;
    fc.assert(
      fc.property(arbitraryChoice, fc.context(), (choice, ctx) => {
        const config = tryConfigure(choice);
        if (!config) return;
        const block = loadBlock(config.params);
        try {
          const batches = fc
            .tuple(
              arbitraryBatch(config.model.slidingWindowTokens),
              fc.constantFrom(1, 2, 3, 8),
              fc.option(fc.nat(8192)),
            )
            .map(([b, divisor, experts]) => scaled(b, divisor, experts));
          for (const b of fc.sample(batches, { numRuns: 8, seed: steps })) {
            ctx.log(JSON.stringify({ choice, b }));
            const latencySeconds = block.latency(b);
            const flopSeconds = kernel.lastStepFlopSeconds(block.offset);
            const intervalSeconds = new Float64Array(kernel.memory.buffer, block.offset, P.BLOCK_SLOTS)[P.R_INTERVAL];
            const recorded = block.record(b);
            expect({ latencySeconds, intervalSeconds, flopSeconds }).toStrictEqual({
              latencySeconds: recorded.latencySeconds,
              intervalSeconds: recorded.intervalSeconds,
              flopSeconds: kernel.lastStepFlopSeconds(block.offset),
            });
            for (const op of gemmOperators) {
              const compute = recorded.breakdown[op * P.OP_FIELDS + P.F_COMPUTE_SECONDS];
              const memory = recorded.breakdown[op * P.OP_FIELDS + P.F_MEMORY_SECONDS];
              if (compute > 0 && compute < memory) memoryBound++;
              else if (compute > memory) computeBound++;
            }
            steps++;
          }
        } finally {
          block.free();
        }
      }),
      { numRuns: 400, seed: 20261207 },
    );
    expect(steps).toBeGreaterThan(1500);
    expect(memoryBound).toBeGreaterThan(1000);
    expect(computeBound).toBeGreaterThan(1000);
  });
});
