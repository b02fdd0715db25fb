/**
 * Sizing designs to a common budget: the smallest layout of a pool that holds the model, the power
 * or price of a design's smallest unit, and how many units fit a budget of power, cost or chips.
 */
import * as catalog from "../catalog/index.js";
import { configure, type Configuration } from "../engine/configure.js";
import type { LayerPart } from "../engine/layout.js";
import { InputError } from "../errors.js";
import { poolPowerWatts } from "../metrics/power.js";
import { defaultPricingTerms, poolPrice } from "../metrics/price.js";
import type { ModelSpec } from "../model/spec.js";
import type { Datatypes } from "../scenario/schema.js";

/** What designs are sized to: equal power, equal cost or equal chips. */
export const budgets = ["power", "cost", "chips"] as const;
export type Budget = (typeof budgets)[number];

/** A pool to size: chips (by chip or system), layouts to try smallest first, and datatypes. */
export interface PoolTemplate {
  chip?: string;
  system?: string;
  /** Layouts to try, smallest first; the first that holds the model wins. */
  layouts: { tp: number; pp?: number; ep?: number }[];
  datatypes?: Datatypes;
}

export interface SizedPool {
  chip?: string;
  system?: string;
  tp: number;
  pp: number;
  ep: number;
  /** Chips of one replica. */
  chipsPerReplica: number;
  datatypes?: Datatypes;
}

/** The first layout of `template` that holds `model` with KV room for `minKvTokens`; undefined when none does. */
export function smallestFit(
  model: ModelSpec,
  template: PoolTemplate,
  minKvTokens: number,
  maxBatchTokens: number,
  part: LayerPart = "whole",
): SizedPool | undefined {
  for (const layout of template.layouts) {
    let config: Configuration;
    try {
      config = configure({
        model,
        chip: template.chip,
        system: template.system,
        tp: layout.tp,
        pp: layout.pp,
        ep: layout.ep,
        datatypes: template.datatypes,
        maxBatchTokens,
        part,
      });
    } catch (error) {
      if (error instanceof InputError) continue;
      throw error;
    }
    if (part !== "ffn" && config.memory.kvTokensPerReplica < minKvTokens) continue;
    return {
      chip: template.chip,
      system: template.system,
      tp: config.layout.tp,
      pp: config.layout.pp,
      ep: config.layout.ep,
      chipsPerReplica: config.chipsPerReplica,
      datatypes: template.datatypes,
    };
  }
  return undefined;
}

/** Figures of one unit of a design (its smallest deployable set of chips). */
export interface UnitCost {
  chips: number;
  /** Watts at full load (chips at max power plus system overhead), or null when unknown. */
  watts: number | null;
  /** Hardware $/hour (rental, else purchase amortised over the default years), or null when unknown. */
  usdPerHour: number | null;
}

/** Peak power and price of `count` chips of a pool (whole systems for the overhead and system prices). */
export function poolCost(pool: { chip?: string; system?: string }, count: number): UnitCost {
  const system = pool.system ? catalog.system(pool.system) : catalog.system(catalog.chip(pool.chip!).defaultSystem);
  const chip = catalog.chip(system.chip);
  const systems = Math.ceil(count / system.chips);
  // drawn and priced as a run draws and prices a pool, at full load and on the default terms; the
  // basis lines are not needed here
  const hardware = { chip, system, chips: count, systems };
  const watts = poolPowerWatts({ ...hardware, busyShare: 1, drawnShare: 1 }, "", null);
  const price = poolPrice(hardware, "", defaultPricingTerms, null);
  return { chips: count, watts, usdPerHour: price.hardwareUsdPerHour };
}

export const addCosts = (costs: UnitCost[]): UnitCost => ({
  chips: costs.reduce((s, c) => s + c.chips, 0),
  watts: costs.some((c) => c.watts === null) ? null : costs.reduce((s, c) => s + c.watts!, 0),
  usdPerHour: costs.some((c) => c.usdPerHour === null) ? null : costs.reduce((s, c) => s + c.usdPerHour!, 0),
});

/** The unit's figure a budget counts. */
export const budgetMeasure = (unit: UnitCost, budget: Budget): number | null =>
  budget === "power" ? unit.watts : budget === "cost" ? unit.usdPerHour : unit.chips;

export const budgetUnits: Record<Budget, (x: number) => string> = {
  power: (w) => `${(w / 1000).toFixed(1)} kW`,
  cost: (usd) => `$${usd.toFixed(0)}/hour`,
  chips: (n) => `${n} chips`,
};
