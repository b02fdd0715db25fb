// The chart configurations the HTML report and the explorer share.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { comparisonHtml } from "../src/report/comparison-html.js";
import { explorerCharts } from "../src/report/comparison-charts.js";
import { reportChartsSource } from "../src/report/inline-scripts.js";
import { result } from "./support/comparison.js";

describe("the chart module the report and the explorer share", () => {
  it("is what the report's page inlines, after the frontier charts whose ticks it uses", () => {
    const source = reportChartsSource();
    expect(comparisonHtml(result)).toContain(source);
    expect(source.indexOf("function frontierSvg")).toBeLessThan(source.indexOf("function drawFrontierCharts"));
    expect(source.indexOf("function drawFrontierCharts")).toBeLessThan(source.indexOf("function drawReportCharts"));
    expect(source).not.toMatch(/^\s*import\b/m);
  });

  it.each([
    ["comparison-charts", "#comparison-charts"],
    ["frontier-chart", "#frontier-chart"],
    ["frontier-svg", "#frontier-svg"],
  ])("inlines %s as built from the source these tests import, not a stale build", (file, specifier) => {
    // the page reads the compiled module from dist (as Chart.js from node_modules); recompile the source and compare
    const root = join(import.meta.dirname, "..");
    const source = readFileSync(join(root, "src", "report", `${file}.ts`), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
    });
    const built = readFileSync(createRequire(import.meta.url).resolve(specifier), "utf8");
    const withoutMap = (js: string) => js.replace(/\n\/\/# sourceMappingURL=.*$/, "").trim();
    expect(withoutMap(built)).toBe(withoutMap(outputText));
  });

  it("gives the explorer four bar charts, projected designs paler and marked †, every value axis logarithmic", () => {
    const charts = explorerCharts((r) => r.design === 'mesh, "big"');
    expect(Object.keys(charts)).toEqual(["ttft", "tpot", "energy", "cost"]);
    const slo = { ttft: "1000 ms at p90", tpot: "50 ms at p90" };
    const [ttft, , energy] = Object.values(charts).map((chart) => chart(result.cases[0], slo));
    expect(ttft.data.labels).toEqual(["<b>fast</b>", 'mesh, "big" †']);
    expect(ttft.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ["p50", [250, 80]],
      ["p90", [500, 200]],
      ["p99", [900, 300]],
    ]);
    expect(ttft.options?.plugins?.title?.text).toBe("TTFT (SLO 1000 ms at p90)");
    expect(energy.data.datasets[0].data).toEqual([null, 4.5]);
    expect(energy.data.datasets[0].backgroundColor).toEqual(["#1f77b4", "#ff7f0e66"]);
    for (const chart of [ttft, energy])
      expect(Object.values(chart.options?.scales ?? {}).filter((s) => s?.type === "logarithmic")).toHaveLength(1);
  });
});
