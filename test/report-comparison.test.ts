import vm from "node:vm";
import { describe, expect, it } from "vitest";
import type { ComparisonResult } from "../src/api/compare-types.js";
import type { DesignResult, PoolSummary } from "../src/api/results.js";
import type { Distribution } from "../src/metrics/percentiles.js";
import { comparisonCsv, comparisonHtml, comparisonJson, comparisonMarkdown, comparisonTable } from "../src/report/comparison.js";
import { explorerCharts } from "../src/report/comparison-charts.js";
import { comparisonChartsSource } from "../src/report/inline-scripts.js";

const dist = (mean: number, p50: number, p90: number, p99: number): Distribution => ({ mean, p50, p90, p99 });
const none = (): Distribution => ({ mean: null, p50: null, p90: null, p99: null });

const pool = (role: string, chip: string, chips: number): PoolSummary => ({
  role, chip, system: `${chip}-system`, chips, layout: { tp: chips, pp: 1, ep: 1 }, replicas: 1,
  datatypes: { weights: "fp8", activations: "bf16", kv: "fp8", compute: "fp8" }, weightTier: "hbm", kvTokensPerReplica: 100_000, utilisation: 0.6,
});

interface Figures {
  ttft: Distribution;
  tpot: Distribution;
  tokens: number;
  chips: number;
  perUser: number | null;
  goodput: number;
  attainment: number;
  power: number | null;
  usdPerM: number | null;
  kv: Distribution;
  overloaded: boolean;
}

function design(name: string, kind: DesignResult["kind"], pools: PoolSummary[], f: Figures): DesignResult & { workload: string } {
  const kw = f.power === null ? null : f.power / 1000;
  return {
    design: name, kind, model: "llama-3.1-8b", workload: "chat", pools, requestsGenerated: 1000,
    metrics: {
      ttftSeconds: f.ttft, tpotSeconds: f.tpot, itlSeconds: f.tpot, e2eSeconds: dist(8, 7, 12, 20), queueingSeconds: dist(0.1, 0.05, 0.2, 0.5),
      outputTokensPerSecond: f.tokens, outputTokensPerSecondPerChip: f.tokens / f.chips, outputTokensPerSecondPerUser: f.perUser,
      decodeTokensPerSecondPerUser: f.tpot.p50 === null ? null : 1 / f.tpot.p50,
      requestsPerSecond: f.goodput * 1.1, goodputRequestsPerSecond: f.goodput, sloAttainment: f.attainment, chips: f.chips,
      arrived: 1000, finished: 990, rejected: 10, rejectedByReason: { contextWindow: 0, kvCapacity: 10 }, notIssued: 0,
      preemptions: 3, recomputes: 3, swaps: 0, prefixCacheHitRate: null, overloaded: f.overloaded, makespanSeconds: 100, steps: 5000,
      batchTokens: dist(512, 480, 900, 1024), kvUsage: { ...dist(0.5, 0.5, 0.8, 0.9), peak: 0.95 }, kvTransferSeconds: f.kv,
      utilisation: pools.map((p) => ({ pool: p.role, busyShare: 0.6, powerShare: 0.6, perReplica: [0.6] })),
      powerWatts: f.power, facilityPowerWatts: f.power === null ? null : f.power * 1.3,
      joulesPerOutputToken: f.power === null ? null : f.power / f.tokens,
      outputTokensPerSecondPerKilowatt: kw === null ? null : f.tokens / kw,
      outputTokensPerSecondPerMegawattFacility: kw === null ? null : f.tokens / (kw * 1.3 / 1000),
      usdPerHour: f.usdPerM === null ? null : (f.usdPerM * f.tokens * 3600) / 1e6, usdPerMillionOutputTokens: f.usdPerM,
    },
    energyBasis: { power: [], price: [], missing: f.power === null ? ["chip power unknown"] : [] },
    warnings: [],
  };
}

// `<b>fast</b>`: disaggregated, steady, power and cost unknown.
// `mesh, "big"`: faster on every figure but overloaded, so it is never the best.
const fast = design("<b>fast</b>", "disaggregated", [pool("prefill", "H100", 8), pool("decode", "H100", 8)], {
  ttft: dist(0.3, 0.25, 0.5, 0.9), tpot: dist(0.03, 0.028, 0.04, 0.06), tokens: 8000, chips: 16, perUser: 35, goodput: 9.5,
  attainment: 0.85, power: null, usdPerM: null, kv: dist(0.004, 0.003, 0.006, 0.01), overloaded: false,
});
const big = design('mesh, "big"', "unified-mesh", [pool("pool", "WSE-3", 4)], {
  ttft: dist(0.1, 0.08, 0.2, 0.3), tpot: dist(0.01, 0.009, 0.012, 0.02), tokens: 20000, chips: 4, perUser: 100, goodput: 20,
  attainment: 0.99, power: 90_000, usdPerM: 0.42, kv: none(), overloaded: true,
});

