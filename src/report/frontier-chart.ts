/**
 * Frontier charts: each design's confirmed frontier as one line of a throughput figure against
 * output tokens/s per user, labelled at its fast end, with the interactivity levels and the SLO as
 * vertical guides. Written once for the HTML report and the explorer: it imports nothing at run
 * time, so the report inlines its compiled text as a classic script (inline-scripts.ts, ahead of
 * comparison-charts.ts, which uses its ticks) and reaches Chart.js and the page only through what
 * it is handed. What is drawn comes from plain data (`FrontierView`), built by
 * frontier-chart-data.ts; each chart saves as PNG (Chart.js's canvas) or SVG (frontier-svg.ts).
 * It stays one file over 350 lines because the report inlines it as one script: its label layout,
 * ticks, plugin and configuration are one chart's parts, and a split would add an inlined file.
 */
import type { Chart, ChartConfiguration, ChartEvent, Plugin, TooltipItem } from "chart.js";
import { frontierSvg, type SvgGuide, type SvgLabel, type SvgSource } from "./frontier-svg.js";

/** One design's line: its confirmed points, per-user speed rising. */
export interface FrontierSeries {
  /** The design, as its end label and the legend read it. */
  label: string;
  design: string;
  /** An analytic estimate, not yet confirmed by the event loop: drawn dashed. */
  estimated: boolean;
  colour: string;
  points: { x: number; y: number }[];
  /** Per point, its index in the frontier it was drawn from (points without the figure are left out). */
  sources: number[];
  /** Per point, what the search chose there (the tooltip). */
  texts: string[];
}

/** A vertical guide at one level of output tokens/s per user; `headline` marks the SLO (1 / TPOT). */
export interface FrontierGuide {
  x: number;
  text: string;
  headline: boolean;
}

/** One chart: the canvas `id`, its axes (titles with units) and its lines. */
export interface FrontierView {
  id: string;
  /** The name an exported image is saved under, without extension. */
  fileName: string;
  xTitle: string;
  yTitle: string;
  /** Logarithmic axes: the values on that axis span an order of magnitude or more. */
  xLog: boolean;
  yLog: boolean;
  series: FrontierSeries[];
  guides: FrontierGuide[];
  /** A legend under the plot (to hide a line by clicking it); left out where every line is a labelled point. */
  legend: boolean;
}

/** A label as drawn, in canvas pixels (CSS pixels, top-left corner), with its colour and, for a moved end label, its point. */
export type LabelBox = SvgLabel;

/**
 * Places intervals of the given sizes along one axis, each as near its wanted start as it can be,
 * so that no two overlap (at least `gap` apart) and, when they fit, all lie inside [min, max].
 * Their order is the order of the wanted starts (ties by index), so the layout is deterministic.
 * Returns the starts, in the order of `items`.
 */
export function spreadIntervals(items: { want: number; size: number }[], min: number, max: number, gap = 2): number[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a].want - items[b].want || a - b);
  const start = new Array<number>(items.length);
  let end = -Infinity;
  // forward: each at its wanted start, clamped to the span, or just past the one before
  for (const i of order) {
    const wanted = Math.max(min, Math.min(items[i].want, max - items[i].size));
    start[i] = Math.max(wanted, end + gap);
    end = start[i] + items[i].size;
  }
  // backward: pull back inside the span those pushed past its end
  let next = Infinity;
  for (const i of [...order].reverse()) {
    start[i] = Math.min(start[i], max - items[i].size, next - gap - items[i].size);
    next = start[i];
  }
  // forward again: where they do not fit, they run past the end rather than overlap
  end = -Infinity;
  for (const i of order) {
    start[i] = Math.max(start[i], min, end + gap);
    end = start[i] + items[i].size;
  }
  return start;
}

/** A number as a tick reads it: 1k, 10k, 2.5M, 0.5; never a thousands separator. */
export function plainNumber(value: number): string {
  const steps: [number, string][] = [
    [1e12, "T"],
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [factor, suffix] of steps) {
    if (Math.abs(value) >= factor) return `${Number((value / factor).toPrecision(3))}${suffix}`;
  }
  return String(Number(value.toPrecision(3)));
}

/** A tick's label: every one on a linear axis (`marks` null); on a log axis, those whose mantissa is in `marks`. */
function tickLabel(value: number, marks: number[] | null): string {
  if (marks === null) return plainNumber(value);
  if (!(value > 0)) return "";
  const mantissa = Math.round((value / 10 ** Math.floor(Math.log10(value) + 1e-9)) * 1000) / 1000;
  return marks.includes(mantissa) ? plainNumber(value) : "";
}

/** What a tick callback sees of its axis (Chart.js calls it with the scale as `this`). */
interface TickedAxis {
  isHorizontal(): boolean;
  width: number;
  height: number;
}

/** 1, 2 and 5 of each decade where a decade has room for three labels on the axis, else only 1 (10, 100, 1k). */
function logMarks(axis: TickedAxis, ticks: { value: number }[]): number[] {
  const values = ticks.map((t) => t.value).filter((v) => v > 0);
  const decades = Math.log10(Math.max(...values) / Math.min(...values)) || 1;
  const length = axis.isHorizontal() ? axis.width : axis.height;
  // 1 → 2 is 0.3 of a decade: room for a label across (about 32 px) or up (about 16 px)
  return (0.3 * length) / decades >= (axis.isHorizontal() ? 32 : 16) ? [1, 2, 5] : [1];
}

