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
  it("finds the fewest units that meet the SLO, as brute force does", async () => {
    const designs = ["gpu-aggregated", "gpu-disaggregated"];
    const rows = await plan({ model: "llama-3.1-8b", workload, slo, designs, budget: "chips", maxUnits: 8 });
    const spec = model("llama-3.1-8b").spec;
    for (const name of designs) {
      const unit = defaultDesigns.find((d) => d.name === name)!.unit(spec);
      if ("infeasible" in unit) throw new Error(unit.infeasible);
      let brute: number | null = null;
      for (let units = 1; units <= 8 && brute === null; units++) {
        const r = await simulate({ model: "llama-3.1-8b", datatypes: defaultDatatypes, workload, slo, designs: [unit.design(units)] });
        if (meetsSlo(r.results[0], slo)) brute = units;
      }
      const row = rows.find((r) => r.design === name)!;
      expect(row.units, name).toBe(brute);
      expect(brute).not.toBeNull();
      // the plan's configuration, simulated on its own, meets the SLO
      const alone = await simulate({ model: "llama-3.1-8b", datatypes: defaultDatatypes, workload, slo, designs: [unit.design(row.units!)] });
      expect(meetsSlo(alone.results[0], slo)).toBe(true);
      expect(row.chips).toBe(unit.cost.chips * row.units!);
    }
  });
});
