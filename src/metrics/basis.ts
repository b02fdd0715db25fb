/**
 * The figures behind the power and price metrics, in words and as data: which were used (with
 * kind, source and date), which were missing, and where a pool's price fell back from the basis
 * asked for, so a report can say why a value is what it is. Numbers print short (4 significant digits).
 */
import type { Pricing } from "../scenario/schema.js";
import type { UsedFigure } from "./figures.js";

export interface EnergyBasis {
  /** The pricing basis asked for (a pool without a figure on it falls back; see `fallbacks`). */
  pricing: Pricing;
  power: string[];
  price: string[];
  missing: string[];
  /** Pools priced on the other basis since their hardware has no figure on the one asked for. */
  fallbacks: string[];
  /** Every power and price figure used, once each, with its kind, source and date. */
  figures: UsedFigure[];
}

export const emptyBasis = (pricing: Pricing): EnergyBasis => ({
  pricing,
  power: [],
  price: [],
  missing: [],
  fallbacks: [],
  figures: [],
});

/** The lists of words a basis keeps. */
export type BasisList = "power" | "price" | "missing" | "fallbacks";

/**
 * Appends a line to one of a basis's lists, built only where a basis is kept: `null` asks for the
 * numbers alone (the search scores thousands of candidates and reads none of the words).
 */
export function note(basis: EnergyBasis | null, list: BasisList, line: (basis: EnergyBasis) => string): void {
  if (basis !== null) basis[list].push(line(basis));
}

/** An integer as it is, anything else to 4 significant digits. */
export function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** `kind, asOf` and, in a range run, which end of the range was taken. */
function provenance(f: UsedFigure): string {
  const parts: string[] = [f.kind];
  if (f.asOf) parts.push(f.asOf);
  if (f.value !== f.nominal && f.range) parts.push(`range end of ${fmt(f.range.low)}–${fmt(f.range.high)}`);
  return parts.join(", ");
}

/**
 * A figure with its unit and provenance, e.g. `700 W (vendor, 2024-03)`, `$2.5/h (rental, 2026-05)`;
 * records it in `basis.figures` (once per id and field).
 */
export function figure(f: UsedFigure, unit: "W" | "$" | "$/h", basis: EnergyBasis): string {
  if (!basis.figures.some((g) => g.id === f.id && g.field === f.field && g.value === f.value)) basis.figures.push(f);
  const value = unit === "W" ? `${fmt(f.value)} W` : unit === "$" ? `$${fmt(f.value)}` : `$${fmt(f.value)}/h`;
  return `${value} (${provenance(f)})`;
}
