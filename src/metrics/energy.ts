/**
 * Power, energy and cost of a run: IT and facility power, joules per output token, tokens per
 * second per kW / per MW of facility power, $/hour and $/million output tokens, split into
 * hardware (rental, or purchase amortised), energy and datacenter space. Each pool's power comes
 * from `power.ts` and its hardware price from `price.ts`, with the figures of `figures.ts`
 * (catalog, overrides, range bound); this module adds electricity and space and sums the pools.
 *
 * Pure arithmetic on catalog figures: no WASM, no I/O. A figure the catalog does not have makes
 * the metrics that need it `null`, never 0; `basis` says which figures were used and which were
 * missing, so a report can say why a value is null. Cloud rental rates include electricity and
 * space, so a pool priced by the hour pays neither separately; a pool priced from an amortised
 * purchase pays for its facility power and, if a $/kW-month is given, for its space.
 *
 * The options and pools are checked here: the scenario schema checks a file's `economics`, but
 * `energyAndCost` is public and takes them from any caller. Catalog figures are not re-checked.
 */
import type { Chip, System } from "../catalog/schema.js";
import { checkOverrides } from "../catalog/overrides.js";
import { InputError } from "../errors.js";
import { emptyBasis, fmt, note, type EnergyBasis } from "./basis.js";
import { figureBounds } from "./figures.js";
import { poolPowerWatts } from "./power.js";
import { pricings } from "../scenario/schema.js";
import { defaultPricingTerms, HOURS_PER_YEAR, poolPrice, type PricingTerms } from "./price.js";

export interface EnergyOptions extends PricingTerms {
  /** Facility power usage effectiveness (default 1.3). */
  pue: number;
  /** Electricity price in USD per kWh (default 0.08). */
  usdPerKilowattHour: number;
  /** Datacenter space and power provisioning for owned hardware, USD per kW of peak IT power per month (default 0). */
  datacenterUsdPerKilowattMonth: number;
}

/** Facility power per IT power: an assumed figure for an air-cooled datacentre; no source fixes one yet. */
const DEFAULT_PUE = 1.3;

/** Electricity in USD per kWh: an assumed industrial rate; no source fixes one yet. */
const DEFAULT_USD_PER_KILOWATT_HOUR = 0.08;

/** How far a share computed as busy time / run time may overshoot its bound by rounding. */
const SHARE_ROUNDING_TOLERANCE = 1e-9;

const HOURS_PER_MONTH = HOURS_PER_YEAR / 12;

