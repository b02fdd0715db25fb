/**
 * The charts of the case on screen, drawn with Chart.js (only the parts used). The frontier
 * charts are the report's (src/report/frontier-chart.ts, from views built by
 * frontier-chart-data.ts): per MW of facility power, per $/hour and per chip against per-user
 * speed, one line per design, dashed while it is an analytic estimate; a point's tooltip gives
 * its configuration and a click hands it to the page. The bar charts are the explorer's half of
 * src/report/comparison-charts.ts. Each frontier chart saves as PNG or SVG.
 */
import {
  type ChartConfiguration,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
} from "chart.js";
import { explorerCharts } from "#comparison-charts";
import { chartImages, chartSvg, drawnLabels, type FrontierSeries, frontierChart } from "#frontier-chart";
import { type FrontierSource, frontierBases, frontierViews } from "#frontier-chart-data";
import type { ComparisonCase } from "infercast/data";
import { isProjected } from "./chips.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, sans-serif";

const projected = (r: ComparisonCase["results"][number]) => r.pools.some((p) => isProjected(p.chip));
const chartSpecs = explorerCharts(projected);
const charts = new Map<string, Chart>();

function draw(root: HTMLElement, name: string, config: ChartConfiguration): void {
  const existing = charts.get(name);
  if (existing) {
    existing.data = config.data;
    existing.options = config.options!;
    existing.update();
    return;
  }
  const canvas = root.querySelector<HTMLCanvasElement>(`canvas[data-chart="${name}"]`);
  if (!canvas) throw new Error(`no canvas for chart ${name}`);
  charts.set(name, new Chart(canvas, config));
}

/** Draws (or redraws in place) every bar chart into the canvas of the same name under `root`. */
export function renderCharts(
  root: HTMLElement,
  c: ComparisonCase,
  slo: { ttftSeconds: number; tpotSeconds: number; percentile: number },
): void {
  const sloText = {
    ttft: `${slo.ttftSeconds * 1000} ms at p${slo.percentile}`,
    tpot: `${slo.tpotSeconds * 1000} ms at p${slo.percentile}`,
  };
  for (const [name, spec] of Object.entries(chartSpecs)) draw(root, name, spec(c, sloText) as ChartConfiguration);
}

const frontierCharts = new Map<string, Chart>();

function save(id: string, fileName: string, kind: "png" | "svg"): void {
  const chart = frontierCharts.get(id);
  if (!chart) return;
  const link = document.createElement("a");
  link.href = chartImages[kind](chart);
  link.download = `${fileName}.${kind}`;
  link.click();
}

/** A figure for a view: its canvas, its export buttons and its caption, made once per basis. */
function frontierFigure(root: HTMLElement, id: string, main: boolean): HTMLElement {
  let figure = root.querySelector<HTMLElement>(`figure[data-frontier="${id}"]`);
  if (figure) return figure;
  figure = document.createElement("figure");
  figure.className = `frontier${main ? " main" : ""}`;
  figure.dataset.frontier = id;
  figure.innerHTML =
    `<div class="chart${main ? " tall" : ""}"><canvas id="${id}" role="img"></canvas></div>` +
    `<figcaption><button type="button" class="export" data-save="png">Save PNG</button> ` +
    `<button type="button" class="export" data-save="svg">Save SVG</button> <span class="caption"></span></figcaption>`;
  root.append(figure);
  return figure;
}

/**
 * Draws the source's frontier charts into `root`, the ranking basis first and across. Each is
 * drawn anew (its plugin holds its view); `onPointClick` gets the series and the point clicked.
 */
export function renderFrontiers(
  root: HTMLElement,
  source: FrontierSource,
  onPointClick: (series: FrontierSeries, pointIndex: number) => void,
): void {
  for (const [k, f] of frontierViews(source, "explorer").entries()) {
    const { view } = f;
    const figure = frontierFigure(root, view.id, k === 0);
    const label = `Frontiers ${frontierBases[f.basis].name}: output tokens/s ${frontierBases[f.basis].name} against output tokens/s per user, one line per design`;
    figure.querySelector("canvas")!.setAttribute("aria-label", label);
    figure.querySelector(".caption")!.textContent = [`${label}.`, ...f.notes].join(" ");
    for (const button of figure.querySelectorAll<HTMLButtonElement>("button[data-save]"))
      button.onclick = () => save(view.id, view.fileName, button.dataset.save as "png" | "svg");
    frontierCharts.get(view.id)?.destroy();
    const canvas = figure.querySelector("canvas")!;
    frontierCharts.set(view.id, new Chart(canvas, frontierChart(view, { onPointClick }) as ChartConfiguration));
  }
}

/**
 * For tests and tools: what a frontier chart drew (its series with each point's pixel in the
 * page's viewport, its label boxes, axis titles and types) and its SVG. Chart.js is bundled, so
 * this is how a test reaches the points it clicks.
 */
(globalThis as unknown as { infercastCharts: unknown }).infercastCharts = {
  frontier(id: string) {
    const chart = frontierCharts.get(id);
    if (!chart) return null;
    const box = chart.canvas.getBoundingClientRect();
    const scale = (axis: "x" | "y") => {
      const s = chart.scales[axis];
      return { type: s.type, title: String((s.options as unknown as { title: { text: string } }).title.text) };
    };
    return {
      series: chart.data.datasets.map((d, i) => ({
        label: d.label,
        points: chart.getDatasetMeta(i).data.map((p) => ({ clientX: box.left + p.x, clientY: box.top + p.y })),
      })),
      labels: drawnLabels(chart),
      // the tooltip's lines while a point is hovered
      tooltip: chart.tooltip?.getActiveElements().length ? chart.tooltip.body.flatMap((b) => b.lines) : [],
      width: chart.width,
      height: chart.height,
      x: scale("x"),
      y: scale("y"),
    };
  },
  svg: (id: string) => {
    const chart = frontierCharts.get(id);
    return chart ? chartSvg(chart) : null;
  },
};
