/**
 * What every report says about uncertainty: which chips' figures are projections or vendor
 * announcements, which efficiency bounds and power and price ranges a range run applied, each
 * headline figure's range, the pricing basis and its fallbacks, the assumed power and price
 * figures each design rests on, and per design the power and price figures used with their sources.
 */
import * as catalog from "../catalog/index.js";
import type { ChipBounds } from "../catalog/efficiency.js";
import type { Chip } from "../catalog/schema.js";
import { citedTags, sources } from "../catalog/sources.js";
import type { DesignResult, HeadlineMetrics } from "../api/results.js";
import { fmt } from "../metrics/basis.js";
import type { UsedFigure } from "../metrics/figures.js";

export const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** Whether a range run moved the design: some chip's efficiency range, or some power or price figure's range. */
export const isRanged = (r: DesignResult): boolean =>
  (r.range?.chips.length ?? 0) > 0 || (r.range?.figures.length ?? 0) > 0;

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
  const low = format(Math.min(pessimistic, optimistic));
  const high = format(Math.max(pessimistic, optimistic));
  // a figure no range moves (latency when only prices are ranged) shows none
  return low === high ? "" : ` (${low}–${high})`;
}

/** Explains the " (a–b)" of a table; with the runs' names so the unsorted JSON fields can be found. */
export const RANGE_FOOTNOTE =
  "(a–b): the figure with every ranged chip at the low and at the high end of its efficiency ranges (same requests and seed), " +
  "and its power and price figures at the high and the low end of theirs, smaller first — in the JSON, `range.pessimistic` " +
  "(low efficiencies, high watts and dollars) and `range.optimistic`; a figure nothing moves shows none. " +
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
  notes.push(...pricingNotes(results), ...assumedNotes(results));
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
  for (const [design, figures] of byDesign(ranged, (r) => r.range!.figures))
    notes.push(`${design}: power and price ranges applied — ${figures.map(rangedText).join("; ")}`);
  const none = [...new Set(ranged.filter((r) => !isRanged(r)).map((r) => r.design))];
  if (none.length > 0)
    notes.push(
      `no range for ${none.join(", ")}: its chips' efficiencies are fitted to measurements (their error is in docs/validation.md) and its power and price figures have no range`,
    );
  return notes;
}

const units: Record<UsedFigure["field"], (v: number) => string> = {
  idleWatts: (v) => `${fmt(v)} W`,
  maxWatts: (v) => `${fmt(v)} W`,
  overheadWatts: (v) => `${fmt(v)} W`,
  purchaseUsd: (v) => `$${fmt(v)}`,
  usdPerHour: (v) => `$${fmt(v)}/h`,
};

/** `groq-lp30 maxWatts 650 W`: a figure as the catalog names it. */
const figureName = (f: UsedFigure): string => `${f.id} ${f.field} ${units[f.field](f.nominal)}`;

/** `nvidia-rubin maxWatts 1800 W (1800–2300 W, estimate)`. */
const rangedText = (f: UsedFigure): string =>
  `${figureName(f)} (${units[f.field](f.range!.low)}–${units[f.field](f.range!.high)}, ${f.kind})`;

/** Each design's figures picked by `pick`, once per design (a design runs once per model and workload), in first-seen order. */
function byDesign(results: DesignResult[], pick: (r: DesignResult) => UsedFigure[]): Map<string, UsedFigure[]> {
  const out = new Map<string, UsedFigure[]>();
  for (const r of results) {
    const list = out.get(r.design) ?? [];
    for (const f of pick(r))
      if (!list.some((g) => g.id === f.id && g.field === f.field && g.nominal === f.nominal)) list.push(f);
    if (list.length > 0) out.set(r.design, list);
  }
  return out;
}

/** The pricing basis, and each chip and system priced on the other one since it has no figure on it. */
function pricingNotes(results: DesignResult[]): string[] {
  const bases = [...new Set(results.map((r) => r.energyBasis.pricing).filter(Boolean))];
  if (bases.length === 0) return [];
  const basis =
    bases.length > 1
      ? `pricing: ${bases.join(" and ")}`
      : bases[0] === "rental"
        ? "pricing: rental — public on-demand rates (electricity included) where they exist"
        : "pricing: purchase — prices amortised, plus electricity at facility power";
  // "pool 0 (72 × nvidia-rubin in nvidia-vr-nvl72): no usdPerHour on …" → "no usdPerHour on …"
  const fallbacks = [
    ...new Set(results.flatMap((r) => r.energyBasis.fallbacks.map((f) => f.replace(/^[^:]*\): /, "")))),
  ];
  return [fallbacks.length > 0 ? `${basis}; fallback: ${fallbacks.join("; ")}` : basis];
}

/** Per design, the assumed and projected power and price figures it rests on (docs/designs.md §5 says how each was derived). */
function assumedNotes(results: DesignResult[]): string[] {
  const soft = (f: UsedFigure) => f.kind === "assumed" || f.kind === "projected";
  return [...byDesign(results, (r) => r.energyBasis.figures.filter(soft))].map(
    ([design, figures]) =>
      `${design}: assumed power and price figures — ${figures.map((f) => `${figureName(f)} (${f.kind})`).join(", ")}`,
  );
}

/** `f.source` with the address of each tag it cites (docs/sources.md), so a footnote can be checked without the repository. */
const sourceWithAddresses = (f: UsedFigure): string => {
  const addresses = citedTags(f.source)
    .filter((tag) => sources.has(tag))
    .map((tag) => `[${tag}] ${sources.get(tag)}`);
  return addresses.length > 0 ? `${f.source} (${addresses.join("; ")})` : f.source;
};

/** Per design, every power and price figure it used: value, kind, date and source, for a report's footnotes. */
export function figureFootnotes(results: DesignResult[]): { design: string; figures: string[] }[] {
  return [...byDesign(results, (r) => r.energyBasis.figures)].map(([design, figures]) => ({
    design,
    figures: figures.map(
      (f) =>
        `${figureName(f)} — ${f.kind}${f.asOf ? `, as of ${f.asOf}` : ""}${f.range ? `, range ${units[f.field](f.range.low)}–${units[f.field](f.range.high)}` : ""}: ${sourceWithAddresses(f)}`,
    ),
  }));
}
