/**
 * The content every human-readable comparison format shares (terminal, Markdown, HTML): rows of
 * cells, each cell one or more values, each value marked when it is the best of the case; and the
 * lines around the tables (summary, SLO, budget, footnote, verdicts, warnings).
 */
import type { ComparisonCase, ComparisonResult } from "../api/compare-types.js";
import type { Budget } from "../designs/sizing.js";
import type { DesignResult } from "../api/results.js";
import { finite, isRanged, rangeSuffix } from "./uncertainty.js";
import { formatCount, formatPercent, formatSeconds, formatWatts } from "./units.js";

export interface Part {
  text: string;
  best: boolean;
  /** Shown after the best mark (e.g. "(below p90)"). */
  suffix?: string;
}

export interface Row {
  label: string;
  /** One per design of the case. */
  cells: Part[][];
  /** Between the parts of a cell: " / " for paired figures, a line break for the pools. */
  separator: " / " | "\n";
}

type Better = "max" | "min";

interface Metric {
  value: (r: DesignResult) => number | null;
  format: (value: number | null, r: DesignResult) => string;
  better?: Better;
  suffix?: (r: DesignResult) => string | undefined;
  /** A headline metric: `value` reads only fields a range run reports, so the cell shows its range. */
  ranged?: true;
}

/** The metric's value in the runs at the ends of the efficiency ranges, as " (a–b)"; "" where there are none. */
const rangeOf = (m: Metric, r: DesignResult): string =>
  m.ranged
    ? rangeSuffix(
        r,
        (bound) => m.value({ ...r, metrics: { ...r.metrics, ...bound } }),
        (v) => m.format(v, r),
      )
    : "";

const dash = (f: (v: number) => string) => (v: number | null) => (finite(v) ? f(v) : "—");
const unknown = (f: (v: number) => string) => (v: number | null) => (finite(v) ? f(v) : "unknown");

const seconds = dash(formatSeconds);
const joules = (v: number) => `${v.toPrecision(3)} J`;
const dollars = (v: number) => `$${v.toPrecision(3)}`;
const rate = (v: number) => v.toFixed(2);

const budgetNames: Record<Budget, string> = { power: "equal power", cost: "equal cost", chips: "equal chips" };

/** The indices of the best values: finite ones of designs that are not overloaded; ties all win. */
function bestOf(values: (number | null)[], results: DesignResult[], better: Better): Set<number> {
  const best = new Set<number>();
  if (results.length < 2) return best;
  const ranked = values.map((v, i) => (finite(v) && !results[i].metrics.overloaded ? v : null));
  const candidates = ranked.filter(finite);
  if (candidates.length === 0) return best;
  const target = better === "max" ? Math.max(...candidates) : Math.min(...candidates);
  ranked.forEach((v, i) => {
    if (v === target) best.add(i);
  });
  return best;
}

function metricRow(label: string, results: DesignResult[], metrics: Metric[]): Row {
  const marks = metrics.map((m) => (m.better ? bestOf(results.map(m.value), results, m.better) : new Set<number>()));
  return {
    label,
    separator: " / ",
    cells: results.map((r, i) =>
      metrics.map((m, k) => ({
        text: `${m.format(m.value(r), r)}${rangeOf(m, r)}`,
        best: marks[k].has(i),
        suffix: m.suffix?.(r),
      })),
    ),
  };
}

