// Energy and cost together: unknown figures give null, never 0; energy per token and PUE; the
// options; and the catalog figures that power.test.ts and price.test.ts rely on too.
import { describe, expect, it } from "vitest";
import { chip, system } from "../src/catalog/index.js";
import { InputError } from "../src/errors.js";
import { defaultEnergyOptions, energyAndCost, energyFigures, type EnergyOptions } from "../src/metrics/energy.js";
import { h100, hgxH100, pool, without, withoutPrice } from "./support/energy.js";

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

describe("unknown figures give null, never 0", () => {
  it("a chip without power or price figures (constructed) makes every power and cost metric null", () => {
    const trn2 = without(chip("aws-trainium2"), ["maxWatts", "idleWatts"], ["purchaseUsd", "usdPerHour"]);
    const ultra = withoutPrice(system("aws-trn2-ultraserver"));
    const r = energyAndCost([{ chip: trn2, system: ultra, chips: 64, busyShare: 0.5 }], 500);
    expect(r.powerWatts).toBeNull();
    expect(r.facilityPowerWatts).toBeNull();
    expect(r.joulesPerOutputToken).toBeNull();
    expect(r.outputTokensPerSecondPerKilowatt).toBeNull();
    expect(r.outputTokensPerSecondPerMegawattFacility).toBeNull();
    expect(r.usdPerHour).toBeNull();
    expect(r.usdPerMillionOutputTokens).toBeNull();
    expect(r.perPool).toEqual([{ powerWatts: null, usdPerHour: null, pricing: null }]);
    expect(r.hardwareUsdPerMillionOutputTokens).toBeNull();
    expect(r.energyUsdPerMillionOutputTokens).toBeNull();
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
    const bought = energyAndCost([{ chip: noMax, system: hgxH100, chips: 8, busyShare: 0.5 }], 100, {
      pricing: "purchase",
    });
    expect(bought.usdPerHour).toBeNull();
    expect(bought.usdPerMillionOutputTokens).toBeNull();
    expect(bought.basis.missing.join("\n")).toMatch(/electricity for purchased hardware needs the pool's power/);
  });

  it("a chip and system without price (amd-mi355x) give null $/h and $/M tokens, but known power", () => {
    expect(chip("amd-mi355x").price).toEqual({});
    expect(system("amd-mi355x-8").price).toEqual({});
    for (const pricing of ["rental", "purchase"] as const) {
      const r = energyAndCost([pool("amd-mi355x", 8, 0.6)], 5000, { pricing });
      expect(r.powerWatts).toBeCloseTo(8 * (210 + (1400 - 210) * 0.6) + 4600, 9);
      expect(r.joulesPerOutputToken).not.toBeNull();
      expect(r.usdPerHour).toBeNull();
      expect(r.usdPerMillionOutputTokens).toBeNull();
      expect(r.perPool[0].usdPerHour).toBeNull();
      expect(r.basis.missing.join("\n")).toMatch(/no usdPerHour or purchaseUsd on amd-mi355x or amd-mi355x-8/);
    }
  });

  it("one unknown pool makes the totals null but keeps the known pool's figures", () => {
    const trn2 = without(chip("aws-trainium2"), ["maxWatts", "idleWatts"], ["purchaseUsd", "usdPerHour"]);
    const r = energyAndCost(
      [
        pool("nvidia-h100-sxm", 8, 0.5),
        { chip: trn2, system: withoutPrice(system("aws-trn2-48xlarge")), chips: 16, busyShare: 0.5 },
      ],
      100,
    );
    expect(r.powerWatts).toBeNull();
    expect(r.usdPerHour).toBeNull();
    expect(r.perPool[0]).toEqual({ powerWatts: 7820, usdPerHour: 20, pricing: "rental" });
    expect(r.perPool[1]).toEqual({ powerWatts: null, usdPerHour: null, pricing: null });
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

describe("options", () => {
  it("has the documented defaults", () => {
    expect(defaultEnergyOptions).toEqual({
      pue: 1.3,
      usdPerKilowattHour: 0.08,
      amortisationYears: 4,
      pricing: "rental",
      datacenterUsdPerKilowattMonth: 0,
    });
    const p = [pool("nvidia-h100-sxm", 8, 0.5)];
    expect(energyAndCost(p, 10, { pue: undefined })).toEqual(energyAndCost(p, 10));
  });

  const bad: [string, Partial<EnergyOptions>, RegExp][] = [
    ["pue", { pue: 0.9 }, /^pue: must be a number ≥ 1, got 0.9/],
    ["pue", { pue: Number.NaN }, /^pue: must be a number ≥ 1, got NaN/],
    ["usdPerKilowattHour", { usdPerKilowattHour: -0.01 }, /^usdPerKilowattHour: must be a number ≥ 0/],
    ["usdPerKilowattHour", { usdPerKilowattHour: Infinity }, /^usdPerKilowattHour: must be a number ≥ 0/],
    ["amortisationYears", { amortisationYears: 0 }, /^amortisationYears: must be a number > 0, got 0/],
    [
      "amortisationYears",
      { amortisationYears: "4" as unknown as number },
      /^amortisationYears: must be a number > 0, got "4"/,
    ],
    [
      "pricing",
      { pricing: "lease" as EnergyOptions["pricing"] },
      /^pricing: unknown pricing "lease" \(allowed: rental, purchase\)/,
    ],
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
    expect(() => energyAndCost([{ ...good, busyShare: 1.5 }], 1)).toThrow(
      /^pools\.0\.busyShare: must be a number from 0 to 1, got 1.5/,
    );
    expect(() => energyAndCost([good, { ...good, chips: 2.5 }], 1)).toThrow(
      /^pools\.1\.chips: must be an integer ≥ 0, got 2.5/,
    );
    expect(() => energyAndCost([{ ...good, powerShare: 0.6 }], 1)).toThrow(
      /^pools\.0\.powerShare: must be a number from 0 to busyShare \(0.5\), got 0.6/,
    );
    expect(() => energyAndCost([good], -1)).toThrow(/^outputTokensPerSecond: must be a number ≥ 0, got -1/);
    // A busy share a rounding error above 1 is accepted as 1.
    expect(energyAndCost([{ ...good, busyShare: 1 + 1e-12 }], 1).powerWatts).toBe(8 * 700 + 4600);
  });
});

describe("figures without words", () => {
  it("give energyAndCost's numbers, whatever figures are missing or priced on either basis", () => {
    const trn2 = chip("aws-trainium2");
    const noMax = without(h100, ["maxWatts"]);
    const cases: Parameters<typeof energyAndCost>[] = [
      [[pool("nvidia-h100-sxm", 8, 0.7), pool("amd-mi300x", 16, 0.4)], 1200, {}],
      [[pool("nvidia-h100-sxm", 8, 0.7)], 1200, { pricing: "rental", pue: 1.1 }],
      [[pool("amd-mi355x", 8, 0.6)], 5000, { pricing: "purchase", datacenterUsdPerKilowattMonth: 150 }],
      [[{ chip: trn2, system: system(trn2.defaultSystem), chips: 64, busyShare: 0.5, powerShare: 0.3 }], 500, {}],
      [[{ chip: noMax, system: hgxH100, chips: 8, busyShare: 0.5 }], 100, { pricing: "purchase" }],
      [
        [
          {
            chip: without(h100, [], ["purchaseUsd", "usdPerHour"]),
            system: withoutPrice(hgxH100),
            chips: 8,
            busyShare: 0.5,
          },
        ],
        100,
        {},
      ],
    ];
    for (const [pools, tps, options] of cases) {
      const { basis, ...numbers } = energyAndCost(pools, tps, options);
      expect(basis.power.length + basis.price.length + basis.missing.length).toBeGreaterThan(0);
      expect(energyFigures(pools, tps, options)).toStrictEqual(numbers);
    }
  });
});
