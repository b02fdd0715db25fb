// DEP (attention data-parallel + expert parallel, tp 1 × ep N): each attention group runs attention
// for its own sequences and holds their KV cache, with its own admission and sequence cap; the
// groups of a replica step together, each step as long as the slowest group's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate, simulateWithSetups } from "../src/api/simulate.js";
import type { ScenarioInput } from "../src/scenario/schema.js";
import { addDecode, emptyBatch } from "../src/engine/batch.js";
import { loadBlock } from "../src/engine/kernel.js";
import { referenceStep } from "../src/engine/reference.js";
import * as P from "#params";
import { attentionGroupsOf, kvBlocksPerGroup } from "../src/sim/run-pool.js";
import { configure } from "../src/engine/configure.js";
import { ffnMatrices } from "../src/model/spec.js";

// Mixtral on Wormholes, experts over 8 chips: one chip's KV cache holds fewer tokens than the model's
// context window, the eight chips' together many more
const pool = { chip: "tenstorrent-wormhole", count: 8, tp: 1, ep: 8 };
const datatypes = { weights: "fp8", kv: "bf16" };

function scenario(input: number, output: number, requests: number, scheduler: object = {}): ScenarioInput {
  return {
    model: "mixtral-8x7b",
    datatypes,
    workload: {
      arrival: { kind: "burst" },
      input: { kind: "fixed", tokens: input },
      output: { kind: "fixed", tokens: output },
      requests,
      seed: 1,
    },
    slo: { ttftSeconds: 1000, tpotSeconds: 100 },
    designs: [{ name: "dep", kind: "aggregated", pool, scheduler: { prefixCache: false, ...scheduler } }],
  };
}

