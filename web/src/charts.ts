/**
 * The charts (Chart.js, only the parts used): throughput per chip against tokens per second per
 * user, TTFT and TPOT percentiles, energy per token and cost per million tokens. Every axis names
 * its unit; designs on projected or announced chips are drawn paler and labelled with †.
 */
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LogarithmicScale, PointElement, ScatterController, Title, Tooltip,
  type ChartConfiguration,
} from "chart.js";
import type { ComparisonCase, DesignResult } from "infercast/data";
import { isProjected } from "./chips.js";
import { finite } from "./format.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LogarithmicScale, PointElement, ScatterController, Title, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = "system-ui, sans-serif";

const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const projected = (r: DesignResult) => r.pools.some((p) => isProjected(p.chip));
const label = (r: DesignResult) => `${r.design}${projected(r) ? " †" : ""}`;
const colour = (i: number, r: DesignResult) => palette[i % palette.length] + (projected(r) ? "66" : "");
const orNull = (v: number | null | undefined) => (finite(v) ? v : null);

const axis = (title: string, type: "linear" | "logarithmic" = "linear") => ({ type, title: { display: true, text: title }, ...(type === "linear" ? { beginAtZero: true } : {}) });

type Spec = (c: ComparisonCase, sloText: { ttft: string; tpot: string }) => ChartConfiguration;

const percentileBars = (metric: "ttftSeconds" | "tpotSeconds", title: string): Spec => (c, slo) => ({
  type: "bar",
  data: {
    labels: c.results.map(label),
    datasets: (["p50", "p90", "p99"] as const).map((p, i) => ({
      label: p,
      data: c.results.map((r) => { const v = r.metrics[metric][p]; return finite(v) ? v * 1000 : null; }),
      backgroundColor: ["#9ecae1", "#4292c6", "#08519c"][i],
    })),
  },
  options: {
    plugins: { title: { display: true, text: `${title} (SLO ${metric === "ttftSeconds" ? slo.ttft : slo.tpot})` } },
    scales: { x: { title: { display: true, text: "design" } }, y: axis(`${title} (ms, log scale)`, "logarithmic") },
  },
});

// designs differ by orders of magnitude (an SRAM decoder's J/token beside a GPU's), so bars are on a log axis
const designBars = (value: (r: DesignResult) => number | null, title: string, unit: string): Spec => (c) => ({
  type: "bar",
  data: { labels: c.results.map(label), datasets: [{ label: title, data: c.results.map((r) => orNull(value(r))), backgroundColor: c.results.map((r, i) => colour(i, r)) }] },
  options: {
    plugins: { title: { display: true, text: `${title} (${unit}); no bar: figure unknown` }, legend: { display: false } },
    scales: { x: { title: { display: true, text: "design" } }, y: axis(`${unit}, log scale`, "logarithmic") },
  },
});

export const chartSpecs: Record<string, Spec> = {
  frontier: (c) => ({
    type: "scatter",
    data: {
      datasets: c.results.map((r, i) => ({
        label: label(r),
        data: finite(r.metrics.outputTokensPerSecondPerUser) ? [{ x: r.metrics.outputTokensPerSecondPerUser, y: r.metrics.outputTokensPerSecondPerChip }] : [],
        backgroundColor: colour(i, r), borderColor: palette[i % palette.length],
        pointRadius: 7, pointStyle: projected(r) ? "triangle" : "circle",
      })),
    },
    options: {
      plugins: { title: { display: true, text: "Throughput per chip against speed per user (up and right is better)" }, legend: { position: "bottom", labels: { boxWidth: 10 } } },
      scales: { x: axis("output tokens/s per user, log scale", "logarithmic"), y: axis("output tokens/s per chip, log scale", "logarithmic") },
    },
  }),
  ttft: percentileBars("ttftSeconds", "TTFT"),
  tpot: percentileBars("tpotSeconds", "TPOT"),
  energy: designBars((r) => r.metrics.joulesPerOutputToken, "Energy per output token", "J/token at the facility"),
  cost: designBars((r) => r.metrics.usdPerMillionOutputTokens, "Cost per million output tokens", "$/M tokens"),
};

const charts = new Map<string, Chart>();

/** Draws (or redraws in place) every chart into the canvas of the same name under `root`. */
export function renderCharts(root: HTMLElement, c: ComparisonCase, slo: { ttftSeconds: number; tpotSeconds: number; percentile: number }): void {
  const sloText = { ttft: `${slo.ttftSeconds * 1000} ms at p${slo.percentile}`, tpot: `${slo.tpotSeconds * 1000} ms at p${slo.percentile}` };
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