function comparison(results: (DesignResult & { workload: string })[]): ComparisonResult {
  return {
    budget: "power",
    budgetDescription: "each design sized to ≈ 20 kW of IT power",
    slo: { ttftSeconds: 1, tpotSeconds: 0.05, percentile: 90 },
    cases: [{
      model: "llama-3.1-8b", workload: "chat", workloadDescription: "Poisson 10/s, 1000 requests", results,
      verdicts: results.map((r, i) => ({ design: r.design, binding: i === 0 ? "decode bandwidth" : "prefill compute", explanation: `why ${r.design} binds` })),
    }],
    results,
  };
}

const result = comparison([fast, big]);

/** The cells of a terminal table row, by label. */
function rowCells(table: string, label: string): string[] {
  const line = table.split("\n").find((l) => l.split("│")[1]?.trim() === label);
  expect(line, label).toBeDefined();
  return line!.split("│").slice(2, -1).map((c) => c.trim());
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
    expect(table).toMatch(/^\* best of this case: .*overloaded designs are not ranked\.$/m);
    expect(table.trimEnd().split("\n").at(-1)).toBe("budget: equal power — each design sized to ≈ 20 kW of IT power");
    for (const line of table.split("\n")) expect([...line].length).toBeLessThanOrEqual(200);
  });

  it("ranks lowest and highest among several steady designs, ignoring nulls", () => {
    const cheap = design("cheap", "aggregated", [pool("pool", "MI300X", 8)], {
      ttft: dist(0.6, 0.5, 0.9, 1.5), tpot: dist(0.05, 0.045, 0.07, 0.09), tokens: 6000, chips: 8, perUser: 20, goodput: 5,
      attainment: 0.95, power: 12_000, usdPerM: 0.9, kv: none(), overloaded: false,
    });
    const thrifty = design("thrifty", "aggregated", [pool("pool", "MI300X", 8)], {
      ttft: dist(0.7, 0.6, 1.0, 1.5), tpot: dist(0.05, 0.05, 0.08, 0.09), tokens: 5000, chips: 8, perUser: 18, goodput: 4,
      attainment: 0.9, power: 8_000, usdPerM: 0.7, kv: none(), overloaded: false,
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

  it("splits a wide comparison into tables that fit in 200 columns", () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ ...fast, design: `a-rather-long-design-name-${i}` }));
    const t = comparisonTable(comparison(many));
    for (const line of t.split("\n")) expect([...line].length).toBeLessThanOrEqual(200);
    for (const r of many) expect(t).toContain(r.design);
  });
});

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

