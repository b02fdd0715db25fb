/**
 * The figures behind the power and price metrics, in words: which were used and which were
 * missing, so a report can say why a value is null. Numbers print short (4 significant digits).
 */
import type { Figure } from "../catalog/schema.js";

export interface EnergyBasis {
  power: string[];
  price: string[];
  missing: string[];
}

/** An integer as it is, anything else to 4 significant digits. */
export function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** A catalog figure with its unit and kind, e.g. `700 W (vendor)`, `$2.5/h (vendor)`. */
export function figure(f: Figure, unit: string): string {
  if (unit === "$") return `$${fmt(f.value)} (${f.kind})`;
  if (unit === "$/h") return `$${fmt(f.value)}/h (${f.kind})`;
  return `${fmt(f.value)} ${unit} (${f.kind})`;
}
