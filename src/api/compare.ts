/**
 * `compare`: which design gives the most output tokens per MW (per $, per chip) at the speed users
 * need. Without a scenario, every built-in design is searched to its frontier for each model and
 * workload (`./frontier.ts`), the frontiers are read at equal interactivity (`./levels.ts`) and
 * the verdict names the winner at each level. With a scenario, its designs run as written, side by
 * side, each with what binds it.
 */
import * as catalog from "../catalog/index.js";
import {
  defaultDesigns,
  defaultModels,
  defaultSlo,
  defaultWorkloads,
  type DefaultWorkload,
} from "../designs/default-scenario.js";
import type { Budget } from "../designs/sizing.js";
import { InputError } from "../errors.js";
import type { Economics, ScenarioInput, Slo } from "../scenario/schema.js";
import { rankingBases, type RankingBasis } from "../search/score.js";
import type { ComparisonCase, ComparisonResult, DesignFrontier } from "./compare-types.js";
import { searchDesign, searchEconomics } from "./frontier.js";
import { DEFAULT_LEVELS, levelVerdict, readLevel } from "./levels.js";
import { simulateWithSetups, type SimulateProgress } from "./simulate.js";
import { verdict } from "./verdict.js";

export interface CompareProgress {
  model: string;
  workload: string;
  design: string;
  /** Share of the whole comparison done. */
  fraction: number;
}

export interface CompareOptions {
  /** Catalog models (default Llama 3.1 70B and DeepSeek-R1). */
  models?: string[];
  /** Built-in workloads (default chat and agent); replaced by one fixed-length workload with `isl` and `osl`. */
  workloads?: DefaultWorkload[];
  isl?: number;
  osl?: number;
  /** Only these designs of the built-in set. */
  designs?: string[];
  /** TTFT target at the SLO's percentile: points missing it are excluded (default 2 s); null turns the filter off. */
  ttftSeconds?: number | null;
  /** A TPOT target: 1 / TPOT becomes the headline level. */
  tpotSeconds?: number;
  percentile?: number;
  /** Output tokens/s per user to compare at (default 20, 50, 100, 200, 500, 1,000). */
  levels?: number[];
  /** Ranking basis: output tokens/s per MW of facility power (default), per $/hour, or per chip. */
  per?: RankingBasis;
  /** Caps on a deployment: a design whose smallest unit exceeds one is reported as such. */
  maxKilowatts?: number;
  maxUsdPerHour?: number;
  maxChips?: number;
  economics?: Economics;
  /** Also run each point at the ends of its chips' efficiency ranges, and say where a margin lies within them. */
  uncertainty?: boolean;
  onProgress?: (progress: CompareProgress) => void;
  /** Stops the comparison: checked between and within its event-loop runs; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Cap on the simulated steps of each event-loop run (a compute budget for services). */
  maxSimulatedSteps?: number;
  /** Retired: the built-in comparison no longer sizes designs to a budget. */
  budget?: never;
  /** Retired with the budget sizing: each point runs as long as its steady state needs. */
  requests?: never;
}

/** Compares the designs of `scenario` as written, or searches the built-in set when none is given. */
export async function compare(scenario?: ScenarioInput, options: CompareOptions = {}): Promise<ComparisonResult> {
  return scenario ? compareScenario(scenario, options) : compareSearched(options);
}

async function compareScenario(scenario: ScenarioInput, options: CompareOptions): Promise<ComparisonResult> {
  const { result, setups } = await simulateWithSetups(scenario, {
    uncertainty: options.uncertainty,
    economics: options.economics,
    signal: options.signal,
    maxSimulatedSteps: options.maxSimulatedSteps,
    onProgress: (p: SimulateProgress) =>
      options.onProgress?.({ model: "", workload: "", design: p.design, fraction: p.fraction ?? 0 }),
  });
  const cases: ComparisonCase[] = [
    {
      model: result.model,
      workload: "scenario",
      workloadDescription: result.workload,
      results: result.results,
      verdicts: result.results.map((r, i) => verdict(r, setups[i], result.slo)),
    },
  ];
  return finish("chips", "as written in the scenario", result.slo, cases);
}

