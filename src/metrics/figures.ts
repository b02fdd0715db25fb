/**
 * The power and price figures a pool is counted with: the catalog's, or a user's override in
 * their place (`src/catalog/overrides.ts`), each at its nominal value or, in a range run, at the
 * end of its range that makes the design look worse (`pessimistic`: more watts, more dollars) or
 * better (`optimistic`). Overrides are exact: they have no range.
 */
import type { Chip, DatedFigure, FigureKind, System } from "../catalog/schema.js";
import type { HardwareOverride, HardwareOverrides, OverrideField } from "../catalog/overrides.js";

/** Which value of each ranged figure a run counts. */
export const figureBounds = ["nominal", "pessimistic", "optimistic"] as const;
export type FigureBound = (typeof figureBounds)[number];

/** What a run counts power and price with besides the catalog: overrides, and the bound of the ranges. */
export interface FigureTerms {
  /** Figures by chip or system id that replace the catalog's (checked by `checkOverrides`). */
  overrides?: HardwareOverrides;
  /** Default nominal. */
  bound?: FigureBound;
}

/** A power or price figure as a run used it, with where it came from. */
export interface UsedFigure {
  /** The chip or system id the figure belongs to. */
  id: string;
  field: OverrideField;
  /** The value counted: the nominal one, or an end of the range in a range run. */
  value: number;
  /** The figure's own value. */
  nominal: number;
  /** The catalog's kind, or `override` for a figure the user set. */
  kind: FigureKind | "override";
  source: string;
  /** When the figure was true (a catalog figure always says; an override has none). */
  asOf?: string;
  range?: { low: number; high: number };
  note?: string;
}

/** The figures of one pool's chip and system; absent where neither the catalog nor an override has one. */
export interface PoolFigures {
  idleWatts?: UsedFigure;
  maxWatts?: UsedFigure;
  overheadWatts?: UsedFigure;
  chipPurchaseUsd?: UsedFigure;
  chipUsdPerHour?: UsedFigure;
  systemPurchaseUsd?: UsedFigure;
  systemUsdPerHour?: UsedFigure;
}

function used(
  id: string,
  field: OverrideField,
  catalogFigure: DatedFigure | undefined,
  override: HardwareOverride | undefined,
  bound: FigureBound,
): UsedFigure | undefined {
  const set = override?.[field];
  if (set !== undefined)
    return { id, field, value: set, nominal: set, kind: "override", source: `override: ${id}.${field}` };
  if (!catalogFigure) return undefined;
  const { value, kind, source, asOf, range, note } = catalogFigure;
  const at = !range || bound === "nominal" ? value : bound === "pessimistic" ? range.high : range.low;
  return {
    id,
    field,
    value: at,
    nominal: value,
    kind,
    source,
    asOf,
    ...(range ? { range: { low: range.low, high: range.high } } : {}),
    ...(note ? { note } : {}),
  };
}

/**
 * The figures of `chip` in `system` after overrides, at `bound`. Idle power is capped at the
 * maximum used, so a pessimistic idle never passes an overridden or optimistic maximum.
 */
export function poolFigures(chip: Chip, system: System, terms: FigureTerms = {}): PoolFigures {
  const bound = terms.bound ?? "nominal";
  const onChip = terms.overrides?.[chip.id];
  const onSystem = terms.overrides?.[system.id];
  const maxWatts = used(chip.id, "maxWatts", chip.power.maxWatts, onChip, bound);
  let idleWatts = used(chip.id, "idleWatts", chip.power.idleWatts, onChip, bound);
  if (idleWatts && maxWatts && idleWatts.value > maxWatts.value) idleWatts = { ...idleWatts, value: maxWatts.value };
  return {
    idleWatts,
    maxWatts,
    overheadWatts: used(system.id, "overheadWatts", system.power.overheadWatts, onSystem, bound),
    chipPurchaseUsd: used(chip.id, "purchaseUsd", chip.price.purchaseUsd, onChip, bound),
    chipUsdPerHour: used(chip.id, "usdPerHour", chip.price.usdPerHour, onChip, bound),
    systemPurchaseUsd: used(system.id, "purchaseUsd", system.price.purchaseUsd, onSystem, bound),
    systemUsdPerHour: used(system.id, "usdPerHour", system.price.usdPerHour, onSystem, bound),
  };
}
