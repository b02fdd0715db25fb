/**
 * What a pool's hardware costs per hour: a rental rate, or a purchase price amortised. A system's
 * price INCLUDES its chips, so a pool is priced from the chip's figure or the system's, never both.
 */
import type { Chip, System } from "../catalog/schema.js";
import type { Pricing } from "../scenario/schema.js";
import { figure, fmt, type EnergyBasis } from "./basis.js";

/** Hours in a year (365.25 days), for amortising a purchase price. */
export const HOURS_PER_YEAR = 8766;

export interface PricingTerms {
  /** "rental" uses $/hour where known (falling back to purchase), "purchase" the reverse. */
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
  /** Whether the hardware figure is an amortised purchase (so electricity is paid on top). */
  owned: boolean;
}

/**
 * Hardware $/hour. Rental: chip $/h × chips, else system $/h × systems, else the purchase price
 * amortised. Purchase: the amortised purchase price first (system × systems, else chip × chips),
 * else the rental rates.
 */
export function poolPrice(pool: PoolHardware, label: string, terms: PricingTerms, basis: EnergyBasis): PoolPrice {
  const { chip, system, chips, systems } = pool;
  const amortisedHours = terms.amortisationYears * HOURS_PER_YEAR;

  const rental = (): PoolPrice | null => {
    if (chip.price.usdPerHour) {
      const usd = chip.price.usdPerHour.value * chips;
      basis.price.push(
        `${label}: rental ${chip.id} ${figure(chip.price.usdPerHour, "$/h")} × ${chips} chip(s) = $${fmt(usd)}/h`,
      );
      return { hardwareUsdPerHour: usd, owned: false };
    }
    if (system.price.usdPerHour) {
      const usd = system.price.usdPerHour.value * systems;
      basis.price.push(
        `${label}: rental ${system.id} ${figure(system.price.usdPerHour, "$/h")} × ${systems} system(s) = $${fmt(usd)}/h`,
      );
      return { hardwareUsdPerHour: usd, owned: false };
    }
    return null;
  };

  const purchase = (): PoolPrice | null => {
    let total: number;
    let what: string;
    // a system's price includes its host and network (a card's does not), so it comes first; boxes are bought whole
    if (system.price.purchaseUsd) {
      total = system.price.purchaseUsd.value * systems;
      what = `${system.id} ${figure(system.price.purchaseUsd, "$")} × ${systems} system(s)`;
    } else if (chip.price.purchaseUsd) {
      total = chip.price.purchaseUsd.value * chips;
      what = `${chip.id} ${figure(chip.price.purchaseUsd, "$")} × ${chips} chip(s)`;
    } else {
      return null;
    }
    const usd = total / amortisedHours;
    basis.price.push(
      `${label}: purchase ${what} = $${fmt(total)} over ${terms.amortisationYears} years × ${HOURS_PER_YEAR} h = $${fmt(usd)}/h`,
    );
    return { hardwareUsdPerHour: usd, owned: true };
  };

  const found = terms.pricing === "rental" ? (rental() ?? purchase()) : (purchase() ?? rental());
  if (found) return found;
  basis.missing.push(`${label}: no usdPerHour or purchaseUsd on ${chip.id} or ${system.id}, so its price is unknown`);
  return { hardwareUsdPerHour: null, owned: false };
}
