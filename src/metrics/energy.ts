/**
 * Power, energy and cost of a run (Metrics fields, ./summary.ts): IT and facility power, joules per
 * output token, tokens per second per kW / per MW of facility power, $/hour and $/million output tokens.
 *
 * Pure arithmetic on catalog figures: no WASM, no I/O. A figure the catalog does not have makes
 * the metrics that need it `null`, never 0; `basis` says which figures were used and which were
 * missing, so a report can say why a value is null.
 *
 * Conventions the catalog follows (and this module relies on):
 * - A system's price INCLUDES its chips: a pool is priced from the chip's figure or the
 *   system's, never both.
 * - A system's `overheadWatts` is everything but the chips (hosts, switches, fans). It is
 *   optional; where it is absent it counts as 0 and `basis.power` says so. Some chips (Cerebras
 *   WSE-3, SambaNova SN40L, Lumai Iris) carry whole-system power on the chip entry, and their
 *   systems deliberately have no overhead.
 * - Cloud rental rates include electricity, so a pool priced by the hour pays no separate
 *   electricity; a pool priced from an amortised purchase pays for its facility power.
 */
import type { Chip, Figure, System } from "../catalog/schema.js";
import { InputError } from "../errors.js";

export interface EnergyOptions {
  /** Facility power usage effectiveness (default 1.3). */
  pue: number;
  /** Electricity price in USD per kWh (default 0.08). */
  usdPerKilowattHour: number;
  /** Years a purchase price is spread over (default 4). */
  amortisationYears: number;
  /** "rental" uses $/hour where known (falling back to purchase), "purchase" the reverse (default "rental"). */
  pricing: "rental" | "purchase";
}

export const defaultEnergyOptions: EnergyOptions = Object.freeze({
  pue: 1.3,
  usdPerKilowattHour: 0.08,
  amortisationYears: 4,
  pricing: "rental",
}) as EnergyOptions;

export interface PoolUsage {
  chip: Chip;
  system: System;
  /** Chips in the pool. */
  chips: number;
  /** Share of the run each chip spent computing steps, averaged over the pool's chips (0..1). */
  busyShare: number;
  /**
   * Share of the chips' idle-to-max power range drawn on average over the run (0..busyShare):
   * below busyShare where steps bound by memory draw less than the maximum (the chip's
   * `memoryBoundShare`). Default: busyShare (a busy chip draws its maximum).
   */
  powerShare?: number;
}

export interface EnergyCost {
  /** IT power of all pools while serving (chips + system overhead), without PUE. */
  powerWatts: number | null;
  /** IT power × PUE. */
  facilityPowerWatts: number | null;
  /** Facility energy over the run / output tokens (= facility power / output tokens per second). */
  joulesPerOutputToken: number | null;
  /** Output tokens per second per kW of IT power. */
  outputTokensPerSecondPerKilowatt: number | null;
  /** Output tokens per second per MW of facility power. */
  outputTokensPerSecondPerMegawattFacility: number | null;
  /** Hardware (rental, or purchase amortised) + electricity at facility power for purchased hardware. */
  usdPerHour: number | null;
  usdPerMillionOutputTokens: number | null;
  /** Which figures were used, and which were missing (so a report can say why a value is null). */
  basis: { power: string[]; price: string[]; missing: string[] };
  perPool: { powerWatts: number | null; usdPerHour: number | null }[];
}

/** Hours in a year (365.25 days), for amortising a purchase price. */
export const HOURS_PER_YEAR = 8766;

const PRICING = ["rental", "purchase"] as const;

