// The HTML report of `infercast compare`: one self-contained, escaped page whose inlined Chart.js
// draws its charts per case (a searched case: its frontiers per MW, per $/hour and per chip).
import { describe, expect, it } from "vitest";
import { comparisonHtml } from "../src/report/comparison-html.js";
import { big, comparison, dist, fast, result } from "./support/comparison.js";
import { drawCharts } from "./support/draw-charts.js";
import { searchedResult } from "./support/frontiers.js";

describe("comparisonHtml", () => {
  const page = comparisonHtml(result, ["WSE-3 <figures> are projections"]);

  it("is one self-contained page with the Chart.js library inlined", () => {
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain("<canvas");
    expect(page).toMatch(/Chart\.js v4\.6\.1/);
    expect(page).toMatch(/\.Chart=/);
    expect(page).toContain("new Chart(");
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).not.toMatch(/<link[^>]+href=/);
    expect(page).not.toMatch(/sourceMappingURL/);
    // every script element closes once, where it should
    expect(page.match(/<script/g)).toHaveLength(3);
    expect(page.match(/<\/script>/g)).toHaveLength(3);
  });

  it("has three charts per case and their data as JSON", () => {
    for (const kind of ["throughput", "latency", "cost"]) expect(page).toContain(`<canvas id="case-0-${kind}"`);
    const block = page.match(/<script type="application\/json" id="infercast-data">([\s\S]*?)<\/script>/);
    expect(block).not.toBeNull();
    const data = JSON.parse(block![1]);
    expect(data.cases).toHaveLength(1);
    const designs = data.cases[0].designs;
    expect(designs.map((d: { design: string }) => d.design)).toEqual(["<b>fast</b>", 'mesh, "big"']);
    expect(designs[0]).toMatchObject({
      perUser: 35,
      perChip: 500,
      ttftP90: 0.5,
      tpotP90: 0.04,
      joulesPerToken: null,
      usdPerMillion: null,
    });
    expect(designs[1]).toMatchObject({ overloaded: true, usdPerMillion: 0.42 });
    expect(data.cases[0].latencyLog).toBe(false);
    expect(page).toMatch(/J per output token not shown for &lt;b&gt;fast&lt;\/b&gt; \(power unknown\)/);
  });

  it("escapes every piece of user text", () => {
    expect(page).not.toContain("<b>fast</b>");
    expect(page).not.toContain("<figures>");
    expect(page).toContain("<th>&lt;b&gt;fast&lt;/b&gt;</th>");
    expect(page).toContain('<th class="overloaded">mesh, &quot;big&quot;</th>');
    expect(page).toContain("<li>WSE-3 &lt;figures&gt; are projections</li>");
    expect(page).toMatch(/<ul class="notes">[\s\S]*<\/ul>/);
  });

  it("puts units on every axis title and a log axis when latencies span over 100×", () => {
    expect(page).toContain("output tokens/s per user (tokens/s)");
    expect(page).toContain("output tokens/s per chip (tokens/s/chip)");
    expect(page).toContain("latency, p90 (s)");
    expect(page).toContain("energy per output token (J)");
    expect(page).toContain("cost per million output tokens (USD)");
    const slow = { ...fast, design: "slow", metrics: { ...fast.metrics, ttftSeconds: dist(30, 25, 60, 90) } };
    const wide = comparisonHtml(comparison([slow, big]));
    const data = JSON.parse(wide.match(/id="infercast-data">([\s\S]*?)<\/script>/)![1]);
    expect(data.cases[0].latencyLog).toBe(true);
  });

  it("draws its three charts with the inlined Chart.js", () => {
    const drawn = drawCharts(page);
    expect(drawn.errors).toEqual([]);
    expect(drawn.charts.map((c) => [c.id, c.type])).toEqual([
      ["case-0-throughput", "scatter"],
      ["case-0-latency", "bar"],
      ["case-0-cost", "bar"],
    ]);
    const [scatter, latency, cost] = drawn.charts;
    expect(scatter.datasets).toEqual(["<b>fast</b>", 'mesh, "big" (overloaded)']);
    expect(scatter.points).toEqual([[{ x: 35, y: 500 }], [{ x: 100, y: 5000 }]]);
    expect(scatter.scales).toMatchObject({
      x: { title: "output tokens/s per user (tokens/s)" },
      y: { title: "output tokens/s per chip (tokens/s/chip)" },
    });
    expect(latency.scales.y).toMatchObject({ type: "linear", title: "latency, p90 (s)" });
    expect(cost.scales).toMatchObject({
      energy: { title: "energy per output token (J)" },
      cost: { title: "cost per million output tokens (USD)" },
    });
    expect(cost.points).toEqual([
      [null, 4.5],
      [null, 0.42],
    ]);
    // the design names are drawn beside their points
    expect(drawn.texts).toContain("<b>fast</b>");

    const slow = { ...fast, design: "slow", metrics: { ...fast.metrics, ttftSeconds: dist(30, 25, 60, 90) } };
    const log = drawCharts(comparisonHtml(comparison([slow, big])));
    expect(log.errors).toEqual([]);
    expect(log.charts[1].scales.y).toMatchObject({ type: "logarithmic", title: "latency, p90 (s, log scale)" });

    // a design 200× dearer would flatten the others' bars: the cost axis turns logarithmic, the energy one stays linear
    const dear = { ...big, design: "dear", metrics: { ...big.metrics, usdPerMillionOutputTokens: 84 } };
    const wide = drawCharts(comparisonHtml(comparison([big, dear])));
    expect(wide.errors).toEqual([]);
    expect(wide.charts[2].scales).toMatchObject({
      energy: { type: "linear", title: "energy per output token (J)" },
      cost: { type: "logarithmic", title: "cost per million output tokens (USD), log scale" },
    });
  });

  it("draws a searched case's frontiers per MW, per $/hour and per chip instead of one point per design", () => {
    const drawn = drawCharts(comparisonHtml(searchedResult));
    expect(drawn.errors).toEqual([]);
    expect(drawn.charts.map((c) => [c.id, c.type])).toEqual([
      ["case-0-latency", "bar"],
      ["case-0-cost", "bar"],
      ["case-0-frontier-mw", "scatter"],
      ["case-0-frontier-usd", "scatter"],
      ["case-0-frontier-chip", "scatter"],
    ]);
    const mw = drawn.charts[2];
    expect(mw.datasets).toEqual(["gpu", "lpu"]);
    expect(mw.scales).toMatchObject({
      x: { type: "logarithmic", title: "output tokens/s per user (tokens/s)" },
      y: { type: "logarithmic", title: "output tokens/s per MW of facility power (tokens/s/MW)" },
    });
    // the end labels and the guides' labels are drawn
    expect(drawn.texts).toEqual(expect.arrayContaining(["gpu", "lpu", "SLO 50", "1k"]));
  });

  it("has the same table as the Markdown", () => {
    expect(page).toContain(
      '<td>output tokens/s</td><td><strong>8,000</strong><span class="best">*</span></td><td>20,000</td>',
    );
    expect(page).toContain("<td>$ per million output tokens</td><td>unknown</td><td>$0.420</td>");
  });
});
