/** Reports of a simulation: a side-by-side table, CSV of the summary or of every request. */
import type { SimulationResult, DesignResult, HeadlineMetrics } from "../api/results.js";
import type { Distribution } from "../metrics/percentiles.js";
import { newTable } from "./table.js";
import { csvCell, jsonReplacer } from "../encoding.js";
import { RANGE_FOOTNOTE, isRanged, rangeCsvCells, rangeCsvHeader, rangeSuffix } from "./uncertainty.js";
import { formatCount, formatPercent, formatSeconds, formatWatts } from "./units.js";

const dist = (d: Distribution): string =>
  d.mean === null ? "—" : `${formatSeconds(d.mean)} / ${formatSeconds(d.p90!)} / ${formatSeconds(d.p99!)}`;

type DistributionKey = "ttftSeconds" | "tpotSeconds" | "e2eSeconds";

/** Mean / p90 / p99, each with its range where the design ran at the ends of its efficiency ranges. */
const rangedDist = (r: DesignResult, key: DistributionKey): string => {
  const d = r.metrics[key];
  if (d.mean === null || !isRanged(r)) return dist(d);
  return (["mean", "p90", "p99"] as const)
    .map((q) => `${formatSeconds(d[q]!)}${rangeSuffix(r, (m) => m[key][q], formatSeconds)}`)
    .join(" / ");
};

/** `format` of the nominal figure, then its range where there is one; `missing` where the figure is null. */
const ranged = (
  r: DesignResult,
  value: (m: HeadlineMetrics) => number | null,
  format: (v: number) => string,
  missing = "—",
): string => {
  const v = value(r.metrics);
  return v === null ? missing : `${format(v)}${rangeSuffix(r, value, format)}`;
};

const rate = (v: number) => v.toFixed(2);
const joules = (v: number) => `${v.toPrecision(3)} J`;
const dollars = (v: number) => `$${v.toPrecision(3)}`;

/** One column per design; rows are metrics. `notes` (which figures are projections, which bounds were applied) follow the table. */
export function simulationTable(result: SimulationResult, notes: string[] = []): string {
  const table = newTable(["metric", ...result.results.map((r) => r.design)]);
  const row = (label: string, value: (r: DesignResult) => string) => table.push([label, ...result.results.map(value)]);
  row("hardware", (r) =>
    r.pools
      .map(
        (p) =>
          `${p.role}: ${p.chips} × ${p.chip}, ${p.replicas} × (tp ${p.layout.tp} pp ${p.layout.pp} ep ${p.layout.ep})`,
      )
      .join("\n"),
  );
  row("TTFT mean / p90 / p99", (r) => rangedDist(r, "ttftSeconds"));
  row("TPOT mean / p90 / p99", (r) => rangedDist(r, "tpotSeconds"));
  row("ITL mean / p90 / p99", (r) => dist(r.metrics.itlSeconds));
  row("end-to-end mean / p90 / p99", (r) => rangedDist(r, "e2eSeconds"));
  row("queueing mean / p90 / p99", (r) => dist(r.metrics.queueingSeconds));
  row("output tokens/s", (r) => ranged(r, (m) => m.outputTokensPerSecond, formatCount));
  row("output tokens/s per chip", (r) => ranged(r, (m) => m.outputTokensPerSecondPerChip, formatCount));
  row("output tokens/s per user", (r) => ranged(r, (m) => m.outputTokensPerSecondPerUser, formatCount));
  row("decode tokens/s per user (1 / median ITL)", (r) =>
    r.metrics.decodeTokensPerSecondPerUser === null ? "—" : formatCount(r.metrics.decodeTokensPerSecondPerUser),
  );
  row("requests/s", (r) => ranged(r, (m) => m.requestsPerSecond, rate));
  row(
    `goodput requests/s (TTFT ≤ ${formatSeconds(result.slo.ttftSeconds)}, TPOT ≤ ${formatSeconds(result.slo.tpotSeconds)})`,
    (r) => ranged(r, (m) => m.goodputRequestsPerSecond, rate),
  );
  row(
    "SLO attainment",
    (r) =>
      `${ranged(r, (m) => m.sloAttainment, formatPercent)}${r.metrics.sloAttainment * 100 >= result.slo.percentile ? "" : ` (below p${result.slo.percentile})`}`,
  );
  row("arrived / finished / rejected", (r) => `${r.metrics.arrived} / ${r.metrics.finished} / ${r.metrics.rejected}`);
  row("preemptions (recompute / swap)", (r) => `${r.metrics.recomputes} / ${r.metrics.swaps}`);
  row("prefix-cache hit rate", (r) =>
    r.metrics.prefixCacheHitRate === null ? "—" : formatPercent(r.metrics.prefixCacheHitRate),
  );
  row(
    "KV usage mean / peak",
    (r) =>
      `${r.metrics.kvUsage.mean === null ? "—" : formatPercent(r.metrics.kvUsage.mean)} / ${formatPercent(r.metrics.kvUsage.peak)}`,
  );
  row("KV transfer mean / p90 / p99", (r) => dist(r.metrics.kvTransferSeconds));
  // where steps bound by memory draw less than the maximum, the share of the power range drawn too
  row("busy share per pool", (r) =>
    r.metrics.utilisation
      .map(
        (u) =>
          `${u.pool} ${formatPercent(u.busyShare)}${u.powerShare < u.busyShare - 5e-4 ? ` (drawing ${formatPercent(u.powerShare)} of idle→max)` : ""}`,
      )
      .join(", "),
  );
  row("power (IT)", (r) => ranged(r, (m) => m.powerWatts, formatWatts, "unknown"));
  row("energy per output token", (r) => ranged(r, (m) => m.joulesPerOutputToken, joules, "unknown"));
  row("output tokens/s per kW", (r) => ranged(r, (m) => m.outputTokensPerSecondPerKilowatt, formatCount, "unknown"));
  row("$ per million output tokens", (r) => ranged(r, (m) => m.usdPerMillionOutputTokens, dollars, "unknown"));
  row("  of which hardware / energy / space", (r) => costSplit(r.metrics));
  row("overloaded", (r) => {
    const overloaded = r.metrics.overloaded ? "YES — queue grows without bound" : "no";
    return isRanged(r) && r.range!.pessimistic.overloaded !== r.metrics.overloaded
      ? `${overloaded} (at low efficiency: ${r.range!.pessimistic.overloaded ? "YES" : "no"})`
      : overloaded;
  });
  const lines = [`${result.model}, ${result.requests} requests (seed ${result.seed})`, table.toString()];
  if (result.results.some(isRanged)) lines.push(RANGE_FOOTNOTE);
  for (const r of result.results) for (const w of r.warnings) lines.push(`warning (${r.design}): ${w}`);
  for (const note of notes) lines.push(`note: ${note}`);
  return lines.join("\n");
}

