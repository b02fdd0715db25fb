// The kernel skips the GEMM tile search where a bound on the compute time already falls below an
// operator's memory time (assembly/step.ts, gemmPairSeconds; the bound is gemmBoundSeconds in
// assembly/gemm.ts). A recorded step always takes the exact search, so the two must agree to the
// last bit on latency, interval and FLOPs, over random configurations and mixed batches whose
// GEMMs are memory-bound, compute-bound and in between.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { kernel, loadBlock } from "../src/engine/kernel.js";
import { addDecode, addPrefillChunk, emptyBatch, type BatchAggregates } from "../src/engine/batch.js";
import { referenceStep } from "../src/engine/reference.js";
import { arbitraryBatch, arbitraryChoice, tryConfigure, withBlock } from "./support/random-configs.js";

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
        withBlock(choice, (config, block) => {
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
        });
      }),
      { numRuns: 400, seed: 20261207 },
    );
    expect(steps).toBeGreaterThan(1500);
    expect(memoryBound).toBeGreaterThan(1000);
    expect(computeBound).toBeGreaterThan(1000);
  });
});

describe("GEMM memo", () => {
  it("shares an entry across the M of one unit of tile rows, and each M gets the exact time", () => {
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    // chips whose smallest tile has 16, 32, 64 and 1 rows
    const choices = [
      { model: "llama-3.1-70b", chip: "nvidia-h100-sxm", tp: 8 },
      { model: "llama-3.1-8b", chip: "amd-mi300x", tp: 1 },
      { model: "llama-3.1-70b", chip: "intel-gaudi3", tp: 8 },
      { model: "llama-3.1-8b", chip: "aws-trainium2", tp: 4 },
      { model: "deepseek-v3", chip: "nvidia-h100-sxm", tp: 8, ep: 8 },
    ];
    let compared = 0;
    for (const choice of choices) {
      const config = tryConfigure(choice)!;
      expect(config, choice.chip).toBeDefined();
      const block = loadBlock(config.params);
      try {
        // prompt chunks of every length from 448 to 576 tokens beside 0–40 decodes: runs of M
        // that round to the same tile counts, visited up and down so entries are found as well as filled
        for (const direction of [1, -1]) {
          for (let i = 0; i <= 128; i++) {
            const chunk = direction > 0 ? 448 + i : 576 - i;
            const b = addDecode(addPrefillChunk(emptyBatch(), 1000, chunk, 0), i % 41, 2000, 0);
            expect(
              close(block.latency(b), referenceStep(config.params, b).latencySeconds),
              `${choice.chip} M ${chunk}`,
            ).toBe(true);
            compared++;
          }
        }
      } finally {
        block.free();
      }
    }
    expect(compared).toBe(choices.length * 2 * 129);
  });
});
