// Physical invariants of the step-cost model, checked over random configurations and batches.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { capacity, estimateStep, uniformBatch } from "../src/api/step.js";
import { chips, models } from "../src/catalog/index.js";
import { configure } from "../src/engine/configure.js";
import { loadBlock } from "../src/engine/kernel.js";
import { arbitraryBatch, arbitraryChoice, tryConfigure } from "./support/random-configs.js";

const feasibleChoices = fc
  .sample(arbitraryChoice, { numRuns: 3000, seed: 7 })
  .map((choice) => ({ choice, config: tryConfigure(choice) }))
  .filter((c) => c.config !== undefined)
  .slice(0, 300);

describe("step-cost physics", () => {
  it("finds enough feasible configurations to test", () => {
    expect(feasibleChoices.length).toBeGreaterThanOrEqual(200);
  });

  it("decode never beats streaming each chip's weights at the peak bandwidth of their tier", () => {
    for (const { config } of feasibleChoices.filter((c) => c.config!.layout.pp === 1)) {
      const c = config!;
      const block = loadBlock(c.params);
      const seconds = block.latency(uniformBatch("decode", 1, 128, c.model.slidingWindowTokens));
      block.free();
      const peak = c.chip.memory[c.memory.weightTier].bytesPerSecond.value;
      // embedding rows are gathered, not streamed: only the layers and the LM head must be read
      const embedding = Math.ceil(c.model.vocab / c.layout.tp) * c.model.hidden * c.datatypes.weights.bytesPerElement;
      const streamed = c.memory.weightBytesPerChip - (c.model.tiedEmbeddings ? 0 : embedding);
      // MoE models stream only the experts a batch of one touches
      if (c.model.moe) continue;
      expect(seconds).toBeGreaterThanOrEqual(streamed / peak);
    }
  });

  // Fixed per-step and per-operator overheads (≈0.3–0.5 ms on GPUs) dominate when streaming the weights
  // takes less than that, as on real hardware; the 2× claim is about weight-bound steps (≥ 2 ms).
  it("decode at batch 1 with a short context is within 2x of the weight-streaming bound on HBM/GDDR chips at tp 1", () => {
    let checked = 0;
    for (const chipId of chips.keys()) {
      const chip = chips.get(chipId)!;
      if (chip.memory[0].role !== "working" || chip.memory[0].technology === "sram") continue;
      for (const model of ["llama-3.1-8b", "llama-3.1-70b", "qwen2.5-72b"]) {
        for (const weights of ["bf16", "fp8"]) {
          let estimate: ReturnType<typeof estimateStep>;
          try {
            estimate = estimateStep({
              model,
              chip: chipId,
              phase: "decode",
              batch: 1,
              context: 128,
              datatypes: { weights },
            });
          } catch {
            continue; // does not fit on one chip
          }
          const bound = estimate.capacity.weightBytesPerChip / chip.memory[0].bytesPerSecond.value;
          if (bound < 2e-3) continue;
          expect(estimate.stepSeconds, `${model} ${weights} on ${chipId}`).toBeGreaterThanOrEqual(bound * 0.9);
          expect(estimate.stepSeconds, `${model} ${weights} on ${chipId}`).toBeLessThanOrEqual(2 * bound);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("prefill is never faster than its FLOPs at peak compute", () => {
    for (const { config } of feasibleChoices) {
      const c = config!;
      const block = loadBlock(c.params);
      for (const prompt of [16, 512, 4096]) {
        const result = block.record(uniformBatch("prefill", 2, prompt, c.model.slidingWindowTokens));
        let flops = 0;
        for (let op = 0; op < P.OPS; op++) flops += result.breakdown[op * P.OP_FIELDS + P.F_FLOPS];
        expect(result.latencySeconds).toBeGreaterThanOrEqual(flops / c.compute.flopsPerSecond);
      }
      block.free();
    }
  });

  it("prefill time grows with prompt length, decode time with context and batch", () => {
    for (const { config } of feasibleChoices.slice(0, 100)) {
      const c = config!;
      const w = c.model.slidingWindowTokens;
      const block = loadBlock(c.params);
      const prefill = [64, 256, 1024, 4096].map((n) => block.latency(uniformBatch("prefill", 1, n, w)));
      const decodeContext = [128, 1024, 8192].map((n) => block.latency(uniformBatch("decode", 8, n, w)));
      const decodeBatch = [1, 8, 64].map((n) => block.latency(uniformBatch("decode", n, 1024, w)));
      block.free();
      for (const series of [prefill, decodeContext, decodeBatch]) {
        for (let i = 1; i < series.length; i++) expect(series[i]).toBeGreaterThanOrEqual(series[i - 1]);
      }
    }
  });

  it("time never falls when memory bandwidth, compute or link bandwidth falls", () => {
    const slots = [
      ...[0, 1, 2].map((i) => P.P_TIER_BW + i),
      P.P_PEAK_FLOPS,
      P.P_COMPUTE_EFF,
      P.P_MEM_EFF,
      P.P_TP_BW,
      P.P_EP_BW,
      P.P_PP_BW_UP,
      P.P_PP_BW_OUT,
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...feasibleChoices),
        arbitraryBatch(0),
        fc.constantFrom(...slots),
        fc.double({ min: 0.05, max: 0.99, noNaN: true }),
        ({ config }, batch, slot, factor) => {
          const c = config!;
          if (!(c.params[slot] > 0)) return;
          const slower = c.params.slice();
          slower[slot] *= factor;
          const a = loadBlock(c.params);
          const b = loadBlock(slower);
          const before = a.record(batch);
          const after = b.record(batch);
          a.free();
          b.free();
          expect(after.latencySeconds).toBeGreaterThanOrEqual(before.latencySeconds);
          expect(after.intervalSeconds).toBeGreaterThanOrEqual(before.intervalSeconds);
        },
      ),
      { numRuns: 2000, seed: 11 },
    );
  });

  it("MoE decode at batch 1 reads only the active experts", () => {
    for (const id of ["mixtral-8x7b", "deepseek-v3", "gpt-oss-120b"]) {
      const spec = models.get(id)!.spec;
      const moe = spec.moe!;
      const tp = 8;
      const c = configure({
        model: id,
        system: "nvidia-gb200-nvl72",
        tp,
        datatypes: { weights: "fp8", activations: "bf16" },
      });
      const block = loadBlock(c.params);
      const result = block.record(uniformBatch("decode", 1, 256, spec.slidingWindowTokens));
      block.free();
      const expertFfn = Math.ceil(moe.expertIntermediate / tp);
      const expertWeightBytes = 3 * spec.hidden * expertFfn * 1;
      const routedActivationBytes = (2 * spec.hidden + 3 * expertFfn) * 2;
      const moeLayers = spec.layers.filter((l) => l.moe).length;
      const read = result.breakdown[P.OP_EXPERTS * P.OP_FIELDS + P.F_TIER_BYTES + c.memory.weightTier];
      const k = moe.expertsPerToken;
      expect(read).toBeCloseTo(moeLayers * k * (expertWeightBytes + routedActivationBytes), -3);
      expect(read).toBeLessThan((moeLayers * moe.experts * expertWeightBytes * (k + 1)) / moe.experts);
    }
  });

  it("the MLA KV cache per token of DeepSeek-V3 is (kv_lora_rank + rope dim) × layers × bytes", () => {
    for (const kv of ["bf16", "fp8"]) {
      const report = capacity({
        model: "deepseek-v3",
        system: "nvidia-gb200-nvl72",
        tp: 8,
        ep: 8,
        datatypes: { weights: "fp8", kv },
      });
      const bytes = kv === "bf16" ? 2 : 1;
      expect(report.kvBytesPerToken).toBe((512 + 64) * 61 * bytes);
      // the latent is shared by all heads, so every TP rank of an attention group holds it whole
      expect(report.kvBytesPerTokenPerChip).toBe((512 + 64) * 61 * bytes);
    }
  });

  it("activations stream from a faster tier only where it holds them, and leave the KV cache their room", () => {
    const choice = {
      model: "llama-3.1-8b",
      chip: "tenstorrent-blackhole-p150",
      tp: 1,
      datatypes: { weights: "bfp8", kv: "bfp8" },
    };
    const small = capacity({ ...choice, maxBatchTokens: 256 });
    const large = capacity({ ...choice, maxBatchTokens: 16384 });
    expect([small.weightTier, small.activationTier]).toEqual(["GDDR6", "SRAM (Tensix L1)"]);
    expect(large.activationTier).toBe("GDDR6"); // 16k tokens of activations do not fit the L1
    // activations in L1 take nothing from the GDDR6 that the KV cache shares with the weights
    expect(small.kvBytesPerChip).toBeCloseTo(small.usableBytesPerChip - small.weightBytesPerChip, 0);
    expect(large.kvBytesPerChip).toBeCloseTo(
      large.usableBytesPerChip - large.weightBytesPerChip - large.activationBytesPerChip,
      0,
    );
    // and their traffic is charged to the L1, so the same decode step is faster than from GDDR6
    const step = (maxBatchTokens: number) =>
      estimateStep({ ...choice, maxBatchTokens, phase: "decode", batch: 32, context: 512 });
    const qkv = step(256).operators.find((o) => o.operator === "qkv")!;
    expect(qkv.bytes["SRAM (Tensix L1)"]).toBeGreaterThan(0);
    expect(step(256).stepSeconds).toBeLessThan(step(16384).stepSeconds);
    // a single-tier chip keeps everything in its HBM
    const gpu = capacity({ model: "llama-3.1-8b", chip: "nvidia-h200", tp: 1, maxBatchTokens: 256 });
    expect([gpu.weightTier, gpu.activationTier]).toEqual(["HBM3e", "HBM3e"]);
  });

  it("a step with prefill pays the prefill dispatch overhead on every operator, a decode step does not", () => {
    const blackhole = chips.get("tenstorrent-blackhole-p150")!;
    const perOp = blackhole.overheads.operatorSeconds.value;
    const prefillPerOp = blackhole.overheads.prefillOperatorSeconds!.value;
    expect(prefillPerOp).toBeGreaterThan(0);
    const norms = (phase: "prefill" | "decode") =>
      estimateStep({
        model: "llama-3.1-8b",
        chip: "tenstorrent-blackhole-p150",
        tp: 1,
        datatypes: { weights: "bfp8", kv: "bfp8" },
        phase,
        batch: 1,
        context: 16,
        maxBatchTokens: 256,
      }).operators.find((o) => o.operator === "norms")!.seconds;
    const layers = models.get("llama-3.1-8b")!.spec.layers.length;
    expect(norms("prefill")).toBeGreaterThanOrEqual(layers * (perOp + prefillPerOp));
    expect(norms("decode")).toBeLessThan(layers * prefillPerOp);
  });

  it("per-operator dispatch is part of each operator's time, and steps with a prompt carry the prefill dispatch", () => {
    const blackhole = chips.get("tenstorrent-blackhole-p150")!;
    const step = (phase: "prefill" | "decode") =>
      estimateStep({
        model: "llama-3.1-8b",
        chip: "tenstorrent-blackhole-p150",
        tp: 1,
        datatypes: { weights: "bfp8", kv: "bfp8" },
        phase,
        batch: 1,
        context: 128,
        maxBatchTokens: 256,
      });
    const dispatch = (e: ReturnType<typeof step>) => e.operators.reduce((s, o) => s + o.dispatchSeconds, 0);
    for (const e of [step("prefill"), step("decode")]) {
      for (const o of e.operators) expect(o.dispatchSeconds).toBeLessThanOrEqual(o.seconds + 1e-15);
    }
    // the same operators, each charged the prefill dispatch on top of its own
    const perOp = blackhole.overheads.operatorSeconds.value;
    const prefillPerOp = blackhole.overheads.prefillOperatorSeconds!.value;
    expect(dispatch(step("prefill")) / dispatch(step("decode"))).toBeCloseTo((perOp + prefillPerOp) / perOp, 6);
  });

  it("sliding-window layers cap the KV cache read in decode at the window", () => {
    const c = configure({ model: "gpt-oss-120b", chip: "nvidia-h200", tp: 1, datatypes: { weights: "fp4" } });
    const block = loadBlock(c.params);
    const kvRead = (context: number) => {
      const r = block.record(uniformBatch("decode", 1, context, c.model.slidingWindowTokens));
      return r.breakdown[P.OP_ATTENTION * P.OP_FIELDS + P.F_TIER_BYTES + c.memory.kvTier];
    };
    const grow = kvRead(20_000) - kvRead(10_000);
    block.free();
    const full = c.model.layers.filter((l) => !l.sliding).length;
    expect(grow).toBeCloseTo(10_000 * full * 2 * c.model.kvHeads * c.model.headDim * 2, 0);
  });
});
