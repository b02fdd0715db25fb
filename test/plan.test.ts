// plan: the fewest units of each design that meet the SLO — checked against brute force, and
// each planned configuration meets the SLO when simulated on its own.
import { describe, expect, it } from "vitest";
import { meetsSlo, plan } from "../src/api/plan.js";
import { simulate } from "../src/api/simulate.js";
import { model } from "../src/catalog/index.js";
import { defaultDatatypes, defaultDesigns } from "../src/designs/default-scenario.js";
import type { ScenarioInput } from "../src/scenario/schema.js";

const workload: ScenarioInput["workload"] = {
  arrival: { kind: "poisson", ratePerSecond: 120 },
  input: { kind: "lognormal", mean: 1500, sigma: 0.8, min: 16, max: 8192 },
  output: { kind: "lognormal", mean: 200, sigma: 0.5, min: 1, max: 2048 },
  requests: 300,
  seed: 1,
};
const slo = { ttftSeconds: 0.5, tpotSeconds: 0.03, percentile: 90 };

describe("plan", () => {
  it("finds the cheapest configuration that meets the SLO, as brute force over the same candidates does", async () => {
    const designs = ["gpu-aggregated", "gpu-disaggregated"];
    const rows = await plan({ model: "llama-3.1-8b", workload, slo, designs, budget: "chips", maxUnits: 8 });
    const spec = model("llama-3.1-8b").spec;
    const meets = async (design: ScenarioInput["designs"][number]) =>
      meetsSlo(
        (await simulate({ model: "llama-3.1-8b", datatypes: defaultDatatypes, workload, slo, designs: [design] }))
          .results[0],
        slo,
      );
    for (const name of designs) {
      const unit = defaultDesigns.find((d) => d.name === name)!.unit(spec);
      if ("infeasible" in unit) throw new Error(unit.infeasible);
      // brute force: every candidate the plan may pick, fewest chips first
      const candidates: { chips: number; design: ScenarioInput["designs"][number] }[] = [];
      if (unit.pools) {
        const pools = unit.pools;
        for (const [rp, rd] of [
          [1, 1],
          [1, 2],
          [2, 1],
          [1, 3],
          [3, 1],
        ]) {
          for (let k = 1; k * Math.max(rp, rd) <= 8; k++)
            candidates.push({ chips: pools.costOf(k * rp, k * rd).chips, design: pools.design(k * rp, k * rd) });
        }
      } else {
        for (let k = 1; k <= 8; k++) candidates.push({ chips: unit.costOf(k).chips, design: unit.design(k) });
      }
      candidates.sort((a, b) => a.chips - b.chips);
      let brute: number | null = null;
      for (const c of candidates) {
        if (await meets(c.design)) {
          brute = c.chips;
          break;
        }
      }
      const row = rows.find((r) => r.design === name)!;
      expect(brute, name).not.toBeNull();
      expect(row.chips, name).toBe(brute);
      // the plan's configuration, simulated on its own, meets the SLO
      expect(row.result && meetsSlo(row.result, slo)).toBe(true);
    }
  });
});
