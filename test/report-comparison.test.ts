// The reports of `infercast compare` together, through the module that gathers them: every format
// gives each model × workload of a comparison its own part. Each format has its own test file.
import { describe, expect, it } from "vitest";
import { comparisonCsv, comparisonHtml, comparisonMarkdown, comparisonTable } from "../src/report/comparison.js";
import { big, comparison, fast } from "./support/comparison.js";
import { drawCharts } from "./support/draw-charts.js";

describe("several cases", () => {
  it("gives each model × workload its own table and charts", () => {
    const two = comparison([fast, big]);
    two.cases.push({
      ...two.cases[0],
      model: "llama-3.1-70b",
      workload: "agent",
      workloadDescription: "closed loop ×64, 500 requests",
    });
    expect(comparisonMarkdown(two).match(/^## /gm)).toEqual(["## ", "## "]);
    expect(comparisonMarkdown(two)).toContain("## llama-3.1-70b × agent");
    expect(comparisonTable(two)).toContain("llama-3.1-70b × agent — closed loop ×64, 500 requests");
    expect(comparisonCsv(two).trimEnd().split("\n")).toHaveLength(5);
    const drawn = drawCharts(comparisonHtml(two));
    expect(drawn.errors).toEqual([]);
    expect(drawn.charts.map((c) => c.id)).toEqual([
      "case-0-throughput",
      "case-0-latency",
      "case-0-cost",
      "case-1-throughput",
      "case-1-latency",
      "case-1-cost",
    ]);
  });
});
