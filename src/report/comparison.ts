/**
 * Reports of `infercast compare`: the designs of each model × workload side by side, as a terminal
 * table, Markdown, CSV, JSON, and one self-contained HTML page with Chart.js charts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ComparisonCase, ComparisonResult } from "../api/compare-types.js";
import type { Budget } from "../designs/sizing.js";
import type { DesignResult } from "../api/results.js";
import { jsonReplacer } from "../encoding.js";
import { newTable } from "./table.js";
export { comparisonCsv, comparisonJson } from "./comparison-data.js";
import { RANGE_FOOTNOTE, isRanged, rangeSuffix } from "./uncertainty.js";
import { formatCount, formatPercent, formatSeconds, formatWatts } from "./units.js";

// ---------------------------------------------------------------------------------------------
// The content every human-readable format shares: rows of cells, each cell one or more values,
// each value marked when it is the best of the case.

interface Part {
  text: string;
  best: boolean;
  /** Shown after the best mark (e.g. "(below p90)"). */
  suffix?: string;
}

interface Row {
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
  m.ranged ? rangeSuffix(r, (bound) => m.value({ ...r, metrics: { ...r.metrics, ...bound } }), (v) => m.format(v, r)) : "";

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);
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
  ranked.forEach((v, i) => { if (v === target) best.add(i); });
  return best;
}

function metricRow(label: string, results: DesignResult[], metrics: Metric[]): Row {
  const marks = metrics.map((m) => (m.better ? bestOf(results.map(m.value), results, m.better) : new Set<number>()));
  return {
    label,
    separator: " / ",
    cells: results.map((r, i) => metrics.map((m, k) => ({ text: `${m.format(m.value(r), r)}${rangeOf(m, r)}`, best: marks[k].has(i), suffix: m.suffix?.(r) }))),
  };
}

