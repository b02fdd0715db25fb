// Cost: rental and purchase pricing, hand-computed for the H100, their fall-backs, and systems
// priced before chips.
import { describe, expect, it } from "vitest";
import { chip, system } from "../src/catalog/index.js";
import { energyAndCost } from "../src/metrics/energy.js";
import { HOURS_PER_YEAR } from "../src/metrics/price.js";
import { h100, hgxH100, pool, without } from "./support/energy.js";

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
    expect(r.basis.price.join("\n")).toMatch(
      /rental nvidia-h100-sxm \$2\.5\/h \(rental, 2026-04\) × 8 chip\(s\) = \$20\/h/,
    );
    expect(r.basis.price.join("\n")).toMatch(/electricity and space not added \(included in the rental rate\)/);
    expect(r.basis.missing).toEqual([]);
  });

  it("hand-computed H100 case, purchase pricing (amortised + electricity at facility power)", () => {
    const r = energyAndCost([{ chip: h100, system: hgxH100, chips: 8, busyShare: 0.5 }], 1000, { pricing: "purchase" });
    const hardware = (8 * 27500) / (4 * 8766); // $6.274…/h
    const electricity = ((7820 * 1.3) / 1000) * 0.08; // 10.166 kW × $0.08 = $0.813…/h
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
    // A GroqRack has a purchase price but no hourly rate (nor have its cards).
    const groq = energyAndCost([pool("groq-lpu-v1", 64, 1)], 1000, { pricing: "rental" });
    const rackWatts = 64 * 300 + 12000;
    expect(groq.usdPerHour).toBeCloseTo(1_300_000 / (4 * 8766) + ((rackWatts * 1.3) / 1000) * 0.08, 9);
    expect(groq.basis.price.join("\n")).toMatch(/purchase groq-rack \$1300000 \(derived, 2026-12\) × 1 system\(s\)/);
    expect(groq.basis.fallbacks).toEqual([
      "pool 0 (64 × groq-lpu-v1 in groq-rack): no usdPerHour on groq-lpu-v1 or groq-rack, so priced on purchase",
    ]);
    expect(groq.perPool[0].pricing).toBe("purchase");
    // MI300X has an hourly rate but no purchase price.
    const mi300x = energyAndCost([pool("amd-mi300x", 8, 1)], 1000, { pricing: "purchase" });
    expect(mi300x.usdPerHour).toBeCloseTo(8 * 1.78, 12);
    expect(mi300x.energyUsdPerMillionOutputTokens).toBe(0);
    expect(mi300x.basis.fallbacks.join("\n")).toMatch(
      /no purchaseUsd on amd-mi300x or amd-mi300x-8, so priced on rental/,
    );
  });

  it("prices whole systems first (they include the host), then chips, and never adds both", () => {
    // Cerebras: price on the CS-3 system only (includes the wafer).
    const cs3 = energyAndCost([pool("cerebras-wse3", 4, 1)], 1000, { pricing: "purchase" });
    expect(cs3.usdPerHour).toBeCloseTo((4 * 2_000_000) / (4 * 8766) + ((4 * 23000 * 1.3) / 1000) * 0.08, 9);
    // Gaudi 3: the chip's $15,625 and the 8-chip kit's $125,000 are the same money.
    const gaudi = energyAndCost([pool("intel-gaudi3", 8, 0)], 1000, { pricing: "purchase", usdPerKilowattHour: 0 });
    expect(gaudi.usdPerHour).toBeCloseTo(125_000 / (4 * 8766), 12);
    // A system-priced pool rounds up to whole systems: 3 chips of a 4-card box pay for 1 box.
    const noChipPrice = without(chip("tenstorrent-blackhole-p150"), [], ["purchaseUsd"]);
    const box = energyAndCost(
      [{ chip: noChipPrice, system: system("tenstorrent-p150-4"), chips: 3, busyShare: 0 }],
      1,
      {
        pricing: "purchase",
        usdPerKilowattHour: 0,
      },
    );
    expect(box.usdPerHour).toBeCloseTo(11_999 / (4 * 8766), 12);
    // the box's price wins over four cards' ($1,299 each): the box includes its workstation
    const withCards = energyAndCost(
      [{ chip: chip("tenstorrent-blackhole-p150"), system: system("tenstorrent-p150-4"), chips: 4, busyShare: 0 }],
      1,
      {
        pricing: "purchase",
        usdPerKilowattHour: 0,
      },
    );
    expect(withCards.usdPerHour).toBeCloseTo(11_999 / (4 * 8766), 12);
  });
});
