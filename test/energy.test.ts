// Power, energy and cost: unknown figures give null, never 0.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { chip, system } from "../src/catalog/index.js";
import type { Chip } from "../src/catalog/schema.js";
import { InputError } from "../src/errors.js";
import { defaultEnergyOptions, energyAndCost, type EnergyOptions, type PoolUsage } from "../src/metrics/energy.js";
import { stepPowerShare } from "../src/metrics/power.js";
import { HOURS_PER_YEAR } from "../src/metrics/price.js";
import { estimateStep } from "../src/api/step.js";
import { simulate } from "../src/api/simulate.js";

const h100 = chip("nvidia-h100-sxm");
const hgxH100 = system("nvidia-hgx-h100-8");

function pool(chipId: string, chips: number, busyShare: number, systemId?: string): PoolUsage {
  const c = chip(chipId);
  return { chip: c, system: system(systemId ?? c.defaultSystem), chips, busyShare };
}

/** A copy of a chip with some power/price figures removed. */
function without(c: Chip, power: ("idleWatts" | "maxWatts")[], price: ("purchaseUsd" | "usdPerHour")[] = []): Chip {
  const copy: Chip = structuredClone(c);
  for (const key of power) delete copy.power[key];
  for (const key of price) delete copy.price[key];
  return copy;
}

describe("catalog figures these tests rely on", () => {
  it("H100 and HGX H100 have the figures used below", () => {
    expect(h100.power.idleWatts?.value).toBe(105);
    expect(h100.power.maxWatts?.value).toBe(700);
    expect(h100.price.usdPerHour?.value).toBe(2.5);
    expect(h100.price.purchaseUsd?.value).toBe(27500);
    expect(hgxH100.chips).toBe(8);
    expect(hgxH100.power.overheadWatts?.value).toBe(4600);
    expect(hgxH100.price).toEqual({});
  });
});

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
    const powered = ["nvidia-h100-sxm", "nvidia-b200", "amd-mi300x", "intel-gaudi3", "cerebras-wse3", "sambanova-sn40l", "tenstorrent-wormhole"];
    fc.assert(
      fc.property(fc.constantFrom(...powered), fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (id, n, a, b) => {
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
      }),
    );
  });

  it("counts system overhead per whole system, rounding up", () => {
    expect(energyAndCost([pool("nvidia-h100-sxm", 1, 0)], 1).powerWatts).toBe(105 + 4600);
    expect(energyAndCost([pool("nvidia-h100-sxm", 9, 0)], 1).powerWatts).toBe(9 * 105 + 2 * 4600);
    expect(energyAndCost([pool("nvidia-h100-sxm", 16, 0)], 1).powerWatts).toBe(16 * 105 + 2 * 4600);
  });

  it("counts a missing overhead as 0 and says so (whole-system power on the chip)", () => {
    const r = energyAndCost([pool("cerebras-wse3", 4, 1)], 100);
    expect(r.powerWatts).toBe(4 * 23000);
    expect(r.basis.power.join("\n")).toMatch(/cerebras-cs3 has no overheadWatts — counted as 0/);
    expect(r.basis.missing).toEqual([]);
  });

  it("uses max power at any load when idle is unknown, and says so", () => {
    const noIdle = without(h100, ["idleWatts"]);
    const r = energyAndCost([{ chip: noIdle, system: hgxH100, chips: 8, busyShare: 0.2 }], 100);
    expect(r.powerWatts).toBe(8 * 700 + 4600);
    expect(r.basis.power.join("\n")).toMatch(/no idleWatts — max 700 W \(vendor\) used at any load \(conservative\)/);
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
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      return stepPowerShare(h200, lo) <= stepPowerShare(h200, hi) && stepPowerShare(h200, lo) >= floor;
    }));
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
    const run = async (chipId: string, input: number, output: number) => (await simulate({
      model: "llama-3.1-8b", datatypes: { weights: "bf16" },
      workload: { arrival: { kind: "closed", concurrency: 1 }, input: { kind: "fixed", tokens: input }, output: { kind: "fixed", tokens: output }, requests: 4 },
      slo: { ttftSeconds: 10, tpotSeconds: 1 },
      designs: [{ name: "one", kind: "aggregated", pool: { chip: chipId, count: 1 }, scheduler: { prefixCache: false } }],
    })).results[0].metrics.utilisation[0];
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

