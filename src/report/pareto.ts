/** A self-contained HTML page of Pareto frontiers, drawn with Chart.js. */
import type { Frontier } from "../sweep/pareto.js";
import { chartJsSource } from "./inline-scripts.js";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function paretoHtml(frontiers: Frontier[]): string {
  const x = frontiers[0]?.x ?? "";
  const y = frontiers[0]?.y ?? "";
  // everything the script reads comes from this JSON, with < escaped so no text can close the script
  const data = JSON.stringify({
    x,
    y,
    datasets: frontiers.map((f) => ({
      label: f.design,
      data: f.frontier.map((p) => ({ x: p.x, y: p.y, index: p.index })),
    })),
  }).replace(/</g, "\\u003c");
  const rows = frontiers
    .flatMap((f) =>
      f.frontier.map(
        (p) =>
          `<tr><td>${escapeHtml(f.design)}</td><td>${p.x.toPrecision(4)}</td><td>${p.y.toPrecision(4)}</td><td>${p.index}</td><td>${escapeHtml(
            Object.entries(p.inputs)
              .map(([k, v]) => `${k}=${v}`)
              .join(", "),
          )}</td></tr>`,
      ),
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>infercast Pareto frontiers</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}td:first-child,th:first-child{text-align:left}</style>
</head><body>
<h1>Pareto frontiers</h1>
<p>Per design, the sweep points no other point of the same design beats on both ${escapeHtml(x)} and ${escapeHtml(y)} (both higher is better).</p>
<canvas id="frontier" width="900" height="500"></canvas>
<table><thead><tr><th>design</th><th>${escapeHtml(x)}</th><th>${escapeHtml(y)}</th><th>point</th><th>inputs</th></tr></thead><tbody>
${rows}
</tbody></table>
<script type="application/json" id="infercast-pareto">${data}</script>
<script>${chartJsSource()}</script>
<script>
const pareto = JSON.parse(document.getElementById("infercast-pareto").textContent);
const datasets = pareto.datasets.map((d) => ({ ...d, showLine: true }));
new Chart(document.getElementById("frontier"), { type: "scatter", data: { datasets },
  options: { scales: { x: { title: { display: true, text: pareto.x } }, y: { title: { display: true, text: pareto.y } } } } });
</script>
</body></html>
`;
}