/**
 * An axis's tick options that label it in plain numbers (comparison-charts.ts's bars use them too).
 * A log axis is not thinned by Chart.js (skipping ticks could drop exactly the labelled ones): it
 * labels fewer marks per decade where the decades are short.
 */
export const plainTicks = (log: boolean) => ({
  autoSkip: !log,
  callback(this: TickedAxis, value: number | string, _index: number, ticks: { value: number }[]) {
    return tickLabel(Number(value), log ? logMarks(this, ticks) : null);
  },
});

const LABEL_FONT = "12px system-ui, sans-serif";
const LABEL_HEIGHT = 14;
const GUIDE_BAND = LABEL_HEIGHT + 6;
/** An estimate of a label's width, to leave room at the right for the end labels (they are measured when drawn). */
const estimatedWidth = (text: string) => text.length * 7 + 12;

/** What the plugin drew, kept on the chart for the SVG export, tests and tools. */
interface Drawn {
  $frontierLabels?: LabelBox[];
  $frontierGuides?: SvgGuide[];
}

/** The boxes of the labels drawn on a chart (end labels and guide labels). */
export const drawnLabels = (chart: Chart): LabelBox[] => (chart as unknown as Drawn).$frontierLabels ?? [];

/** A drawn frontier chart as an SVG document. */
export const chartSvg = (chart: Chart): string =>
  frontierSvg(chart as unknown as SvgSource, (chart as unknown as Drawn).$frontierGuides ?? [], drawnLabels(chart));

/**
 * The guides under the lines, their labels in a band above the plot, each line's label at its fast
 * end (moved up or down, with a leader line, where labels would overlap), and a white background
 * so an exported image reads on any page.
 */
function frontierPlugin(view: FrontierView): Plugin<"scatter"> {
  return {
    id: "frontierLabels",
    beforeDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area } = chart;
      const x = chart.scales.x;
      const guides = view.guides
        .map((g) => ({ ...g, px: x.getPixelForValue(g.x) }))
        .filter((g) => g.px >= area.left - 0.5 && g.px <= area.right + 0.5);
      ctx.save();
      ctx.font = LABEL_FONT;
      const widths = guides.map((g) => ctx.measureText(g.text).width);
      const lefts = spreadIntervals(
        guides.map((g, i) => ({ want: g.px - widths[i] / 2, size: widths[i] })),
        0,
        chart.width,
        6,
      );
      const boxes: LabelBox[] = [];
      const colourOf = (g: FrontierGuide) => (g.headline ? "#b3261e" : "#586170");
      guides.forEach((g, i) => {
        ctx.strokeStyle = g.headline ? "#b3261e" : "#8a94a3";
        ctx.lineWidth = g.headline ? 1.5 : 1;
        ctx.setLineDash(g.headline ? [6, 3] : [2, 3]);
        ctx.beginPath();
        ctx.moveTo(g.px, area.top);
        ctx.lineTo(g.px, area.bottom);
        ctx.stroke();
        const box = {
          text: g.text,
          x: lefts[i],
          y: area.top - GUIDE_BAND + 2,
          width: widths[i],
          height: LABEL_HEIGHT,
          colour: colourOf(g),
        };
        ctx.fillStyle = box.colour;
        ctx.textBaseline = "top";
        ctx.fillText(g.text, box.x, box.y);
        boxes.push(box);
      });
      ctx.restore();
      (chart as unknown as Drawn).$frontierLabels = boxes;
      (chart as unknown as Drawn).$frontierGuides = guides.map((g) => ({ px: g.px, headline: g.headline }));
    },
    afterDatasetsDraw(chart) {
      const { ctx, chartArea: area } = chart;
      ctx.save();
      ctx.font = LABEL_FONT;
      ctx.textBaseline = "top";
      const ends = chart.data.datasets.flatMap((dataset, i) => {
        const last = chart.getDatasetMeta(i).data.at(-1);
        if (!chart.isDatasetVisible(i) || !last) return [];
        const text = dataset.label ?? "";
        return [
          { text, colour: String(dataset.borderColor), px: last.x, py: last.y, width: ctx.measureText(text).width },
        ];
      });
      const tops = spreadIntervals(
        ends.map((e) => ({ want: e.py - LABEL_HEIGHT / 2, size: LABEL_HEIGHT })),
        area.top,
        area.bottom,
      );
      const boxes = ends.map((e, i): LabelBox => {
        const box: LabelBox = {
          text: e.text,
          x: Math.max(0, Math.min(e.px + 6, chart.width - e.width - 2)),
          y: tops[i],
          width: e.width,
          height: LABEL_HEIGHT,
          colour: e.colour,
        };
        if (Math.abs(box.y + LABEL_HEIGHT / 2 - e.py) > LABEL_HEIGHT / 2) {
          box.anchor = { x: e.px, y: e.py };
          ctx.strokeStyle = e.colour;
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(e.px, e.py);
          ctx.lineTo(box.x - 1, box.y + LABEL_HEIGHT / 2);
          ctx.stroke();
        }
        ctx.lineWidth = 3;
        ctx.strokeStyle = "#ffffff";
        ctx.strokeText(e.text, box.x, box.y);
        ctx.fillStyle = e.colour;
        ctx.fillText(e.text, box.x, box.y);
        return box;
      });
      ctx.restore();
      (chart as unknown as Drawn).$frontierLabels = [...drawnLabels(chart), ...boxes];
    },
  };
}

