/**
 * `plan`: for a model, a workload at its target rate and an SLO, the smallest number of units of each
 * design (from the built-in set) that meets the SLO when simulated — and what that costs in the
 * chosen budget (power, price or chips). Units are a design's smallest deployable set of chips
 * (`src/designs/default-scenario.ts`); their layout and prefill:decode ratio stay as sized there.
 */
import * as catalog from "../catalog/index.js";
import { defaultDatatypes, defaultDesigns } from "../designs/default-scenario.js";
import { budgetMeasure, budgetUnits } from "../designs/sizing.js";
import { InputError } from "../errors.js";
import type { ScenarioInput, Slo } from "../scenario/schema.js";
import type { Budget } from "./compare-types.js";
import { simulate, type DesignResult } from "./simulate.js";

export interface PlanInput {
  model: string;
  workload: ScenarioInput["workload"];
  slo: Slo;
  budget?: Budget;
  /** Only these designs of the built-in set. */
  designs?: string[];
  /** Largest number of units tried (default 64). */
  maxUnits?: number;
}

export interface PlanRow {
  design: string;
  /** Fewest units that meet the SLO, or null when none up to maxUnits does (or the design cannot serve the model). */
  units: number | null;
  chips: number | null;
  /** The plan's figure in the budget's unit (W, $/hour or chips); null when unknown. */
  cost: number | null;
  costText: string;
  result?: DesignResult;
  reason?: string;
}

/** Whether a run meets the SLO: attainment at the SLO's percentile, and not overloaded. */
export const meetsSlo = (r: DesignResult, slo: Slo): boolean =>
  !r.metrics.overloaded && r.metrics.sloAttainment * 100 >= slo.percentile;

export async function plan(input: PlanInput): Promise<PlanRow[]> {
  const budget = input.budget ?? "power";
  const maxUnits = input.maxUnits ?? 64;
  const spec = catalog.model(input.model, "model").spec;
  const templates = input.designs ? defaultDesigns.filter((d) => input.designs!.includes(d.name)) : defaultDesigns;
  for (const name of input.designs ?? []) {
    if (!defaultDesigns.some((d) => d.name === name)) throw new InputError("designs", `unknown design "${name}"`, defaultDesigns.map((d) => d.name));
  }
  const rows: PlanRow[] = [];
  for (const template of templates) {
    const unit = template.unit(spec);
    if ("infeasible" in unit) {
      rows.push({ design: template.name, units: null, chips: null, cost: null, costText: "—", reason: unit.infeasible });
      continue;
    }
    const run = async (units: number) => {
      const result = await simulate({ model: input.model, datatypes: defaultDatatypes, workload: input.workload, slo: input.slo, designs: [unit.design(units)] });
      return result.results[0];
    };
    let found: { units: number; result: DesignResult } | undefined;
    try {
      // double until the SLO is met, then bisect between the last miss and the first hit
      let low = 0;
      let high = 1;
      let hit = await run(1);
      while (!meetsSlo(hit, input.slo) && high < maxUnits) {
        low = high;
        high = Math.min(maxUnits, high * 2);
        hit = await run(high);
      }
      if (meetsSlo(hit, input.slo)) {
        found = { units: high, result: hit };
        while (high - low > 1) {
          const mid = (low + high) >> 1;
          const r = await run(mid);
          if (meetsSlo(r, input.slo)) {
            high = mid;
            found = { units: mid, result: r };
          } else low = mid;
        }
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      rows.push({ design: template.name, units: null, chips: null, cost: null, costText: "—", reason: error.message });
      continue;
    }
    if (!found) {
      rows.push({ design: template.name, units: null, chips: null, cost: null, costText: "—", reason: `the SLO is not met with ${maxUnits} units` });
      continue;
    }
    const perUnit = budgetMeasure(unit.cost, budget);
    const cost = perUnit === null ? null : perUnit * found.units;
    rows.push({
      design: template.name,
      units: found.units,
      chips: unit.cost.chips * found.units,
      cost,
      costText: cost === null ? `unknown ${budget}` : budgetUnits[budget](cost),
      result: found.result,
    });
  }
  return rows;
}
