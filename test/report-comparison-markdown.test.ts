// The Markdown report of `infercast compare`: its header, and one escaped table per case.
import { describe, expect, it } from "vitest";
import { comparisonMarkdown } from "../src/report/comparison-markdown.js";
import { result } from "./support/comparison.js";

describe("comparisonMarkdown", () => {
  const md = comparisonMarkdown(result, ["WSE-3 figures are projections"]);

  it("has a header with what was compared, the SLO and the budget", () => {
    expect(md).toMatch(/^# infercast compare/);
    expect(md).toContain("2 designs");
    expect(md).toContain("**SLO:** TTFT ≤ 1.00 s and TPOT ≤ 50.0 ms for p90 of requests");
    expect(md).toContain("**Budget:** equal power — each design sized to ≈ 20 kW of IT power");
    expect(md).toContain("WSE-3 figures are projections");
  });

  it("has one table per case, escaped, with the best marked", () => {
    expect(md.match(/^## /gm)).toHaveLength(1);
    const lines = md.split("\n");
    const head = lines.findIndex((l) => l.startsWith("| metric |"));
    expect(lines[head]).toBe('| metric | &lt;b&gt;fast&lt;/b&gt; | mesh, "big" |');
    expect(lines[head + 1]).toBe("| --- | ---: | ---: |");
    const rows = lines.slice(head + 2).filter((l) => l.startsWith("|"));
    expect(rows).toHaveLength(14);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(5);
    expect(lines).toContain("| output tokens/s | 8,000\\* | 20,000 |");
    expect(lines).toContain("| \\$ per million output tokens | unknown | \\$0.420 |");
    expect(md).not.toContain("<b>");
  });
});