function finish(
  budget: Budget,
  budgetDescription: string,
  slo: Slo,
  cases: ComparisonCase[],
  extra: Partial<ComparisonResult> = {},
): ComparisonResult {
  return {
    budget,
    budgetDescription,
    slo,
    cases,
    results: cases.flatMap((c) => c.results.map((r) => ({ ...r, workload: c.workload }))),
    ...extra,
  };
}

const positive = (value: unknown, field: string): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    throw new InputError(field, `must be a positive number, got ${JSON.stringify(value)}`);
  return value;
};

const positiveInt = (value: unknown, field: string): number => {
  if (!Number.isInteger(positive(value, field)))
    throw new InputError(field, `must be a positive integer, got ${JSON.stringify(value)}`);
  return value as number;
};

/** The case workloads: the built-in ones, or one of fixed lengths. */
function caseWorkloads(
  options: CompareOptions,
): { name: string; workload: ScenarioInput["workload"]; description: string; minKvTokens: number }[] {
  if (options.isl !== undefined || options.osl !== undefined) {
    if (options.workloads)
      throw new InputError("workloads", "cannot be combined with isl and osl (they replace the built-in workloads)");
    const isl = positiveInt(options.isl, "isl");
    const osl = positiveInt(options.osl, "osl");
    return [
      {
        name: `${isl}/${osl}`,
        workload: {
          arrival: { kind: "burst" },
          input: { kind: "fixed", tokens: isl },
          output: { kind: "fixed", tokens: osl },
          seed: 1,
        },
        description: `prompts of ${isl} tokens, outputs of ${osl}`,
        minKvTokens: isl + osl,
      },
    ];
  }
  const names = options.workloads ?? (Object.keys(defaultWorkloads) as DefaultWorkload[]);
  for (const w of names)
    if (!(w in defaultWorkloads))
      throw new InputError("workloads", `unknown workload "${w}"`, Object.keys(defaultWorkloads));
  const descriptions: Record<DefaultWorkload, string> = {
    chat: "chat: prompts ≈1,000 tokens, outputs ≈250 (lognormal)",
    agent: "agent: sessions of 6–10 turns, context growing to ≈32k, outputs ≈500",
  };
  // the longest request of the built-in workloads: every replica must hold one
  return names.map((name) => ({
    name,
    workload: defaultWorkloads[name](1, 1),
    description: descriptions[name],
    minKvTokens: 32_768,
  }));
}

function checkOptions(options: CompareOptions): void {
  const retired = options as { budget?: unknown; requests?: unknown };
  if (retired.budget !== undefined)
    throw new InputError(
      "budget",
      "is retired: designs are compared along their frontiers; use per (mw, usd, chip) and the caps maxKilowatts, maxUsdPerHour, maxChips",
    );
  if (retired.requests !== undefined)
    throw new InputError("requests", "is retired: each frontier point runs until it reaches steady state");
  if (options.per !== undefined && !rankingBases.includes(options.per))
    throw new InputError("per", `unknown basis "${options.per}"`, rankingBases);
  for (const level of options.levels ?? []) positive(level, "levels");
  if (options.levels?.length === 0) throw new InputError("levels", "must name at least one level");
  if (options.maxKilowatts !== undefined) positive(options.maxKilowatts, "maxKilowatts");
  if (options.maxUsdPerHour !== undefined) positive(options.maxUsdPerHour, "maxUsdPerHour");
  if (options.maxChips !== undefined) positiveInt(options.maxChips, "maxChips");
  for (const name of options.designs ?? [])
    if (!defaultDesigns.some((d) => d.name === name))
      throw new InputError(
        "designs",
        `unknown design "${name}"`,
        defaultDesigns.map((d) => d.name),
      );
  for (const id of options.models ?? []) catalog.model(id, "models");
}

/** Where a design's smallest confirmed deployment exceeds a cap, in words; null when it fits them all. */
function overCap(f: DesignFrontier, options: CompareOptions): string | null {
  if (f.points.length === 0) return null;
  const smallest = f.points.reduce((a, b) => (a.chips <= b.chips ? a : b));
  const m = smallest.result.metrics;
  if (options.maxChips !== undefined && smallest.chips > options.maxChips)
    return `its smallest unit has ${smallest.chips} chips, over the cap of ${options.maxChips}`;
  if (options.maxKilowatts !== undefined && m.powerWatts !== null && m.powerWatts / 1000 > options.maxKilowatts)
    return `its smallest unit draws ${(m.powerWatts / 1000).toFixed(1)} kW, over the cap of ${options.maxKilowatts} kW`;
  if (options.maxUsdPerHour !== undefined && m.usdPerHour !== null && m.usdPerHour > options.maxUsdPerHour)
    return `its smallest unit costs $${m.usdPerHour.toFixed(0)}/hour, over the cap of $${options.maxUsdPerHour}/hour`;
  return null;
}

