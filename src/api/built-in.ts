/**
 * The built-in comparison: every design of the default set sized to an equal budget (power by
 * default) against the GPU baseline, for each default model and workload, as the scenarios that
 * `compare()` then simulates.
 */
import * as catalog from "../catalog/index.js";
import {
  defaultDatatypes,
  defaultDesigns,
  defaultModels,
  defaultSlo,
  defaultWorkloads,
  type DefaultWorkload,
  type DesignUnit,
} from "../designs/default-scenario.js";
import { setUpDesign } from "../designs/index.js";
import { budgetMeasure, budgets, budgetUnits, type Budget } from "../designs/sizing.js";
import { InputError } from "../errors.js";
import { Design, type Economics, type ScenarioInput } from "../scenario/schema.js";
import { meanTokens } from "../workload/lengths.js";
import { Workload } from "../workload/schema.js";
import { simulate } from "./simulate.js";
import { estimateStep } from "./step.js";

/** The budget: two whole HGX H200 systems (8 GPUs each) of the GPU baseline. */
const BASELINE_GPUS = 16;

/**
 * Traffic as a share of the GPU baseline's capacity, and the most a prefill pool sized to the
 * traffic is busy: loaded enough to show each design's limits, with the slack queues need (their
 * delay grows without bound as utilisation nears 1).
 */
const TARGET_LOAD_SHARE = 0.7;

/** The most units a design is sized to: a bound on the sizing search, far above any budget of 16 GPUs' worth. */
const MAX_UNITS = 4096;

/** Requests of the burst run that measures the baseline's capacity (fewer if the comparison runs fewer). */
const CAPACITY_RUN_REQUESTS = 1000;

export interface BuiltInOptions {
  /** What designs are sized to in the built-in comparison (default power). */
  budget?: Budget;
  /** Requests per workload run (default 2,000). */
  requests?: number;
  models?: string[];
  workloads?: DefaultWorkload[];
  /** Only these designs of the built-in set. */
  designs?: string[];
  economics?: Economics;
}

/** One model × workload of the built-in comparison, as the scenario that `compare` then simulates. */
export interface BuiltInCase {
  model: string;
  workload: DefaultWorkload;
  /** Sized designs, the workload at its rate, the SLO and economics: a scenario file's content. */
  scenario: ScenarioInput;
  /** Whole units of each design's template (`defaultDesigns`): a page edits these, not raw chip counts. */
  sizing: DesignSizing[];
}

export interface DesignSizing {
  design: string;
  /** Units of the template (for a disaggregated design: its decode units). */
  units: number;
  /** Prefill units of a disaggregated design (differs from `units` when sized to the traffic). */
  prefillUnits?: number;
}

export interface BuiltInScenarios {
  budget: Budget;
  /** How the designs were sized, and any design skipped or resized, in words. */
  description: string;
  cases: BuiltInCase[];
}

/**
 * The built-in comparison as scenarios, one per model × workload: every design of the default set
 * sized to the budget, the traffic at TARGET_LOAD_SHARE of the GPU baseline's capacity. `compare()` without a
 * scenario simulates exactly these; a page or script can edit one and pass it to `compare(scenario)`.
 */
