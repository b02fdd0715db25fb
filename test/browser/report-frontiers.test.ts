// The frontier charts of `infercast compare --format html` in Chromium, on a real searched
// comparison: what Chart.js drew on each canvas (one line per design with a frontier on that
// basis, every confirmed point), the end and guide labels' boxes (none overlap, even when every
// line ends at the same point), axis titles with units that fit their axis, plain tick numbers, a
// legend smaller than the plot, plain ticks on the bars too, a PNG export, and no request off the
// page.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compare } from "../../src/api/compare.js";
import type { ComparisonResult } from "../../src/api/compare-types.js";
import { comparisonHtml } from "../../src/report/comparison-html.js";
import { frontierBases } from "../../src/report/frontier-chart-data.js";
import { launch, type Browser } from "../../bench/web-chromium.js";

let browser: Browser;
let result: ComparisonResult;

beforeAll(async () => {
  browser = await launch();
  result = await compare(undefined, {
    models: ["llama-3.1-8b"],
    workloads: ["chat"],
    designs: ["gpu-aggregated", "gpu-disaggregated", "galaxy-blackhole", "gpu+groq-lpu"],
  });
});

afterAll(async () => {
  await browser?.close();
});

interface Box {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface DrawnFrontier {
  id: string;
  width: number;
  height: number;
  lines: { label: string; drawnPoints: number }[];
  labels: Box[];
  axes: { title: string; titleWidth: number; centre: number; ticks: string[] }[];
  legendHeight: number;
  legendWidth: number;
  plotHeight: number;
}

/** Opens the page and reads what Chart.js drew on every frontier canvas. */
async function open(html: string) {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => {
    if (!/^(data|about|blob):/.test(r.url())) requests.push(r.url());
  });
  await page.setContent(html);
  const charts: DrawnFrontier[] = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: Chart.js's instances, read in the page
    const { Chart } = globalThis as any;
    return [...document.querySelectorAll<HTMLCanvasElement>("canvas[id*='-frontier-']")].map((canvas) => {
      const chart = Chart.getChart(canvas);
      const axes = ["x", "y"].map((key) => {
        const scale = chart.scales[key];
        const title = scale.options.title;
        chart.ctx.save();
        chart.ctx.font = `${title.font.size ?? Chart.defaults.font.size}px ${Chart.defaults.font.family}`;
        const titleWidth = chart.ctx.measureText(title.text).width;
        chart.ctx.restore();
        return {
          title: title.display ? title.text : "",
          titleWidth,
          centre: key === "x" ? (scale.left + scale.right) / 2 : (scale.top + scale.bottom) / 2,
          ticks: scale.ticks.map((t: { label: string }) => t.label),
        };
      });
      return {
        id: canvas.id,
        width: chart.width,
        height: chart.height,
        lines: chart.data.datasets.map((d: { label: string }, i: number) => ({
          label: d.label,
          drawnPoints: chart.getDatasetMeta(i).data.length,
        })),
        labels: chart.$frontierLabels,
        axes,
        legendHeight: chart.legend.height,
        legendWidth: chart.legend.width,
        plotHeight: chart.chartArea.bottom - chart.chartArea.top,
      };
    });
  });
  return { page, charts, errors, requests };
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function expectLabelsApart(chart: DrawnFrontier) {
  expect(chart.labels.length).toBeGreaterThan(chart.lines.length);
  for (let i = 0; i < chart.labels.length; i++) {
    const a = chart.labels[i];
    expect(a.x).toBeGreaterThanOrEqual(0);
    expect(a.y).toBeGreaterThanOrEqual(0);
    expect(a.x + a.width).toBeLessThanOrEqual(chart.width);
    expect(a.y + a.height).toBeLessThanOrEqual(chart.height);
    for (const b of chart.labels.slice(i + 1))
      expect(overlap(a, b), `${a.text} over ${b.text} on ${chart.id}`).toBe(false);
  }
}

