// Physical invariants of 2D weight sharding and of decode attention over a long context.
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { uniformBatch } from "../src/api/step.js";
import { models, systems } from "../src/catalog/index.js";
import { configure } from "../src/engine/configure.js";
import type { HardwareChoice } from "../src/engine/layout.js";
import { loadBlock } from "../src/engine/kernel.js";
import { tryConfigure } from "./support/random-configs.js";

/** Bytes each chip sends over the TP links in one step, read from the kernel's breakdown. */
function tpLinkBytes(choice: HardwareChoice, phase: "prefill" | "decode", batch: number, context: number): number {
  const c = configure(choice);
  const block = loadBlock(c.params);
  const result = block.record(uniformBatch(phase, batch, context, c.model.slidingWindowTokens));
  block.free();
  return result.breakdown[P.OP_TP_ALLREDUCE * P.OP_FIELDS + P.F_NETWORK_BYTES];
}

const meshSystems = [...systems.values()].filter((s) => s.runtime?.sharding === "2d");
const denseModels = [...models.values()].map((m) => m.spec).filter((m) => !m.moe);

describe("2D weight sharding", () => {
  it("is offered by the Galaxy systems' runtime and chosen for Llama 70B over the whole mesh", () => {
    expect(meshSystems.map((s) => s.id)).toContain("tenstorrent-galaxy-wormhole");
    const c = configure({ model: "llama-3.1-70b", system: "tenstorrent-galaxy-wormhole", tp: 32 });
    expect(c.sharding).toEqual({ kind: "2d", rows: 4, cols: 8 });
    // one KV head per chip: the 8 heads split over the 8 columns, none replicated
    expect(c.params[P.P_KV_HEADS_PER_CHIP]).toBe(1);
  });

  it("never puts more bytes on the mesh links per step than 1D tensor parallelism on the same mesh", () => {
    let compared = 0;
    for (const system of meshSystems) {
      for (const model of denseModels) {
        for (const [tp, tpRows] of [
          [32, undefined],
          [16, undefined],
          [8, 2],
          [4, 2],
        ] as const) {
          const choice: HardwareChoice = {
            model: model.id,
            system: system.id,
            tp,
            tpRows,
            datatypes: { weights: "bfp8" },
          };
          const twoD = tryConfigure(choice);
          const oneD = tryConfigure({ ...choice, sharding: "1d" });
          if (!twoD || !oneD) continue;
          for (const [phase, batch, context] of [
            ["decode", 1, 128],
            ["decode", 32, 4096],
            ["prefill", 1, 2048],
          ] as const) {
            const bytes2d = tpLinkBytes(choice, phase, batch, context);
            const bytes1d = tpLinkBytes({ ...choice, sharding: "1d" }, phase, batch, context);
            expect(bytes2d, `${model.id} tp ${tp} on ${system.id}, ${phase}`).toBeLessThanOrEqual(
              bytes1d * (1 + 1e-12),
            );
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("keeps each chip's KV cache of a token smaller than 1D's replicated heads, and holds more tokens", () => {
    const choice = { model: "llama-3.1-70b", system: "tenstorrent-galaxy-wormhole", tp: 32 };
    const twoD = configure(choice);
    const oneD = configure({ ...choice, sharding: "1d" });
    expect(twoD.memory.kvBytesPerTokenPerChip).toBeLessThanOrEqual(oneD.memory.kvBytesPerTokenPerChip);
    expect(twoD.memory.kvTokensPerReplica).toBeGreaterThan(oneD.memory.kvTokensPerReplica);
  });

  it("rejects a sub-mesh shape that does not fit the mesh, naming tpRows", () => {
    expect(() =>
      configure({ model: "llama-3.1-70b", system: "tenstorrent-galaxy-wormhole", tp: 8, tpRows: 3 }),
    ).toThrow(/tpRows/);
  });
});

describe("decode attention over a long context", () => {
  const choices: HardwareChoice[] = [
    { model: "llama-3.1-70b", system: "tenstorrent-galaxy-wormhole", tp: 32, datatypes: { weights: "bfp8" } },
    { model: "llama-3.1-70b", system: "tenstorrent-galaxy-wormhole", tp: 32, sharding: "1d" },
    { model: "llama-3.1-8b", chip: "tenstorrent-wormhole", datatypes: { weights: "bfp8" } },
    { model: "llama-3.1-70b", chip: "nvidia-h100-sxm", tp: 8, datatypes: { weights: "fp8" } },
    { model: "deepseek-v3", chip: "nvidia-h200", tp: 8, datatypes: { weights: "fp8" } },
  ];

  it("never takes less time as the context grows, at any batch", () => {
    for (const choice of choices) {
      const c = tryConfigure(choice);
      if (!c) continue;
      const block = loadBlock(c.params);
      for (const batch of [1, 2, 3, 8, 32]) {
        let previous = 0;
        for (const context of [128, 1024, 4096, 16_384, 32_768, 65_536, 131_072]) {
          const result = block.record(uniformBatch("decode", batch, context, c.model.slidingWindowTokens));
          const attention = result.breakdown[P.OP_ATTENTION * P.OP_FIELDS + P.F_SECONDS];
          expect(attention, `${c.model.id} on ${c.chip.id}, batch ${batch}, ${context}`).toBeGreaterThanOrEqual(
            previous,
          );
          previous = attention;
        }
      }
      block.free();
    }
  });

  it("streams the KV cache no faster than its kernels' share of the tier's rate", () => {
    const c = configure(choices[0]);
    const block = loadBlock(c.params);
    const result = block.record(uniformBatch("decode", 1, 131_072, c.model.slidingWindowTokens));
    block.free();
    const row = P.OP_ATTENTION * P.OP_FIELDS;
    const kvBytes = result.breakdown[row + P.F_TIER_BYTES + c.memory.kvTier];
    const tier = c.chip.memory[c.memory.kvTier].bytesPerSecond.value;
    const share = c.chip.decodeAttention!.kvEfficiency.value * c.efficiency.memory;
    expect(result.breakdown[row + P.F_MEMORY_SECONDS]).toBeGreaterThanOrEqual(kvBytes / (tier * share) - 1e-12);
  });
});

describe("collectives hidden under a prefill's matmuls", () => {
  const choice: HardwareChoice = {
    model: "llama-3.1-70b",
    system: "tenstorrent-galaxy-wormhole",
    tp: 32,
    datatypes: { weights: "bfp8" },
  };
  const row = (op: number, field: number) => op * P.OP_FIELDS + field;

  it("hide no more than the matmuls take, and never cost more than exposed ones", () => {
    const runtime = systems.get(choice.system!)!.runtime!;
    expect(runtime.prefillCollectiveOverlap?.value).toBeGreaterThan(0);
    const stepOf = () => {
      const c = configure(choice);
      const block = loadBlock(c.params);
      const result = block.record(uniformBatch("prefill", 1, 4096, c.model.slidingWindowTokens));
      block.free();
      return result.breakdown;
    };
    const hidden = stepOf();
    const saved = runtime.prefillCollectiveOverlap;
    runtime.prefillCollectiveOverlap = undefined;
    let exposed: Float64Array;
    try {
      exposed = stepOf();
    } finally {
      runtime.prefillCollectiveOverlap = saved;
    }
    const collective = (b: ArrayLike<number>) => b[row(P.OP_TP_ALLREDUCE, P.F_SECONDS)];
    const matmuls = [P.OP_QKV, P.OP_OUT_PROJ, P.OP_FFN].reduce((s, op) => s + hidden[row(op, P.F_SECONDS)], 0);
    expect(collective(hidden)).toBeLessThan(collective(exposed));
    expect(collective(hidden)).toBeGreaterThanOrEqual(collective(exposed) - matmuls - 1e-12);
    // the same bytes cross the links either way
    expect(hidden[row(P.OP_TP_ALLREDUCE, P.F_NETWORK_BYTES)]).toBe(exposed[row(P.OP_TP_ALLREDUCE, P.F_NETWORK_BYTES)]);
  });
});