/** $/M output tokens split: hardware (rental, or purchase amortised), electricity, datacenter space. */
function costSplit(m: SimulationResult["results"][number]["metrics"]): string {
  const part = (v: number | null) => (v === null ? "unknown" : dollars(v));
  return `${part(m.hardwareUsdPerMillionOutputTokens)} / ${part(m.energyUsdPerMillionOutputTokens)} / ${part(m.datacenterUsdPerMillionOutputTokens)}`;
}

/** One row per design with the headline metrics. */
export function simulationCsv(result: SimulationResult): string {
  const header = [
    "design",
    "chips",
    "ttft_mean_s",
    "ttft_p50_s",
    "ttft_p90_s",
    "ttft_p99_s",
    "tpot_mean_s",
    "tpot_p50_s",
    "tpot_p90_s",
    "tpot_p99_s",
    "e2e_mean_s",
    "e2e_p99_s",
    "output_tokens_per_s",
    "output_tokens_per_s_per_chip",
    "output_tokens_per_s_per_user",
    "requests_per_s",
    "goodput_requests_per_s",
    "slo_attainment",
    "arrived",
    "finished",
    "rejected",
    "preemptions",
    "overloaded",
    ...rangeCsvHeader(result.results),
  ];
  const rows = result.results.map((r) => {
    const m = r.metrics;
    return [
      r.design,
      m.chips,
      m.ttftSeconds.mean,
      m.ttftSeconds.p50,
      m.ttftSeconds.p90,
      m.ttftSeconds.p99,
      m.tpotSeconds.mean,
      m.tpotSeconds.p50,
      m.tpotSeconds.p90,
      m.tpotSeconds.p99,
      m.e2eSeconds.mean,
      m.e2eSeconds.p99,
      m.outputTokensPerSecond,
      m.outputTokensPerSecondPerChip,
      m.outputTokensPerSecondPerUser,
      m.requestsPerSecond,
      m.goodputRequestsPerSecond,
      m.sloAttainment,
      m.arrived,
      m.finished,
      m.rejected,
      m.preemptions,
      m.overloaded,
      ...rangeCsvCells(r, result.results),
    ];
  });
  return `${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
}

/** One row per request per design (needs `perRequest`). */
export function requestsCsv(result: SimulationResult): string {
  const lines = [
    "design,request,arrival_s,first_token_s,finish_s,input_tokens,output_tokens,status,preemptions,replica,prefix_hit_tokens",
  ];
  for (const r of result.results) {
    const q = r.requests;
    if (!q) continue;
    for (let i = 0; i < q.status.length; i++) {
      lines.push(
        [
          r.design,
          i,
          q.arrivalSeconds[i],
          q.firstTokenSeconds[i],
          q.finishSeconds[i],
          q.inputTokens[i],
          q.outputTokens[i],
          q.status[i],
          q.preemptions[i],
          q.replica[i],
          q.prefixHitTokens[i],
        ]
          .map(csvCell)
          .join(","),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** JSON with typed arrays as plain arrays and NaN as null. */
export function simulationJson(result: SimulationResult): string {
  return JSON.stringify(result, jsonReplacer, 2);
}
