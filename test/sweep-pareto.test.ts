// Pareto frontiers of sweeps: each frontier is exactly the non-dominated points of its group, in
// the directions asked; grouping by a field is the same as filtering the sweep by each value; the
// README's example sweep gives one frontier per chip and prompt length; bad names are refused.
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { paretoHtml } from "../src/report/pareto.js";
import { isCondition } from "../src/sweep/inputs.js";
import { isSweepMetric, sweepMetrics, type SweepMetric } from "../src/sweep/metrics.js";
import { paretoFrontiers, type Frontier, type SweepLine } from "../src/sweep/pareto.js";
import { sweepLines } from "./support/sweeps.js";
import { createUniform } from "../src/workload/random.js";

const chip = "designs.0.pool.chip";
const prompt = "workload.input.tokens";
let readme: SweepLine[];
let chips: string[];

beforeAll(async () => {
  readme = await sweepLines("examples/sweep-analytic.yaml");
  chips = [...new Set(readme.map((line) => line.inputs[chip] as string))];
});

/** Whether a beats b: at least as good on both metrics and better on one, in the frontier's directions. */
function beats(f: Frontier, a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  const sx = f.x.better === "max" ? 1 : -1;
  const sy = f.y.better === "max" ? 1 : -1;
  return sx * a.x >= sx * b.x && sy * a.y >= sy * b.y && (sx * a.x > sx * b.x || sy * a.y > sy * b.y);
}

