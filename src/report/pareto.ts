/**
 * A self-contained HTML page of Pareto frontiers, drawn with Chart.js: one chart per combination
 * of conditions, one curve per group, the dominated points faint behind them, axis titles with
 * their units. Everything the page's script reads is one JSON block with `<` escaped, so no name
 * or value from the results can end the script element or run as code.
 */
import { metricTitle } from "../sweep/metrics.js";
import type { Frontier, ParetoAxis, PlotPoint } from "../sweep/pareto.js";
import { chartJsSource } from "./inline-scripts.js";
import { escapeMarkup } from "./markup.js";
import { choicesLabel, conditionsLabel, groupLabel } from "./pareto-text.js";

const axisTitle = (axis: ParetoAxis) =>
  `${metricTitle(axis.metric)}, ${axis.better === "max" ? "higher" : "lower"} is better`;

/** Cells per axis when thinning dominated points: finer than a chart's pixels, so thinning cannot be seen. */
const thinningCells = 1000;

/** The dominated points to draw: the first of each of the chart's thinningCells² cells (a sweep may have millions). */
function thinned(points: PlotPoint[], range: { x0: number; dx: number; y0: number; dy: number }): number[][] {
  const seen = new Set<number>();
  const kept: number[][] = [];
  for (const p of points) {
    const cell =
      Math.round(((p.x - range.x0) / range.dx) * thinningCells) * (thinningCells + 1) +
      Math.round(((p.y - range.y0) / range.dy) * thinningCells);
    if (seen.has(cell)) continue;
    seen.add(cell);
    kept.push([p.x, p.y, p.index]);
  }
  return kept;
}

function chartData(frontiers: Frontier[]) {
  const all = frontiers.flatMap((f) => [...f.frontier, ...f.dominated]);
  const extent = (values: number[]) =>
    values.reduce(([low, high], v) => [Math.min(low, v), Math.max(high, v)], [Infinity, -Infinity]);
  const [x0, x1] = extent(all.map((p) => p.x));
  const [y0, y1] = extent(all.map((p) => p.y));
  const range = { x0, y0, dx: x1 - x0 || 1, dy: y1 - y0 || 1 };
  return {
    series: frontiers.map((f) => ({
      label: groupLabel(f),
      frontier: f.frontier.map((p) => ({ x: p.x, y: p.y, text: `point ${p.index}: ${choicesLabel(f, p)}` })),
      dominated: thinned(f.dominated, range),
    })),
  };
}

export function paretoHtml(frontiers: Frontier[]): string {
  const first = frontiers[0];
  const charts = new Map<string, Frontier[]>();
  for (const f of frontiers) {
    const key = conditionsLabel(f);
    charts.set(key, [...(charts.get(key) ?? []), f]);
  }
  const data = JSON.stringify({
    x: first ? axisTitle(first.x) : "",
    y: first ? axisTitle(first.y) : "",
    charts: [...charts.values()].map(chartData),
  }).replace(/</g, "\\u003c");
  const grouping = first ? Object.keys(first.group) : [];
  const choices = first?.choices ?? [];
  const sections = [...charts.entries()]
    .map(([conditions, group], k) => {
      const rows = group
        .flatMap((f) =>
          f.frontier.map(
            (p) =>
              `<tr><td>${escapeMarkup(groupLabel(f))}</td><td>${p.x.toPrecision(4)}</td><td>${p.y.toPrecision(4)}</td><td>${p.index}</td><td>${choicesLabel(f, p, "\n").split("\n").map(escapeMarkup).join("<br>")}</td></tr>`,
          ),
        )
        .join("\n");
      const counts = group
        .map(
          (f) =>
            `${escapeMarkup(groupLabel(f))}: ${f.frontier.length} on the frontier of ${f.points} (${f.dominated.length} dominated)`,
        )
        .join("; ");
      return `<section>
<h2>${conditions ? escapeMarkup(conditions) : "All points"}</h2>
<canvas id="chart-${k}" width="900" height="500"></canvas>
<p class="counts">${counts}</p>
<table><thead><tr><th>group</th><th>${escapeMarkup(metricTitle(first.x.metric))}</th><th>${escapeMarkup(metricTitle(first.y.metric))}</th><th>point</th><th>choices</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`;
    })
    .join("\n");
  const intro = first
    ? `<p>One curve per ${grouping.length ? escapeMarkup(grouping.join(" × ")) : "sweep (no grouping)"}: the points of the group that no other point of the group beats on both axes (across: ${escapeMarkup(axisTitle(first.x))}; up: ${escapeMarkup(axisTitle(first.y))}). Faint points are the dominated ones. The curves search over ${choices.length ? escapeMarkup(choices.join(", ")) : "nothing (every input is grouped or a condition)"}; ${charts.size > 1 ? "each chart holds one combination of the conditions, the inputs that describe the work rather than how it is served" : "the conditions are the same for every point"}.</p>`
    : "<p>No results.</p>";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>infercast Pareto frontiers</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}section{margin-top:2rem}canvas{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}td:first-child,th:first-child,td:last-child,th:last-child{text-align:left}.counts{color:#555}</style>
</head><body>
<h1>Pareto frontiers</h1>
${intro}
${sections}
<script type="application/json" id="infercast-pareto">${data}</script>
<script>${chartJsSource()}</script>
<script>
const page = JSON.parse(document.getElementById("infercast-pareto").textContent);
const palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
page.charts.forEach((chart, k) => {
  const datasets = chart.series.flatMap((s, i) => {
    const colour = palette[i % palette.length];
    return [
      { label: s.label, data: s.frontier, showLine: true, borderColor: colour, backgroundColor: colour, pointRadius: 3, order: 0 },
      { label: s.label, dominated: true, data: s.dominated.map(([x, y, index]) => ({ x, y, index })), borderColor: colour + "33", backgroundColor: colour + "33", pointRadius: 2, order: 1 },
    ];
  });
  new Chart(document.getElementById("chart-" + k), { type: "scatter", data: { datasets }, options: {
    animation: false,
    scales: { x: { title: { display: true, text: page.x } }, y: { title: { display: true, text: page.y } } },
    plugins: {
      legend: { labels: { filter: (item, data) => !data.datasets[item.datasetIndex].dominated } },
      tooltip: { callbacks: { label: (c) => c.dataset.label + ": " + (c.dataset.dominated ? "dominated, point " + c.raw.index : c.raw.text) } },
    },
  } });
});
</script>
</body></html>
`;
}
