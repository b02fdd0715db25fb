/**
 * Efficiency cases: a chip's compute and memory efficiency at its nominal value or at either end of
 * its range (docs/uncertainty.md). A run picks one case for every chip and `configure` packs it;
 * a chip without a range has the same efficiency in every case.
 */
import type { Chip, EfficiencyFigure } from "./schema.js";

/** `low`: every ranged chip at the low end of its ranges (slower); `high`: at the high end. */
export const efficiencyCases = ["nominal", "low", "high"] as const;
export type EfficiencyCase = (typeof efficiencyCases)[number];

/** The share of peak a figure stands for in `at`: a bound of its range, or its value where it has none. */
export const efficiencyAt = (figure: EfficiencyFigure, at: EfficiencyCase): number =>
  at === "nominal" || figure.range === undefined ? figure.value : figure.range[at];

/** Whether any efficiency of the chip has a range, so its runs at the bounds differ from the nominal one. */
export const hasEfficiencyRange = (chip: Chip): boolean =>
  chip.efficiency.compute.range !== undefined || chip.efficiency.memory.range !== undefined;

/** One efficiency as applied in a range run: the low bound, the nominal value and the high bound. */
export interface BoundsApplied {
  low: number;
  value: number;
  high: number;
  /** Where the bounds come from; absent where the figure has no range (low = value = high). */
  source?: string;
}

/** A chip's efficiencies at the bounds a range run applies. */
export interface ChipBounds {
  chip: string;
  status: Chip["status"];
  compute: BoundsApplied;
  memory: BoundsApplied;
}

const applied = (figure: EfficiencyFigure): BoundsApplied => ({
  low: efficiencyAt(figure, "low"),
  value: figure.value,
  high: efficiencyAt(figure, "high"),
  ...(figure.range ? { source: figure.range.source } : {}),
});

/** The bounds a range run applies to `chip`. */
export const chipBounds = (chip: Chip): ChipBounds => ({
  chip: chip.id,
  status: chip.status,
  compute: applied(chip.efficiency.compute),
  memory: applied(chip.efficiency.memory),
});