function caseRows(c: ComparisonCase, slo: ComparisonResult["slo"]): Row[] {
  const rs = c.results;
  const one = (label: string, metric: Metric) => metricRow(label, rs, [metric]);
  const below = (r: DesignResult) => (r.metrics.sloAttainment * 100 >= slo.percentile ? undefined : `(below p${slo.percentile})`);
  return [
    { label: "hardware", separator: "\n", cells: rs.map((r) => r.pools.map((p) => ({ text: `${p.role}: ${p.chips} × ${p.chip}`, best: false }))) },
    metricRow("TTFT p50 / p90", rs, [
      { value: (r) => r.metrics.ttftSeconds.p50, format: seconds, better: "min", ranged: true },
      { value: (r) => r.metrics.ttftSeconds.p90, format: seconds, better: "min", ranged: true },
    ]),
    metricRow("TPOT p50 / p90", rs, [
      { value: (r) => r.metrics.tpotSeconds.p50, format: seconds, better: "min", ranged: true },
      { value: (r) => r.metrics.tpotSeconds.p90, format: seconds, better: "min", ranged: true },
    ]),
    one("output tokens/s per user (mean)", { value: (r) => r.metrics.outputTokensPerSecondPerUser, format: dash(formatCount), better: "max", ranged: true }),
    one("output tokens/s", { value: (r) => r.metrics.outputTokensPerSecond, format: dash(formatCount), better: "max", ranged: true }),
    one("output tokens/s per chip", { value: (r) => r.metrics.outputTokensPerSecondPerChip, format: dash(formatCount), better: "max", ranged: true }),
    one("goodput requests/s", { value: (r) => r.metrics.goodputRequestsPerSecond, format: dash(rate), better: "max", ranged: true }),
    one("SLO attainment", { value: (r) => r.metrics.sloAttainment, format: dash(formatPercent), better: "max", suffix: below, ranged: true }),
    one("power (IT)", { value: (r) => r.metrics.powerWatts, format: unknown(formatWatts), ranged: true }),
    one("J per output token", { value: (r) => r.metrics.joulesPerOutputToken, format: unknown(joules), better: "min", ranged: true }),
    one("output tokens/s per kW", { value: (r) => r.metrics.outputTokensPerSecondPerKilowatt, format: unknown(formatCount), better: "max", ranged: true }),
    one("$ per million output tokens", { value: (r) => r.metrics.usdPerMillionOutputTokens, format: unknown(dollars), better: "min", ranged: true }),
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

const FOOTNOTE =
  "* best of this case: highest tokens/s (overall, per chip, per user, per kW), goodput and SLO attainment; " +
  "lowest TTFT, TPOT, J and $ per token. Unknown values and overloaded designs are not ranked.";

const overloadedLine = (design: string) =>
  `${design}: overloaded — the queue grows without bound at this load, so its latency and throughput are not steady-state figures; it is not ranked`;

const verdictLines = (c: ComparisonCase): string[] => c.verdicts.map((v) => `${v.design}: ${v.binding} — ${v.explanation}`);
const overloadedLines = (c: ComparisonCase): string[] => c.results.filter((r) => r.metrics.overloaded).map((r) => overloadedLine(r.design));
const warningLines = (c: ComparisonCase): string[] => c.results.flatMap((r) => r.warnings.map((w) => `warning (${r.design}): ${w}`));

const caseTitle = (c: ComparisonCase) => `${c.model} × ${c.workload}`;
const sloText = (slo: ComparisonResult["slo"]) =>
  `TTFT ≤ ${formatSeconds(slo.ttftSeconds)} and TPOT ≤ ${formatSeconds(slo.tpotSeconds)} for p${slo.percentile} of requests`;
const budgetText = (result: ComparisonResult) => `${budgetNames[result.budget] ?? result.budget} — ${result.budgetDescription}`;

const unique = (xs: string[]) => [...new Set(xs)];

function summaryText(result: ComparisonResult): string {
  const designs = unique(result.cases.flatMap((c) => c.results.map((r) => r.design)));
  const models = unique(result.cases.map((c) => c.model));
  const workloads = unique(result.cases.map((c) => c.workload));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(designs.length, "design")} (${designs.join(", ")}) on ${plural(models.length, "model")} (${models.join(", ")}) × ` +
    `${plural(workloads.length, "workload")} (${workloads.join(", ")})`;
}

// ---------------------------------------------------------------------------------------------
// Terminal

const MAX_WIDTH = 200;
const ansi = /\x1b\[[0-9;]*m/g;
const widthOf = (text: string) => Math.max(0, ...text.replace(ansi, "").split("\n").map((l) => [...l].length));

/** Breaks a line longer than `width` at spaces; continuation lines are indented. */
function wrap(line: string, width = MAX_WIDTH, indent = "    "): string {
  if ([...line].length <= width) return line;
  const out: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if ([...candidate].length > width && current.trim() !== "") {
      out.push(current);
      current = indent + word;
    } else current = candidate;
  }
  out.push(current);
  return out.join("\n");
}

const terminalCell = (parts: Part[], separator: string) =>
  parts.map((p) => `${p.text}${p.best ? "*" : ""}${p.suffix ? ` ${p.suffix}` : ""}`).join(separator);

function terminalTables(c: ComparisonCase, rows: Row[]): string {
  const render = (indices: number[]) => {
    const table = newTable(["metric", ...indices.map((i) => c.results[i].design)]);
    for (const row of rows) table.push([row.label, ...indices.map((i) => terminalCell(row.cells[i], row.separator))]);
    return table.toString();
  };
  const all = c.results.map((_, i) => i);
  // as many designs side by side as fit in MAX_WIDTH columns; more tables below when they do not
  for (let per = all.length; per >= 1; per--) {
    const chunks: number[][] = [];
    for (let i = 0; i < all.length; i += per) chunks.push(all.slice(i, i + per));
    const tables = chunks.map(render);
    if (per === 1 || tables.every((t) => widthOf(t) <= MAX_WIDTH)) return tables.join("\n");
  }
  return render(all);
}

/** For the terminal: per case, a heading, the designs side by side, verdicts; then the budget. */
export function comparisonTable(result: ComparisonResult, notes: string[] = []): string {
  const lines: string[] = [wrap(`Compared ${summaryText(result)}`), wrap(`SLO: ${sloText(result.slo)}`)];
  for (const note of notes) lines.push(wrap(`note: ${note}`));
  for (const c of result.cases) {
    lines.push("", wrap(`${caseTitle(c)} — ${c.workloadDescription}`));
    lines.push(terminalTables(c, caseRows(c, result.slo)));
    if (c.results.length > 1) lines.push(wrap(FOOTNOTE));
    if (c.results.some(isRanged)) lines.push(wrap(RANGE_FOOTNOTE));
    for (const line of [...verdictLines(c), ...overloadedLines(c), ...warningLines(c)]) lines.push(wrap(line));
  }
  lines.push("", wrap(`budget: ${budgetText(result)}`));
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Text safe inside Markdown (and a GitHub table cell): no markup, no math, no HTML, no column breaks. */
const md = (text: string): string =>
  text.replace(/[\\`*_[\]|$]/g, "\\$&").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, "<br>");

