/**
 * `plan`: for a model, a workload at its target rate and an SLO, the cheapest configuration of each
 * design (from the built-in set) that meets the SLO when simulated, and what it costs in the chosen
 * budget (power, price or chips). Configurations scale a design's smallest deployable unit
 * (`src/designs/default-scenario.ts`); disaggregated designs also try prefill:decode ratios of
 * 1:3 to 3:1. The layout inside a unit stays the smallest that holds the model.
 */
import * as catalog from "../catalog/index.js";
import { defaultDatatypes, defaultDesigns } from "../designs/default-scenario.js";
import { budgetMeasure, budgetUnits, type Budget } from "../designs/sizing.js";
import { InputError } from "../errors.js";
import type { Economics, ScenarioInput, Slo } from "../scenario/schema.js";
import type { DesignResult } from "./results.js";
import { simulate } from "./simulate.js";

export interface PlanInput {
  model: string;
  workload: ScenarioInput["workload"];
  slo: Slo;
  budget?: Budget;
  /** Only these designs of the built-in set. */
  designs?: string[];
  /** Largest number of units tried (default 64). */
  maxUnits?: number;
  /** How power and cost are counted, with any power and price overrides (the scenario's `economics`). */
  economics?: Economics;
}

export interface PlanRow {
  design: string;
  /** Units in the cheapest configuration that meets the SLO (prefill + decode units for disaggregated designs); null when none up to maxUnits does. */
  units: number | null;
  /** Disaggregated designs: the prefill:decode units of that configuration. */
  ratio?: string;
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
    if (!defaultDesigns.some((d) => d.name === name))
      throw new InputError(
        "designs",
        `unknown design "${name}"`,
        defaultDesigns.map((d) => d.name),
      );
  }
  const rows: PlanRow[] = [];
  for (const template of templates) {
    const unit = template.unit(spec);
    if ("infeasible" in unit) {
      rows.push({
        design: template.name,
        units: null,
        chips: null,
        cost: null,
        costText: "—",
        reason: unit.infeasible,
      });
      continue;
    }
    // one-pool designs scale whole units; disaggregated ones also try prefill:decode ratios
    const ratios = unit.pools
      ? [
          [1, 1],
          [1, 2],
          [2, 1],
          [1, 3],
          [3, 1],
        ]
      : [[1, 1]];
    const figures = (p: number, d: number) => (unit.pools ? unit.pools.costOf(p, d) : unit.costOf(p));
    const costOf = (p: number, d: number): number | null => budgetMeasure(figures(p, d), budget);
    const chipsOf = (p: number, d: number) => figures(p, d).chips;
    let best: { prefillUnits: number; decodeUnits: number; result: DesignResult } | undefined;
    try {
      for (const [rp, rd] of ratios) {
        const designOf = (k: number) => (unit.pools ? unit.pools.design(k * rp, k * rd) : unit.design(k));
        const found = await fewestUnits(
          async (k) =>
            (
              await simulate({
                model: input.model,
                datatypes: defaultDatatypes,
                workload: input.workload,
                slo: input.slo,
                designs: [designOf(k)],
                ...(input.economics ? { economics: input.economics } : {}),
              })
            ).results[0],
          input.slo,
          Math.max(1, Math.floor(maxUnits / Math.max(rp, rd))),
        );
        if (!found) continue;
        const candidate = { prefillUnits: found.units * rp, decodeUnits: found.units * rd, result: found.result };
        const key = (c: typeof candidate) =>
          costOf(c.prefillUnits, c.decodeUnits) ?? chipsOf(c.prefillUnits, c.decodeUnits);
        if (!best || key(candidate) < key(best)) best = candidate;
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      rows.push({ design: template.name, units: null, chips: null, cost: null, costText: "—", reason: error.message });
      continue;
    }
    if (!best) {
      rows.push({
        design: template.name,
        units: null,
        chips: null,
        cost: null,
        costText: "—",
        reason: `the SLO is not met with ${maxUnits} units`,
      });
      continue;
    }
    const cost = costOf(best.prefillUnits, best.decodeUnits);
    rows.push({
      design: template.name,
      units: best.prefillUnits + (unit.pools ? best.decodeUnits : 0),
      ratio: unit.pools ? `${best.prefillUnits} prefill : ${best.decodeUnits} decode` : undefined,
      chips: chipsOf(best.prefillUnits, best.decodeUnits),
      cost,
      costText: cost === null ? `unknown ${budget}` : budgetUnits[budget](cost),
      result: best.result,
    });
  }
  return rows;
}

/** Fewest units k ≤ max whose run meets the SLO: doubling until it does, then bisection (more units never serve worse). */
async function fewestUnits(
  run: (units: number) => Promise<DesignResult>,
  slo: Slo,
  max: number,
): Promise<{ units: number; result: DesignResult } | undefined> {
  let low = 0;
  let high = 1;
  let hit = await run(1);
  while (!meetsSlo(hit, slo) && high < max) {
    low = high;
    high = Math.min(max, high * 2);
    hit = await run(high);
  }
  if (!meetsSlo(hit, slo)) return undefined;
  let found = { units: high, result: hit };
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    const r = await run(mid);
    if (meetsSlo(r, slo)) {
      high = mid;
      found = { units: mid, result: r };
    } else low = mid;
  }
  return found;
}
