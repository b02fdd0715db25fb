/**
 * The Chart.js charts of a comparison, as configurations built from plain data: the HTML report's
 * three per case and the explorer's four bar charts. Written once for both: web/ bundles this module, and the
 * HTML report inlines its compiled text as a script (inline-scripts.ts). So it imports at run time
 * only frontier-chart.ts (its plain tick numbers), which the report inlines ahead of it in the same
 * script, and reaches a page only through the `Chart` and `document` it is handed.
 */
import type { ChartConfiguration, ChartDataset, ChartOptions, Plugin } from "chart.js";
import type { ComparisonCase } from "../api/compare-types.js";
import type { DesignResult } from "../api/results.js";
import { plainTicks } from "./frontier-chart.js";

const palette = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];
/** The i-th design's colour, the same in every chart of a case. */
export const colour = (i: number) => palette[i % palette.length];
const title = (text: string) => ({ display: true, text });
// uncertainty.ts has the same predicate: this module is inlined into pages as a script, so it imports nothing
const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

// ---------------------------------------------------------------------------------------------
// The HTML report: per case, throughput, latency, and energy and cost, drawn from its JSON block

/** One design's figures in the report's JSON block; null where a figure is unknown. */
export interface ChartDesign {
  design: string;
  overloaded: boolean;
  perUser: number | null;
  perChip: number | null;
  ttftP90: number | null;
  tpotP90: number | null;
  joulesPerToken: number | null;
  usdPerMillion: number | null;
}

/** One model × workload: its canvases are `${id}-throughput`, `${id}-latency` and, where drawn, `${id}-cost`. */
export interface ChartCase {
  id: string;
  model: string;
  workload: string;
  /** Latency, energy and cost bars on logarithmic axes: the values span more than 100× (a log axis has no zero). */
  latencyLog: boolean;
  energyLog: boolean;
  costLog: boolean;
  designs: ChartDesign[];
}

const designName = (d: ChartDesign) => (d.overloaded ? `${d.design} (overloaded)` : d.design);
const common = { animation: false, responsive: true, maintainAspectRatio: false } as const;
const legend = { legend: { position: "bottom" } } as const;

/** Writes each point's design name beside it (names are drawn on canvas, never parsed as HTML). */
const pointLabels: Plugin<"scatter"> = {
  id: "pointLabels",
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = "12px system-ui, sans-serif";
    ctx.fillStyle = "#1d232b";
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      for (const point of meta.data) ctx.fillText(dataset.label!, point.x + 8, point.y - 8);
    });
    ctx.restore();
  },
};

function throughputChart(c: ChartCase): ChartConfiguration<"scatter"> {
  const points = c.designs.filter((d) => d.perUser !== null && d.perChip !== null);
  return {
    type: "scatter",
    data: {
      datasets: points.map((d, i) => ({
        label: designName(d),
        data: [{ x: d.perUser!, y: d.perChip! }],
        backgroundColor: colour(i),
        borderColor: colour(i),
        pointRadius: 6,
        pointStyle: d.overloaded ? "crossRot" : "circle",
      })),
    },
    options: {
      ...common,
      plugins: legend,
      scales: {
        x: {
          type: "linear",
          beginAtZero: true,
          ticks: plainTicks(false),
          title: title("output tokens/s per user (tokens/s)"),
        },
        y: {
          type: "linear",
          beginAtZero: true,
          ticks: plainTicks(false),
          title: title("output tokens/s per chip (tokens/s/chip)"),
        },
      },
    },
    plugins: [pointLabels],
  };
}

function latencyChart(c: ChartCase): ChartConfiguration<"bar", (number | null)[]> {
  // a log axis has no place for zero
  const positive = (v: number | null) => (v !== null && (!c.latencyLog || v > 0) ? v : null);
  return {
    type: "bar",
    data: {
      labels: c.designs.map(designName),
      datasets: [
        { label: "TTFT p90 (s)", data: c.designs.map((d) => positive(d.ttftP90)), backgroundColor: colour(0) },
        { label: "TPOT p90 (s)", data: c.designs.map((d) => positive(d.tpotP90)), backgroundColor: colour(1) },
      ],
    },
    options: {
      ...common,
      plugins: legend,
      scales: {
        x: { title: title("design") },
        y: c.latencyLog
          ? { type: "logarithmic", ticks: plainTicks(true), title: title("latency, p90 (s, log scale)") }
          : { type: "linear", beginAtZero: true, ticks: plainTicks(false), title: title("latency, p90 (s)") },
      },
    },
  };
}