const markdownCell = (parts: Part[], separator: string) =>
  parts.map((p) => `${md(p.text)}${p.best ? "\\*" : ""}${p.suffix ? ` ${md(p.suffix)}` : ""}`).join(separator === "\n" ? "<br>" : md(separator));

/** The comparison as GitHub-flavoured Markdown: a header (what, SLO, budget), a table per case. */
export function comparisonMarkdown(result: ComparisonResult, notes: string[] = []): string {
  const out: string[] = ["# infercast compare", "", `Compared ${md(summaryText(result))}.`, ""];
  out.push(`- **SLO:** ${md(sloText(result.slo))}`, `- **Budget:** ${md(budgetText(result))}`);
  for (const note of notes) out.push(`- **Note:** ${md(note)}`);
  for (const c of result.cases) {
    const rows = caseRows(c, result.slo);
    out.push("", `## ${md(caseTitle(c))}`, "", md(c.workloadDescription), "");
    out.push(`| metric | ${c.results.map((r) => md(r.design)).join(" | ")} |`);
    out.push(`| --- | ${c.results.map(() => "---:").join(" | ")} |`);
    for (const row of rows) out.push(`| ${md(row.label)} | ${row.cells.map((cell) => markdownCell(cell, row.separator)).join(" | ")} |`);
    if (c.results.length > 1) out.push("", md(FOOTNOTE));
    if (c.results.some(isRanged)) out.push("", md(RANGE_FOOTNOTE));
    const list = [...verdictLines(c), ...overloadedLines(c), ...warningLines(c)];
    if (list.length > 0) out.push("", ...list.map((l) => `- ${md(l)}`));
  }
  return out.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// HTML

const html = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const htmlCell = (parts: Part[], separator: string) =>
  parts.map((p) => {
    const value = p.best ? `<strong>${html(p.text)}</strong><span class="best">*</span>` : html(p.text);
    return p.suffix ? `${value} <span class="below">${html(p.suffix)}</span>` : value;
  }).join(separator === "\n" ? "<br>" : html(separator));

/** Chart.js's UMD build, read from the installed package (its exports map hides the file, so it is found beside the main entry). */
export function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve("chart.js/dist/chart.umd.js"));
  } catch {
    dir = dirname(require.resolve("chart.js"));
  }
  let source: string;
  try {
    source = readFileSync(join(dir, "chart.umd.min.js"), "utf8");
  } catch {
    source = readFileSync(join(dir, "chart.umd.js"), "utf8");
  }
  // no source map to fetch, and nothing that could close the script element early
  return source.replace(/\/\/# sourceMappingURL=\S*\s*$/, "").replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** JSON safe inside a `<script>` element: no `<`, `>` or `&` that HTML could read. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value, jsonReplacer).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

interface ChartDesign {
  design: string;
  overloaded: boolean;
  perUser: number | null;
  perChip: number | null;
  ttftP90: number | null;
  tpotP90: number | null;
  joulesPerToken: number | null;
  usdPerMillion: number | null;
}

interface ChartCase {
  id: string;
  model: string;
  workload: string;
  /** Latency bars on a logarithmic axis: the values span more than 100×. */
  latencyLog: boolean;
  designs: ChartDesign[];
}

const orNull = (v: number | null | undefined) => (finite(v) ? v : null);

function chartCase(c: ComparisonCase, index: number): ChartCase {
  const designs = c.results.map((r): ChartDesign => ({
    design: r.design,
    overloaded: r.metrics.overloaded,
    perUser: orNull(r.metrics.outputTokensPerSecondPerUser),
    perChip: orNull(r.metrics.outputTokensPerSecondPerChip),
    ttftP90: orNull(r.metrics.ttftSeconds.p90),
    tpotP90: orNull(r.metrics.tpotSeconds.p90),
    joulesPerToken: orNull(r.metrics.joulesPerOutputToken),
    usdPerMillion: orNull(r.metrics.usdPerMillionOutputTokens),
  }));
  const latencies = designs.flatMap((d) => [d.ttftP90, d.tpotP90]).filter((v): v is number => v !== null && v > 0);
  const latencyLog = latencies.length > 1 && Math.max(...latencies) / Math.min(...latencies) > 100;
  return { id: `case-${index}`, model: c.model, workload: c.workload, latencyLog, designs };
}

/** "Not shown: …" for the designs whose figure is missing, or "". */
function omitted(designs: ChartDesign[], what: string, missing: (d: ChartDesign) => boolean, why: string): string {
  const names = designs.filter(missing).map((d) => d.design);
  return names.length === 0 ? "" : `${what} not shown for ${names.join(", ")} (${why}).`;
}

function chartFigures(data: ChartCase): string {
  const d = data.designs;
  const figure = (kind: string, label: string, caption: string[]) =>
    `<figure><div class="chart"><canvas id="${data.id}-${kind}" role="img" aria-label="${html(label)}"></canvas></div>` +
    `<figcaption>${html(label)}${caption.filter(Boolean).map((t) => `<br><span class="note">${html(t)}</span>`).join("")}</figcaption></figure>`;
  const figures = [
    figure("throughput", "Output tokens/s per chip against output tokens/s per user, one point per design", [
      omitted(d, "Throughput", (x) => x.perUser === null || x.perChip === null, "no figure"),
    ]),
    figure("latency", `TTFT p90 and TPOT p90 per design${data.latencyLog ? " (log scale)" : ""}`, [
      omitted(d, "TTFT p90", (x) => x.ttftP90 === null, "no samples"),
      omitted(d, "TPOT p90", (x) => x.tpotP90 === null, "no samples"),
    ]),
  ];
  const cost = [
    omitted(d, "J per output token", (x) => x.joulesPerToken === null, "power unknown"),
    omitted(d, "$ per million output tokens", (x) => x.usdPerMillion === null, "cost unknown"),
  ];
  if (d.some((x) => x.joulesPerToken !== null || x.usdPerMillion !== null)) {
    figures.push(figure("cost", "Energy per output token and cost per million output tokens", cost));
  } else {
    figures.push(`<figure><p class="note">No energy or cost chart: power and cost are unknown for every design.</p></figure>`);
  }
  return `<div class="charts">${figures.join("")}</div>`;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232b;margin:0 auto;max-width:1280px;padding:24px}
h1{font-size:24px;margin:0 0 8px}h2{font-size:19px;margin:32px 0 4px;border-bottom:1px solid #d5dae1;padding-bottom:4px}
ul.notes{background:#fff7e0;border:1px solid #f0d890;border-radius:4px;padding:8px 8px 8px 28px}
.summary{margin:4px 0}.desc{color:#586170;margin:0 0 8px}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d5dae1;padding:4px 10px;vertical-align:top}
th{background:#f2f4f7;text-align:left}td{text-align:right}td:first-child{text-align:left;color:#3b4452}
th.overloaded{background:#fde4e4}
.best{color:#0b7a32;font-weight:bold}strong{color:#0b7a32}.below{color:#b3261e}
.footnote,.note{color:#586170;font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px;margin-top:12px}
figure{margin:0;border:1px solid #e3e7ec;border-radius:4px;padding:8px}
.chart{position:relative;height:320px}figcaption{font-size:12px;margin-top:6px}
`;

/** Draws the charts from the JSON block; design names are drawn on canvas, never parsed as HTML. */
const CHART_SCRIPT = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("infercast-data").textContent);
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  var colour = function (i) { return palette[i % palette.length]; };
  var axis = function (text) { return { display: true, text: text }; };
  var name = function (d) { return d.overloaded ? d.design + " (overloaded)" : d.design; };
  var pointLabels = {
    id: "pointLabels",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = "12px system-ui, sans-serif";
      ctx.fillStyle = "#1d232b";
      chart.data.datasets.forEach(function (dataset, i) {
        var meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach(function (point) { ctx.fillText(dataset.label, point.x + 8, point.y - 8); });
      });
      ctx.restore();
    }
  };
  var common = { animation: false, responsive: true, maintainAspectRatio: false };
  data.cases.forEach(function (c) {
    var labels = c.designs.map(name);
    var canvas = function (kind) { return document.getElementById(c.id + "-" + kind); };

    var points = c.designs.filter(function (d) { return d.perUser !== null && d.perChip !== null; });
    new Chart(canvas("throughput"), {
      type: "scatter",
      data: { datasets: points.map(function (d, i) {
        return { label: name(d), data: [{ x: d.perUser, y: d.perChip }], backgroundColor: colour(i), borderColor: colour(i),
          pointRadius: 6, pointStyle: d.overloaded ? "crossRot" : "circle" };
      }) },
      options: Object.assign({}, common, {
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { type: "linear", beginAtZero: true, title: axis("output tokens/s per user (tokens/s)") },
          y: { type: "linear", beginAtZero: true, title: axis("output tokens/s per chip (tokens/s/chip)") }
        }
      }),
      plugins: [pointLabels]
    });

    var positive = function (v) { return v !== null && (!c.latencyLog || v > 0) ? v : null; };
    new Chart(canvas("latency"), {
      type: "bar",
      data: { labels: labels, datasets: [
        { label: "TTFT p90 (s)", data: c.designs.map(function (d) { return positive(d.ttftP90); }), backgroundColor: colour(0) },
        { label: "TPOT p90 (s)", data: c.designs.map(function (d) { return positive(d.tpotP90); }), backgroundColor: colour(1) }
      ] },
      options: Object.assign({}, common, {
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { title: axis("design") },
          y: c.latencyLog
            ? { type: "logarithmic", title: axis("latency, p90 (s, log scale)") }
            : { type: "linear", beginAtZero: true, title: axis("latency, p90 (s)") }
        }
      })
    });

    var costCanvas = canvas("cost");
    if (costCanvas) {
      var joules = c.designs.map(function (d) { return d.joulesPerToken; });
      var usd = c.designs.map(function (d) { return d.usdPerMillion; });
      var some = function (xs) { return xs.some(function (v) { return v !== null; }); };
      var datasets = [], scales = { x: { title: axis("design") } };
      if (some(joules)) {
        datasets.push({ label: "J per output token (J)", data: joules, backgroundColor: colour(2), yAxisID: "energy" });
        scales.energy = { type: "linear", position: "left", beginAtZero: true, title: axis("energy per output token (J)") };
      }
      if (some(usd)) {
        datasets.push({ label: "$ per million output tokens (USD)", data: usd, backgroundColor: colour(4), yAxisID: "cost" });
        scales.cost = { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false },
          title: axis("cost per million output tokens (USD)") };
      }
      new Chart(costCanvas, {
        type: "bar",
        data: { labels: labels, datasets: datasets },
        options: Object.assign({}, common, { plugins: { legend: { position: "bottom" } }, scales: scales })
      });
    }
  });
})();
`;

/**
 * One self-contained HTML page (no network): the tables, the verdicts, and per case three Chart.js
 * charts drawn from a JSON block. `notes` (e.g. which figures are projections for announced chips)
 * are listed under the title.
 */
export function comparisonHtml(result: ComparisonResult, notes: string[] = []): string {
  const charts = result.cases.map(chartCase);
  const body: string[] = [`<h1>infercast compare</h1>`];
  if (notes.length > 0) body.push(`<ul class="notes">${notes.map((n) => `<li>${html(n)}</li>`).join("")}</ul>`);
  body.push(`<p class="summary">Compared ${html(summaryText(result))}.</p>`);
  body.push(`<p class="summary"><b>SLO:</b> ${html(sloText(result.slo))}<br><b>Budget:</b> ${html(budgetText(result))}</p>`);
  result.cases.forEach((c, index) => {
    const rows = caseRows(c, result.slo);
    body.push(`<section id="${charts[index].id}">`, `<h2>${html(caseTitle(c))}</h2>`, `<p class="desc">${html(c.workloadDescription)}</p>`);
    const heads = c.results.map((r) => (r.metrics.overloaded ? `<th class="overloaded">${html(r.design)}</th>` : `<th>${html(r.design)}</th>`));
    body.push(`<div class="table-wrap"><table><thead><tr><th>metric</th>${heads.join("")}</tr></thead><tbody>`);
    for (const row of rows) body.push(`<tr><td>${html(row.label)}</td>${row.cells.map((cell) => `<td>${htmlCell(cell, row.separator)}</td>`).join("")}</tr>`);
    body.push(`</tbody></table></div>`);
    if (c.results.length > 1) body.push(`<p class="footnote">${html(FOOTNOTE)}</p>`);
    if (c.results.some(isRanged)) body.push(`<p class="footnote">${html(RANGE_FOOTNOTE)}</p>`);
    const list = [...verdictLines(c), ...overloadedLines(c), ...warningLines(c)];
    if (list.length > 0) body.push(`<ul>${list.map((l) => `<li>${html(l)}</li>`).join("")}</ul>`);
    body.push(chartFigures(charts[index]), `</section>`);
  });
  const title = `infercast compare — ${unique(result.cases.map(caseTitle)).join(", ")}`;
  return [
    `<!DOCTYPE html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${html(title)}</title>`,
    `<style>${CSS}</style>`,
    `</head>`,
    `<body>`,
    ...body,
    `<script type="application/json" id="infercast-data">${scriptJson({ cases: charts })}</script>`,
    `<script>${chartJsSource()}</script>`,
    `<script>${CHART_SCRIPT}</script>`,
    `</body>`,
    `</html>`,
    "",
  ].join("\n");
}
