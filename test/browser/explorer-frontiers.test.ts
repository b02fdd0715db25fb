// The explorer's frontiers in Chromium: the worker searches them as `compare` does (estimates
// first, then each design confirmed) and its numbers are Node's; the charts hold one series per
// design, labels that never overlap and axis titles with units; hovering a point shows its
// configuration and clicking it loads that configuration into the design editor (and the URL);
// a change of SLO restarts the search; each chart saves as an SVG that stands alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { compare } from "../../src/api/compare.js";
import type { ComparisonResult, DesignFrontier } from "../../src/api/compare-types.js";
import { comparisonJson } from "../../src/report/comparison-data.js";
import type { LabelBox } from "../../src/report/frontier-chart.js";
import { type Explorer, handle, settled, startExplorer } from "./explorer-page.js";

const designs = ["gpu-aggregated", "gpu-disaggregated", "galaxy-blackhole"];
const query = `?model=llama-3.1-8b&designs=${designs.join(",")}`;

interface Frontiers {
  key: string;
  designs: string[];
  estimates: Record<string, { points: unknown[] }>;
  result?: ComparisonResult;
  confirmed: number;
  firstEstimateMilliseconds?: number;
  allEstimatedMilliseconds?: number;
  allConfirmedMilliseconds?: number;
}
interface DrawnChart {
  series: { label: string; points: { clientX: number; clientY: number }[] }[];
  labels: LabelBox[];
  tooltip: string[];
  width: number;
  height: number;
  x: { type: string; title: string };
  y: { type: string; title: string };
}

const frontiers = async (page: Page) => ((await handle(page)) as unknown as { frontiers: Frontiers }).frontiers;
const drawn = (page: Page, id: string) =>
  page.evaluate(
    (chart) =>
      (globalThis as unknown as { infercastCharts: { frontier(id: string): DrawnChart } }).infercastCharts.frontier(
        chart,
      ),
    id,
  );
/** Waits until every design of the page's search is confirmed and drawn. */
const confirmed = (page: Page) =>
  page.waitForFunction(
    () => {
      const f = (globalThis as unknown as { infercast?: { frontiers: Frontiers } }).infercast?.frontiers;
      return f?.allConfirmedMilliseconds !== undefined;
    },
    undefined,
    { timeout: 180_000 },
  );

