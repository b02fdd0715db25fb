/**
 * One searched comparison from several, each of the same model, workload and options with one
 * design: a design's search does not depend on the others, so searching them one `compare` at a
 * time and merging gives the frontiers, levels and verdict of searching them together. The
 * explorer searches this way to show each confirmed frontier as it arrives.
 */
import type { ComparisonCase, ComparisonResult } from "./compare-types.js";
import { levelVerdict, readLevel } from "./levels.js";

/** The parts' first cases merged into one, frontiers in the parts' order, levels read across them all. */
export function searchedCase(parts: readonly ComparisonResult[]): ComparisonResult {
  if (parts.length === 0) throw new Error("searchedCase needs at least one searched comparison");
  const first = parts[0];
  const cases = parts.map((p) => p.cases[0]);
  if (cases.some((c) => !c.frontiers || !c.levels))
    throw new Error("searchedCase merges searched comparisons only (compare without a scenario)");
  const basis = first.basis ?? "mw";
  const frontiers = cases.flatMap((c) => c.frontiers!);
  const levels = cases[0].levels!.map((l) => readLevel(frontiers, l.level, basis, l.headline));
  const headline = levels.find((l) => l.headline)!;
  // per design, the point behind its headline figure, or its fastest where it cannot reach the headline (as compare)
  const shown = frontiers
    .filter((f) => f.points.length > 0)
    .map((f) => headline.readings.find((r) => r.design === f.design)?.point ?? f.points[f.points.length - 1]);
  const merged: ComparisonCase = {
    ...cases[0],
    results: shown.map((p) => p.result),
    verdicts: shown.map((p) => ({ design: p.result.design, binding: p.binding, explanation: p.explanation })),
    frontiers,
    levels,
    verdict: levels.map(levelVerdict),
  };
  return {
    ...first,
    cases: [merged],
    results: merged.results.map((r) => ({ ...r, workload: merged.workload })),
    notes: [...new Set(parts.flatMap((p) => p.notes ?? []))],
  };
}