export async function builtInScenarios(options: BuiltInOptions = {}): Promise<BuiltInScenarios> {
  const budget = options.budget ?? "power";
  if (!budgets.includes(budget)) throw new InputError("budget", `unknown budget "${budget}"`, budgets);
  const requests = options.requests ?? 2000;
  if (!Number.isInteger(requests) || requests <= 0)
    throw new InputError("requests", `must be a positive integer, got ${JSON.stringify(requests)}`);
  const models = options.models ?? [...defaultModels];
  const workloads = options.workloads ?? (Object.keys(defaultWorkloads) as DefaultWorkload[]);
  for (const w of workloads)
    if (!(w in defaultWorkloads))
      throw new InputError("workloads", `unknown workload "${w}"`, Object.keys(defaultWorkloads));
  const templates = options.designs ? defaultDesigns.filter((d) => options.designs!.includes(d.name)) : defaultDesigns;
  if (options.designs) {
    for (const name of options.designs) {
      if (!defaultDesigns.some((d) => d.name === name))
        throw new InputError(
          "designs",
          `unknown design "${name}"`,
          defaultDesigns.map((d) => d.name),
        );
    }
  }
  const cases: BuiltInCase[] = [];
  const notes: string[] = [];
  const targets: string[] = [];
  for (const modelId of models) {
    const spec = catalog.model(modelId).spec;
    // the budget: the whole units of the GPU baseline nearest BASELINE_GPUS chips
    const baseline = defaultDesigns[0].unit(spec);
    if ("infeasible" in baseline)
      throw new InputError("models", `the GPU baseline cannot serve ${modelId}: ${baseline.infeasible}`);
    const baselineUnits = Math.max(1, Math.round(BASELINE_GPUS / baseline.cost.chips));
    const target = budgetMeasure(baseline.costOf(baselineUnits), budget)!;
    // the traffic is set by the baseline at its budget, whichever designs are compared
    const baselineDesign = baseline.design(baselineUnits);
    targets.push(`${budgetUnits[budget](target)} for ${modelId}`);
    const sized: SizedDesign[] = [];
    for (const template of templates) {
      const unit = template.unit(spec);
      if ("infeasible" in unit) {
        notes.push(`${template.name} skipped for ${modelId}: ${unit.infeasible}`);
        continue;
      }
      let measure = budgetMeasure(unit.cost, budget);
      let basis: Budget = budget;
      if (measure === null) {
        // an unknown figure is not guessed: size by chips against the baseline's chips
        notes.push(
          `${template.name}: its ${budget === "power" ? "power" : "price"} is unknown, so it is sized to the baseline's chip count`,
        );
        measure = unit.cost.chips;
        basis = "chips";
      }
      const goal = basis === budget ? target : baseline.costOf(baselineUnits).chips;
      // the whole number of units whose figure comes closest to the goal
      let units = 1;
      while (
        units < MAX_UNITS &&
        Math.abs(budgetMeasure(unit.costOf(units + 1), basis)! - goal) <
          Math.abs(budgetMeasure(unit.costOf(units), basis)! - goal)
      )
        units++;
      const overBudget = measure > goal;
      if (overBudget)
        notes.push(
          `${template.name} for ${modelId}: one unit (${budgetUnits[basis](measure)}) exceeds the budget of ${budgetUnits[basis](goal)}`,
        );
      const design = unit.design(units);
      try {
        setUpDesign(
          Design.parse(design),
          { model: spec, releasedWeights: catalog.model(modelId).meta.releasedWeights, datatypes: defaultDatatypes },
          Infinity,
          template.name,
        );
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        notes.push(`${template.name} skipped for ${modelId}: ${error.message}`);
        continue;
      }
      sized.push({ name: template.name, unit, units, overBudget });
    }
    if (sized.length === 0) {
      notes.push(`no design can serve ${modelId}`);
      continue;
    }
    for (const workload of workloads) {
      // traffic at a share of the baseline's capacity: its throughput with every session started at once
      const burst = defaultWorkloads[workload](1, Math.min(requests, CAPACITY_RUN_REQUESTS));
      const capacityRun = await simulate({
        model: modelId,
        datatypes: defaultDatatypes,
        workload: { ...burst, arrival: { kind: "burst" } },
        slo: defaultSlo,
        designs: [baselineDesign],
      });
      const capacity = capacityRun.results[0].metrics.requestsPerSecond;
      const rate = TARGET_LOAD_SHARE * capacity;
      const workloadSpec = defaultWorkloads[workload](rate, requests);
      const sizing = sized.map((d) => ({
        design: d.name,
        units: d.units,
        ...(d.unit.pools ? { prefillUnits: prefillUnitsFor(d, modelId, workloadSpec, rate, notes) } : {}),
      }));
      const designs = sized.map((d, i) =>
        d.unit.pools ? d.unit.pools.design(sizing[i].prefillUnits!, d.units) : d.unit.design(d.units),
      );
      cases.push({
        model: modelId,
        workload,
        sizing,
        scenario: {
          model: modelId,
          datatypes: defaultDatatypes,
          workload: workloadSpec,
          slo: defaultSlo,
          designs,
          ...(options.economics ? { economics: options.economics } : {}),
        },
      });
    }
  }
  const description =
    `each design gets the whole units that come closest to two HGX H200 systems of the GPU baseline ` +
    `(${targets.join(", ")})${notes.length ? `; ${notes.join("; ")}` : ""}`;
  return { budget, description, cases };
}

interface SizedDesign {
  name: string;
  unit: DesignUnit;
  units: number;
  /** One unit already exceeds the budget. */
  overBudget: boolean;
}

/** Mean prompt tokens of a workload, counting the context later session turns carry. */
function meanPromptTokens(w: Workload): number {
  const first = meanTokens(w.input, 1000);
  if (!w.sessions) return first;
  const turns = meanTokens(w.sessions.turns, 1);
  return first + ((turns - 1) / 2) * (meanTokens(w.sessions.newTokens, 0) + meanTokens(w.output, 250));
}

/**
 * Prefill units of a disaggregated design. One whose one unit already exceeds the budget keeps one
 * decode unit but gets the prefill replicas the traffic needs (at most TARGET_LOAD_SHARE busy): without them its
 * huge decode pool would sit behind a starved prefill pool, which says nothing about the design.
 */
function prefillUnitsFor(
  d: SizedDesign,
  modelId: string,
  workload: ScenarioInput["workload"],
  rate: number,
  notes: string[],
): number {
  if (!d.overBudget) return d.units;
  const design = Design.parse(d.unit.pools!.design(1, 1));
  if (design.kind !== "disaggregated") return d.units;
  const prefill = design.prefill;
  const seconds = estimateStep({
    model: modelId,
    chip: prefill.chip,
    system: prefill.system,
    count: prefill.count,
    tp: prefill.tp,
    pp: prefill.pp,
    datatypes: prefill.datatypes ?? defaultDatatypes,
    phase: "prefill",
    batch: 1,
    context: Math.round(meanPromptTokens(Workload.parse(workload))),
  }).stepSeconds;
  const prefillUnits = Math.max(d.units, Math.ceil((rate * seconds) / TARGET_LOAD_SHARE));
  if (prefillUnits > d.units)
    notes.push(
      `${d.name} for ${modelId}: prefill pool sized to the traffic (${prefillUnits} units) since one unit exceeds the budget`,
    );
  return prefillUnits;
}