const basisBudget: Record<RankingBasis, Budget> = { mw: "power", usd: "cost", chip: "chips" };
const basisWords: Record<RankingBasis, string> = {
  mw: "output tokens/s per MW of facility power",
  usd: "output tokens/s per $/hour of hardware",
  chip: "output tokens/s per chip",
};

async function compareSearched(options: CompareOptions): Promise<ComparisonResult> {
  checkOptions(options);
  const basis = options.per ?? "mw";
  const slo: Slo = {
    ttftSeconds: options.ttftSeconds ?? defaultSlo.ttftSeconds,
    tpotSeconds: options.tpotSeconds ?? defaultSlo.tpotSeconds,
    percentile: options.percentile ?? defaultSlo.percentile,
  };
  positive(slo.ttftSeconds, "ttftSeconds");
  positive(slo.tpotSeconds, "tpotSeconds");
  if (!(slo.percentile > 0 && slo.percentile <= 100))
    throw new InputError("percentile", `must be in (0, 100], got ${JSON.stringify(slo.percentile)}`);
  const ttftFilter = options.ttftSeconds !== null;
  const headline = 1 / slo.tpotSeconds;
  const levels = [...new Set([...(options.levels ?? DEFAULT_LEVELS), headline])].sort((a, b) => a - b);
  const models = options.models ?? [...defaultModels];
  const workloads = caseWorkloads(options);
  const templates = options.designs ? defaultDesigns.filter((d) => options.designs!.includes(d.name)) : defaultDesigns;
  const steps = models.length * workloads.length * templates.length;
  const notes = new Set<string>();
  const economics = searchEconomics(options.economics);
  if (economics !== options.economics)
    notes.add(
      "hardware priced on purchase (amortised, with energy), the basis every design has; --pricing rental to use rental rates",
    );
  const cases: ComparisonCase[] = [];
  let step = 0;
  for (const model of models) {
    for (const w of workloads) {
      const frontiers: DesignFrontier[] = [];
      for (const template of templates) {
        const frontier = await searchDesign(template, {
          model,
          workload: w.workload,
          slo,
          ttftFilter,
          basis,
          economics,
          uncertainty: options.uncertainty,
          signal: options.signal,
          maxSimulatedSteps: options.maxSimulatedSteps,
          minKvTokens: w.minKvTokens,
          onProgress: (done) =>
            options.onProgress?.({ model, workload: w.name, design: template.name, fraction: (step + done) / steps }),
        });
        step++;
        const cap = overCap(frontier, options);
        frontiers.push(cap ? { ...frontier, points: [], infeasible: cap } : frontier);
        for (const p of frontier.points) for (const warning of p.result.warnings) notes.add(warning);
      }
      const readings = levels.map((level) => readLevel(frontiers, level, basis, level === headline));
      const headlineReading = readings.find((r) => r.headline)!;
      // per design, the point behind its headline figure, or its fastest where it cannot reach the headline
      const shown = frontiers
        .filter((f) => f.points.length > 0)
        .map(
          (f) => headlineReading.readings.find((r) => r.design === f.design)?.point ?? f.points[f.points.length - 1],
        );
      cases.push({
        model,
        workload: w.name,
        workloadDescription: w.description,
        workloadSpec: w.workload,
        results: shown.map((p) => p.result),
        verdicts: shown.map((p) => ({ design: p.result.design, binding: p.binding, explanation: p.explanation })),
        frontiers,
        levels: readings,
        verdict: readings.map(levelVerdict),
      });
    }
  }
  const description = `each design searched to its frontier and ranked by ${basisWords[basis]} at equal per-user speed`;
  return finish(basisBudget[basis], description, slo, cases, {
    basis,
    ttftFilterSeconds: ttftFilter ? slo.ttftSeconds : null,
    notes: [...notes],
  });
}
