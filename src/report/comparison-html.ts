/**
 * The comparison as one self-contained HTML page (no network): the tables, the verdicts, and per
 * case Chart.js charts drawn from a JSON block: a searched case's frontiers per MW, per $/hour and
 * per chip (frontier-chart.ts), and latency and energy/cost bars (comparison-charts.ts).
 */
import type { ComparisonCase, ComparisonResult } from "../api/compare-types.js";
import type { ChartCase, ChartDesign } from "./comparison-charts.js";
import { caseVerdict } from "./comparison-verdict.js";
import { COMPARISON_CSS } from "./comparison-css.js";
import {
  FOOTNOTE,
  budgetText,
  caseLines,
  caseRows,
  caseTitle,
  sloText,
  summaryText,
  unique,
  type Part,
} from "./comparison-rows.js";
import { jsonReplacer } from "../encoding.js";
import { escapeMarkup } from "./markup.js";
import { type FrontierFigure, frontierFigures } from "./frontier-chart-data.js";
import { chartJsSource, reportChartsSource } from "./inline-scripts.js";
import { RANGE_FOOTNOTE, figureFootnotes, finite, isRanged } from "./uncertainty.js";

const html = escapeMarkup;

const htmlCell = (parts: Part[], separator: string) =>
  parts
    .map((p) => {
      const value = p.best ? `<strong>${html(p.text)}</strong><span class="best">*</span>` : html(p.text);
      return p.suffix ? `${value} <span class="below">${html(p.suffix)}</span>` : value;
    })
    .join(separator === "\n" ? "<br>" : html(separator));

/** JSON safe inside a `<script>` element: no `<`, `>` or `&` that HTML could read. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value, jsonReplacer).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

const orNull = (v: number | null | undefined) => (finite(v) ? v : null);

function chartCase(c: ComparisonCase, index: number): ChartCase {
  const designs = c.results.map(
    (r): ChartDesign => ({
      design: r.design,
      overloaded: r.metrics.overloaded,
      perUser: orNull(r.metrics.outputTokensPerSecondPerUser),
      perChip: orNull(r.metrics.outputTokensPerSecondPerChip),
      ttftP90: orNull(r.metrics.ttftSeconds.p90),
      tpotP90: orNull(r.metrics.tpotSeconds.p90),
      joulesPerToken: orNull(r.metrics.joulesPerOutputToken),
      usdPerMillion: orNull(r.metrics.usdPerMillionOutputTokens),
    }),
  );
  // designs differing by orders of magnitude (an SRAM decoder beside a GPU) would flatten on a linear axis
  const spansHundredfold = (values: (number | null)[]) => {
    const positive = values.filter((v): v is number => v !== null && v > 0);
    return positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 100;
  };
  return {
    id: `case-${index}`,
    model: c.model,
    workload: c.workload,
    latencyLog: spansHundredfold(designs.flatMap((d) => [d.ttftP90, d.tpotP90])),
    energyLog: spansHundredfold(designs.map((d) => d.joulesPerToken)),
    costLog: spansHundredfold(designs.map((d) => d.usdPerMillion)),
    designs,
  };
}

/** "Not shown: …" for the designs whose figure is missing, or "". */
function omitted(designs: ChartDesign[], what: string, missing: (d: ChartDesign) => boolean, why: string): string {
  const names = designs.filter(missing).map((d) => d.design);
  return names.length === 0 ? "" : `${what} not shown for ${names.join(", ")} (${why}).`;
}

/** A searched case's frontier charts: the ranking basis's across the page, the other two beside each other. */
function frontierBlock(figures: FrontierFigure[], basisName: (f: FrontierFigure) => string): string {
  if (figures.length === 0) return "";
  const parts = figures.map((f, k) => {
    const label = `Frontiers ${basisName(f)}: output tokens/s ${basisName(f)} against output tokens/s per user, one line per design`;
    return (
      `<figure class="frontier${k === 0 ? " main" : ""}"><div class="chart${k === 0 ? " tall" : ""}">` +
      `<canvas id="${f.view.id}" role="img" aria-label="${html(label)}"></canvas></div>` +
      `<figcaption><button type="button" class="export" id="${f.view.id}-png">Save PNG</button>` +
      `<button type="button" class="export" id="${f.view.id}-svg">Save SVG</button>${html(label)}` +
      `${f.notes.map((t) => `<br><span class="note">${html(t)}</span>`).join("")}</figcaption></figure>`
    );
  });
  return `<div class="frontiers">${parts.join("")}</div>`;
}

