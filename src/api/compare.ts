/**
 * `compare`: designs side by side on the same model and traffic, measured the same way, through
 * the same `simulate` a user calls. Without a scenario it runs the built-in comparison: every design
 * of the default set sized to an equal budget (power by default), for each default model and workload.
 */
import * as catalog from "../catalog/index.js";
import { estimateStep } from "./step.js";
import type { DesignResult, PoolSummary } from "./results.js";
import { simulate, type SimulateProgress } from "./simulate.js";
import type { Binding, ComparisonCase, ComparisonResult, DesignVerdict } from "./compare-types.js";
import { defaultDatatypes, defaultDesigns, defaultModels, defaultSlo, defaultWorkloads, type DefaultWorkload, type DesignUnit } from "../designs/default-scenario.js";
import { budgetMeasure, budgets, budgetUnits, type Budget } from "../designs/sizing.js";
import { setUpDesign } from "../designs/index.js";
import { InputError } from "../errors.js";
import { Design, type Economics, type ScenarioInput, type Slo } from "../scenario/schema.js";
import { Workload } from "../workload/schema.js";
import { meanTokens } from "../workload/lengths.js";

export interface CompareOptions {
  /** What designs are sized to in the built-in comparison (default power). */
  budget?: Budget;
  /** Requests per workload run (default 2,000). */
  requests?: number;
  models?: string[];
  workloads?: DefaultWorkload[];
  /** Only these designs of the built-in set. */
  designs?: string[];
  economics?: Economics;
  /** Also run each design at the ends of its chips' efficiency ranges: results gain `range` (see `SimulateOptions.uncertainty`). */
  uncertainty?: boolean;
  onProgress?: (progress: SimulateProgress & { model: string; workload: string }) => void;
}

/** Compares the designs of `scenario`, or the built-in set when none is given. */
export async function compare(scenario?: ScenarioInput, options: CompareOptions = {}): Promise<ComparisonResult> {
  return scenario ? compareScenario(scenario, options) : compareDefault(options);
}

async function compareScenario(scenario: ScenarioInput, options: CompareOptions): Promise<ComparisonResult> {
  const result = await simulate(scenario, { uncertainty: options.uncertainty, onProgress: (p) => options.onProgress?.({ ...p, model: "", workload: "" }) });
  const slo = result.slo;
  const cases: ComparisonCase[] = [{
    model: result.model, workload: "scenario", workloadDescription: result.workload,
    results: result.results, verdicts: result.results.map((r) => verdict(r, slo)),
  }];
  return finish("chips", "as written in the scenario", slo, cases);
}

function finish(budget: Budget, budgetDescription: string, slo: Slo, cases: ComparisonCase[]): ComparisonResult {
  return {
    budget, budgetDescription, slo, cases,
    results: cases.flatMap((c) => c.results.map((r) => ({ ...r, workload: c.workload }))),
  };
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
 * sized to the budget, the traffic at 70% of the GPU baseline's capacity. `compare()` without a
 * scenario simulates exactly these; a page or script can edit one and pass it to `compare(scenario)`.
 */
export async function builtInScenarios(options: Omit<CompareOptions, "onProgress"> = {}): Promise<BuiltInScenarios> {
  const budget = options.budget ?? "power";
  if (!budgets.includes(budget)) throw new InputError("budget", `unknown budget "${budget}"`, budgets);
  const requests = options.requests ?? 2000;
  if (!Number.isInteger(requests) || requests <= 0) throw new InputError("requests", `must be a positive integer, got ${JSON.stringify(requests)}`);
  const models = options.models ?? [...defaultModels];
  const workloads = options.workloads ?? (Object.keys(defaultWorkloads) as DefaultWorkload[]);
  for (const w of workloads) if (!(w in defaultWorkloads)) throw new InputError("workloads", `unknown workload "${w}"`, Object.keys(defaultWorkloads));
  const templates = options.designs ? defaultDesigns.filter((d) => options.designs!.includes(d.name)) : defaultDesigns;
  if (options.designs) {
    for (const name of options.designs) {
      if (!defaultDesigns.some((d) => d.name === name)) throw new InputError("designs", `unknown design "${name}"`, defaultDesigns.map((d) => d.name));
    }
  }
  const cases: BuiltInCase[] = [];
  const notes: string[] = [];
  const targets: string[] = [];
  for (const modelId of models) {
    const spec = catalog.model(modelId).spec;
    // the budget: two units of the GPU baseline
    const baseline = defaultDesigns[0].unit(spec);
    if ("infeasible" in baseline) throw new InputError("models", `the GPU baseline cannot serve ${modelId}: ${baseline.infeasible}`);
    // the budget: two whole HGX H200 systems of the GPU baseline (16 GPUs)
    const baselineUnits = Math.max(1, Math.round(16 / baseline.cost.chips));
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
        notes.push(`${template.name}: its ${budget === "power" ? "power" : "price"} is unknown, so it is sized to the baseline's chip count`);
        measure = unit.cost.chips;
        basis = "chips";
      }
      const goal = basis === budget ? target : baseline.costOf(baselineUnits).chips;
      // the whole number of units whose figure comes closest to the goal
      let units = 1;
      while (units < 4096 && Math.abs(budgetMeasure(unit.costOf(units + 1), basis)! - goal) < Math.abs(budgetMeasure(unit.costOf(units), basis)! - goal)) units++;
      const overBudget = measure > goal;
      if (overBudget) notes.push(`${template.name} for ${modelId}: one unit (${budgetUnits[basis](measure)}) exceeds the budget of ${budgetUnits[basis](goal)}`);
      const design = unit.design(units);
      try {
        setUpDesign(Design.parse(design), { model: spec, releasedWeights: catalog.model(modelId).meta.releasedWeights, datatypes: defaultDatatypes }, Infinity, template.name);
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
      // traffic at 70% of the baseline's capacity: its throughput with every session started at once
      const burst = defaultWorkloads[workload](1, Math.min(requests, 1000));
      const capacityRun = await simulate({ model: modelId, datatypes: defaultDatatypes, workload: { ...burst, arrival: { kind: "burst" } }, slo: defaultSlo, designs: [baselineDesign] });
      const capacity = capacityRun.results[0].metrics.requestsPerSecond;
      const rate = 0.7 * capacity;
      const workloadSpec = defaultWorkloads[workload](rate, requests);
      const sizing = sized.map((d) => ({ design: d.name, units: d.units, ...(d.unit.pools ? { prefillUnits: prefillUnitsFor(d, modelId, workloadSpec, rate, notes) } : {}) }));
      const designs = sized.map((d, i) => (d.unit.pools ? d.unit.pools.design(sizing[i].prefillUnits!, d.units) : d.unit.design(d.units)));
      cases.push({
        model: modelId, workload, sizing,
        scenario: { model: modelId, datatypes: defaultDatatypes, workload: workloadSpec, slo: defaultSlo, designs, ...(options.economics ? { economics: options.economics } : {}) },
      });
    }
  }
  const description = `each design gets the whole units that come closest to two HGX H200 systems of the GPU baseline ` +
    `(${targets.join(", ")})${notes.length ? `; ${notes.join("; ")}` : ""}`;
  return { budget, description, cases };
}

