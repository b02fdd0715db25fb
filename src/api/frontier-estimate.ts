/**
 * A design's analytic frontier for a built-in case, before the event loop confirms any of it: the
 * Pareto frontier of `scoreDesign` (./frontier.ts), the search's analytic half: the candidates a
 * confirmation could run, in the same units as a confirmed frontier. The explorer draws it
 * as an estimate within a second or two, then replaces it with the confirmed one (`compare`).
 */
import { defaultDesigns, defaultWorkloads, type DefaultWorkload } from "../designs/default-scenario.js";
import { InputError } from "../errors.js";
import { defaultEnergyOptions } from "../metrics/energy.js";
import type { Economics, ScenarioInput, Slo } from "../scenario/schema.js";
import { paretoFront } from "../search/frontier.js";
import type { RankingBasis } from "../search/score.js";
import { designChips } from "./design-layout.js";
import { scoreDesign, searchEconomics } from "./frontier.js";

export interface EstimateOptions {
  model: string;
  workload: DefaultWorkload;
  slo: Slo;
  /** Ranking basis (default mw), as `compare`'s `per`. */
  per?: RankingBasis;
  economics?: Economics;
}

/** One analytic frontier point: what a confirmation would run, and its analytic figures. */
export interface EstimatedPoint {
  label: string;
  concurrency: number;
  maxSequences: number;
  outputTokensPerSecondPerUser: number;
  /** The basis's figure: output tokens/s per MW of facility power, per $/hour or per chip. */
  value: number;
  ttftSeconds: number;
  chips: number;
  /** The design entry the point runs (what `compare` would confirm). */
  design: ScenarioInput["designs"][number];
}

export interface EstimatedFrontier {
  design: string;
  /** The basis `value` is on: the one asked for, or per chip where the design's power or price is unknown. */
  basis: RankingBasis;
  /** Per-user speed rising. */
  points: EstimatedPoint[];
  /** Why the design has no frontier (cannot hold the model, or no point within the TTFT target). */
  infeasible?: string;
}

/** The longest request of the built-in workloads, which every replica must hold (as `compare` sizes them). */
const BUILT_IN_MIN_KV_TOKENS = 32_768;

/** The analytic frontier of one built-in design for a built-in model and workload. */
export function estimateFrontier(designName: string, options: EstimateOptions): EstimatedFrontier {
  const template = defaultDesigns.find((d) => d.name === designName);
  if (!template)
    throw new InputError(
      "designs",
      `unknown design "${designName}"`,
      defaultDesigns.map((d) => d.name),
    );
  if (!(options.workload in defaultWorkloads))
    throw new InputError("workload", `unknown workload "${options.workload}"`, Object.keys(defaultWorkloads));
  const basis = options.per ?? "mw";
  const economics = searchEconomics(options.economics);
  const { runnable, basisKnown, infeasible } = scoreDesign(template, {
    model: options.model,
    workload: defaultWorkloads[options.workload](1, 1),
    slo: options.slo,
    ttftFilter: true,
    basis,
    economics,
    minKvTokens: BUILT_IN_MIN_KV_TOKENS,
  });
  if (infeasible) return { design: designName, basis, points: [], infeasible };
  const shownBasis: RankingBasis = basisKnown ? basis : "chip";
  // the analytic figure per MW is of IT power (PUE scales every design alike); a confirmed one is of facility power
  const pue = economics?.pue ?? defaultEnergyOptions.pue;
  const perMegawattFacility = (perKilowattIt: number) => (perKilowattIt * 1000) / pue;
  const front = paretoFront(runnable);
  return {
    design: designName,
    basis: shownBasis,
    points: front.map((p) => {
      const design = p.candidate.build(p.maxSequences);
      return {
        label: p.candidate.label,
        concurrency: p.concurrency,
        maxSequences: p.maxSequences,
        outputTokensPerSecondPerUser: p.x,
        value: shownBasis === "mw" ? perMegawattFacility(p.y) : p.y,
        ttftSeconds: p.ttftSeconds,
        chips: designChips(design),
        design,
      };
    }),
  };
}
