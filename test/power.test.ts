// Power: a pool draws between idle and max with its busy share, plus its systems' overhead, and a
// step draws what its arithmetic asks of the chip.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { chip, system } from "../src/catalog/index.js";
import { energyAndCost } from "../src/metrics/energy.js";
import { stepPowerShare } from "../src/metrics/power.js";
import { estimateStep } from "../src/api/step.js";
import { simulate } from "../src/api/simulate.js";
import { h100, hgxH100, pool, without } from "./support/energy.js";

describe("power", () => {
  it("rises with busyShare and stays between idle and max", () => {
    const idle = 8 * 105 + 4600;
    const max = 8 * 700 + 4600;
    let previous = -Infinity;
    for (const busy of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]) {
      const { powerWatts } = energyAndCost([pool("nvidia-h100-sxm", 8, busy)], 100);
      expect(powerWatts).not.toBeNull();
      expect(powerWatts!).toBeGreaterThan(previous);
      expect(powerWatts!).toBeGreaterThanOrEqual(idle);
      expect(powerWatts!).toBeLessThanOrEqual(max);
      previous = powerWatts!;
    }
    expect(energyAndCost([pool("nvidia-h100-sxm", 8, 0)], 100).powerWatts).toBe(idle);
    expect(energyAndCost([pool("nvidia-h100-sxm", 8, 1)], 100).powerWatts).toBe(max);
  });

  it("is monotone in busyShare and bounded for every chip with power figures (property)", () => {
    const powered = [
      "nvidia-h100-sxm",
      "nvidia-b200",
      "amd-mi300x",
      "intel-gaudi3",
      "cerebras-wse3",
      "sambanova-sn40l",
      "tenstorrent-wormhole",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...powered),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (id, n, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const pLo = energyAndCost([pool(id, n, lo)], 1).powerWatts!;
          const pHi = energyAndCost([pool(id, n, hi)], 1).powerWatts!;
          const c = chip(id);
          const s = system(c.defaultSystem);
          const overhead = Math.ceil(n / s.chips) * (s.power.overheadWatts?.value ?? 0);
          const eps = 1e-9 * pHi;
          expect(pLo).toBeLessThanOrEqual(pHi + eps);
          expect(pLo).toBeGreaterThanOrEqual(n * c.power.idleWatts!.value + overhead - eps);
          expect(pHi).toBeLessThanOrEqual(n * c.power.maxWatts!.value + overhead + eps);
        },
      ),
    );
  });

  it("counts system overhead per whole system, rounding up", () => {
    expect(energyAndCost([pool("nvidia-h100-sxm", 1, 0)], 1).powerWatts).toBe(105 + 4600);
    expect(energyAndCost([pool("nvidia-h100-sxm", 9, 0)], 1).powerWatts).toBe(9 * 105 + 2 * 4600);
    expect(energyAndCost([pool("nvidia-h100-sxm", 16, 0)], 1).powerWatts).toBe(16 * 105 + 2 * 4600);
  });

  it("counts an overhead of 0 where the chip carries whole-system power, and a missing one as 0, saying so", () => {
    const r = energyAndCost([pool("cerebras-wse3", 4, 1)], 100);
    expect(r.powerWatts).toBe(4 * 23000);
    expect(r.basis.power.join("\n")).toMatch(/cerebras-cs3 overhead 0 W \(derived, 2026-12\)/);
    expect(r.basis.missing).toEqual([]);
    const bare = { ...hgxH100, power: {} };
    const m = energyAndCost([{ chip: h100, system: bare, chips: 8, busyShare: 1 }], 100);
    expect(m.powerWatts).toBe(8 * 700);
    expect(m.basis.power.join("\n")).toMatch(/nvidia-hgx-h100-8 has no overheadWatts — counted as 0/);
  });

  it("uses max power at any load when idle is unknown, and says so", () => {
    const noIdle = without(h100, ["idleWatts"]);
    const r = energyAndCost([{ chip: noIdle, system: hgxH100, chips: 8, busyShare: 0.2 }], 100);
    expect(r.powerWatts).toBe(8 * 700 + 4600);
    expect(r.basis.power.join("\n")).toMatch(
      /no idleWatts — max 700 W \(vendor, 2026-08\) used at any load \(conservative\)/,
    );
  });

  it("sums pools", () => {
    const a = energyAndCost([pool("nvidia-h100-sxm", 8, 0.9)], 1);
    const b = energyAndCost([pool("nvidia-h200", 16, 0.3)], 1);
    const both = energyAndCost([pool("nvidia-h100-sxm", 8, 0.9), pool("nvidia-h200", 16, 0.3)], 1);
    expect(both.powerWatts).toBeCloseTo(a.powerWatts! + b.powerWatts!, 9);
    expect(both.usdPerHour).toBeCloseTo(a.usdPerHour! + b.usdPerHour!, 9);
    expect(both.perPool.map((p) => p.powerWatts)).toEqual([a.powerWatts, b.powerWatts]);
  });
});

