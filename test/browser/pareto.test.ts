// The Pareto page of `infercast pareto --format html` in Chromium: on the README's example sweep
// grouped by chip, one chart per prompt length with one visible curve per chip, dominated points
// drawn faint behind them, and axis titles with units; a hostile design name stays text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paretoHtml } from "../../src/report/pareto.js";
import { sweepMetrics } from "../../src/sweep/metrics.js";
import { paretoFrontiers, type SweepLine } from "../../src/sweep/pareto.js";
import { sweepLines } from "../support/sweeps.js";
import { launch, type Browser } from "../../bench/web-chromium.js";

let browser: Browser;
let readme: SweepLine[];

beforeAll(async () => {
  browser = await launch();
  readme = await sweepLines("examples/sweep-analytic.yaml");
});

afterAll(async () => {
  await browser?.close();
});

interface DrawnChart {
  legend: string[];
  x: string;
  y: string;
  datasets: { label: string; dominated: boolean; colour: string; points: number }[];
}

/** What Chart.js drew on each canvas of the page. */
async function drawn(html: string, alerts: string[], errors: string[]): Promise<DrawnChart[]> {
  const page = await browser.context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", async (dialog) => {
    alerts.push(dialog.message());
    await dialog.dismiss();
  });
  await page.setContent(html);
  const charts = await page.evaluate(() => {
    const { Chart } = globalThis as unknown as {
      Chart: { getChart(canvas: HTMLCanvasElement): Record<string, never> | undefined };
    };
    return [...document.querySelectorAll("canvas")].map((canvas) => {
      // biome-ignore lint/suspicious/noExplicitAny: Chart.js's instance, read in the page
      const chart = Chart.getChart(canvas) as any;
      return {
        legend: chart.legend.legendItems.map((item: { text: string }) => item.text),
        x: chart.options.scales.x.title.text,
        y: chart.options.scales.y.title.text,
        datasets: chart.data.datasets.map(
          (d: { label: string; dominated?: boolean; backgroundColor: string; data: unknown[] }) => ({
            label: d.label,
            dominated: d.dominated === true,
            colour: d.backgroundColor,
            points: d.data.length,
          }),
        ),
      };
    });
  });
  await page.close();
  return charts;
}

describe("the Pareto page in Chromium", () => {
  it("draws a chart per prompt length, a curve per chip, dominated points faint, axis titles with units", async () => {
    const frontiers = paretoFrontiers(readme, {
      x: "outputTokensPerSecondPerUser",
      y: "usdPerMillionOutputTokens:min",
      groupBy: ["chip"],
    });
    const chips = [...new Set(readme.map((line) => line.inputs["designs.0.pool.chip"] as string))].sort();
    const prompts = new Set(readme.map((line) => line.inputs["workload.input.tokens"]));
    const errors: string[] = [];
    const charts = await drawn(paretoHtml(frontiers), [], errors);
    expect(errors).toEqual([]);
    expect(charts).toHaveLength(prompts.size);
    for (const chart of charts) {
      expect([...chart.legend].sort()).toEqual(chips);
      expect(chart.x).toContain(`(${sweepMetrics.outputTokensPerSecondPerUser.unit})`);
      expect(chart.y).toContain(`(${sweepMetrics.usdPerMillionOutputTokens.unit})`);
      const curves = chart.datasets.filter((d) => !d.dominated);
      const faint = chart.datasets.filter((d) => d.dominated);
      expect(curves.map((d) => d.label).sort()).toEqual(chips);
      for (const curve of curves) {
        const behind = faint.find((d) => d.label === curve.label)!;
        // the same colour, at a fifth of the opacity
        expect(curve.colour).toMatch(/^#[0-9a-f]{6}$/);
        expect(behind.colour).toBe(`${curve.colour}33`);
      }
      expect(faint.some((d) => d.points > 0)).toBe(true);
    }
  });

  it("shows a hostile design name as text, running nothing", async () => {
    const name = "</script><script>alert(1)</script>";
    const frontiers = paretoFrontiers(
      [{ index: 0, inputs: {}, design: name, metrics: { ttftSeconds: 1, outputTokensPerSecond: 2 } }],
      { x: "ttftSeconds:min", y: "outputTokensPerSecond" },
    );
    const alerts: string[] = [];
    const errors: string[] = [];
    const charts = await drawn(paretoHtml(frontiers), alerts, errors);
    expect(alerts).toEqual([]);
    expect(errors).toEqual([]);
    expect(charts[0].legend).toEqual([name]);
  });
});
