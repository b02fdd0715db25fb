/**
 * The charts of the case on screen, drawn with Chart.js (only the parts used): their configurations
 * are the explorer's half of src/report/comparison-charts.ts, the module the HTML report inlines.
 * Designs on projected or announced chips are drawn paler and labelled with †.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
} from "chart.js";
import { explorerCharts } from "#comparison-charts";
import type { ComparisonCase } from "infercast/data";
import { isProjected } from "./chips.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, sans-serif";

const chartSpecs = explorerCharts((r) => r.pools.some((p) => isProjected(p.chip)));
const charts = new Map<string, Chart>();

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
  for (const [name, spec] of Object.entries(chartSpecs)) {
    const config = spec(c, sloText);
    const existing = charts.get(name);
    if (existing) {
      existing.data = config.data;
      existing.options = config.options!;
      existing.update();
      continue;
    }
    const canvas = root.querySelector<HTMLCanvasElement>(`canvas[data-chart="${name}"]`);
    if (!canvas) throw new Error(`no canvas for chart ${name}`);
    charts.set(name, new Chart(canvas, config));
  }
}