describe("power follows what a step does (chips with phase-aware figures)", () => {
  const h200 = chip("nvidia-h200");
  const step = (phase: "prefill" | "decode", batch: number, context: number) =>
    estimateStep({ model: "llama-3.1-8b", chip: "nvidia-h200", datatypes: { weights: "bf16" }, phase, batch, context });

  it("draws its memory-bound share with no arithmetic, its maximum once compute saturates, and more with more compute between", () => {
    const floor = h200.power.memoryBoundShare!.value;
    expect(stepPowerShare(h200, 0)).toBe(floor);
    expect(stepPowerShare(h200, 1)).toBe(1);
    expect(stepPowerShare(h200, h200.power.computeSaturationShare!.value)).toBeCloseTo(1, 12);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return stepPowerShare(h200, lo) <= stepPowerShare(h200, hi) && stepPowerShare(h200, lo) >= floor;
      }),
    );
    // a chip without the figures draws its maximum whatever the step
    expect(stepPowerShare(chip("nvidia-b200"), 0)).toBe(1);
  });

  it("a small-batch decode step draws less than a prefill step, and a larger decode batch more than a smaller one", () => {
    const prefill = step("prefill", 1, 2048);
    const decode1 = step("decode", 1, 1024);
    const decode64 = step("decode", 64, 1024);
    expect(prefill.computeShare).toBeGreaterThan(0.8);
    expect(decode1.computeShare).toBeLessThan(0.05);
    expect(decode1.powerShare).toBeLessThan(decode64.powerShare);
    expect(decode64.powerShare).toBeLessThanOrEqual(prefill.powerShare);
    expect(prefill.powerShare).toBe(1);
  });

  it("the event loop charges a decode-bound run what its steps draw, and a run on a chip without the figures its busy share", async () => {
    const run = async (chipId: string, input: number, output: number) =>
      (
        await simulate({
          model: "llama-3.1-8b",
          datatypes: { weights: "bf16" },
          workload: {
            arrival: { kind: "closed", concurrency: 1 },
            input: { kind: "fixed", tokens: input },
            output: { kind: "fixed", tokens: output },
            requests: 4,
          },
          slo: { ttftSeconds: 10, tpotSeconds: 1 },
          designs: [
            { name: "one", kind: "aggregated", pool: { chip: chipId, count: 1 }, scheduler: { prefixCache: false } },
          ],
        })
      ).results[0].metrics.utilisation[0];
    // one user decoding 2,000 tokens after a 16-token prompt: nearly every step is a batch-1 decode
    const decodeBound = await run("nvidia-h200", 16, 2000);
    const ratio = decodeBound.powerShare / decodeBound.busyShare;
    expect(ratio).toBeGreaterThan(step("decode", 1, 16).powerShare - 0.01);
    expect(ratio).toBeLessThan(step("decode", 1, 2016).powerShare + 0.01);
    // long prompts, one output token: prefill steps only, drawn at the maximum
    const prefillBound = await run("nvidia-h200", 8000, 1);
    expect(prefillBound.powerShare / prefillBound.busyShare).toBeGreaterThan(0.99);
    const b200 = await run("nvidia-b200", 16, 2000);
    expect(b200.powerShare).toBe(b200.busyShare);
  });
});
