// The explorer's search, through the library: designs searched one `compare` at a time and merged
// give the comparison of searching them together, byte for byte; each design's analytic estimate
// (drawn before the confirmed frontier arrives) is a Pareto frontier of runnable design entries.
import { describe, expect, it } from "vitest";
import { compare, type CompareOptions } from "../src/api/compare.js";
import { estimateFrontier } from "../src/api/frontier-estimate.js";
import { searchedCase } from "../src/api/searched-case.js";
import { defaultSlo } from "../src/designs/default-scenario.js";
import { InputError } from "../src/errors.js";
import { comparisonJson } from "../src/report/comparison.js";
import { Scenario } from "../src/scenario/schema.js";

// in the built-in order, which compare searches them in
const designs = ["gpu-aggregated", "gpu-disaggregated", "galaxy-blackhole"];
const options: CompareOptions = { models: ["llama-3.1-8b"], workloads: ["chat"], tpotSeconds: 0.02 };

describe("a comparison searched one design at a time", () => {
  it("merges into the comparison of all designs searched together", async () => {
    const together = await compare(undefined, { ...options, designs });
    const parts = [];
    for (const d of designs) parts.push(await compare(undefined, { ...options, designs: [d] }));
    expect(comparisonJson(searchedCase(parts))).toBe(comparisonJson(together));
    // a part alone is a comparison too: its verdict names that design or no one
    const alone = searchedCase(parts.slice(0, 1)).cases[0];
    for (const v of alone.verdict!) expect([designs[0], null]).toContain(v.winner);
  });

  it("refuses what it cannot merge", () => {
    expect(() => searchedCase([])).toThrow(/at least one/);
  });
});

describe("a design's analytic estimate", () => {
  const estimateOptions = { model: "llama-3.1-8b", workload: "chat", slo: defaultSlo } as const;

  it("is a Pareto frontier, per-user speed rising and throughput falling, of design entries that parse", () => {
    for (const d of designs) {
      const e = estimateFrontier(d, estimateOptions);
      expect(e.design).toBe(d);
      expect(e.points.length).toBeGreaterThan(1);
      for (let i = 1; i < e.points.length; i++) {
        expect(e.points[i].outputTokensPerSecondPerUser).toBeGreaterThan(e.points[i - 1].outputTokensPerSecondPerUser);
        expect(e.points[i].value).toBeLessThan(e.points[i - 1].value);
      }
      for (const p of e.points) {
        expect(p.ttftSeconds).toBeLessThanOrEqual(defaultSlo.ttftSeconds);
        expect(p.design.name).toBe(d);
        const scenario = {
          model: "llama-3.1-8b",
          workload: { arrival: { kind: "closed", concurrency: p.concurrency }, requests: 10 },
          slo: defaultSlo,
          designs: [p.design],
        };
        expect(Scenario.safeParse(scenario).success).toBe(true);
      }
    }
  });

  it("is the same twice, and a per-chip basis where asked", () => {
    const mw = estimateFrontier("gpu-aggregated", estimateOptions);
    expect(estimateFrontier("gpu-aggregated", estimateOptions)).toEqual(mw);
    const chip = estimateFrontier("gpu-aggregated", { ...estimateOptions, per: "chip" });
    expect(chip.basis).toBe("chip");
    expect(mw.basis).toBe("mw");
  });

  it("names the field of a bad design or workload", () => {
    expect(() => estimateFrontier("nope", estimateOptions)).toThrow(InputError);
    expect(() => estimateFrontier("nope", estimateOptions)).toThrow(/designs/);
    expect(() => estimateFrontier("gpu-aggregated", { ...estimateOptions, workload: "x" as "chat" })).toThrow(
      /workload/,
    );
  });
});
