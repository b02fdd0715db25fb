// Seeded generators of feasible configurations and batches for property-based tests.
import fc from "fast-check";
import { chips, models } from "../../src/catalog/index.js";
import { configure, type Configuration } from "../../src/engine/configure.js";
import { loadBlock, type StepBlock } from "../../src/engine/kernel.js";
import type { HardwareChoice } from "../../src/engine/layout.js";
import type { BatchAggregates } from "../../src/engine/batch.js";
import { addDecode, addPrefillChunk, emptyBatch } from "../../src/engine/batch.js";

const divisors = (n: number) => [...Array(n).keys()].map((i) => i + 1).filter((d) => n % d === 0);
const weightTypes = ["bf16", "fp8", "fp4", "int4", "bfp8"];

/** A hardware choice drawn from the catalogs; may be infeasible (the caller filters). */
export const arbitraryChoice: fc.Arbitrary<HardwareChoice> = fc
  .record({
    model: fc.constantFrom(...models.keys()),
    chip: fc.constantFrom(...chips.keys()),
    tpIndex: fc.nat(),
    pp: fc.constantFrom(1, 1, 2, 3, 4, 8),
    epIndex: fc.nat(),
    weights: fc.constantFrom(...weightTypes),
    kv: fc.constantFrom("bf16", "fp8"),
  })
  .map(({ model, chip, tpIndex, pp, epIndex, weights, kv }) => {
    const spec = models.get(model)!.spec;
    const tps = divisors(spec.heads).filter((d) => d <= 64);
    const eps = spec.moe ? divisors(spec.moe.experts).filter((d) => d <= 64) : [1];
    return {
      model,
      chip,
      tp: tps[tpIndex % tps.length],
      pp,
      ep: eps[epIndex % eps.length],
      datatypes: { weights, activations: "bf16", kv },
    };
  });

/** Configures a choice, or returns undefined when the layout is infeasible. */
export function tryConfigure(choice: HardwareChoice): Configuration | undefined {
  try {
    return configure(choice);
  } catch {
    return undefined;
  }
}

/**
 * Runs `body` on a kernel block loaded with the choice's configuration and frees the block after;
 * does nothing for an infeasible choice (and returns whether it ran).
 */
export function withBlock(choice: HardwareChoice, body: (config: Configuration, block: StepBlock) => void): boolean {
  const config = tryConfigure(choice);
  if (!config) return false;
  const block = loadBlock(config.params);
  try {
    body(config, block);
  } finally {
    block.free();
  }
  return true;
}

/** A mixed batch: some prefill chunks and some decode sequences, with windowed sums. */
export const arbitraryBatch = (window: number): fc.Arbitrary<BatchAggregates> =>
  fc
    .record({
      chunks: fc.array(fc.record({ prior: fc.nat(16_000), chunk: fc.integer({ min: 1, max: 4096 }) }), {
        maxLength: 4,
      }),
      decode: fc.array(
        fc.record({ sequences: fc.integer({ min: 1, max: 64 }), context: fc.integer({ min: 1, max: 32_000 }) }),
        { maxLength: 4 },
      ),
    })
    .map(({ chunks, decode }) => {
      const out = emptyBatch();
      for (const c of chunks) addPrefillChunk(out, c.prior, c.chunk, window);
      for (const d of decode) addDecode(out, d.sequences, d.context, window);
      return out;
    });