describe("DEP: attention data-parallel with experts over every chip", () => {
  it("gives each chip of a replica its own scheduler and a chip's share of the KV cache", async () => {
    const { setups } = await simulateWithSetups(scenario(128, 8, 16));
    const setup = setups[0].pools[0];
    expect(attentionGroupsOf(setup)).toBe(8);
    const memory = setup.config.memory;
    const perToken = memory.kvBytesPerTokenPerChip + memory.slidingKvBytesPerTokenPerChip;
    // the blocks one group may hand out fit in one chip's KV memory
    expect(kvBlocksPerGroup(setup) * setup.scheduler.blockTokens * perToken).toBeLessThanOrEqual(memory.kvBytesPerChip);
  });

  it("rejects a request one chip cannot hold, though the replica's chips together could", async () => {
    const setup = (await simulateWithSetups(scenario(128, 8, 1))).setups[0].pools[0];
    const input = kvBlocksPerGroup(setup) * setup.scheduler.blockTokens + 256;
    expect(input + 16).toBeLessThan(setup.config.model.maxContextTokens);
    expect(input + 16).toBeLessThan(setup.config.memory.kvTokensPerReplica);
    const m = (await simulate(scenario(input, 16, 4))).results[0].metrics;
    expect(m.rejectedByReason.kvCapacity).toBe(4);
  });

  it("never admits more KV than a chip holds, whatever the load", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 64, max: 12_000 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 48 }),
        fc.record({
          maxSequences: fc.integer({ min: 1, max: 64 }),
          chunkTokens: fc.integer({ min: 256, max: 8192 }),
          admission: fc.constantFrom("optimistic", "reserve"),
          router: fc.constantFrom("round-robin", "least-outstanding-tokens", "least-kv"),
          blockTokens: fc.constantFrom(16, 64),
        }),
        async (input, output, requests, scheduler) => {
          const { result, setups } = await simulateWithSetups(scenario(input, output, requests, scheduler));
          const m = result.results[0].metrics;
          const setup = setups[0].pools[0];
          const memory = setup.config.memory;
          const perToken = memory.kvBytesPerTokenPerChip + memory.slidingKvBytesPerTokenPerChip;
          // the busiest chip's peak, in bytes of that chip's memory
          const peakBytes = m.kvUsage.peak * kvBlocksPerGroup(setup) * setup.scheduler.blockTokens * perToken;
          expect(peakBytes).toBeLessThanOrEqual(memory.kvBytesPerChip);
          expect(m.finished + m.rejected).toBe(m.arrived);
        },
      ),
      { numRuns: 25, seed: 16 },
    );
  });

  it("steps a replica's chips together: a lightly loaded chip waits for the busiest chip's attention", async () => {
    // three long prompts over two chips, round-robin: chip 0 decodes two sequences, chip 1 one
    const two = { chip: "nvidia-h100-sxm", count: 2, tp: 1, ep: 2 };
    const input = 16_000;
    const output = 64;
    const run = (requests: number) =>
      simulateWithSetups(
        {
          ...scenario(input, output, requests, { router: "round-robin" }),
          model: "gpt-oss-120b",
          datatypes: { weights: "fp4", kv: "bf16" },
          designs: [{ name: "dep", kind: "aggregated", pool: two, scheduler: { router: "round-robin" } }],
        },
        { perRequest: true },
      );
    const tpot = (q: { firstTokenSeconds: Float64Array; finishSeconds: Float64Array }, i: number) =>
      (q.finishSeconds[i] - q.firstTokenSeconds[i]) / (output - 1);
    const { result, setups } = await run(3);
    const q = result.results[0].requests!;
    expect([...q.replica]).toEqual([0, 1, 0]);
    const lone = tpot(q, 1);

    // the busiest chip's decode step, costed as the event loop costs it: its batch once per chip,
    // the experts over every chip's tokens
    const config = setups[0].pools[0].config;
    const busiest = addDecode(emptyBatch(), 2 * 2, input + output / 2, 0);
    const block = loadBlock(config.params);
    const attention = block.record({ ...busiest, expertTokens: 3 }).breakdown[
      P.OP_ATTENTION * P.OP_FIELDS + P.F_SECONDS
    ];
    block.free();
    expect(lone).toBeGreaterThanOrEqual(attention);

    // alone on its replica (one request per chip), the same sequence decodes faster
    const balanced = (await run(2)).result.results[0].requests!;
    expect(lone).toBeGreaterThan(tpot(balanced, 1));
  });

  it("runs TP1 MoE on one chip holding every expert, with no all-to-all", () => {
    const config = configure({ model: "gpt-oss-120b", chip: "nvidia-h200", datatypes: { weights: "fp4" } });
    const moe = config.model.moe!;
    const expertBytes =
      // fp4: half a byte per element
      (config.model.layers.length *
        moe.experts *
        ffnMatrices(config.model) *
        config.model.hidden *
        moe.expertIntermediate) /
      2;
    expect(config.memory.weightBytesPerChip).toBeGreaterThan(expertBytes);
    const result = referenceStep(config.params, addDecode(emptyBatch(), 256, 2000, 0));
    expect(result.breakdown[P.OP_EP_ALLTOALL * P.OP_FIELDS + P.F_SECONDS]).toBe(0);
    expect(result.breakdown[P.OP_EXPERTS * P.OP_FIELDS + P.F_SECONDS]).toBeGreaterThan(0);
  });

  it("by default loads the busiest expert chip as uniform routing would: 1 at ep 1, easing towards 1 as batches grow", () => {
    const expertFlops = (ep: number, moeImbalance: number | undefined, sequences: number) => {
      const config = configure({
        model: "deepseek-r1",
        chip: "nvidia-b200",
        count: Math.max(ep, 4),
        tp: ep === 1 ? 4 : 1,
        ep,
        datatypes: { weights: "nvfp4" },
        moeImbalance,
      });
      const result = referenceStep(config.params, addDecode(emptyBatch(), sequences, 1000, 0));
      return result.breakdown[P.OP_EXPERTS * P.OP_FIELDS + P.F_FLOPS];
    };
    for (const sequences of [1, 8, 64, 512, 4096])
      expect(expertFlops(1, undefined, sequences)).toBe(expertFlops(1, 1, sequences));
    let previous = Infinity;
    for (const sequences of [1, 8, 64, 512, 4096]) {
      const imbalance = expertFlops(4, undefined, sequences) / expertFlops(4, 1, sequences);
      expect(imbalance).toBeGreaterThanOrEqual(1);
      // no chip carries more than every token's experts (8 of DeepSeek's top-8 fit on a chip of 64)
      expect(imbalance).toBeLessThanOrEqual(4 + 1e-12);
      expect(imbalance).toBeLessThanOrEqual(previous);
      previous = imbalance;
    }
    // a given figure is used as it stands
    expect(expertFlops(4, 1.5, 64) / expertFlops(4, 1, 64)).toBeCloseTo(1.5, 12);
  });

  it("costs a group's experts over its replica's tokens alike in WASM and in the reference", () => {
    for (const [model, chip, count, weights] of [
      ["gpt-oss-120b", "nvidia-h100-sxm", 2, "fp4"],
      ["deepseek-r1", "nvidia-b200", 4, "nvfp4"],
      ["mixtral-8x7b", "tenstorrent-wormhole", 8, "fp8"],
    ] as const) {
      const config = configure({ model, chip, count, tp: 1, ep: count, datatypes: { weights } });
      const block = loadBlock(config.params);
      for (const own of [1, 7, 300]) {
        for (const experts of [own * count, own, own * count * 3]) {
          const batch = { ...addDecode(emptyBatch(), own * count, 2000, 0), expertTokens: experts };
          const wasm = block.record(batch);
          const reference = referenceStep(config.params, batch);
          expect(wasm.latencySeconds).toBeCloseTo(reference.latencySeconds, 12);
          const row = P.OP_EXPERTS * P.OP_FIELDS + P.F_SECONDS;
          expect(wasm.breakdown[row]).toBeCloseTo(reference.breakdown[row], 12);
        }
        // the experts' own tokens are the default
        const batch = addDecode(emptyBatch(), own * count, 2000, 0);
        expect(block.latency({ ...batch, expertTokens: own * count })).toBe(block.latency(batch));
      }
      block.free();
    }
  });
});