function axis(text: string, log: boolean, guides: number[] = []) {
  return {
    type: log ? "logarithmic" : "linear",
    beginAtZero: !log,
    // the guides stay on the chart where no design reaches them
    ...(guides.length > 0 ? { suggestedMin: Math.min(...guides), suggestedMax: Math.max(...guides) } : {}),
    title: { display: true, text, font: { size: 12 } },
    ticks: { ...plainTicks(log), maxRotation: 0 },
  } as const;
}

/** What a page does when a point is clicked: given the series and the point's index in it. */
export interface FrontierChartOptions {
  onPointClick?: (series: FrontierSeries, pointIndex: number) => void;
}

/** The Chart.js configuration of one frontier chart. */
export function frontierChart(view: FrontierView, options: FrontierChartOptions = {}): ChartConfiguration<"scatter"> {
  const { onPointClick } = options;
  // the y axis's unit, from its title's parentheses, for the tooltip
  const yUnit = /\(([^)]*)\)$/.exec(view.yTitle)?.[1] ?? "";
  const longest = Math.max(0, ...view.series.map((s) => estimatedWidth(s.label)));
  return {
    type: "scatter",
    data: {
      datasets: view.series.map((s) => ({
        label: s.label,
        data: s.points,
        showLine: true,
        borderColor: s.colour,
        backgroundColor: s.colour,
        borderWidth: 2,
        // an estimate is dashed until its confirmed frontier replaces it
        borderDash: s.estimated ? [6, 4] : [],
        pointRadius: 3,
        pointHoverRadius: 5,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: GUIDE_BAND, right: longest } },
      ...(onPointClick
        ? {
            onClick: (_event: ChartEvent, [e]: { datasetIndex: number; index: number }[]) => {
              if (e) onPointClick(view.series[e.datasetIndex], e.index);
            },
            onHover: (event: ChartEvent, elements: { datasetIndex: number; index: number }[]) => {
              const target = (event.native?.target ?? null) as { style?: { cursor: string } } | null;
              if (target?.style) target.style.cursor = elements.length > 0 ? "pointer" : "";
            },
          }
        : {}),
      plugins: {
        legend: {
          display: view.legend,
          position: "bottom",
          labels: { boxWidth: 10, boxHeight: 10, font: { size: 11 }, padding: 6 },
        },
        tooltip: {
          callbacks: {
            // the figures, then the configuration the search chose there
            label: (item: TooltipItem<"scatter">) => [
              `${item.dataset.label}: ${plainNumber(item.parsed.x ?? 0)} tokens/s per user, ${plainNumber(item.parsed.y ?? 0)} ${yUnit}`,
              ...view.series[item.datasetIndex].texts[item.dataIndex].split("; "),
              ...(onPointClick ? ["click to load this configuration into the editor"] : []),
            ],
          },
        },
      },
      scales: {
        x: axis(
          view.xTitle,
          view.xLog,
          view.guides.map((g) => g.x),
        ),
        y: axis(view.yTitle, view.yLog),
      },
    },
    plugins: [frontierPlugin(view)],
  };
}

/** What the report's script needs of Chart.js and of the page. */
type ChartConstructor = new (canvas: unknown, config: ChartConfiguration<"scatter">) => Chart;
interface Page {
  getElementById(id: string): unknown;
  createElement(tag: "a"): { href: string; download: string; click(): void };
}
interface Button {
  addEventListener(type: "click", listener: () => void): void;
}

/** The two image files a chart saves as: the canvas as PNG, and the chart as SVG vectors. */
export const chartImages = {
  png: (chart: Chart) => chart.toBase64Image(),
  svg: (chart: Chart) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(chartSvg(chart))}`,
};

/** Wires a chart's export buttons (`${id}-png`, `${id}-svg`) to save it under the view's file name. */
export function wireChartExports(chart: Chart, document: Page, view: FrontierView): void {
  for (const kind of ["png", "svg"] as const) {
    const button = document.getElementById(`${view.id}-${kind}`) as Button | null;
    button?.addEventListener("click", () => {
      const link = document.createElement("a");
      link.href = chartImages[kind](chart);
      link.download = `${view.fileName}.${kind}`;
      link.click();
    });
  }
}

/** Draws each view into its canvas, and wires its export buttons. */
export function drawFrontierCharts(Chart: ChartConstructor, document: Page, views: FrontierView[]): void {
  for (const view of views)
    wireChartExports(new Chart(document.getElementById(view.id), frontierChart(view)), document, view);
}
