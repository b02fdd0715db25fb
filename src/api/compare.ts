/**
 * `compare`: designs side by side on the same model and traffic, measured the same way, through
 * the same simulation a user runs, each with a verdict on what binds it. Without a scenario it runs
 * the built-in comparison (`./built-in.ts`).
 */
import type { Budget } from "../designs/sizing.js";
import { defaultSlo } from "../designs/default-scenario.js";
import type { ScenarioInput, Slo } from "../scenario/schema.js";
import { builtInScenarios, type BuiltInOptions } from "./built-in.js";
import type { ComparisonCase, ComparisonResult } from "./compare-types.js";
import { simulateWithSetups, type SimulateProgress } from "./simulate.js";
import { verdict } from "./verdict.js";

export interface CompareOptions extends BuiltInOptions {
  /** Also run each design at the ends of its chips' efficiency ranges: results gain `range` (see `SimulateOptions.uncertainty`). */
  uncertainty?: boolean;
  onProgress?: (progress: SimulateProgress & { model: string; workload: string }) => void;
}

/** Compares the designs of `scenario`, or the built-in set when none is given. */
export async function compare(scenario?: ScenarioInput, options: CompareOptions = {}): Promise<ComparisonResult> {
  return scenario ? compareScenario(scenario, options) : compareDefault(options);
}

async function compareScenario(scenario: ScenarioInput, options: CompareOptions): Promise<ComparisonResult> {
  const { result, setups } = await simulateWithSetups(scenario, {
    uncertainty: options.uncertainty,
    economics: options.economics,
    onProgress: (p) => options.onProgress?.({ ...p, model: "", workload: "" }),
  });
  const slo = result.slo;
  const cases: ComparisonCase[] = [
    {
      model: result.model,
      workload: "scenario",
      workloadDescription: result.workload,
      results: result.results,
      verdicts: result.results.map((r, i) => verdict(r, setups[i], slo)),
    },
  ];
  return finish("chips", "as written in the scenario", slo, cases);
}

function finish(budget: Budget, budgetDescription: string, slo: Slo, cases: ComparisonCase[]): ComparisonResult {
  return {
    budget,
    budgetDescription,
    slo,
    cases,
    results: cases.flatMap((c) => c.results.map((r) => ({ ...r, workload: c.workload }))),
  };
}

async function compareDefault(options: CompareOptions): Promise<ComparisonResult> {
  const plan = await builtInScenarios(options);
  const cases: ComparisonCase[] = [];
  for (const { model, workload, scenario } of plan.cases) {
    const { result, setups } = await simulateWithSetups(scenario, {
      uncertainty: options.uncertainty,
      onProgress: (p) => options.onProgress?.({ ...p, model, workload }),
    });
    cases.push({
      model,
      workload,
      workloadDescription: result.workload,
      workloadSpec: scenario.workload,
      results: result.results,
      verdicts: result.results.map((r, i) => verdict(r, setups[i], result.slo)),
    });
  }
  return finish(plan.budget, plan.description, defaultSlo, cases);
}
