/**
 * The charts of the case on screen, drawn with Chart.js (only the parts used): their configurations
 * are the explorer's half of src/report/comparison-charts.ts, the module the HTML report inlines,
 * and the throughput chart is the report's frontier chart (src/report/frontier-chart.ts) with one
 * point per design, labelled beside it without overlaps, the SLO as a guide. Designs on projected
 * or announced chips are drawn paler and labelled with †.
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
import { colour, explorerCharts } from "#comparison-charts";
import { type FrontierView, frontierChart } from "#frontier-chart";
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

const finitePositive = (v: number | null | undefined): v is number =>
  typeof v === "number" && Number.isFinite(v) && v > 0;
const spans = (values: number[]) => values.length > 1 && Math.max(...values) / Math.min(...values) >= 10;

/** The case's designs as the frontier chart's data: one point each, the SLO's 1 / TPOT as the headline guide. */
function throughputView(c: ComparisonCase, tpotSeconds: number): FrontierView {
  const series = c.results.flatMap((r, i) => {
    const x = r.metrics.outputTokensPerSecondPerUser;
    const y = r.metrics.outputTokensPerSecondPerChip;
    if (!finitePositive(x) || !finitePositive(y)) return [];
    const tint = projected(r) ? "99" : "";
    return [
      {
        label: `${r.design}${projected(r) ? " †" : ""}`,
        colour: colour(i) + tint,
        points: [{ x, y }],
        texts: [r.pools.map((p) => `${p.role} ${p.chips}× ${p.chip}`).join(", ")],
      },
    ];
  });
  const slo = 1 / tpotSeconds;
  const xs = series.map((s) => s.points[0].x);
  return {
    id: "explorer-throughput",
    fileName: `infercast-${c.model}-${c.workload}`,
    xTitle: "output tokens/s per user (tokens/s)",
    yTitle: "output tokens/s per chip (tokens/s/chip)",
    xLog: spans([...xs, slo]),
    yLog: spans(series.map((s) => s.points[0].y)),
    series,
    // every point is labelled with its design
    legend: false,
    guides: [{ x: slo, text: `SLO ${Math.round(slo)}`, headline: true }],
  };
}

function draw(root: HTMLElement, name: string, config: ChartConfiguration, replace: boolean): void {
  const existing = charts.get(name);
  if (existing && !replace) {
    existing.data = config.data;
    existing.options = config.options!;
    existing.update();
    return;
  }
  existing?.destroy();
  const canvas = root.querySelector<HTMLCanvasElement>(`canvas[data-chart="${name}"]`);
  if (!canvas) throw new Error(`no canvas for chart ${name}`);
  charts.set(name, new Chart(canvas, config));
}

/** Draws (or redraws in place) every chart into the canvas of the same name under `root`. */
export function renderCharts(
  root: HTMLElement,
  c: ComparisonCase,
  slo: { ttftSeconds: number; tpotSeconds: number; percentile: number },
): void {
  const sloText = {
    ttft: `${slo.ttftSeconds * 1000} ms at p${slo.percentile}`,
    tpot: `${slo.tpotSeconds * 1000} ms at p${slo.percentile}`,
  };
  // the frontier chart's labels and guides live in its plugin, made for its data: drawn anew each time
  draw(root, "frontier", frontierChart(throughputView(c, slo.tpotSeconds)) as ChartConfiguration, true);
  for (const [name, spec] of Object.entries(chartSpecs)) draw(root, name, spec(c, sloText), false);
}