export function caseRows(c: ComparisonCase, slo: ComparisonResult["slo"]): Row[] {
  const rs = c.results;
  const one = (label: string, metric: Metric) => metricRow(label, rs, [metric]);
  const below = (r: DesignResult) =>
    r.metrics.sloAttainment * 100 >= slo.percentile ? undefined : `(below p${slo.percentile})`;
  return [
    {
      label: "hardware",
      separator: "\n",
      cells: rs.map((r) => r.pools.map((p) => ({ text: `${p.role}: ${p.chips} × ${p.chip}`, best: false }))),
    },
    metricRow("TTFT p50 / p90", rs, [
      { value: (r) => r.metrics.ttftSeconds.p50, format: seconds, better: "min", ranged: true },
      { value: (r) => r.metrics.ttftSeconds.p90, format: seconds, better: "min", ranged: true },
    ]),
    metricRow("TPOT p50 / p90", rs, [
      { value: (r) => r.metrics.tpotSeconds.p50, format: seconds, better: "min", ranged: true },
      { value: (r) => r.metrics.tpotSeconds.p90, format: seconds, better: "min", ranged: true },
    ]),
    one("output tokens/s per user (mean)", {
      value: (r) => r.metrics.outputTokensPerSecondPerUser,
      format: dash(formatCount),
      better: "max",
      ranged: true,
    }),
    one("output tokens/s", {
      value: (r) => r.metrics.outputTokensPerSecond,
      format: dash(formatCount),
      better: "max",
      ranged: true,
    }),
    one("output tokens/s per chip", {
      value: (r) => r.metrics.outputTokensPerSecondPerChip,
      format: dash(formatCount),
      better: "max",
      ranged: true,
    }),
    one("goodput requests/s", {
      value: (r) => r.metrics.goodputRequestsPerSecond,
      format: dash(rate),
      better: "max",
      ranged: true,
    }),
    one("SLO attainment", {
      value: (r) => r.metrics.sloAttainment,
      format: dash(formatPercent),
      better: "max",
      suffix: below,
      ranged: true,
    }),
    one("power (IT)", { value: (r) => r.metrics.powerWatts, format: unknown(formatWatts), ranged: true }),
    one("J per output token", {
      value: (r) => r.metrics.joulesPerOutputToken,
      format: unknown(joules),
      better: "min",
      ranged: true,
    }),
    one("output tokens/s per kW", {
      value: (r) => r.metrics.outputTokensPerSecondPerKilowatt,
      format: unknown(formatCount),
      better: "max",
      ranged: true,
    }),
    one("$ per million output tokens", {
      value: (r) => r.metrics.usdPerMillionOutputTokens,
      format: unknown(dollars),
      better: "min",
      ranged: true,
    }),
    one("KV transfer p90", { value: (r) => r.metrics.kvTransferSeconds.p90, format: seconds }),
    { label: "overloaded", separator: " / ", cells: rs.map((r) => [{ text: overloadedText(r), best: false }]) },
  ];
}

/** YES or no, and what the low-efficiency run says where it differs. */
const overloadedText = (r: DesignResult): string => {
  const text = r.metrics.overloaded ? "YES" : "no";
  const low = r.range?.pessimistic.overloaded;
  return isRanged(r) && low !== r.metrics.overloaded ? `${text} (${low ? "YES" : "no"} at low efficiency)` : text;
};

export const FOOTNOTE =
  "* best of this case: highest tokens/s (overall, per chip, per user, per kW), goodput and SLO attainment; " +
  "lowest TTFT, TPOT, J and $ per token. Unknown values and overloaded designs are not ranked.";

const overloadedLine = (design: string) =>
  `${design}: overloaded — the queue grows without bound at this load, so its latency and throughput are not steady-state figures; it is not ranked`;

const verdictLines = (c: ComparisonCase): string[] =>
  c.verdicts.map((v) => `${v.design}: ${v.binding} — ${v.explanation}`);
const overloadedLines = (c: ComparisonCase): string[] =>
  c.results.filter((r) => r.metrics.overloaded).map((r) => overloadedLine(r.design));
const warningLines = (c: ComparisonCase): string[] =>
  c.results.flatMap((r) => r.warnings.map((w) => `warning (${r.design}): ${w}`));

/** Per case, the lines below its table: verdicts, then overloaded designs, then warnings. */
export const caseLines = (c: ComparisonCase): string[] => [
  ...verdictLines(c),
  ...overloadedLines(c),
  ...warningLines(c),
];

export const caseTitle = (c: ComparisonCase) => `${c.model} × ${c.workload}`;
export const sloText = (slo: ComparisonResult["slo"]) =>
  `TTFT ≤ ${formatSeconds(slo.ttftSeconds)} and TPOT ≤ ${formatSeconds(slo.tpotSeconds)} for p${slo.percentile} of requests`;
export const budgetText = (result: ComparisonResult) =>
  result.basis
    ? result.budgetDescription
    : `${budgetNames[result.budget] ?? result.budget} — ${result.budgetDescription}`;

export const unique = (xs: string[]) => [...new Set(xs)];

export function summaryText(result: ComparisonResult): string {
  const designs = unique(result.cases.flatMap((c) => c.results.map((r) => r.design)));
  const models = unique(result.cases.map((c) => c.model));
  const workloads = unique(result.cases.map((c) => c.workload));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return (
    `${plural(designs.length, "design")} (${designs.join(", ")}) on ${plural(models.length, "model")} (${models.join(", ")}) × ` +
    `${plural(workloads.length, "workload")} (${workloads.join(", ")})`
  );
}