/** Defaults overridden by the options given (an `undefined` value keeps the default), validated. */
export function resolveEnergyOptions(options: Partial<EnergyOptions> = {}): EnergyOptions {
  const resolved: EnergyOptions = { ...defaultEnergyOptions };
  for (const key of Object.keys(defaultEnergyOptions) as (keyof EnergyOptions)[]) {
    const value = options[key];
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  const { pue, usdPerKilowattHour, amortisationYears, pricing } = resolved;
  if (!isFiniteNumber(pue) || pue < 1) throw new InputError("pue", `must be a number ≥ 1, got ${show(pue)}`);
  if (!isFiniteNumber(usdPerKilowattHour) || usdPerKilowattHour < 0) {
    throw new InputError("usdPerKilowattHour", `must be a number ≥ 0, got ${show(usdPerKilowattHour)}`);
  }
  if (!isFiniteNumber(amortisationYears) || amortisationYears <= 0) {
    throw new InputError("amortisationYears", `must be a number > 0, got ${show(amortisationYears)}`);
  }
  if (!(PRICING as readonly unknown[]).includes(pricing)) {
    throw new InputError("pricing", `unknown pricing ${show(pricing)}`, PRICING);
  }
  return resolved;
}

interface PoolPower {
  watts: number | null;
}

interface PoolPrice {
  /** Hardware $/hour, or null when no price is known. */
  hardwareUsdPerHour: number | null;
  /** Whether the hardware figure is an amortised purchase (so electricity is paid on top). */
  owned: boolean;
}

/**
 * Power, energy and cost of pools serving `outputTokensPerSecond` output tokens per second.
 * Throws {@link InputError} on bad options or pool figures.
 */
export function energyAndCost(pools: PoolUsage[], outputTokensPerSecond: number, options: Partial<EnergyOptions> = {}): EnergyCost {
  const opts = resolveEnergyOptions(options);
  if (!Array.isArray(pools) || pools.length === 0) throw new InputError("pools", "at least one pool is needed");
  if (!isFiniteNumber(outputTokensPerSecond) || outputTokensPerSecond < 0) {
    throw new InputError("outputTokensPerSecond", `must be a number ≥ 0, got ${show(outputTokensPerSecond)}`);
  }

  const basis: EnergyCost["basis"] = { power: [], price: [], missing: [] };
  const perPool: EnergyCost["perPool"] = [];
  let powerWatts: number | null = 0;
  let usdPerHour: number | null = 0;

  pools.forEach((pool, index) => {
    const label = validatePool(pool, index);
    const systems = Math.ceil(pool.chips / pool.system.chips);
    const power = poolPower(pool, systems, label, basis);
    const price = poolPrice(pool, systems, label, opts, basis);

    let poolUsd: number | null = price.hardwareUsdPerHour;
    if (poolUsd !== null && price.owned) {
      if (power.watts === null) {
        poolUsd = null;
        basis.missing.push(`${label}: electricity for purchased hardware needs the pool's power, which is unknown`);
      } else {
        const electricity = ((power.watts * opts.pue) / 1000) * opts.usdPerKilowattHour;
        poolUsd += electricity;
        basis.price.push(
          `${label}: electricity ${fmt(power.watts * opts.pue)} W facility (PUE ${opts.pue}) × $${opts.usdPerKilowattHour}/kWh = $${fmt(electricity)}/h`,
        );
      }
    } else if (poolUsd !== null) {
      basis.price.push(`${label}: electricity not added (included in the rental rate)`);
    }

    perPool.push({ powerWatts: power.watts, usdPerHour: poolUsd });
    powerWatts = powerWatts === null || power.watts === null ? null : powerWatts + power.watts;
    usdPerHour = usdPerHour === null || poolUsd === null ? null : usdPerHour + poolUsd;
  });

  const facilityPowerWatts = powerWatts === null ? null : powerWatts * opts.pue;
  const tps = outputTokensPerSecond;
  return {
    powerWatts,
    facilityPowerWatts,
    joulesPerOutputToken: facilityPowerWatts === null || tps === 0 ? null : facilityPowerWatts / tps,
    outputTokensPerSecondPerKilowatt: powerWatts === null || powerWatts === 0 ? null : tps / (powerWatts / 1000),
    outputTokensPerSecondPerMegawattFacility: facilityPowerWatts === null || facilityPowerWatts === 0 ? null : tps / (facilityPowerWatts / 1e6),
    usdPerHour,
    usdPerMillionOutputTokens: usdPerHour === null || tps === 0 ? null : (usdPerHour / (tps * 3600)) * 1e6,
    basis,
    perPool,
  };
}

function validatePool(pool: PoolUsage, index: number): string {
  const field = `pools.${index}`;
  if (!pool || typeof pool !== "object" || !pool.chip || !pool.system) {
    throw new InputError(field, "must have a chip, a system, chips and busyShare");
  }
  if (!Number.isInteger(pool.chips) || pool.chips < 0) {
    throw new InputError(`${field}.chips`, `must be an integer ≥ 0, got ${show(pool.chips)}`);
  }
  // A busy share computed as busy time / run time may overshoot 1 by rounding; allow a hair.
  if (!isFiniteNumber(pool.busyShare) || pool.busyShare < 0 || pool.busyShare > 1 + 1e-9) {
    throw new InputError(`${field}.busyShare`, `must be a number from 0 to 1, got ${show(pool.busyShare)}`);
  }
  if (pool.powerShare !== undefined && (!isFiniteNumber(pool.powerShare) || pool.powerShare < 0 || pool.powerShare > pool.busyShare + 1e-9)) {
    throw new InputError(`${field}.powerShare`, `must be a number from 0 to busyShare (${show(pool.busyShare)}), got ${show(pool.powerShare)}`);
  }
  return `pool ${index} (${pool.chips} × ${pool.chip.id} in ${pool.system.id})`;
}

/**
 * Share of its idle-to-max power range a busy chip draws in a step that spends `computeShare` of
 * its time at the achievable FLOP rate: `memoryBoundShare` with no arithmetic, rising linearly to
 * 1 at `computeSaturationShare` (the H200 measured 0.62 and 0.23). 1 for a chip without these
 * figures. The reference of the event loop's rule (assembly/sim/replica.ts, startStep).
 */
export function stepPowerShare(chip: Chip, computeShare: number): number {
  const floor = chip.power.memoryBoundShare?.value ?? 1;
  if (floor >= 1) return 1;
  return floor + (1 - floor) * Math.min(1, computeShare / chip.power.computeSaturationShare!.value);
}

/** chips × (idle + (max − idle) × drawn share) + systems × overhead. */
function poolPower(pool: PoolUsage, systems: number, label: string, basis: EnergyCost["basis"]): PoolPower {
  const { chip, system } = pool;
  const busy = Math.min(1, Math.max(0, pool.busyShare));
  const drawn = Math.min(busy, Math.max(0, pool.powerShare ?? busy));
  const max = chip.power.maxWatts;
  const idle = chip.power.idleWatts;
  let chipWatts: number | null;
  if (!max) {
    chipWatts = null;
    basis.missing.push(`${label}: ${chip.id} has no maxWatts, so its power is unknown`);
  } else if (!idle) {
    chipWatts = max.value;
    basis.power.push(`${label}: ${chip.id} has no idleWatts — max ${figure(max, "W")} used at any load (conservative)`);
  } else {
    chipWatts = idle.value + (max.value - idle.value) * drawn;
    const share = drawn < busy
      ? `drawn ${drawn.toFixed(3)} (busy ${busy.toFixed(3)}; memory-bound steps draw ${chip.power.memoryBoundShare?.value} of the range)`
      : `busy ${busy.toFixed(3)}`;
    basis.power.push(`${label}: ${chip.id} idle ${figure(idle, "W")} + (max ${figure(max, "W")} − idle) × ${share} = ${fmt(chipWatts)} W per chip`);
  }

  const overhead = system.power.overheadWatts;
  let overheadWatts = 0;
  if (overhead) {
    overheadWatts = overhead.value * systems;
    basis.power.push(`${label}: ${system.id} overhead ${figure(overhead, "W")} × ${systems} system(s) = ${fmt(overheadWatts)} W`);
  } else {
    basis.power.push(`${label}: ${system.id} has no overheadWatts — counted as 0 (optional data; some chips carry whole-system power)`);
  }

  return { watts: chipWatts === null ? null : chipWatts * pool.chips + overheadWatts };
}

/**
 * Hardware $/hour. Rental: chip $/h × chips, else system $/h × systems, else the purchase price
 * amortised. Purchase: the amortised purchase price first (chip × chips, else system × systems),
 * else the rental rates. System prices include the chips, so only one of chip or system is used.
 */
function poolPrice(pool: PoolUsage, systems: number, label: string, opts: EnergyOptions, basis: EnergyCost["basis"]): PoolPrice {
  const { chip, system } = pool;
  const amortisedHours = opts.amortisationYears * HOURS_PER_YEAR;

  const rental = (): PoolPrice | null => {
    if (chip.price.usdPerHour) {
      const usd = chip.price.usdPerHour.value * pool.chips;
      basis.price.push(`${label}: rental ${chip.id} ${figure(chip.price.usdPerHour, "$/h")} × ${pool.chips} chip(s) = $${fmt(usd)}/h`);
      return { hardwareUsdPerHour: usd, owned: false };
    }
    if (system.price.usdPerHour) {
      const usd = system.price.usdPerHour.value * systems;
      basis.price.push(`${label}: rental ${system.id} ${figure(system.price.usdPerHour, "$/h")} × ${systems} system(s) = $${fmt(usd)}/h`);
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
      total = chip.price.purchaseUsd.value * pool.chips;
      what = `${chip.id} ${figure(chip.price.purchaseUsd, "$")} × ${pool.chips} chip(s)`;
    } else {
      return null;
    }
    const usd = total / amortisedHours;
    basis.price.push(`${label}: purchase ${what} = $${fmt(total)} over ${opts.amortisationYears} years × ${HOURS_PER_YEAR} h = $${fmt(usd)}/h`);
    return { hardwareUsdPerHour: usd, owned: true };
  };

  const found = opts.pricing === "rental" ? (rental() ?? purchase()) : (purchase() ?? rental());
  if (found) return found;
  basis.missing.push(`${label}: no usdPerHour or purchaseUsd on ${chip.id} or ${system.id}, so its price is unknown`);
  return { hardwareUsdPerHour: null, owned: false };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function figure(f: Figure, unit: string): string {
  return unit === "$" ? `$${fmt(f.value)} (${f.kind})` : unit === "$/h" ? `$${fmt(f.value)}/h (${f.kind})` : `${fmt(f.value)} ${unit} (${f.kind})`;
}