/** Energy on a left axis, cost on a right one; a figure no design has gets neither bars nor axis. */
function costChart(c: ChartCase): ChartConfiguration<"bar", (number | null)[]> {
  const joules = c.designs.map((d) => d.joulesPerToken);
  const usd = c.designs.map((d) => d.usdPerMillion);
  const some = (xs: (number | null)[]) => xs.some((v) => v !== null);
  const datasets: ChartDataset<"bar", (number | null)[]>[] = [];
  const scales: NonNullable<ChartOptions<"bar">["scales"]> = { x: { title: title("design") } };
  const axis = (log: boolean, text: string) =>
    log
      ? ({ type: "logarithmic", ticks: plainTicks(true), title: title(`${text}, log scale`) } as const)
      : ({ type: "linear", beginAtZero: true, ticks: plainTicks(false), title: title(text) } as const);
  const positive = (log: boolean) => (v: number | null) => (v !== null && (!log || v > 0) ? v : null);
  if (some(joules)) {
    datasets.push({
      label: "J per output token (J)",
      data: joules.map(positive(c.energyLog)),
      backgroundColor: colour(2),
      yAxisID: "energy",
    });
    scales.energy = { ...axis(c.energyLog, "energy per output token (J)"), position: "left" };
  }
  if (some(usd)) {
    datasets.push({
      label: "$ per million output tokens (USD)",
      data: usd.map(positive(c.costLog)),
      backgroundColor: colour(4),
      yAxisID: "cost",
    });
    scales.cost = {
      ...axis(c.costLog, "cost per million output tokens (USD)"),
      position: "right",
      grid: { drawOnChartArea: false },
    };
  }
  return {
    type: "bar",
    data: { labels: c.designs.map(designName), datasets },
    options: { ...common, plugins: legend, scales },
  };
}

/** What the report's script needs of Chart.js and of the page. */
type ChartConstructor = new (canvas: unknown, config: ChartConfiguration<"scatter" | "bar", unknown[]>) => unknown;
interface Page {
  getElementById(id: string): unknown;
}

/**
 * Draws each case's charts into its canvases. A searched case has no throughput canvas (its
 * frontiers are drawn by frontier-chart.ts instead); a case without a cost canvas (no figure known)
 * gets no cost chart.
 */
export function drawReportCharts(Chart: ChartConstructor, document: Page, cases: ChartCase[]): void {
  for (const c of cases) {
    const canvas = (kind: string) => document.getElementById(`${c.id}-${kind}`);
    const throughput = canvas("throughput");
    if (throughput) new Chart(throughput, throughputChart(c));
    new Chart(canvas("latency"), latencyChart(c));
    const cost = canvas("cost");
    if (cost) new Chart(cost, costChart(c));
  }
}

// ---------------------------------------------------------------------------------------------
// The explorer: four bar charts of the case on screen, every value axis logarithmic (its throughput
// chart is frontier-chart.ts's)

/** The SLO as the explorer's titles quote it, e.g. "200 ms at p90". */
export interface SloTexts {
  ttft: string;
  tpot: string;
}

export type ExplorerChart = (c: ComparisonCase, slo: SloTexts) => ChartConfiguration;

const logAxis = (text: string) => ({ type: "logarithmic", ticks: plainTicks(true), title: title(text) }) as const;

/**
 * The explorer's charts, keyed by the `data-chart` name of their canvases. Designs for which
 * `projected` holds (on announced or roadmap chips) are drawn paler and labelled with †.
 */
export function explorerCharts(projected: (r: DesignResult) => boolean): Record<string, ExplorerChart> {
  const label = (r: DesignResult) => `${r.design}${projected(r) ? " †" : ""}`;
  const tint = (i: number, r: DesignResult) => colour(i) + (projected(r) ? "66" : "");

  const percentileBars =
    (metric: "ttftSeconds" | "tpotSeconds", name: string): ExplorerChart =>
    (c, slo) => ({
      type: "bar",
      data: {
        labels: c.results.map(label),
        datasets: (["p50", "p90", "p99"] as const).map((p, i) => ({
          label: p,
          data: c.results.map((r) => {
            const v = r.metrics[metric][p];
            return finite(v) ? v * 1000 : null;
          }),
          backgroundColor: ["#9ecae1", "#4292c6", "#08519c"][i],
        })),
      },
      options: {
        plugins: { title: { display: true, text: `${name} (SLO ${metric === "ttftSeconds" ? slo.ttft : slo.tpot})` } },
        scales: { x: { title: title("design") }, y: logAxis(`${name} (ms, log scale)`) },
      },
    });

  // designs differ by orders of magnitude (an SRAM decoder's J/token beside a GPU's), so bars are on a log axis
  const designBars =
    (value: (r: DesignResult) => number | null, name: string, unit: string): ExplorerChart =>
    (c) => ({
      type: "bar",
      data: {
        labels: c.results.map(label),
        datasets: [
          {
            label: name,
            data: c.results.map((r) => {
              const v = value(r);
              return finite(v) ? v : null;
            }),
            backgroundColor: c.results.map((r, i) => tint(i, r)),
          },
        ],
      },
      options: {
        plugins: {
          title: { display: true, text: `${name} (${unit}); no bar: figure unknown` },
          legend: { display: false },
        },
        scales: { x: { title: title("design") }, y: logAxis(`${unit}, log scale`) },
      },
    });

  return {
    ttft: percentileBars("ttftSeconds", "TTFT"),
    tpot: percentileBars("tpotSeconds", "TPOT"),
    energy: designBars((r) => r.metrics.joulesPerOutputToken, "Energy per output token", "J/token at the facility"),
    cost: designBars((r) => r.metrics.usdPerMillionOutputTokens, "Cost per million output tokens", "$/M tokens"),
  };
}