describe("comparisonCsv", () => {
  const csv = comparisonCsv(result);
  const lines = csv.trimEnd().split("\n");

  /** RFC 4180 fields of one record (no line breaks inside fields here). */
  const fields = (line: string): string[] => {
    const out: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let s = "";
        i++;
        for (;;) {
          if (line[i] === '"' && line[i + 1] === '"') { s += '"'; i += 2; } else if (line[i] === '"') { i++; break; } else s += line[i++];
        }
        out.push(s);
        i++;
      } else {
        const end = line.indexOf(",", i) === -1 ? line.length : line.indexOf(",", i);
        out.push(line.slice(i, end));
        i = end + 1;
      }
    }
    return out;
  };

  it("has a header and one row per design", () => {
    expect(lines).toHaveLength(3);
    const header = fields(lines[0]);
    expect(header.slice(0, 5)).toEqual(["model", "workload", "design", "kind", "chips"]);
    expect(header.at(-1)).toBe("binding");
    for (const line of lines) expect(fields(line)).toHaveLength(header.length);
  });

  it("quotes by RFC 4180 and leaves nulls empty", () => {
    const header = fields(lines[0]);
    const row = (i: number) => Object.fromEntries(fields(lines[i]).map((v, k) => [header[k], v]));
    const a = row(1), b = row(2);
    expect(lines[2]).toContain('"mesh, ""big"""');
    expect(b.design).toBe('mesh, "big"');
    expect(a.design).toBe("<b>fast</b>");
    expect(a.power_w).toBe("");
    expect(a.joules_per_output_token).toBe("");
    expect(a.usd_per_million_output_tokens).toBe("");
    expect(a.output_tokens_per_s_per_kw).toBe("");
    expect(b.kv_transfer_p90_s).toBe("");
    expect(b.power_w).toBe("90000");
    expect(b.usd_per_million_output_tokens).toBe("0.42");
    expect(a.ttft_p90_s).toBe("0.5");
    expect(a.overloaded).toBe("false");
    expect(b.overloaded).toBe("true");
    expect(a.binding).toBe("decode bandwidth");
    expect(a.kind).toBe("disaggregated");
    expect(a.chips).toBe("16");
  });
});

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
    expect(designs[0]).toMatchObject({ perUser: 35, perChip: 500, ttftP90: 0.5, tpotP90: 0.04, joulesPerToken: null, usdPerMillion: null });
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
    expect(drawn.charts.map((c) => [c.id, c.type])).toEqual([["case-0-throughput", "scatter"], ["case-0-latency", "bar"], ["case-0-cost", "bar"]]);
    const [scatter, latency, cost] = drawn.charts;
    expect(scatter.datasets).toEqual(["<b>fast</b>", 'mesh, "big" (overloaded)']);
    expect(scatter.points).toEqual([[{ x: 35, y: 500 }], [{ x: 100, y: 5000 }]]);
    expect(scatter.scales).toMatchObject({ x: { title: "output tokens/s per user (tokens/s)" }, y: { title: "output tokens/s per chip (tokens/s/chip)" } });
    expect(latency.scales.y).toMatchObject({ type: "linear", title: "latency, p90 (s)" });
    expect(cost.scales).toMatchObject({ energy: { title: "energy per output token (J)" }, cost: { title: "cost per million output tokens (USD)" } });
    expect(cost.points).toEqual([[null, 4.5], [null, 0.42]]);
    // the design names are drawn beside their points
    expect(drawn.texts).toContain("<b>fast</b>");

    const slow = { ...fast, design: "slow", metrics: { ...fast.metrics, ttftSeconds: dist(30, 25, 60, 90) } };
    const log = drawCharts(comparisonHtml(comparison([slow, big])));
    expect(log.errors).toEqual([]);
    expect(log.charts[1].scales.y).toMatchObject({ type: "logarithmic", title: "latency, p90 (s, log scale)" });
  });

  it("has the same table as the Markdown", () => {
    expect(page).toContain("<td>output tokens/s</td><td><strong>8,000</strong><span class=\"best\">*</span></td><td>20,000</td>");
    expect(page).toContain("<td>$ per million output tokens</td><td>unknown</td><td>$0.420</td>");
  });
});

describe("the chart module the report and the explorer share", () => {
  it("is what the report's page inlines", () => {
    expect(comparisonHtml(result)).toContain(comparisonChartsSource());
  });

  it("gives the explorer five charts, projected designs paler and marked †, every value axis logarithmic", () => {
    const charts = explorerCharts((r) => r.design === 'mesh, "big"');
    expect(Object.keys(charts)).toEqual(["frontier", "ttft", "tpot", "energy", "cost"]);
    const slo = { ttft: "1000 ms at p90", tpot: "50 ms at p90" };
    const [frontier, ttft, , energy] = Object.values(charts).map((chart) => chart(result.cases[0], slo));
    expect(frontier.data.datasets).toMatchObject([
      { label: "<b>fast</b>", data: [{ x: 35, y: 500 }], backgroundColor: "#1f77b4", pointStyle: "circle" },
      { label: 'mesh, "big" †', data: [{ x: 100, y: 5000 }], backgroundColor: "#ff7f0e66", pointStyle: "triangle" },
    ]);
    expect(ttft.data.labels).toEqual(["<b>fast</b>", 'mesh, "big" †']);
    expect(ttft.data.datasets.map((d) => [d.label, d.data])).toEqual([["p50", [250, 80]], ["p90", [500, 200]], ["p99", [900, 300]]]);
    expect(ttft.options?.plugins?.title?.text).toBe("TTFT (SLO 1000 ms at p90)");
    expect(energy.data.datasets[0].data).toEqual([null, 4.5]);
    for (const chart of [frontier, ttft, energy]) {
      const scales = chart.options?.scales ?? {};
      expect(Object.values(scales).filter((s) => s?.type === "logarithmic").length).toBe(chart.type === "scatter" ? 2 : 1);
    }
  });
});

