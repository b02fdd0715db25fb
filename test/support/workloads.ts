// What the workload tests share: a workload from its input form, short forms of a fixed length and
// a Poisson arrival, a sample's mean and coefficient of variation, and the table invariants the
// event loop relies on (predecessor < index, starts ascending).
import { Workload } from "../../src/workload/schema.js";
import type { RequestTable } from "../../src/workload/table.js";

/** A validated workload with defaults filled in, from its input form. */
export const workload = (input: Record<string, unknown>): Workload => Workload.parse(input);

export const fixed = (tokens: number) => ({ kind: "fixed", tokens });
export const poisson = (ratePerSecond: number) => ({ kind: "poisson", ratePerSecond });

export function meanAndCv(values: ArrayLike<number>): { mean: number; cv: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, cv: Math.sqrt(squares / values.length) / mean };
}

/** The first broken table invariant, or undefined. */
export function brokenInvariant(table: RequestTable): string | undefined {
  let lastStart = -Infinity;
  for (let i = 0; i < table.count; i++) {
    const p = table.predecessor[i];
    if (p < -1 || p >= i) return `request ${i}: predecessor ${p}`;
    if (table.inputTokens[i] < 1 || table.outputTokens[i] < 1)
      return `request ${i}: tokens ${table.inputTokens[i]}/${table.outputTokens[i]}`;
    if (table.prefixTokens[i] >= table.inputTokens[i])
      return `request ${i}: prefix ${table.prefixTokens[i]} not below input ${table.inputTokens[i]}`;
    if (!(table.gapSeconds[i] >= 0)) return `request ${i}: gap ${table.gapSeconds[i]}`;
    if (p >= 0 && !Number.isNaN(table.arrivalSeconds[i]))
      return `request ${i}: a dependent with arrival ${table.arrivalSeconds[i]}`;
    if (p < 0) {
      if (!(table.arrivalSeconds[i] >= lastStart))
        return `request ${i}: arrival ${table.arrivalSeconds[i]} before ${lastStart}`;
      lastStart = table.arrivalSeconds[i];
    }
  }
  return undefined;
}