describe("unknown figures give null, never 0", () => {
  it("a chip without power figures (aws-trainium2) makes every power metric null", () => {
    const trn2 = chip("aws-trainium2");
    expect(trn2.power.maxWatts).toBeUndefined();
    const r = energyAndCost([pool("aws-trainium2", 64, 0.5)], 500);
    expect(r.powerWatts).toBeNull();
    expect(r.facilityPowerWatts).toBeNull();
    expect(r.joulesPerOutputToken).toBeNull();
    expect(r.outputTokensPerSecondPerKilowatt).toBeNull();
    expect(r.outputTokensPerSecondPerMegawattFacility).toBeNull();
    expect(r.usdPerHour).toBeNull();
    expect(r.usdPerMillionOutputTokens).toBeNull();
    expect(r.perPool).toEqual([{ powerWatts: null, usdPerHour: null }]);
    expect(r.basis.missing.join("\n")).toMatch(/aws-trainium2 has no maxWatts/);
    expect(r.basis.missing.join("\n")).toMatch(/no usdPerHour or purchaseUsd on aws-trainium2 or aws-trn2-ultraserver/);
  });

  it("a chip with idle but no max power (constructed) has unknown power", () => {
    const noMax = without(h100, ["maxWatts"]);
    const r = energyAndCost([{ chip: noMax, system: hgxH100, chips: 8, busyShare: 0.5 }], 100);
    expect(r.powerWatts).toBeNull();
    expect(r.joulesPerOutputToken).toBeNull();
    // Rental price is known and includes electricity, so $/h survives unknown power.
    expect(r.usdPerHour).toBe(20);
    // Purchase pricing needs power for electricity, so $/h is unknown too.
    const bought = energyAndCost([{ chip: noMax, system: hgxH100, chips: 8, busyShare: 0.5 }], 100, { pricing: "purchase" });
    expect(bought.usdPerHour).toBeNull();
    expect(bought.usdPerMillionOutputTokens).toBeNull();
    expect(bought.basis.missing.join("\n")).toMatch(/electricity for purchased hardware needs the pool's power/);
  });

  it("a chip and system without price (nvidia-gb200) give null $/h and $/M tokens, but known power", () => {
    const gb200 = chip("nvidia-gb200");
    expect(gb200.price).toEqual({});
    expect(system("nvidia-gb200-nvl72").price).toEqual({});
    for (const pricing of ["rental", "purchase"] as const) {
      const r = energyAndCost([pool("nvidia-gb200", 72, 0.6)], 5000, { pricing });
      expect(r.powerWatts).toBeCloseTo(72 * (180 + (1200 - 180) * 0.6) + 33600, 9);
      expect(r.joulesPerOutputToken).not.toBeNull();
      expect(r.usdPerHour).toBeNull();
      expect(r.usdPerMillionOutputTokens).toBeNull();
      expect(r.perPool[0].usdPerHour).toBeNull();
      expect(r.basis.missing.join("\n")).toMatch(/no usdPerHour or purchaseUsd on nvidia-gb200 or nvidia-gb200-nvl72/);
    }
  });

  it("one unknown pool makes the totals null but keeps the known pool's figures", () => {
    const r = energyAndCost([pool("nvidia-h100-sxm", 8, 0.5), pool("aws-trainium2", 16, 0.5, "aws-trn2-48xlarge")], 100);
    expect(r.powerWatts).toBeNull();
    expect(r.usdPerHour).toBeNull();
    expect(r.perPool[0]).toEqual({ powerWatts: 7820, usdPerHour: 20 });
    expect(r.perPool[1]).toEqual({ powerWatts: null, usdPerHour: null });
  });

  it("zero output tokens per second gives null J/token and $/M tokens", () => {
    const r = energyAndCost([pool("nvidia-h100-sxm", 8, 0)], 0);
    expect(r.powerWatts).toBe(8 * 105 + 4600);
    expect(r.joulesPerOutputToken).toBeNull();
    expect(r.usdPerMillionOutputTokens).toBeNull();
    expect(r.outputTokensPerSecondPerKilowatt).toBe(0);
  });
});

describe("energy per token", () => {
  it("J/token equals facility power / output tokens per second", () => {
    for (const [busy, tps, pue] of [
      [0.5, 1000, 1.3],
      [0.05, 37, 1],
      [1, 12345.6, 1.8],
    ] as const) {
      const r = energyAndCost([pool("nvidia-h100-sxm", 8, busy), pool("amd-mi300x", 16, busy)], tps, { pue });
      expect(r.facilityPowerWatts).toBeCloseTo(r.powerWatts! * pue, 9);
      expect(r.joulesPerOutputToken).toBeCloseTo(r.facilityPowerWatts! / tps, 9);
      expect(r.outputTokensPerSecondPerKilowatt).toBeCloseTo(tps / (r.powerWatts! / 1000), 9);
      expect(r.outputTokensPerSecondPerMegawattFacility).toBeCloseTo(tps / (r.facilityPowerWatts! / 1e6), 6);
    }
  });

  it("PUE scales facility power only", () => {
    const p = [pool("nvidia-h100-sxm", 8, 0.5)];
    const a = energyAndCost(p, 1000, { pue: 1 });
    const b = energyAndCost(p, 1000, { pue: 2 });
    expect(b.powerWatts).toBe(a.powerWatts);
    expect(b.outputTokensPerSecondPerKilowatt).toBe(a.outputTokensPerSecondPerKilowatt);
    expect(b.facilityPowerWatts).toBeCloseTo(2 * a.facilityPowerWatts!, 9);
    expect(b.joulesPerOutputToken).toBeCloseTo(2 * a.joulesPerOutputToken!, 9);
    expect(b.outputTokensPerSecondPerMegawattFacility).toBeCloseTo(a.outputTokensPerSecondPerMegawattFacility! / 2, 6);
    // Rental rates include electricity: PUE does not change the rental bill.
    expect(b.usdPerHour).toBe(a.usdPerHour);
    expect(b.perPool.map((x) => x.powerWatts)).toEqual(a.perPool.map((x) => x.powerWatts));
  });
});

describe("cost", () => {
  it("hand-computed H100 case, rental pricing (catalog $2.50/GPU-h, electricity included)", () => {
    const r = energyAndCost([{ chip: h100, system: hgxH100, chips: 8, busyShare: 0.5 }], 1000);
    // Chip: 105 + (700 − 105) × 0.5 = 402.5 W; 8 chips = 3220 W; + one HGX overhead 4600 W.
    expect(r.powerWatts).toBe(7820);
    expect(r.facilityPowerWatts).toBeCloseTo(10166, 9);
    expect(r.joulesPerOutputToken).toBeCloseTo(10.166, 12);
    expect(r.usdPerHour).toBe(20);
    // $20/h over 3.6 M tokens/h = $5.555…/M tokens.
    expect(r.usdPerMillionOutputTokens).toBeCloseTo(20 / 3.6, 12);
    expect(r.basis.price.join("\n")).toMatch(/rental nvidia-h100-sxm \$2\.5\/h \(vendor\) × 8 chip\(s\) = \$20\/h/);
    expect(r.basis.price.join("\n")).toMatch(/electricity not added \(included in the rental rate\)/);
    expect(r.basis.missing).toEqual([]);
  });

  it("hand-computed H100 case, purchase pricing (amortised + electricity at facility power)", () => {
    const r = energyAndCost([{ chip: h100, system: hgxH100, chips: 8, busyShare: 0.5 }], 1000, { pricing: "purchase" });
    const hardware = (8 * 27500) / (4 * 8766); // $6.274…/h
    const electricity = (7820 * 1.3) / 1000 * 0.08; // 10.166 kW × $0.08 = $0.813…/h
    expect(HOURS_PER_YEAR).toBe(8766);
    expect(r.usdPerHour).toBeCloseTo(hardware + electricity, 12);
    expect(r.usdPerHour).toBeCloseTo(7.0875, 3);
    expect(r.usdPerMillionOutputTokens).toBeCloseTo(((hardware + electricity) / 3600) * 1000, 12);
  });

  it("purchase vs rental: options change the amortisation and electricity only for purchased hardware", () => {
    const p = [pool("nvidia-h100-sxm", 8, 0.5)];
    const rental = energyAndCost(p, 1000, { pricing: "rental", usdPerKilowattHour: 0.5, amortisationYears: 2 });
    expect(rental.usdPerHour).toBe(20);
    const bought = energyAndCost(p, 1000, { pricing: "purchase", usdPerKilowattHour: 0.5, amortisationYears: 2 });
    expect(bought.usdPerHour).toBeCloseTo((8 * 27500) / (2 * 8766) + 10.166 * 0.5, 9);
    const free = energyAndCost(p, 1000, { pricing: "purchase", usdPerKilowattHour: 0 });
    expect(free.usdPerHour).toBeCloseTo((8 * 27500) / (4 * 8766), 12);
  });

  it("rental falls back to purchase (and then pays electricity); purchase falls back to rental (and does not)", () => {
    // Groq LPU v1 has a card price but no hourly rate.
    const groq = energyAndCost([pool("groq-lpu-v1", 64, 1)], 1000, { pricing: "rental" });
    expect(groq.usdPerHour).toBeCloseTo((64 * 20000) / (4 * 8766) + ((64 * 300 * 1.3) / 1000) * 0.08, 9);
    expect(groq.basis.price.join("\n")).toMatch(/purchase groq-lpu-v1 \$20000 \(assumed\) × 64 chip\(s\)/);
    // H200 has an hourly rate but no purchase price.
    const h200 = energyAndCost([pool("nvidia-h200", 8, 1)], 1000, { pricing: "purchase" });
    expect(h200.usdPerHour).toBeCloseTo(8 * 4.62, 12);
  });

  it("prices whole systems first (they include the host), then chips, and never adds both", () => {
    // Cerebras: price on the CS-3 system only (includes the wafer).
    const cs3 = energyAndCost([pool("cerebras-wse3", 4, 1)], 1000, { pricing: "purchase" });
    expect(cs3.usdPerHour).toBeCloseTo((4 * 1_360_000) / (4 * 8766) + ((4 * 23000 * 1.3) / 1000) * 0.08, 9);
    // Gaudi 3: the chip's $15,625 and the 8-chip kit's $125,000 are the same money.
    const gaudi = energyAndCost([pool("intel-gaudi3", 8, 0)], 1000, { pricing: "purchase", usdPerKilowattHour: 0 });
    expect(gaudi.usdPerHour).toBeCloseTo(125_000 / (4 * 8766), 12);
    // A system-priced pool rounds up to whole systems: 3 chips of a 4-card box pay for 1 box.
    const noChipPrice = without(chip("tenstorrent-blackhole-p150"), [], ["purchaseUsd"]);
    const box = energyAndCost([{ chip: noChipPrice, system: system("tenstorrent-p150-4"), chips: 3, busyShare: 0 }], 1, {
      pricing: "purchase",
      usdPerKilowattHour: 0,
    });
    expect(box.usdPerHour).toBeCloseTo(11_999 / (4 * 8766), 12);
    // the box's price wins over four cards' ($1,299 each): the box includes its workstation
    const withCards = energyAndCost([{ chip: chip("tenstorrent-blackhole-p150"), system: system("tenstorrent-p150-4"), chips: 4, busyShare: 0 }], 1, {
      pricing: "purchase",
      usdPerKilowattHour: 0,
    });
    expect(withCards.usdPerHour).toBeCloseTo(11_999 / (4 * 8766), 12);
  });
});

describe("options", () => {
  it("has the documented defaults", () => {
    expect(defaultEnergyOptions).toEqual({ pue: 1.3, usdPerKilowattHour: 0.08, amortisationYears: 4, pricing: "rental" });
    const p = [pool("nvidia-h100-sxm", 8, 0.5)];
    expect(energyAndCost(p, 10, { pue: undefined })).toEqual(energyAndCost(p, 10));
  });

  const bad: [string, Partial<EnergyOptions>, RegExp][] = [
    ["pue", { pue: 0.9 }, /^pue: must be a number ≥ 1, got 0.9/],
    ["pue", { pue: Number.NaN }, /^pue: must be a number ≥ 1, got NaN/],
    ["usdPerKilowattHour", { usdPerKilowattHour: -0.01 }, /^usdPerKilowattHour: must be a number ≥ 0/],
    ["usdPerKilowattHour", { usdPerKilowattHour: Infinity }, /^usdPerKilowattHour: must be a number ≥ 0/],
    ["amortisationYears", { amortisationYears: 0 }, /^amortisationYears: must be a number > 0, got 0/],
    ["amortisationYears", { amortisationYears: "4" as unknown as number }, /^amortisationYears: must be a number > 0, got "4"/],
    ["pricing", { pricing: "lease" as EnergyOptions["pricing"] }, /^pricing: unknown pricing "lease" \(allowed: rental, purchase\)/],
  ];
  for (const [field, options, message] of bad) {
    it(`rejects ${field} = ${String(Object.values(options)[0])}`, () => {
      const call = () => energyAndCost([pool("nvidia-h100-sxm", 8, 0.5)], 100, options);
      expect(call).toThrow(InputError);
      expect(call).toThrow(message);
      try {
        call();
      } catch (error) {
        expect((error as InputError).field).toBe(field);
      }
    });
  }

  it("rejects bad pools and throughput", () => {
    const good = pool("nvidia-h100-sxm", 8, 0.5);
    expect(() => energyAndCost([], 1)).toThrow(/^pools: at least one pool is needed/);
    expect(() => energyAndCost([{ ...good, busyShare: 1.5 }], 1)).toThrow(/^pools\.0\.busyShare: must be a number from 0 to 1, got 1.5/);
    expect(() => energyAndCost([good, { ...good, chips: 2.5 }], 1)).toThrow(/^pools\.1\.chips: must be an integer ≥ 0, got 2.5/);
    expect(() => energyAndCost([{ ...good, powerShare: 0.6 }], 1)).toThrow(/^pools\.0\.powerShare: must be a number from 0 to busyShare \(0.5\), got 0.6/);
    expect(() => energyAndCost([good], -1)).toThrow(/^outputTokensPerSecond: must be a number ≥ 0, got -1/);
    // A busy share a rounding error above 1 is accepted as 1.
    expect(energyAndCost([{ ...good, busyShare: 1 + 1e-12 }], 1).powerWatts).toBe(8 * 700 + 4600);
  });
});
