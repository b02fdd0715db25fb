// The terminal table of `infercast compare`: one column per design, the best steady figure marked,
// unknown figures printed as unknown, and wide comparisons split to fit 120 columns.
import { describe, expect, it } from "vitest";
import { comparisonTable } from "../src/report/comparison-table.js";
import { big, comparison, design, dist, fast, none, pool, result } from "./support/comparison.js";

/** The cells of a terminal table row, by label. */
function rowCells(table: string, label: string): string[] {
  const line = table.split("\n").find((l) => l.split("│")[1]?.trim() === label);
  expect(line, label).toBeDefined();
  return line!
    .split("│")
    .slice(2, -1)
    .map((c) => c.trim());
}

describe("comparisonTable", () => {
  const table = comparisonTable(result);

  it("heads each case and puts one column per design", () => {
    expect(table).toContain("llama-3.1-8b × chat — Poisson 10/s, 1000 requests");
    expect(table).toContain("<b>fast</b>");
    expect(table).toContain('mesh, "big"');
    expect(rowCells(table, "hardware")).toEqual(["prefill: 8 × H100", "pool: 4 × WSE-3"]);
  });

  it("marks the best steady design, never an overloaded one", () => {
    expect(rowCells(table, "output tokens/s")).toEqual(["8,000*", "20,000"]);
    expect(rowCells(table, "TTFT p50 / p90")).toEqual(["250 ms* / 500 ms*", "80.0 ms / 200 ms"]);
    expect(rowCells(table, "TPOT p50 / p90")).toEqual(["28.0 ms* / 40.0 ms*", "9.00 ms / 12.0 ms"]);
    expect(rowCells(table, "goodput requests/s")).toEqual(["9.50*", "20.00"]);
    expect(rowCells(table, "SLO attainment")).toEqual(["85.0%* (below p90)", "99.0%"]);
    expect(rowCells(table, "overloaded")).toEqual(["no", "YES"]);
  });

  it("prints unknown for null figures, never 0, and ranks none of them", () => {
    expect(rowCells(table, "power (IT)")).toEqual(["unknown", "90.0 kW"]);
    expect(rowCells(table, "J per output token")).toEqual(["unknown", "4.50 J"]);
    expect(rowCells(table, "output tokens/s per kW")).toEqual(["unknown", "222"]);
    expect(rowCells(table, "$ per million output tokens")).toEqual(["unknown", "$0.420"]);
    expect(rowCells(table, "KV transfer p90")).toEqual(["6.00 ms", "—"]);
    expect(table).not.toMatch(/│ \$?0(\.0+)?( W| J)? +│/);
  });

  it("says what binds, which designs are overloaded, the footnote and the budget", () => {
    expect(table).toContain("<b>fast</b>: decode bandwidth — why <b>fast</b> binds");
    expect(table).toContain('mesh, "big": prefill compute — why mesh, "big" binds');
    expect(table).toMatch(/mesh, "big": overloaded — /);
    // lines wrapped at 120 columns continue indented: read them joined
    expect(table.replace(/\n {4}/g, " ")).toMatch(/^\* best of this case: .*overloaded designs are not ranked\.$/m);
    expect(table.trimEnd().split("\n").at(-1)).toBe("budget: equal power — each design sized to ≈ 20 kW of IT power");
    for (const line of table.split("\n")) expect([...line].length).toBeLessThanOrEqual(120);
  });

  it("ranks lowest and highest among several steady designs, ignoring nulls", () => {
    const cheap = design("cheap", "aggregated", [pool("pool", "MI300X", 8)], {
      ttft: dist(0.6, 0.5, 0.9, 1.5),
      tpot: dist(0.05, 0.045, 0.07, 0.09),
      tokens: 6000,
      chips: 8,
      perUser: 20,
      goodput: 5,
      attainment: 0.95,
      power: 12_000,
      usdPerM: 0.9,
      kv: none(),
      overloaded: false,
    });
    const thrifty = design("thrifty", "aggregated", [pool("pool", "MI300X", 8)], {
      ttft: dist(0.7, 0.6, 1.0, 1.5),
      tpot: dist(0.05, 0.05, 0.08, 0.09),
      tokens: 5000,
      chips: 8,
      perUser: 18,
      goodput: 4,
      attainment: 0.9,
      power: 8_000,
      usdPerM: 0.7,
      kv: none(),
      overloaded: false,
    });
    const t = comparisonTable(comparison([fast, big, cheap, thrifty]));
    expect(rowCells(t, "J per output token")).toEqual(["unknown", "4.50 J", "2.00 J", "1.60 J*"]);
    expect(rowCells(t, "$ per million output tokens")).toEqual(["unknown", "$0.420", "$0.900", "$0.700*"]);
    expect(rowCells(t, "output tokens/s per kW")).toEqual(["unknown", "222", "500", "625*"]);
    expect(rowCells(t, "output tokens/s per chip")).toEqual(["500", "5,000", "750*", "625"]);
    expect(rowCells(t, "SLO attainment")).toEqual(["85.0% (below p90)", "99.0%", "95.0%*", "90.0%"]);
  });

  it("puts nothing in a single-design case's cells but the figures", () => {
    const t = comparisonTable(comparison([fast]));
    expect(t).not.toMatch(/\d\*/);
    expect(t).not.toMatch(/not ranked/);
  });

  it("splits a wide comparison into tables that fit in 120 columns", () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ ...fast, design: `a-rather-long-design-name-${i}` }));
    const t = comparisonTable(comparison(many));
    for (const line of t.split("\n")) expect([...line].length).toBeLessThanOrEqual(120);
    for (const r of many) expect(t).toContain(r.design);
  });
});