describe("pareto frontiers", () => {
  it.each([
    ["max", "max"],
    ["max", "min"],
    ["min", "max"],
    ["min", "min"],
  ])("keeps exactly the points nothing beats (x %s, y %s)", (bx, by) => {
    const uniform = createUniform(7, 0);
    // a coarse grid of values, so that ties and duplicates occur
    const lines: SweepLine[] = Array.from({ length: 400 }, (_, index) => ({
      index,
      inputs: { "designs.0.pool.tp": index % 4 },
      design: "d",
      metrics: { ttftSeconds: Math.floor(uniform() * 12), outputTokensPerSecond: Math.floor(uniform() * 12) },
    }));
    const [f] = paretoFrontiers(lines, { x: `ttftSeconds:${bx}`, y: `outputTokensPerSecond:${by}` });
    expect(f.frontier.length + f.dominated.length).toBe(lines.length);
    for (const p of f.frontier) for (const q of f.frontier) expect(beats(f, q, p)).toBe(false);
    const onFrontier = new Set(f.frontier.map((p) => `${p.x},${p.y}`));
    expect(onFrontier.size).toBe(f.frontier.length);
    for (const d of f.dominated)
      expect(onFrontier.has(`${d.x},${d.y}`) || f.frontier.some((p) => beats(f, p, d))).toBe(true);
    for (let k = 1; k < f.frontier.length; k++) expect(f.frontier[k].x).toBeGreaterThan(f.frontier[k - 1].x);
  });

  it("on the README's example sweep, gives one frontier per chip for each prompt length", () => {
    const frontiers = paretoFrontiers(readme, {
      x: "outputTokensPerSecondPerUser",
      y: "outputTokensPerSecondPerChip",
      groupBy: ["chip"],
    });
    const prompts = new Set(readme.map((line) => line.inputs[prompt]));
    expect(chips.length).toBeGreaterThan(1);
    expect(prompts.size).toBeGreaterThan(1);
    expect(frontiers).toHaveLength(chips.length * prompts.size);
    for (const length of prompts) {
      const these = frontiers.filter((f) => f.conditions[prompt] === length);
      expect(these.map((f) => f.group[chip]).sort()).toEqual([...chips].sort());
      for (const f of these) {
        expect(f.frontier.length).toBeGreaterThan(0);
        for (const p of f.frontier) {
          expect(p.inputs[chip]).toBe(f.group[chip]);
          expect(p.inputs[prompt]).toBe(length);
        }
      }
    }
  });

  it("on the worked example of docs/sweeps.md, draws one curve per chip over TP × concurrency per prompt length", async () => {
    const curves = await sweepLines("examples/sweep-curves.yaml");
    const frontiers = paretoFrontiers(curves, {
      x: "outputTokensPerSecondPerUser",
      y: "outputTokensPerSecondPerChip",
      groupBy: ["chip"],
    });
    const prompts = new Set(curves.map((line) => line.inputs[prompt]));
    const curveChips = new Set(curves.map((line) => line.inputs[chip]));
    expect(frontiers).toHaveLength(prompts.size * curveChips.size);
    for (const f of frontiers) {
      expect(f.choices).toEqual(["designs.0.pool.tp", "designs.0.scheduler.maxSequences"]);
      // a curve, not a point: faster users cost throughput per chip along it
      expect(f.frontier.length).toBeGreaterThan(2);
    }
  });

  it("never trades a condition of the workload for a choice: one frontier per prompt length, not one for all", () => {
    expect(isCondition(prompt)).toBe(true);
    expect(isCondition(chip)).toBe(false);
    expect(isCondition("workload.arrival.concurrency")).toBe(false);
    const frontiers = paretoFrontiers(readme, { x: "outputTokensPerSecondPerUser", y: "outputTokensPerSecondPerChip" });
    expect(frontiers).toHaveLength(new Set(readme.map((line) => line.inputs[prompt])).size);
    for (const f of frontiers) {
      expect(f.choices).toEqual([chip, "designs.0.pool.count", "designs.0.pool.tp"]);
      for (const p of f.frontier) expect(p.inputs[prompt]).toBe(f.conditions[prompt]);
    }
  });

  it.each(["outputTokensPerSecondPerChip", "usdPerMillionOutputTokens:min"])(
    "grouping by a field equals filtering the sweep by each value and taking its frontier alone (y %s)",
    (y) => {
      const options = { x: "outputTokensPerSecondPerUser", y };
      const grouped = paretoFrontiers(readme, { ...options, groupBy: [chip] });
      for (const value of chips) {
        const alone = paretoFrontiers(
          readme.filter((line) => line.inputs[chip] === value),
          { ...options, groupBy: [] },
        );
        const mine = grouped.filter((f) => f.group[chip] === value).map((f) => ({ ...f, group: {} }));
        expect(mine).toEqual(alone);
      }
    },
  );

  it("groups by several fields, and by runs of an input's segments", () => {
    const byBoth = paretoFrontiers(readme, {
      x: "outputTokensPerSecondPerUser",
      y: "outputTokensPerSecondPerChip",
      groupBy: ["chip", "pool.tp"],
    });
    for (const f of byBoth) {
      expect(Object.keys(f.group)).toEqual([chip, "designs.0.pool.tp"]);
      for (const p of f.frontier) expect(p.inputs["designs.0.pool.tp"]).toBe(f.group["designs.0.pool.tp"]);
    }
  });

  it.each([
    [{ x: "tokensPerSecond" }, "x", /unknown metric "tokensPerSecond" \(allowed: ttftSeconds, /],
    [{ y: "ttftSeconds:lowest" }, "y", /unknown direction "lowest" after the metric \(allowed: max, min\)/],
    [{ x: "</script><script>alert(1)</script>" }, "x", /unknown metric/],
    [{ groupBy: ["gpu"] }, "group-by", /the sweep has no input "gpu" \(allowed: design, designs\.0\.pool\.chip, /],
  ])("refuses %j with one line naming the allowed values", (bad, field, message) => {
    const options = { x: "outputTokensPerSecondPerUser", y: "outputTokensPerSecondPerChip", ...bad };
    let error: unknown;
    try {
      paretoFrontiers(readme, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(field);
    expect((error as InputError).message).toMatch(message);
    expect((error as InputError).message).not.toContain("\n");
  });

  it("knows every numeric metric a sweep line carries, with its unit", () => {
    for (const line of readme)
      for (const [name, value] of Object.entries(line.metrics ?? {}))
        if (typeof value === "number") expect(isSweepMetric(name), name).toBe(true);
    for (const name of Object.keys(sweepMetrics)) expect(sweepMetrics[name as SweepMetric].unit).not.toBe("");
  });
});

describe("pareto HTML", () => {
  const jsonOf = (html: string) =>
    JSON.parse(/<script type="application\/json" id="infercast-pareto">(.*?)<\/script>/s.exec(html)![1]);

  it("draws one chart per prompt length, one curve per chip, dominated points faint, axis titles with units", () => {
    const frontiers = paretoFrontiers(readme, {
      x: "outputTokensPerSecondPerUser",
      y: "usdPerMillionOutputTokens:min",
      groupBy: ["chip"],
    });
    const html = paretoHtml(frontiers);
    const page = jsonOf(html);
    const frontiersByChart = [...new Set(frontiers.map((f) => JSON.stringify(f.conditions)))].map((c) => JSON.parse(c));
    expect(page.x).toContain(`(${sweepMetrics.outputTokensPerSecondPerUser.unit})`);
    expect(page.y).toContain(`(${sweepMetrics.usdPerMillionOutputTokens.unit})`);
    expect(page.y).toContain("lower is better");
    expect(page.charts).toHaveLength(new Set(readme.map((line) => line.inputs[prompt])).size);
    for (const chart of page.charts) {
      expect(chart.series.map((s: { label: string }) => s.label).sort()).toEqual([...chips].sort());
      expect(chart.series.some((s: { dominated: unknown[] }) => s.dominated.length > 0)).toBe(true);
    }
    // every dominated point is drawn, or one a thousandth of the chart's range from it (a sweep may have millions)
    page.charts.forEach((chart: { series: { label: string; dominated: number[][] }[] }, k: number) => {
      const mine = frontiers.filter((f) => JSON.stringify(f.conditions) === JSON.stringify(frontiersByChart[k]));
      const all = mine.flatMap((f) => [...f.frontier, ...f.dominated]);
      const span = (values: number[]) => (Math.max(...values) - Math.min(...values)) / 1000;
      const [dx, dy] = [span(all.map((p) => p.x)), span(all.map((p) => p.y))];
      for (const f of mine) {
        const drawn = chart.series.find((s) => s.label === f.group[chip])!.dominated;
        expect(drawn.length).toBeLessThanOrEqual(f.dominated.length);
        for (const d of f.dominated)
          expect(drawn.some(([x, y]) => Math.abs(x - d.x) <= dx && Math.abs(y - d.y) <= dy)).toBe(true);
      }
    });
    // the page's script draws the dominated datasets translucent and keeps them out of the legend
    expect(html).toMatch(/dominated: true,[^\n]*backgroundColor: colour \+ "33"/);
  });

  it("cannot be broken out of by a design name", () => {
    const name = "</script><script>alert(1)</script>";
    const html = paretoHtml(
      paretoFrontiers([{ index: 0, inputs: {}, design: name, metrics: { ttftSeconds: 1, outputTokensPerSecond: 2 } }], {
        x: "ttftSeconds:min",
        y: "outputTokensPerSecond",
      }),
    );
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(jsonOf(html).charts[0].series[0].label).toBe(name);
  });
});