async function compareDefault(options: CompareOptions): Promise<ComparisonResult> {
  const plan = await builtInScenarios(options);
  const cases: ComparisonCase[] = [];
  for (const { model, workload, scenario } of plan.cases) {
    const result = await simulate(scenario, { uncertainty: options.uncertainty, onProgress: (p) => options.onProgress?.({ ...p, model, workload }) });
    cases.push({
      model, workload, workloadDescription: result.workload, workloadSpec: scenario.workload,
      results: result.results, verdicts: result.results.map((r) => verdict(r, result.slo)),
    });
  }
  return finish(plan.budget, plan.description, defaultSlo, cases);
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
 * decode unit but gets the prefill replicas the traffic needs (at most 70% busy): without them its
 * huge decode pool would sit behind a starved prefill pool, which says nothing about the design.
 */
function prefillUnitsFor(d: SizedDesign, modelId: string, workload: ScenarioInput["workload"], rate: number, notes: string[]): number {
  if (!d.overBudget) return d.units;
  const design = Design.parse(d.unit.pools!.design(1, 1));
  if (design.kind !== "disaggregated") return d.units;
  const prefill = design.prefill;
  const seconds = estimateStep({
    model: modelId, chip: prefill.chip, system: prefill.system, count: prefill.count, tp: prefill.tp, pp: prefill.pp,
    datatypes: prefill.datatypes ?? defaultDatatypes, phase: "prefill", batch: 1, context: Math.round(meanPromptTokens(Workload.parse(workload))),
  }).stepSeconds;
  const prefillUnits = Math.max(d.units, Math.ceil((rate * seconds) / 0.7));
  if (prefillUnits > d.units) notes.push(`${d.name} for ${modelId}: prefill pool sized to the traffic (${prefillUnits} units) since one unit exceeds the budget`);
  return prefillUnits;
}

/** One step of `batch` sequences at 2,048 tokens (prompt or context) on a pool as it ran. */
const poolStep = (r: DesignResult, pool: PoolSummary, phase: "prefill" | "decode", batch: number, part: "whole" | "attention" = "whole") =>
  estimateStep({ model: r.model, chip: pool.chip, system: pool.system, count: pool.chips, tp: pool.layout.tp, pp: pool.layout.pp, ep: pool.layout.ep,
    datatypes: pool.datatypes, phase, batch, context: 2048, part });

/** How a prefill verdict words each binding. */
const prefillWords: Partial<Record<Binding, string>> = {
  "overhead": "per-operator dispatch", "prefill compute": "compute-bound", "prefill bandwidth": "memory-bound", "network": "collectives",
};

/**
 * What a 2k-token prefill step on `pool` is bound by: per-operator dispatch (a runtime that
 * dispatches prefill op by op), compute, memory or the network (collectives), with its share of
 * the step; null when the step cannot be estimated.
 */
function prefillStepBinding(r: DesignResult, pool: PoolSummary): { binding: Binding; explanation: string } | null {
  try {
    const step = poolStep(r, pool, "prefill", 1);
    const shares = new Map<Binding, number>([["overhead", 0], ["prefill compute", 0], ["prefill bandwidth", 0], ["network", 0]]);
    const add = (b: Binding, seconds: number) => shares.set(b, shares.get(b)! + seconds / step.stepSeconds);
    for (const o of step.operators) {
      add("overhead", o.dispatchSeconds + (o.bound === "overhead" ? o.seconds : 0));
      if (o.bound !== "overhead") add(o.bound === "compute" ? "prefill compute" : o.bound === "memory" ? "prefill bandwidth" : "network", o.seconds - o.dispatchSeconds);
    }
    const [binding, share] = [...shares.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    const what = prefillWords[binding];
    return {
      binding,
      explanation: `a 2k-token prefill step on ${pool.chip} takes ${(step.stepSeconds * 1000).toFixed(0)} ms ` +
        `(${Math.round(step.tokensPerSecondPerReplica).toLocaleString("en-US")} tokens/s per replica), ${(100 * share).toFixed(0)}% of it ${what}`,
    };
  } catch {
    return null;
  }
}

/** What limits a design in a run: the pool that binds and why, from its metrics and a step estimate. */
export function verdict(r: DesignResult, slo: Slo): DesignVerdict {
  const m = r.metrics;
  const say = (binding: Binding, explanation: string): DesignVerdict => ({ design: r.design, binding, explanation });
  const decode = r.pools.find((p) => p.role === "decode") ?? r.pools[0];
  const prefill = r.pools.find((p) => p.role === "prefill");
  if (m.rejectedByReason.kvCapacity > 0 || m.preemptions > 0 || m.kvUsage.peak > 0.95) {
    const sram = /sram/i.test(decode.weightTier);
    return say(sram ? "SRAM capacity" : "KV capacity",
      `KV cache full (peak ${(100 * m.kvUsage.peak).toFixed(0)}%, ${m.preemptions} preemptions, ${m.rejectedByReason.kvCapacity} rejected)${sram ? ": weights and KV share on-chip SRAM" : ""}`);
  }
  const transfer = m.kvTransferSeconds.p90;
  if (transfer !== null && m.ttftSeconds.p90 !== null && transfer > 0.25 * m.ttftSeconds.p90) {
    return say("link", `KV transfer p90 ${(transfer * 1000).toFixed(1)} ms is ${((100 * transfer) / m.ttftSeconds.p90).toFixed(0)}% of TTFT p90`);
  }
  // prompts are what binds when a prefill pool is the busier and saturated, or when they wait
  // (TTFT over the SLO, a growing queue) on the pool that prefills, unless decode is the busier pool
  const prefillBusy = prefill !== undefined && prefill.utilisation > 0.9 && prefill.utilisation >= decode.utilisation;
  const promptsWait = (m.overloaded || (m.ttftSeconds.p90 !== null && m.ttftSeconds.p90 > slo.ttftSeconds)) &&
    (prefill === undefined || prefill.utilisation >= decode.utilisation);
  if (prefillBusy || promptsWait) {
    const why = prefillBusy
      ? `prefill pool busy ${(100 * prefill.utilisation).toFixed(0)}% of the time (decode ${(100 * decode.utilisation).toFixed(0)}%)`
      : `prompts wait (TTFT p90 ${m.ttftSeconds.p90 === null ? "—" : `${m.ttftSeconds.p90.toPrecision(3)} s`})`;
    const step = prefillStepBinding(r, prefill ?? r.pools[0]);
    if (step) return say(step.binding, `${why}: ${step.explanation}`);
    if (prefillBusy) return say("prefill compute", why);
  }
  // what a decode step at the run's typical batch is bound by
  const batch = Math.max(1, Math.round(m.batchTokens.p50 ?? 1));
  try {
    const step = poolStep(r, decode, "decode", batch, r.pools.some((p) => p.role === "decode-ffn") ? "attention" : "whole");
    const share = (bound: string) => step.operators.filter((o) => o.bound === bound).reduce((s, o) => s + o.seconds, 0) / step.stepSeconds;
    const tpot = m.tpotSeconds.p90 === null ? "" : `, TPOT p90 ${(m.tpotSeconds.p90 * 1000).toFixed(1)} ms${m.tpotSeconds.p90 > slo.tpotSeconds ? " (over the SLO)" : ""}`;
    const binding: Binding = step.bound === "memory" ? "decode bandwidth" : step.bound === "compute" ? "decode compute" : step.bound === "network" ? "network" : "overhead";
    return say(binding, `a decode step of ${batch} at 2k context is ${(100 * share(step.bound)).toFixed(0)}% ${step.bound}-bound on ${decode.chip} (${decode.weightTier})${tpot}`);
  } catch {
    return say("decode bandwidth", `decode pool busy ${(100 * decode.utilisation).toFixed(0)}%`);
  }
}
