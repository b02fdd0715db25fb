/**
 * The machine-readable forms of a comparison (CSV, JSON): the same bytes from the CLI and from a
 * page, so this module stays portable (no Node built-ins, no terminal tables).
 */
import type { ComparisonResult } from "../api/compare-types.js";
import { csvCell, jsonReplacer } from "../encoding.js";
import { rangeCsvCells, rangeCsvHeader } from "./uncertainty.js";

const CSV_HEADER = [
  "model",
  "workload",
  "design",
  "kind",
  "chips",
  "ttft_mean_s",
  "ttft_p50_s",
  "ttft_p90_s",
  "ttft_p99_s",
  "tpot_mean_s",
  "tpot_p50_s",
  "tpot_p90_s",
  "tpot_p99_s",
  "e2e_p99_s",
  "output_tokens_per_s",
  "output_tokens_per_s_per_chip",
  "output_tokens_per_s_per_user",
  "requests_per_s",
  "goodput_requests_per_s",
  "slo_attainment",
  "power_w",
  "joules_per_output_token",
  "output_tokens_per_s_per_kw",
  "usd_per_million_output_tokens",
  "kv_transfer_p90_s",
  "overloaded",
  "binding",
];

/** One row per design per case; empty cells where a figure is unknown. */
function resultsCsv(result: ComparisonResult): string {
  const rows: unknown[][] = [];
  for (const c of result.cases) {
    for (const r of c.results) {
      const m = r.metrics;
      rows.push([
        c.model,
        c.workload,
        r.design,
        r.kind,
        m.chips,
        m.ttftSeconds.mean,
        m.ttftSeconds.p50,
        m.ttftSeconds.p90,
        m.ttftSeconds.p99,
        m.tpotSeconds.mean,
        m.tpotSeconds.p50,
        m.tpotSeconds.p90,
        m.tpotSeconds.p99,
        m.e2eSeconds.p99,
        m.outputTokensPerSecond,
        m.outputTokensPerSecondPerChip,
        m.outputTokensPerSecondPerUser,
        m.requestsPerSecond,
        m.goodputRequestsPerSecond,
        m.sloAttainment,
        m.powerWatts,
        m.joulesPerOutputToken,
        m.outputTokensPerSecondPerKilowatt,
        m.usdPerMillionOutputTokens,
        m.kvTransferSeconds.p90,
        m.overloaded,
        c.verdicts.find((v) => v.design === r.design)?.binding ?? null,
        ...rangeCsvCells(r, result.results),
      ]);
    }
  }
  return `${[[...CSV_HEADER, ...rangeCsvHeader(result.results)], ...rows].map((row) => row.map(csvCell).join(",")).join("\n")}\n`;
}

const FRONTIER_CSV_HEADER = [
  "model",
  "workload",
  "design",
  "configuration",
  "users",
  "max_sequences",
  "output_tokens_per_s_per_user",
  "ttft_p50_s",
  "ttft_p90_s",
  "output_tokens_per_s",
  "prompt_and_output_tokens_per_s",
  "chips",
  "output_tokens_per_s_per_chip",
  "output_tokens_per_s_per_mw_facility",
  "output_tokens_per_s_per_mw_it",
  "output_tokens_per_s_per_usd_per_hour",
  "usd_per_million_output_tokens",
  "joules_per_output_token",
  "pricing",
  "binding",
];

/** A searched comparison's frontiers: one row per confirmed point. */
function frontierCsv(result: ComparisonResult): string {
  const rows: unknown[][] = [];
  for (const c of result.cases)
    for (const f of c.frontiers ?? [])
      for (const p of f.points)
        rows.push([
          c.model,
          c.workload,
          f.design,
          p.label,
          p.concurrency,
          p.maxSequences,
          p.outputTokensPerSecondPerUser,
          p.ttftSeconds.p50,
          p.ttftSeconds.p90,
          p.outputTokensPerSecond,
          p.promptAndOutputTokensPerSecond,
          p.chips,
          p.outputTokensPerSecondPerChip,
          p.outputTokensPerSecondPerMegawattFacility,
          p.outputTokensPerSecondPerMegawattIt,
          p.outputTokensPerSecondPerUsdPerHour,
          p.usdPerMillionOutputTokens,
          p.joulesPerOutputToken,
          p.pricing,
          p.binding,
        ]);
  return `${[FRONTIER_CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(",")).join("\n")}\n`;
}

/** The CSV of a comparison: the frontier points of a searched one, else one row per design per case. */
export const comparisonCsv = (result: ComparisonResult): string =>
  result.cases.some((c) => c.frontiers) ? frontierCsv(result) : resultsCsv(result);

/**
 * Budget, SLO, every design result and every verdict (with its model and workload); for a searched
 * comparison also the basis, and per case the frontiers (points without their full run, which
 * `results` holds for the point shown per design), the levels and the verdict.
 */
export function comparisonJson(result: ComparisonResult): string {
  const searched = result.cases.some((c) => c.frontiers);
  return JSON.stringify(
    {
      budget: result.budget,
      budgetDescription: result.budgetDescription,
      slo: result.slo,
      ...(searched
        ? {
            basis: result.basis,
            ttftFilterSeconds: result.ttftFilterSeconds,
            notes: result.notes,
            cases: result.cases.map((c) => ({
              model: c.model,
              workload: c.workload,
              workloadDescription: c.workloadDescription,
              frontiers: c.frontiers!.map((f) => ({ ...f, points: f.points.map(({ result: _r, ...p }) => p) })),
              levels: c.levels!.map((l) => ({
                ...l,
                readings: l.readings.map(({ point, ...r }) => ({ ...r, configuration: point.label })),
              })),
              verdict: c.verdict,
            })),
          }
        : {}),
      results: result.results,
      verdicts: result.cases.flatMap((c) => c.verdicts.map((v) => ({ model: c.model, workload: c.workload, ...v }))),
    },
    jsonReplacer,
    2,
  );
}
