/**
 * What a pool's hardware costs per hour on a pricing basis: a rental rate, or a purchase price
 * amortised. A system's price INCLUDES its chips, so a pool is priced from the chip's figure or
 * the system's, never both. A pool with no figure on the basis asked for falls back to the other
 * and `basis.fallbacks` says so.
 */
import type { Chip, System } from "../catalog/schema.js";
import type { Pricing } from "../scenario/schema.js";
import { figure, fmt, note, type EnergyBasis } from "./basis.js";
import { poolFigures, type FigureTerms } from "./figures.js";

/** Hours in a year (365.25 days), for amortising a purchase price. */
export const HOURS_PER_YEAR = 8766;

export interface PricingTerms extends FigureTerms {
  /** "rental": $/hour where known (falling back to purchase); "purchase": the reverse. */
  pricing: Pricing;
  /** Years a purchase price is spread over. */
  amortisationYears: number;
}

/**
 * Rental rates first, purchases spread over 4 years (an assumed service life for accelerators):
 * the terms a run prices by unless told otherwise.
 */
export const defaultPricingTerms: Readonly<PricingTerms> = Object.freeze({ pricing: "rental", amortisationYears: 4 });

/** A pool as its price counts it: chips, and the whole systems they fill. */
export interface PoolHardware {
  chip: Chip;
  system: System;
  chips: number;
  systems: number;
}

export interface PoolPrice {
  /** Hardware $/hour, or null when no price is known. */
  hardwareUsdPerHour: number | null;
  /** The basis the pool was priced on (null when unknown): an owned pool pays its electricity on top. */
  pricing: Pricing | null;
}

/**
 * Hardware $/hour. Rental: chip $/h × chips, else system $/h × systems. Purchase: system price ×
 * systems, else chip price × chips, amortised over the years. The basis asked for first, then the other.
 */
export function poolPrice(
  pool: PoolHardware,
  label: string,
  terms: PricingTerms,
  basis: EnergyBasis | null,
): PoolPrice {
  const { chip, system, chips, systems } = pool;
  const f = poolFigures(chip, system, terms);
  const amortisedHours = terms.amortisationYears * HOURS_PER_YEAR;

  const rental = (): number | null => {
    if (f.chipUsdPerHour) {
      const usd = f.chipUsdPerHour.value * chips;
      const rate = f.chipUsdPerHour;
      note(
        basis,
        "price",
        (b) => `${label}: rental ${chip.id} ${figure(rate, "$/h", b)} × ${chips} chip(s) = $${fmt(usd)}/h`,
      );
      return usd;
    }
    if (f.systemUsdPerHour) {
      const usd = f.systemUsdPerHour.value * systems;
      const rate = f.systemUsdPerHour;
      note(
        basis,
        "price",
        (b) => `${label}: rental ${system.id} ${figure(rate, "$/h", b)} × ${systems} system(s) = $${fmt(usd)}/h`,
      );
      return usd;
    }
    return null;
  };

  const purchase = (): number | null => {
    let total: number;
    let what: (b: EnergyBasis) => string;
    // a system's price includes its host and network (a card's does not), so it comes first; boxes are bought whole
    const systemPrice = f.systemPurchaseUsd;
    const chipPrice = f.chipPurchaseUsd;
    if (systemPrice) {
      total = systemPrice.value * systems;
      what = (b) => `${system.id} ${figure(systemPrice, "$", b)} × ${systems} system(s)`;
    } else if (chipPrice) {
      total = chipPrice.value * chips;
      what = (b) => `${chip.id} ${figure(chipPrice, "$", b)} × ${chips} chip(s)`;
    } else {
      return null;
    }
    const usd = total / amortisedHours;
    note(
      basis,
      "price",
      (b) =>
        `${label}: purchase ${what(b)} = $${fmt(total)} over ${terms.amortisationYears} years × ${HOURS_PER_YEAR} h = $${fmt(usd)}/h`,
    );
    return usd;
  };

  const other: Pricing = terms.pricing === "rental" ? "purchase" : "rental";
  const on = { rental, purchase };
  const asked = on[terms.pricing]();
  if (asked !== null) return { hardwareUsdPerHour: asked, pricing: terms.pricing };
  const fallback = on[other]();
  if (fallback !== null) {
    note(
      basis,
      "fallbacks",
      () =>
        `${label}: no ${terms.pricing === "rental" ? "usdPerHour" : "purchaseUsd"} on ${chip.id} or ${system.id}, so priced on ${other}`,
    );
    return { hardwareUsdPerHour: fallback, pricing: other };
  }
  note(
    basis,
    "missing",
    () => `${label}: no usdPerHour or purchaseUsd on ${chip.id} or ${system.id}, so its price is unknown`,
  );
  return { hardwareUsdPerHour: null, pricing: null };
}
