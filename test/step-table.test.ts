// The step table (assembly/step-table.ts: parts kept per block and step sizes, finished for each
// step's sums) gives what the full kernel gives, to the last bit, and what the TypeScript reference
// gives to 1e-9, on thousands of random configurations and batches: decode steps across the
// contexts where an attention operator's bound switches, mixed steps whose chunks sit at other
// points of their prompts, through evictions of its table and repacks of a block.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { kernel, loadBlock, type StepBlock } from "../src/engine/kernel.js";
import { referenceStep } from "../src/engine/reference.js";
import { addDecode, addPrefillChunk, emptyBatch, type BatchAggregates } from "../src/engine/batch.js";
import { arbitraryBatch, arbitraryChoice, tryConfigure, withBlock } from "./support/random-configs.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-300);

const blockView = (block: StepBlock) => new Float64Array(kernel.memory.buffer, block.offset, P.BLOCK_SLOTS);

interface Step {
  latencySeconds: number;
  intervalSeconds: number;
  flopSeconds: number;
}

/** A step's latency as a path returned it, with the interval and FLOPs it left in the kernel. */
const observed = (block: StepBlock, latencySeconds: number): Step => ({
  latencySeconds,
  intervalSeconds: blockView(block)[P.R_INTERVAL],
  flopSeconds: kernel.lastStepFlopSeconds(block.offset),
});

/** A decode step through the decode table. */
const fast = (block: StepBlock, b: BatchAggregates): Step =>
  observed(
    block,
    kernel.evaluateDecodeStep(
      block.offset,
      b.decodeSequences,
      b.decodeContextTokens,
      b.decodeContextTokensWindowed,
      b.expertTokens ?? -1,
    ),
  );

/** Any step through the full kernel. */
const full = (block: StepBlock, b: BatchAggregates): Step => observed(block, block.latency(b));

/** A step of any kind through the kept parts of its sizes. */
const kept = (block: StepBlock, b: BatchAggregates): Step =>
  observed(
    block,
    kernel.evaluateKeptStep(
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
      b.expertTokens ?? -1,
    ),
  );

/** Which bound the attention products of a recorded full step sit at (summed over layer kinds). */
function attentionBound(block: StepBlock, b: BatchAggregates): "compute" | "memory" | "none" {
  const row = block.record(b).breakdown.subarray(P.OP_ATTENTION * P.OP_FIELDS);
  const [compute, memory] = [row[P.F_COMPUTE_SECONDS], row[P.F_MEMORY_SECONDS]];
  if (compute === 0 && memory === 0) return "none";
  return compute > memory ? "compute" : "memory";
}

/** A decode-only batch from the shared generator's, split as a pipeline's micro-batches are and with the routed experts' tokens of a DEP group where given. */
const decodeOnly = (b: BatchAggregates, microBatches: number, expertTokens: number | null): BatchAggregates => ({
  ...emptyBatch(),
  decodeSequences: b.decodeSequences / microBatches,
  decodeContextTokens: b.decodeContextTokens / microBatches,
  decodeContextTokensWindowed: b.decodeContextTokensWindowed / microBatches,
  ...(expertTokens === null ? {} : { expertTokens }),
});

const arbitraryDecode = (window: number) =>
  fc
    .tuple(arbitraryBatch(window), fc.constantFrom(1, 1, 2, 3, 4), fc.option(fc.nat(4096), { freq: 4 }))
    .map(([b, m, experts]) => decodeOnly(b, m, experts));

/** Asserts a table path (the decode one by default) equals the full kernel bit for bit and the reference to 1e-9. */
function expectAgreement(block: StepBlock, params: Float64Array, b: BatchAggregates, path = fast): void {
  const step = path(block, b);
  const evaluated = full(block, b);
  expect(step).toStrictEqual(evaluated);
  const reference = referenceStep(params, b);
  expect(close(step.latencySeconds, reference.latencySeconds), "latency").toBe(true);
  expect(close(step.intervalSeconds, reference.intervalSeconds), "interval").toBe(true);
  // the step's FLOPs (what power follows) are its operators' FLOPs
  let flops = 0;
  for (let op = 0; op < P.OPS; op++) flops += reference.breakdown[op * P.OP_FIELDS + P.F_FLOPS];
  expect(close(step.flopSeconds, flops / (params[P.P_PEAK_FLOPS] * params[P.P_COMPUTE_EFF])), "FLOPs").toBe(true);
}

/** A mixed batch: chunks of the given sizes at the given points of their prompts, and decode sequences. */
function mixedBatch(chunks: { prior: number; chunk: number }[], decodes: number, context: number, window: number) {
  const b = emptyBatch();
  for (const { prior, chunk } of chunks) addPrefillChunk(b, prior, chunk, window);
  return addDecode(b, decodes, context, window);
}

