/**
 * What every report says about uncertainty: which chips' figures are projections or vendor
 * announcements, which efficiency bounds a range run applied, and each headline figure's range.
 */
import * as catalog from "../catalog/index.js";
import type { ChipBounds } from "../catalog/efficiency.js";
import type { Chip } from "../catalog/schema.js";
import type { DesignResult, HeadlineMetrics } from "../api/results.js";

export const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** Whether the design ran at the bounds of some chip's efficiency range (a range run of a design with no ranged chip did not). */
export const isRanged = (r: DesignResult): boolean => (r.range?.chips.length ?? 0) > 0;

/**
 * " (a–b)": the figure in the runs at both ends of the efficiency ranges, smaller first (for latency
 * the pessimistic run is the larger one); "" where the design has no ranged chip or neither run has the figure.
 */
export function rangeSuffix(
  r: DesignResult,
  value: (m: HeadlineMetrics) => number | null,
  format: (v: number) => string,
): string {
  if (!isRanged(r)) return "";
  const pessimistic = value(r.range!.pessimistic);
  const optimistic = value(r.range!.optimistic);
  const text = (v: number | null) => (finite(v) ? format(v) : "—");
  if (!finite(pessimistic) && !finite(optimistic)) return "";
  if (!finite(pessimistic) || !finite(optimistic)) return ` (${text(pessimistic)}–${text(optimistic)})`;
  return ` (${format(Math.min(pessimistic, optimistic))}–${format(Math.max(pessimistic, optimistic))})`;
}

/** Explains the " (a–b)" of a table; with the runs' names so the unsorted JSON fields can be found. */
export const RANGE_FOOTNOTE =
  "(a–b): the figure with every ranged chip at the low and at the high end of its efficiency ranges (same requests and seed), " +
  "smaller first — in the JSON, `range.pessimistic` (low efficiencies) and `range.optimistic` (high); designs with no ranged chip show none. " +
  "See docs/uncertainty.md.";

/** The CSV columns of a range run: each as `<name>_pessimistic` and `<name>_optimistic`. */
const rangeColumns: [string, (m: HeadlineMetrics) => number | boolean | null][] = [
  ["ttft_p50_s", (m) => m.ttftSeconds.p50],
  ["ttft_p90_s", (m) => m.ttftSeconds.p90],
  ["ttft_p99_s", (m) => m.ttftSeconds.p99],
  ["tpot_p50_s", (m) => m.tpotSeconds.p50],
  ["tpot_p90_s", (m) => m.tpotSeconds.p90],
  ["tpot_p99_s", (m) => m.tpotSeconds.p99],
  ["e2e_p99_s", (m) => m.e2eSeconds.p99],
  ["output_tokens_per_s", (m) => m.outputTokensPerSecond],
  ["output_tokens_per_s_per_chip", (m) => m.outputTokensPerSecondPerChip],
  ["output_tokens_per_s_per_user", (m) => m.outputTokensPerSecondPerUser],
  ["requests_per_s", (m) => m.requestsPerSecond],
  ["goodput_requests_per_s", (m) => m.goodputRequestsPerSecond],
  ["slo_attainment", (m) => m.sloAttainment],
  ["power_w", (m) => m.powerWatts],
  ["joules_per_output_token", (m) => m.joulesPerOutputToken],
  ["output_tokens_per_s_per_kw", (m) => m.outputTokensPerSecondPerKilowatt],
  ["usd_per_million_output_tokens", (m) => m.usdPerMillionOutputTokens],
  ["overloaded", (m) => m.overloaded],
];

/** Header of the range columns, or none when no result carries a range. */
export const rangeCsvHeader = (results: DesignResult[]): string[] =>
  results.some((r) => r.range)
    ? [...rangeColumns.flatMap(([name]) => [`${name}_pessimistic`, `${name}_optimistic`]), "ranged_chips"]
    : [];

/** One result's range cells (its nominal figures where it has no ranged chip), or none when no result carries a range. */
export function rangeCsvCells(r: DesignResult, results: DesignResult[]): unknown[] {
  if (!results.some((x) => x.range)) return [];
  if (!r.range) return [...rangeColumns.flatMap(() => [null, null]), null];
  const { pessimistic, optimistic, chips } = r.range;
  return [
    ...rangeColumns.flatMap(([, value]) => [value(pessimistic), value(optimistic)]),
    chips.map((c) => c.chip).join(" "),
  ];
}

const share = (v: number) => `${Number(v.toFixed(3))}`;
const bounds = (b: ChipBounds["compute"], kind: string) =>
  b.source === undefined
    ? `${share(b.value)} (${kind}, no range)`
    : `${share(b.low)}–${share(b.high)} (nominal ${share(b.value)}, ${kind})`;

/** What a chip's figures are, in the words every report uses: "shipping", or why they are not measured. */
export const chipStatusText = (chip: Chip): string =>
  chip.status === "shipping"
    ? "shipping"
    : chip.status === "projected"
      ? "projected figures (roadmap)"
      : "vendor-announced figures for a 2026 part";

/**
 * One line per chip whose figures are projections or vendor announcements, per chip whose
 * efficiency bounds a range run applied, and one naming the designs a range run left without a
 * range; without a range run, one naming the chips that have ranges to run, and how to run them
 * (`rangeSwitch`: the CLI's flag by default, a page names its own control).
 */
export function uncertaintyNotes(results: DesignResult[], rangeSwitch = "run with uncertainty (--range)"): string[] {
  const ids = [...new Set(results.flatMap((r) => r.pools.map((p) => p.chip)))].sort();
  const notes: string[] = [];
  for (const id of ids) {
    const chip = catalog.chip(id);
    if (chip.status !== "shipping") {
      notes.push(`${id}: ${chipStatusText(chip)} — not measured`);
      continue;
    }
    const projected = [
      ...Object.entries(chip.computeFlopsPerSecond)
        .filter(([, f]) => f.kind === "projected")
        .map(([datatype]) => `${datatype} compute`),
      ...chip.memory.filter((t) => t.bytesPerSecond.kind === "projected").map((t) => `${t.name} bandwidth`),
    ];
    if (projected.length > 0) notes.push(`${id}: projected ${projected.join(", ")} — not measured`);
  }
  const ranged = results.filter((r) => r.range);
  if (ranged.length === 0) {
    const withRange = ids.filter((id) => {
      const e = catalog.chip(id).efficiency;
      return e.compute.range || e.memory.range;
    });
    if (withRange.length > 0)
      notes.push(
        `efficiency ranges exist for ${withRange.join(", ")}: ${rangeSwitch} to see how far they move the figures`,
      );
    return notes;
  }
  const applied = new Map(ranged.flatMap((r) => r.range!.chips.map((b) => [b.chip, b] as const)));
  for (const [id, b] of [...applied].sort(([a], [c]) => a.localeCompare(c))) {
    const e = catalog.chip(id).efficiency;
    notes.push(
      `${id}: efficiency range applied — compute ${bounds(b.compute, e.compute.kind)}, memory ${bounds(b.memory, e.memory.kind)}`,
    );
  }
  const none = [...new Set(ranged.filter((r) => !isRanged(r)).map((r) => r.design))];
  if (none.length > 0)
    notes.push(
      `no range for ${none.join(", ")}: its chips' efficiencies are fitted to measurements (their error is in docs/validation.md)`,
    );
  return notes;
}