export const defaultEnergyOptions: EnergyOptions = Object.freeze({
  pue: DEFAULT_PUE,
  usdPerKilowattHour: DEFAULT_USD_PER_KILOWATT_HOUR,
  amortisationYears: defaultPricingTerms.amortisationYears,
  pricing: defaultPricingTerms.pricing,
  datacenterUsdPerKilowattMonth: 0,
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
  /** Hardware (rental, or purchase amortised) + electricity and space for purchased hardware. */
  usdPerHour: number | null;
  usdPerMillionOutputTokens: number | null;
  /** The part of $/M output tokens that pays for the hardware: rental, or the purchase amortised. */
  hardwareUsdPerMillionOutputTokens: number | null;
  /** The part that pays for electricity at facility power (0 where rented: the rate includes it). */
  energyUsdPerMillionOutputTokens: number | null;
  /** The part that pays for datacenter space at $/kW-month of peak IT power (0 where rented or not given). */
  datacenterUsdPerMillionOutputTokens: number | null;
  /** Which figures were used, and which were missing (so a report can say why a value is null). */
  basis: EnergyBasis;
  perPool: { powerWatts: number | null; usdPerHour: number | null; pricing: EnergyBasis["pricing"] | null }[];
}

/** Defaults overridden by the options given (an `undefined` value keeps the default), validated. */
function resolveEnergyOptions(options: Partial<EnergyOptions> = {}): EnergyOptions {
  const resolved: EnergyOptions = { ...defaultEnergyOptions };
  for (const key of Object.keys(defaultEnergyOptions) as (keyof EnergyOptions)[]) {
    const value = options[key];
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  const { pue, usdPerKilowattHour, amortisationYears, pricing, datacenterUsdPerKilowattMonth } = resolved;
  if (!isFiniteNumber(pue) || pue < 1) throw new InputError("pue", `must be a number ≥ 1, got ${show(pue)}`);
  if (!isFiniteNumber(usdPerKilowattHour) || usdPerKilowattHour < 0) {
    throw new InputError("usdPerKilowattHour", `must be a number ≥ 0, got ${show(usdPerKilowattHour)}`);
  }
  if (!isFiniteNumber(amortisationYears) || amortisationYears <= 0) {
    throw new InputError("amortisationYears", `must be a number > 0, got ${show(amortisationYears)}`);
  }
  if (!isFiniteNumber(datacenterUsdPerKilowattMonth) || datacenterUsdPerKilowattMonth < 0) {
    throw new InputError(
      "datacenterUsdPerKilowattMonth",
      `must be a number ≥ 0, got ${show(datacenterUsdPerKilowattMonth)}`,
    );
  }
  if (!(pricings as readonly unknown[]).includes(pricing)) {
    throw new InputError("pricing", `unknown pricing ${show(pricing)}`, pricings);
  }
  if (options.bound !== undefined && !(figureBounds as readonly unknown[]).includes(options.bound)) {
    throw new InputError("bound", `unknown bound ${show(options.bound)}`, figureBounds);
  }
  if (options.overrides !== undefined) resolved.overrides = checkOverrides(options.overrides);
  if (options.bound !== undefined) resolved.bound = options.bound;
  return resolved;
}

const sum = (values: (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + v!, 0);

/**
 * Power, energy and cost of pools serving `outputTokensPerSecond` output tokens per second.
 * Throws {@link InputError} on bad options or pool figures.
 */
export function energyAndCost(
  pools: PoolUsage[],
  outputTokensPerSecond: number,
  options: Partial<EnergyOptions> = {},
): EnergyCost {
  return costOf(pools, outputTokensPerSecond, options, true) as EnergyCost;
}

/**
 * {@link energyAndCost}'s figures without its words (the basis): what the search needs of each of
 * the thousands of candidates it scores.
 */
export function energyFigures(
  pools: PoolUsage[],
  outputTokensPerSecond: number,
  options: Partial<EnergyOptions> = {},
): Omit<EnergyCost, "basis"> {
  const { basis: _none, ...figures } = costOf(pools, outputTokensPerSecond, options, false);
  return figures;
}

function costOf(
  pools: PoolUsage[],
  outputTokensPerSecond: number,
  options: Partial<EnergyOptions>,
  words: boolean,
): Omit<EnergyCost, "basis"> & { basis: EnergyBasis | null } {
  const opts = resolveEnergyOptions(options);
  if (!Array.isArray(pools) || pools.length === 0) throw new InputError("pools", "at least one pool is needed");
  if (!isFiniteNumber(outputTokensPerSecond) || outputTokensPerSecond < 0) {
    throw new InputError("outputTokensPerSecond", `must be a number ≥ 0, got ${show(outputTokensPerSecond)}`);
  }

  const basis = words ? emptyBasis(opts.pricing) : null;
  const perPool: EnergyCost["perPool"] = [];
  const watts: (number | null)[] = [];
  const hardware: (number | null)[] = [];
  const energy: (number | null)[] = [];
  const space: (number | null)[] = [];

  pools.forEach((pool, index) => {
    const label = validatePool(pool, index);
    const systems = Math.ceil(pool.chips / pool.system.chips);
    // a busy share computed as busy time / run time may overshoot 1 by a rounding hair
    const busyShare = Math.min(1, pool.busyShare);
    const drawnShare = Math.min(busyShare, pool.powerShare ?? busyShare);
    const hw = { chip: pool.chip, system: pool.system, chips: pool.chips, systems };
    const poolWatts = poolPowerWatts({ ...hw, busyShare, drawnShare }, label, basis, opts);
    const price = poolPrice(hw, label, opts, basis);

    // a pool with no price on either basis has no cost parts either
    let electricity: number | null = price.pricing === null ? null : 0;
    let datacenter: number | null = price.pricing === null ? null : 0;
    if (price.pricing === "purchase") {
      if (poolWatts === null) {
        electricity = null;
        note(
          basis,
          "missing",
          () => `${label}: electricity for purchased hardware needs the pool's power, which is unknown`,
        );
      } else {
        const usd = ((poolWatts * opts.pue) / 1000) * opts.usdPerKilowattHour;
        electricity = usd;
        note(
          basis,
          "price",
          () =>
            `${label}: electricity ${fmt(poolWatts * opts.pue)} W facility (PUE ${opts.pue}) × $${opts.usdPerKilowattHour}/kWh = $${fmt(usd)}/h`,
        );
      }
      if (opts.datacenterUsdPerKilowattMonth > 0) {
        // space is paid on the power provisioned: every chip at its maximum, with the overhead
        const peak = poolPowerWatts({ ...hw, busyShare: 1, drawnShare: 1 }, label, null, opts);
        const usd = peak === null ? null : ((peak / 1000) * opts.datacenterUsdPerKilowattMonth) / HOURS_PER_MONTH;
        datacenter = usd;
        note(basis, "price", () =>
          peak === null
            ? `${label}: datacenter space needs the pool's peak power, which is unknown`
            : `${label}: datacenter ${fmt(peak / 1000)} kW peak IT × $${opts.datacenterUsdPerKilowattMonth}/kW-month = $${fmt(usd!)}/h`,
        );
      }
    } else if (price.pricing === "rental") {
      note(basis, "price", () => `${label}: electricity and space not added (included in the rental rate)`);
    }

    const poolUsd = sum([price.hardwareUsdPerHour, electricity, datacenter]);
    perPool.push({ powerWatts: poolWatts, usdPerHour: poolUsd, pricing: price.pricing });
    watts.push(poolWatts);
    hardware.push(price.hardwareUsdPerHour);
    energy.push(electricity);
    space.push(datacenter);
  });

  const powerWatts = sum(watts);
  const usdPerHour = sum(perPool.map((p) => p.usdPerHour));
  const facilityPowerWatts = powerWatts === null ? null : powerWatts * opts.pue;
  const tps = outputTokensPerSecond;
  const perMillion = (usd: number | null) => (usd === null || tps === 0 ? null : (usd / (tps * 3600)) * 1e6);
  return {
    powerWatts,
    facilityPowerWatts,
    joulesPerOutputToken: facilityPowerWatts === null || tps === 0 ? null : facilityPowerWatts / tps,
    outputTokensPerSecondPerKilowatt: powerWatts === null || powerWatts === 0 ? null : tps / (powerWatts / 1000),
    outputTokensPerSecondPerMegawattFacility:
      facilityPowerWatts === null || facilityPowerWatts === 0 ? null : tps / (facilityPowerWatts / 1e6),
    usdPerHour,
    usdPerMillionOutputTokens: perMillion(usdPerHour),
    hardwareUsdPerMillionOutputTokens: perMillion(sum(hardware)),
    energyUsdPerMillionOutputTokens: perMillion(sum(energy)),
    datacenterUsdPerMillionOutputTokens: perMillion(sum(space)),
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
  if (!isFiniteNumber(pool.busyShare) || pool.busyShare < 0 || pool.busyShare > 1 + SHARE_ROUNDING_TOLERANCE) {
    throw new InputError(`${field}.busyShare`, `must be a number from 0 to 1, got ${show(pool.busyShare)}`);
  }
  if (
    pool.powerShare !== undefined &&
    (!isFiniteNumber(pool.powerShare) ||
      pool.powerShare < 0 ||
      pool.powerShare > pool.busyShare + SHARE_ROUNDING_TOLERANCE)
  ) {
    throw new InputError(
      `${field}.powerShare`,
      `must be a number from 0 to busyShare (${show(pool.busyShare)}), got ${show(pool.powerShare)}`,
    );
  }
  return `pool ${index} (${pool.chips} × ${pool.chip.id} in ${pool.system.id})`;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}