describe("the report's frontier charts in Chromium", () => {
  it("draws one line per design with a frontier on each basis, every confirmed point, labelled at its end", async () => {
    const { page, charts, errors, requests } = await open(comparisonHtml(result));
    await page.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const c = result.cases[0];
    const bases = [result.basis!, ...(["mw", "usd", "chip"] as const).filter((b) => b !== result.basis)];
    expect(charts.map((chart) => chart.id)).toEqual(bases.map((b) => `case-0-frontier-${b}`));
    charts.forEach((chart, k) => {
      const value = frontierBases[bases[k]].value;
      const expected = c.frontiers!.flatMap((f) => {
        const n = f.points.filter((p) => (value(p) ?? 0) > 0).length;
        return n > 0 ? [{ design: f.design, n }] : [];
      });
      expect(expected.length).toBeGreaterThan(1);
      // the per-$ view may add how a design is priced
      expect(chart.lines.map((l) => l.label.replace(/ \((rental|purchase|mixed)\)$/, ""))).toEqual(
        expected.map((e) => e.design),
      );
      expect(chart.lines.map((l) => l.drawnPoints)).toEqual(expected.map((e) => e.n));
      const texts = chart.labels.map((l) => l.text);
      for (const line of chart.lines) expect(texts).toContain(line.label);
      // the levels as guides, the SLO's marked
      expect(texts).toContain(`SLO ${c.levels!.find((l) => l.headline)!.level}`);
    });
  });

  it("keeps every label's box apart from the others and on the canvas", async () => {
    const { page, charts } = await open(comparisonHtml(result));
    await page.close();
    for (const chart of charts) expectLabelsApart(chart);
  });

  it("keeps labels apart when every line ends at the same point", async () => {
    const c = result.cases[0];
    const first = c.frontiers!.find((f) => f.points.length > 0)!;
    const crowded = Array.from({ length: 9 }, (_, i) => ({ ...first, design: `copy ${i + 1} of ${first.design}` }));
    const { page, charts, errors } = await open(comparisonHtml({ ...result, cases: [{ ...c, frontiers: crowded }] }));
    await page.close();
    expect(errors).toEqual([]);
    for (const chart of charts) {
      expect(chart.lines).toHaveLength(9);
      expectLabelsApart(chart);
    }
  });

  it("titles both axes with their units, whole on the canvas, ticks in plain numbers, the legend smaller than the plot", async () => {
    const { page, charts } = await open(comparisonHtml(result));
    await page.close();
    for (const chart of charts) {
      const [x, y] = chart.axes;
      expect(x.title).toBe("output tokens/s per user (tokens/s)");
      expect(y.title).toMatch(/^output tokens\/s per .+ \(tokens\/s[^)]*\)$/);
      // a title longer than its side of the canvas would be cut
      expect(x.centre - x.titleWidth / 2).toBeGreaterThanOrEqual(0);
      expect(x.centre + x.titleWidth / 2).toBeLessThanOrEqual(chart.width);
      expect(y.centre - y.titleWidth / 2).toBeGreaterThanOrEqual(0);
      expect(y.centre + y.titleWidth / 2).toBeLessThanOrEqual(chart.height);
      for (const axis of [x, y]) {
        for (const tick of axis.ticks) expect(tick).toMatch(/^(\d+(\.\d+)?[kMGT]?)?$/);
        expect(axis.ticks.filter(Boolean).length).toBeGreaterThanOrEqual(2);
      }
      expect(chart.legendHeight).toBeLessThan(chart.plotHeight / 2);
      expect(chart.legendWidth).toBeLessThanOrEqual(chart.width);
    }
  });

  it("ticks the latency, energy and cost bars in plain numbers too", async () => {
    const { page } = await open(comparisonHtml(result));
    const ticks: string[][] = await page.evaluate(() => {
      // biome-ignore lint/suspicious/noExplicitAny: Chart.js's instances, read in the page
      const { Chart } = globalThis as any;
      return [...document.querySelectorAll<HTMLCanvasElement>("canvas[id$='-latency'], canvas[id$='-cost']")].flatMap(
        (canvas) =>
          Object.values(Chart.getChart(canvas).scales)
            // biome-ignore lint/suspicious/noExplicitAny: a Chart.js scale
            .filter((scale: any) => scale.type !== "category")
            // biome-ignore lint/suspicious/noExplicitAny: a Chart.js scale
            .map((scale: any) => scale.ticks.map((t: { label: string }) => t.label)),
      );
    });
    await page.close();
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const axis of ticks) {
      for (const tick of axis) expect(tick).toMatch(/^(\d+(\.\d+)?[kMGT]?)?$/);
      expect(axis.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    }
  });

  it("saves a chart as a PNG from its button", async () => {
    const { page } = await open(comparisonHtml(result));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click(`#case-0-frontier-${result.basis}-png`),
    ]);
    expect(download.suggestedFilename()).toMatch(/^infercast-llama-3\.1-8b-chat-\w+\.png$/);
    const png = readFileSync(await download.path());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await page.close();
  });

  it("saves a chart as an SVG that parses and stands alone: one line per series, the axis titles with units", async () => {
    const { page } = await open(comparisonHtml(result));
    const id = `case-0-frontier-${result.basis}`;
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(`#${id}-svg`)]);
    expect(download.suggestedFilename()).toMatch(/^infercast-llama-3\.1-8b-chat-\w+\.svg$/);
    const svg = readFileSync(await download.path(), "utf8");
    const read = await page.evaluate(
      ({ text, canvasId }) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        // biome-ignore lint/suspicious/noExplicitAny: Chart.js's instance, read in the page
        const chart = (globalThis as any).Chart.getChart(document.getElementById(canvasId));
        return {
          error: doc.querySelector("parsererror")?.textContent ?? null,
          series: [...doc.querySelectorAll("g.series")].map((g) => g.getAttribute("data-label")),
          lines: doc.querySelectorAll("g.series polyline").length,
          titles: [...doc.querySelectorAll("text.axis-title")].map((t) => t.textContent),
          datasets: chart.data.datasets.map((d: { label: string }) => d.label),
          axisTitles: [chart.scales.x.options.title.text, chart.scales.y.options.title.text],
        };
      },
      { text: svg, canvasId: id },
    );
    await page.close();
    expect(read.error).toBeNull();
    expect(read.series).toEqual(read.datasets);
    expect(read.lines).toBe(read.datasets.length);
    expect(read.titles).toEqual(read.axisTitles);
    expect(read.titles[0]).toContain("(tokens/s)");
    expect(read.titles[1]).toMatch(/\(tokens\/s[^)]*\)$/);
    // nothing it would fetch: no link, script, image or font reference
    expect(svg).not.toMatch(/href|<script|<image|url\(|@import/);
  });
});