describe("several cases", () => {
  it("gives each model × workload its own table and charts", () => {
    const two = comparison([fast, big]);
    two.cases.push({ ...two.cases[0], model: "llama-3.1-70b", workload: "agent", workloadDescription: "closed loop ×64, 500 requests" });
    expect(comparisonMarkdown(two).match(/^## /gm)).toEqual(["## ", "## "]);
    expect(comparisonMarkdown(two)).toContain("## llama-3.1-70b × agent");
    expect(comparisonTable(two)).toContain("llama-3.1-70b × agent — closed loop ×64, 500 requests");
    expect(comparisonCsv(two).trimEnd().split("\n")).toHaveLength(5);
    const drawn = drawCharts(comparisonHtml(two));
    expect(drawn.errors).toEqual([]);
    expect(drawn.charts.map((c) => c.id)).toEqual(["case-0-throughput", "case-0-latency", "case-0-cost", "case-1-throughput", "case-1-latency", "case-1-cost"]);
  });
});

describe("comparisonJson", () => {
  it("holds the budget, SLO, results and verdicts, with non-finite numbers as null", () => {
    const withNaN = comparison([{ ...fast, metrics: { ...fast.metrics, makespanSeconds: Number.NaN } }, big]);
    withNaN.results[0] = { ...withNaN.results[0], requests: undefined };
    const json = JSON.parse(comparisonJson(withNaN));
    expect(json.budget).toBe("power");
    expect(json.budgetDescription).toContain("20 kW");
    expect(json.slo).toEqual({ ttftSeconds: 1, tpotSeconds: 0.05, percentile: 90 });
    expect(json.results).toHaveLength(2);
    expect(json.results[0].metrics.makespanSeconds).toBeNull();
    expect(json.results[0].metrics.powerWatts).toBeNull();
    expect(json.verdicts).toEqual([
      { model: "llama-3.1-8b", workload: "chat", design: "<b>fast</b>", binding: "decode bandwidth", explanation: "why <b>fast</b> binds" },
      { model: "llama-3.1-8b", workload: "chat", design: 'mesh, "big"', binding: "prefill compute", explanation: 'why mesh, "big" binds' },
    ]);
  });

  it("turns typed arrays into arrays", () => {
    const requests = {
      arrivalSeconds: Float64Array.from([0, 1]), firstTokenSeconds: Float64Array.from([0.2, Number.NaN]), finishSeconds: Float64Array.from([1, Number.NaN]),
      inputTokens: Int32Array.from([10, 20]), outputTokens: Int32Array.from([5, 0]), status: ["finished", "not-issued"],
      preemptions: Int32Array.from([0, 0]), replica: Int32Array.from([0, -1]), prefixHitTokens: Int32Array.from([0, 0]),
    };
    const json = JSON.parse(comparisonJson(comparison([{ ...fast, requests }, big])));
    expect(json.results[0].requests.firstTokenSeconds).toEqual([0.2, null]);
    expect(json.results[0].requests.inputTokens).toEqual([10, 20]);
  });
});

/**
 * Runs a page's scripts (Chart.js and the chart script) in a bare context whose canvases hand out
 * a 2D context that draws nothing, and reports the charts Chart.js built.
 */
function drawCharts(page: string) {
  const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  const json = scripts.find((s) => s[1].includes("application/json"))![2];
  const texts: string[] = [];
  const errors: unknown[] = [];
  const context2d = (canvas: unknown) => new Proxy({ canvas } as Record<string | symbol, unknown>, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === "measureText") return (s: string) => ({ width: String(s).length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 });
      if (key === "fillText") return (s: string) => texts.push(s);
      if (key === "getLineDash") return () => [];
      if (typeof key === "string" && /^create/.test(key)) return () => ({ addColorStop() {} });
      if (typeof key !== "string") return undefined;
      target[key] = () => undefined;
      return target[key];
    },
    set(target, key, value) { target[key] = value; return true; },
  });
  const canvases = new Map<string, object>();
  const document = {
    getElementById(id: string) {
      if (id === "infercast-data") return { textContent: json };
      if (!page.includes(`<canvas id="${id}"`)) return null;
      if (!canvases.has(id)) {
        const canvas: Record<string, unknown> = { id, width: 600, height: 320, style: {}, addEventListener() {}, removeEventListener() {} };
        canvas.getContext = () => context2d(canvas);
        canvases.set(id, canvas);
      }
      return canvases.get(id);
    },
  };
  const sandbox = vm.createContext({ document, console: { ...console, error: (...a: unknown[]) => errors.push(a), warn: (...a: unknown[]) => errors.push(a) } });
  for (const s of scripts) if (!s[1].includes("application/json")) vm.runInContext(s[2], sandbox);
  type Built = { canvas: { id: string }; config: { type: string }; scales: Record<string, { type: string; options: { title: { text: string } } }>;
    data: { datasets: { label: string; data: unknown[] }[] } };
  const built = vm.runInContext("Object.values(Chart.instances)", sandbox) as Built[];
  const charts = built.map((c) => ({
    id: c.canvas.id,
    type: c.config.type,
    scales: Object.fromEntries(Object.entries(c.scales).map(([k, s]) => [k, { type: s.type, title: s.options.title.text }])),
    datasets: c.data.datasets.map((d) => d.label),
    points: c.data.datasets.map((d) => JSON.parse(JSON.stringify(d.data))),
  }));
  return { charts, texts, errors };
}
