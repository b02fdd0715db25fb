// The search against the configurations of the previous default comparison (each design sized to
// two HGX H200 systems' power, one layout, one prefill:decode ratio): rerun at the concurrencies of
// the new frontier with the TTFT filter off, each must lie on or under the new frontier wherever
// its per-user speed falls inside the frontier's range.
import { describe, expect, it } from "vitest";
import { builtInScenarios } from "../src/api/built-in.js";
import { compare } from "../src/api/compare.js";
import { pointScenario } from "../src/api/frontier.js";
import { simulate } from "../src/api/simulate.js";
import { defaultSlo, defaultWorkloads } from "../src/designs/default-scenario.js";
import { readAt } from "../src/search/frontier.js";

/** Run-to-run noise of a closed loop's per-MW figure (see compare-search.test.ts, units doubled). */
const NOISE = 0.05;

describe("the old default configurations", () => {
  it("lie on or under the new frontiers where their per-user speeds overlap", async () => {
    const model = "llama-3.1-70b";
    const result = await compare(undefined, { models: [model], workloads: ["chat"], ttftSeconds: null });
    const old = (await builtInScenarios({ models: [model], workloads: ["chat"], requests: 100 })).cases[0].scenario;
    let compared = 0;
    const above: string[] = [];
    for (const f of result.cases[0].frontiers!) {
      const design = old.designs.find((d) => d.name === f.design);
      if (!design || f.points.length === 0) continue;
      const front = f.points.map((p) => ({
        x: p.outputTokensPerSecondPerUser,
        y: p.outputTokensPerSecondPerMegawattFacility!,
      }));
      for (const p of [f.points[0], f.points[Math.floor(f.points.length / 2)], f.points.at(-1)!]) {
        const seconds = p.scenario.workload.durationSeconds!;
        const run = await simulate({
          ...pointScenario(
            { model, workload: defaultWorkloads.chat(1, 1), slo: defaultSlo },
            design,
            p.concurrency,
            seconds,
          ),
          datatypes: old.datatypes,
        });
        const m = run.results[0].metrics;
        const x = m.outputTokensPerSecondPerUser!;
        const y = (m.outputTokensPerSecond * 1e6) / m.facilityPowerWatts!;
        const on = readAt(front, x);
        if (!on || x < front[0].x) continue;
        compared++;
        if (y > on.y * (1 + NOISE))
          above.push(
            `${f.design} at ${p.concurrency} users, ${x.toFixed(1)} tok/s/user: ${y.toFixed(0)} > ${on.y.toFixed(0)}`,
          );
      }
    }
    expect(above).toEqual([]);
    expect(compared).toBeGreaterThan(5);
  });
});