const overlap = (a: LabelBox, b: LabelBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

let explorer: Explorer;
let page: Page;

beforeAll(async () => {
  explorer = await startExplorer();
  page = await explorer.open(query);
  await confirmed(page);
  await settled(page, 0);
}, 240_000);

afterAll(async () => {
  await explorer?.close();
});

describe("explorer frontiers in Chromium", () => {
  it("estimates every design first, then confirms them: the same frontiers as compare in Node", async () => {
    const f = await frontiers(page);
    expect(Object.keys(f.estimates).sort()).toEqual([...designs].sort());
    expect(f.allEstimatedMilliseconds!).toBeLessThanOrEqual(f.allConfirmedMilliseconds!);
    const node = await compare(undefined, { models: ["llama-3.1-8b"], workloads: ["chat"], designs });
    // determinism across runtimes: the worker's merged search is Node's search of them all, byte for byte
    expect(comparisonJson(f.result!)).toBe(comparisonJson(node));
    expect(await page.locator("#verdict").textContent()).toContain("winner");
    expect(await page.locator("#verdict").getAttribute("data-complete")).toBe("true");
    expect(explorer.errors).toEqual([]);
  }, 180_000);

  it("draws one series per design with a frontier, labels apart, axis titles with units", async () => {
    const f = await frontiers(page);
    const withPoints = (basis: (p: DesignFrontier["points"][number]) => number | null) =>
      f.result!.cases[0].frontiers!.filter((d) => d.points.some((p) => (basis(p) ?? 0) > 0)).map((d) => d.design);
    const charts = {
      "explorer-frontier-mw": {
        designs: withPoints((p) => p.outputTokensPerSecondPerMegawattFacility),
        unit: "(tokens/s/MW)",
      },
      "explorer-frontier-chip": { designs: withPoints((p) => p.outputTokensPerSecondPerChip), unit: "(tokens/s/chip)" },
    };
    for (const [id, expected] of Object.entries(charts)) {
      const chart = await drawn(page, id);
      expect(chart.series.map((s) => s.label.replace(/ \(.*\)$/, ""))).toEqual(expected.designs);
      expect(chart.series.every((s) => s.points.length > 0)).toBe(true);
      // no estimate is left once every design is confirmed
      expect(chart.series.some((s) => s.label.includes("estimated"))).toBe(false);
      expect(chart.x.title).toContain("(tokens/s)");
      expect(chart.y.title).toContain(expected.unit);
      const labels = chart.labels;
      expect(labels.length).toBeGreaterThanOrEqual(expected.designs.length);
      for (const [i, a] of labels.entries()) {
        expect(a.x).toBeGreaterThanOrEqual(0);
        expect(a.y).toBeGreaterThanOrEqual(0);
        expect(a.x + a.width).toBeLessThanOrEqual(chart.width + 0.5);
        for (const b of labels.slice(i + 1)) expect(overlap(a, b), `${a.text} overlaps ${b.text}`).toBe(false);
      }
    }
  });

  it("shows a point's configuration on hover and loads it into the editor on click", async () => {
    const design = "gpu-disaggregated";
    const f = await frontiers(page);
    const frontier = f.result!.cases[0].frontiers!.find((d) => d.design === design)!;
    await page.locator("#explorer-frontier-mw").scrollIntoViewIfNeeded();
    const chart = await drawn(page, "explorer-frontier-mw");
    const series = chart.series.findIndex((s) => s.label === design);
    // the middle point: neither end, where a label or the axis could sit over it
    const index = Math.floor(chart.series[series].points.length / 2);
    const { clientX, clientY } = chart.series[series].points[index];
    await page.mouse.move(clientX, clientY);
    const tooltip = (await drawn(page, "explorer-frontier-mw")).tooltip.join(" ");
    const entry = frontier.points[index].scenario.designs[0];
    expect(entry.kind).toBe("disaggregated");
    if (entry.kind !== "disaggregated") return;
    for (const text of ["TP", "PP", "EP", "DP", "batch cap", `${frontier.points[index].chips} chips`])
      expect(tooltip).toContain(text);
    const runs = (await handle(page)).runs;
    await page.mouse.click(clientX, clientY);
    const after = await settled(page, runs);
    // the editor shows the point's layout, the run used it, and the URL keeps it
    for (const pool of ["prefill", "decode"] as const) {
      for (const key of ["tp", "pp", "ep", "count"] as const)
        expect(Number(await page.inputValue(`input[name="${design}.${pool}.${key}"]`))).toBe(entry[pool][key] ?? 1);
    }
    expect(Number(await page.inputValue(`input[name="${design}.decode.scheduler.maxSequences"]`))).toBe(
      entry.decode.scheduler!.maxSequences,
    );
    const ran = after.scenario.designs.find((d) => d.name === design)!;
    expect(ran).toMatchObject(entry);
    expect(decodeURIComponent(page.url())).toContain('"config"');
    const shared = await explorer.open(new URL(page.url()).search);
    await settled(shared, 0);
    expect(Number(await shared.inputValue(`input[name="${design}.decode.tp"]`))).toBe(entry.decode.tp ?? 1);
    await shared.close();
  });

  it("saves each chart as an SVG that parses and stands alone, one line per series", async () => {
    const chart = await drawn(page, "explorer-frontier-mw");
    const download = page.waitForEvent("download");
    await page.locator('figure[data-frontier="explorer-frontier-mw"] button[data-save="svg"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("infercast-llama-3.1-8b-chat-mw.svg");
    const svg = await page.evaluate(() =>
      (globalThis as unknown as { infercastCharts: { svg(id: string): string } }).infercastCharts.svg(
        "explorer-frontier-mw",
      ),
    );
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      return {
        error: doc.querySelector("parsererror")?.textContent ?? null,
        series: [...doc.querySelectorAll("g.series")].map((g) => g.getAttribute("data-label")),
        lines: doc.querySelectorAll("g.series polyline").length,
        titles: [...doc.querySelectorAll("text.axis-title")].map((t) => t.textContent),
        labels: [...doc.querySelectorAll("text.label")].map((t) => t.textContent),
      };
    }, svg);
    expect(parsed.error).toBeNull();
    expect(parsed.series).toEqual(chart.series.map((s) => s.label));
    expect(parsed.lines).toBe(chart.series.length);
    expect(parsed.titles).toEqual([chart.x.title, chart.y.title]);
    expect(parsed.labels).toEqual(chart.labels.map((l) => l.text));
    // nothing it would fetch: no link, script, image or font reference
    expect(svg).not.toMatch(/href|<script|<image|url\(|@import/);
  });

  it("restarts the search when the SLO changes, drawing estimates first", async () => {
    const before = await frontiers(page);
    await page.fill("input[name=tpot]", "25");
    await page.locator("input[name=tpot]").dispatchEvent("change");
    await page.waitForFunction(
      (key) => (globalThis as unknown as { infercast: { frontiers: Frontiers } }).infercast.frontiers.key !== key,
      before.key,
    );
    await confirmed(page);
    const after = await frontiers(page);
    const headline = after.result!.cases[0].levels!.find((l) => l.headline)!;
    expect(headline.level).toBe(40);
    expect(after.allEstimatedMilliseconds!).toBeLessThanOrEqual(after.allConfirmedMilliseconds!);
    const labels = (await drawn(page, "explorer-frontier-mw")).labels.map((l) => l.text);
    expect(labels).toContain("SLO 40");
  }, 180_000);
});