describe("step table", () => {
  it("agrees with the full kernel and the reference on random configurations and decode batches", () => {
    let compared = 0;
    let switches = 0;
    fc.assert(
      fc.property(arbitraryChoice, fc.context(), (choice, ctx) => {
        withBlock(choice, (config, block) => {
          const window = config.model.slidingWindowTokens;
          for (const b of fc.sample(arbitraryDecode(window), { numRuns: 6, seed: compared })) {
            ctx.log(JSON.stringify({ choice, b }));
            expectAgreement(block, config.params, b);
            compared++;
            if (b.decodeSequences === 0) continue;
            // the same batch size at growing context: one kept entry, finished for each context,
            // through the contexts where attention turns from one bound to the other
            const bounds = new Set<string>();
            for (let context = 1; context <= 1 << 20; context *= 4) {
              const grown = {
                ...b,
                decodeContextTokens: b.decodeSequences * context,
                decodeContextTokensWindowed: b.decodeSequences * (window > 0 ? Math.min(context, window) : context),
              };
              expectAgreement(block, config.params, grown);
              bounds.add(attentionBound(block, grown));
              compared++;
            }
            if (bounds.has("compute") && bounds.has("memory")) switches++;
            // the same batch size with the routed experts seeing other tokens (a DEP group's replica)
            expectAgreement(block, config.params, {
              ...b,
              expertTokens: (b.expertTokens ?? b.decodeSequences) * 3 + 1,
            });
          }
        });
      }),
      { numRuns: 600, seed: 20261207 },
    );
    // the generator must reach feasible configurations, and steps whose attention changes bound
    expect(compared).toBeGreaterThan(5000);
    expect(switches).toBeGreaterThan(50);
  });

  it("keeps a mixed step's sizes and writes in its prefill sums: chunks at other points of their prompts", () => {
    let compared = 0;
    let refilled = 0;
    fc.assert(
      fc.property(
        arbitraryChoice,
        fc.array(fc.record({ prior: fc.nat(16_000), chunk: fc.integer({ min: 1, max: 4096 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(64),
        fc.integer({ min: 1, max: 32_000 }),
        fc.option(fc.nat(8192), { freq: 4 }),
        fc.context(),
        (choice, chunks, decodes, context, experts, ctx) => {
          withBlock(choice, (config, block) => {
            const window = config.model.slidingWindowTokens;
            // the same sizes (chunk lengths, sequences, expert tokens) at prompts 0, 1, 7, ... tokens further on:
            // the first fills the entry, the rest find it and write their own pairs and context into it
            for (const shift of [0, 1, 7, 1000, 0, 50_000]) {
              const moved = chunks.map(({ prior, chunk }) => ({ prior: prior + shift, chunk }));
              const b = mixedBatch(moved, decodes, context + shift, window);
              if (experts !== null) b.expertTokens = experts;
              ctx.log(JSON.stringify({ choice, b }));
              expectAgreement(block, config.params, b, kept);
              compared++;
            }
            // a decode step through the same path
            expectAgreement(block, config.params, mixedBatch([], decodes + 1, context, window), kept);
            refilled++;
          });
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
    expect(compared).toBeGreaterThan(1000);
    expect(refilled).toBeGreaterThan(150);
  });

  it("keeps a feed-forward half's decode step whole, as the full kernel gives it at any context", () => {
    let compared = 0;
    fc.assert(
      fc.property(arbitraryChoice, fc.context(), (choice, ctx) => {
        withBlock({ ...choice, part: "ffn" }, (config, block) => {
          const window = config.model.slidingWindowTokens;
          for (const b of fc.sample(arbitraryDecode(window), { numRuns: 4, seed: compared })) {
            // the same sizes at other contexts: the first fills the entry, the rest read it back
            for (const scale of [1, 3, 1, 1000]) {
              const grown = {
                ...b,
                decodeContextTokens: b.decodeContextTokens * scale,
                decodeContextTokensWindowed: b.decodeContextTokensWindowed * scale,
              };
              ctx.log(JSON.stringify({ choice, grown }));
              // the first through the path for any step, which must keep the finished step as well
              expectAgreement(block, config.params, grown, scale === 1 ? kept : fast);
              compared++;
            }
          }
        });
      }),
      { numRuns: 200, seed: 20261207 },
    );
    expect(compared).toBeGreaterThan(400);
  });

  it("keeps agreeing when its table evicts entries and blocks take turns", () => {
    const blocks = ["llama-3.1-70b", "deepseek-v3", "gpt-oss-120b"].map((model) => {
      const config = tryConfigure({ model, chip: "nvidia-h100-sxm", tp: 8, ep: model === "deepseek-v3" ? 8 : 1 })!;
      return { config, block: loadBlock(config.params) };
    });
    try {
      // more (block, batch size) keys than the table has entries, visited in an interleaved order:
      // whole batches, then the halves two pipeline micro-batches see, then whole batches again
      for (const microBatches of [1, 2, 1]) {
        for (let sequences = 1; sequences <= 800; sequences++) {
          for (const { config, block } of blocks) {
            const context = 100 + ((sequences * 7919 + microBatches * 104729) % 30_000);
            const window = config.model.slidingWindowTokens;
            const b = addDecode(emptyBatch(), sequences / microBatches, context, window);
            expect(fast(block, b)).toStrictEqual(full(block, b));
            // a chunk beside the decodes, its entry competing with theirs
            const mixed = addPrefillChunk({ ...b }, context, 1 + (sequences % 512), window);
            expect(kept(block, mixed)).toStrictEqual(full(block, mixed));
          }
        }
      }
    } finally {
      for (const { block } of blocks) block.free();
    }
  });

  it("forgets what it kept for a block when the block is prepared again with other parameters", () => {
    const first = tryConfigure({ model: "llama-3.1-70b", chip: "nvidia-h100-sxm", tp: 8 })!;
    const second = tryConfigure({ model: "llama-3.1-8b", chip: "nvidia-a100-sxm", tp: 2 })!;
    const block = loadBlock(first.params);
    try {
      const b = addDecode(emptyBatch(), 32, 2000, 0);
      const before = fast(block, b);
      new Float64Array(kernel.memory.buffer, block.offset, P.PARAM_SLOTS).set(second.params);
      kernel.prepareBlock(block.offset);
      const after = fast(block, b);
      expect(after).toStrictEqual(full(block, b));
      expect(after.latencySeconds).not.toBe(before.latencySeconds);
      expect(close(after.latencySeconds, referenceStep(second.params, b).latencySeconds)).toBe(true);
    } finally {
      block.free();
    }
  });
});