function chartFigures(data: ChartCase, searched: boolean): string {
  const d = data.designs;
  const figure = (kind: string, label: string, caption: string[]) =>
    `<figure><div class="chart"><canvas id="${data.id}-${kind}" role="img" aria-label="${html(label)}"></canvas></div>` +
    `<figcaption>${html(label)}${caption
      .filter(Boolean)
      .map((t) => `<br><span class="note">${html(t)}</span>`)
      .join("")}</figcaption></figure>`;
  const figures = [
    // a searched case draws its frontiers instead
    searched
      ? ""
      : figure("throughput", "Output tokens/s per chip against output tokens/s per user, one point per design", [
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
    const log = data.energyLog || data.costLog ? " (log scale)" : "";
    figures.push(figure("cost", `Energy per output token and cost per million output tokens${log}`, cost));
  } else {
    figures.push(
      `<figure><p class="note">No energy or cost chart: power and cost are unknown for every design.</p></figure>`,
    );
  }
  return `<div class="charts">${figures.join("")}</div>`;
}

/** Draws the charts from the JSON block with the chart modules, in a scope of their own. */
const chartScript = () =>
  `(function () {\n"use strict";\n${reportChartsSource()}\n` +
  `const data = JSON.parse(document.getElementById("infercast-data").textContent);\n` +
  `drawReportCharts(Chart, document, data.cases);\ndrawFrontierCharts(Chart, document, data.frontiers);\n})();`;

/**
 * One self-contained HTML page (no network): the tables, the verdicts, and per case the frontier
 * charts (a searched case) and the bar charts, drawn from a JSON block. `notes` (e.g. which figures are projections for announced chips)
 * are listed under the title.
 */
export function comparisonHtml(result: ComparisonResult, notes: string[] = []): string {
  const charts = result.cases.map(chartCase);
  const frontiers = result.cases.map((c, index) => frontierFigures(c, charts[index].id, result));
  const basisName = (f: FrontierFigure) =>
    ({ mw: "per MW of facility power", usd: "per $/hour", chip: "per chip" })[f.basis];
  const body: string[] = [`<h1>infercast compare</h1>`];
  if (notes.length > 0) body.push(`<ul class="notes">${notes.map((n) => `<li>${html(n)}</li>`).join("")}</ul>`);
  body.push(`<p class="summary">Compared ${html(summaryText(result))}.</p>`);
  body.push(
    `<p class="summary"><b>SLO:</b> ${html(sloText(result.slo))}<br><b>${result.basis ? "Ranking" : "Budget"}:</b> ${html(budgetText(result))}</p>`,
  );
  result.cases.forEach((c, index) => {
    const rows = caseRows(c, result.slo);
    body.push(
      `<section id="${charts[index].id}">`,
      `<h2>${html(caseTitle(c))}</h2>`,
      `<p class="desc">${html(c.workloadDescription)}</p>`,
    );
    if (c.frontiers) body.push(`<pre class="verdict">${html(caseVerdict(c, result).join("\n"))}</pre>`);
    const heads = c.results.map((r) =>
      r.metrics.overloaded ? `<th class="overloaded">${html(r.design)}</th>` : `<th>${html(r.design)}</th>`,
    );
    body.push(`<div class="table-wrap"><table><thead><tr><th>metric</th>${heads.join("")}</tr></thead><tbody>`);
    for (const row of rows)
      body.push(
        `<tr><td>${html(row.label)}</td>${row.cells.map((cell) => `<td>${htmlCell(cell, row.separator)}</td>`).join("")}</tr>`,
      );
    body.push(`</tbody></table></div>`);
    if (c.results.length > 1) body.push(`<p class="footnote">${html(FOOTNOTE)}</p>`);
    if (c.results.some(isRanged)) body.push(`<p class="footnote">${html(RANGE_FOOTNOTE)}</p>`);
    const list = caseLines(c);
    if (list.length > 0) body.push(`<ul>${list.map((l) => `<li>${html(l)}</li>`).join("")}</ul>`);
    body.push(
      frontierBlock(frontiers[index], basisName),
      chartFigures(charts[index], Boolean(c.frontiers)),
      `</section>`,
    );
  });
  const footnotes = figureFootnotes(result.results);
  if (footnotes.length > 0)
    body.push(
      `<section id="figures"><h2>Power and price figures</h2>`,
      ...footnotes.map(
        (d) =>
          `<p class="footnote"><b>${html(d.design)}</b></p><ul class="footnote">${d.figures.map((f) => `<li>${html(f)}</li>`).join("")}</ul>`,
      ),
      `</section>`,
    );
  const title = `infercast compare — ${unique(result.cases.map(caseTitle)).join(", ")}`;
  return [
    `<!DOCTYPE html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${html(title)}</title>`,
    `<style>${COMPARISON_CSS}</style>`,
    `</head>`,
    `<body>`,
    ...body,
    `<script type="application/json" id="infercast-data">${scriptJson({ cases: charts, frontiers: frontiers.flat().map((f) => f.view) })}</script>`,
    `<script>${chartJsSource()}</script>`,
    `<script>${chartScript()}</script>`,
    `</body>`,
    `</html>`,
    "",
  ].join("\n");
}
