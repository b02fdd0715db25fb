/**
 * A design searched to its frontier for one model and workload: every candidate scored
 * analytically (`src/search/`), the analytic Pareto frontier thinned to a few points, and each of
 * those confirmed by the event loop as a closed loop long enough to reach steady state. Only
 * confirmed points make the frontier; a point that stays unsteady when rerun longer is dropped.
 */
import * as catalog from "../catalog/index.js";
import type { DesignTemplate } from "../designs/default-scenario.js";
import { percentile } from "../metrics/percentiles.js";
import type { Economics, ScenarioInput, Slo } from "../scenario/schema.js";
import { paretoFront, thinFront } from "../search/frontier.js";
import { meanLengths, scoreCandidates, type AnalyticPoint, type RankingBasis } from "../search/score.js";
import { designSpace } from "../search/space.js";
import { steadyState } from "../search/steady.js";
import { Workload } from "../workload/schema.js";
import type { DesignFrontier, FrontierPoint } from "./compare-types.js";
import type { DesignResult } from "./results.js";
import { simulateWithSetups } from "./simulate.js";
import { verdict } from "./verdict.js";

/** Analytic frontier points sent to the event loop per design: enough for a frontier, few enough to confirm each. */
export const POINTS_CONFIRMED = 12;

/**
 * A confirmation run issues requests for this many request lifetimes (the analytic end-to-end
 * time, plus think time), and for at least enough time to issue MIN_CONFIRM_REQUESTS; the
 * requests in flight then drain, a lifetime at most, so the drain weighs about 1/ROUNDS.
 */
export const ROUNDS = 20;
export const MIN_CONFIRM_REQUESTS = 400;

/** A run that fails the steady-state test is rerun this many times longer, this many times at most. */
const RERUN_GROWTH = 2;
const RERUNS = 2;

/** A frontier needs this many confirmed points; below it a second round confirms the next analytic frontier. */
export const MIN_FRONTIER_POINTS = 3;
const ROUNDS_OF_CONFIRMATION = 2;

/** Most closed-loop users a confirmation runs: points above it are left to a larger run (`docs/compare.md`). */
export const MAX_USERS = 4096;

export interface SearchCase {
  model: string;
  /** The case's workload (its arrival is replaced by each point's closed loop). */
  workload: ScenarioInput["workload"];
  slo: Slo;
  /** Exclude points whose TTFT at the SLO's percentile misses `slo.ttftSeconds` (default true). */
  ttftFilter: boolean;
  basis: RankingBasis;
  economics?: Economics;
  uncertainty?: boolean;
  /** Longest request the KV cache of every replica must hold. */
  minKvTokens: number;
  /** Share of the design's event-loop runs done (a second round starts again from 0). */
  onProgress?: (fraction: number) => void;
  /** Stops the search between and within event-loop runs (see `SimulateOptions.signal`). */
  signal?: AbortSignal;
  /** Cap on the simulated steps of each event-loop run (see `SimulateOptions.maxSimulatedSteps`). */
  maxSimulatedSteps?: number;
}

/** The basis's value of a confirmed point (null where power or price is unknown). */
export const basisValue = (p: FrontierPoint, basis: RankingBasis): number | null =>
  basis === "mw"
    ? p.outputTokensPerSecondPerMegawattFacility
    : basis === "usd"
      ? p.outputTokensPerSecondPerUsdPerHour
      : p.outputTokensPerSecondPerChip;

/** The pricing basis a run's hardware was priced on: the one asked for, the other where every pool fell back, or both. */
function pricingOf(r: DesignResult): FrontierPoint["pricing"] {
  const basis = r.energyBasis;
  if (r.metrics.usdPerHour === null) return null;
  if (basis.fallbacks.length === 0) return basis.pricing;
  const other = basis.pricing === "rental" ? "purchase" : "rental";
  return basis.price.every((line) => line.includes(`: ${other} `)) ? other : "mixed";
}

/** The closed-loop scenario of a point: the case's lengths and sessions, `users` issuing requests for `seconds`. */
export function pointScenario(
  c: Pick<SearchCase, "model" | "workload" | "slo" | "economics">,
  design: ScenarioInput["designs"][number],
  users: number,
  seconds: number,
): ScenarioInput {
  const { arrival: _arrival, durationSeconds: _duration, requests: _requests, ...lengths } = c.workload;
  return {
    model: c.model,
    workload: {
      ...lengths,
      arrival: { kind: "closed", concurrency: users },
      // whole milliseconds, so the scenario reads back as written
      durationSeconds: Math.ceil(seconds * 1000) / 1000,
      seed: c.workload.seed ?? 1,
    },
    slo: c.slo,
    designs: [design],
    ...(c.economics ? { economics: c.economics } : {}),
  };
}

/**
 * The economics a search prices its points on: figures per $ must not mix pricing bases, so where
 * none is asked for it prices on purchase, the one basis every design in the catalog has a figure
 * on (rental prices are public for a few GPUs and Trainium only).
 */
export function searchEconomics(economics: Economics | undefined): Economics | undefined {
  return economics?.pricing === undefined ? { ...economics, pricing: "purchase" } : economics;
}

/** Runs a point's scenario and reads it as a frontier point; null when it never reaches steady state. */
export async function confirmPoint(
  c: SearchCase,
  design: ScenarioInput["designs"][number],
  label: string,
  users: number,
  maxSequences: number,
  lifetimeSeconds: number,
): Promise<FrontierPoint | null> {
  let seconds = lifetimeSeconds * Math.max(ROUNDS, MIN_CONFIRM_REQUESTS / users);
  for (let attempt = 0; attempt <= RERUNS; attempt++, seconds *= RERUN_GROWTH) {
    const scenario = pointScenario(c, design, users, seconds);
    const { result, setups } = await simulateWithSetups(scenario, {
      perRequest: true,
      uncertainty: c.uncertainty,
      signal: c.signal,
      maxSimulatedSteps: c.maxSimulatedSteps,
    });
    const r = result.results[0];
    const records = r.requests!;
    const steady = steadyState(records, users, r.metrics.outputTokensPerSecond);
    if (!steady.steady) continue;
    return readPoint(c, scenario, label, users, maxSequences, r, verdict(r, setups[0], c.slo), steady);
  }
  return null;
}

function readPoint(
  c: SearchCase,
  scenario: ScenarioInput,
  label: string,
  users: number,
  maxSequences: number,
  r: DesignResult,
  v: ReturnType<typeof verdict>,
  steady: FrontierPoint["steady"],
): FrontierPoint {
  const m = r.metrics;
  const records = r.requests!;
  const ttfts: number[] = [];
  let promptTokens = 0;
  for (let i = 0; i < records.status.length; i++) {
    if (records.status[i] !== "finished") continue;
    ttfts.push(records.firstTokenSeconds[i] - records.arrivalSeconds[i]);
    promptTokens += records.inputTokens[i];
  }
  const perMw = (watts: number | null) => (watts ? (m.outputTokensPerSecond * 1e6) / watts : null);
  const { requests: _records, ...result } = r;
  const point: FrontierPoint = {
    scenario,
    label,
    concurrency: users,
    maxSequences,
    outputTokensPerSecondPerUser: m.outputTokensPerSecondPerUser ?? 0,
    ttftSeconds: { p50: m.ttftSeconds.p50, p90: m.ttftSeconds.p90 },
    ttftAtPercentileSeconds: percentile(Float64Array.from(ttfts), c.slo.percentile),
    outputTokensPerSecond: m.outputTokensPerSecond,
    promptAndOutputTokensPerSecond:
      m.makespanSeconds > 0 ? m.outputTokensPerSecond + promptTokens / m.makespanSeconds : m.outputTokensPerSecond,
    chips: m.chips,
    outputTokensPerSecondPerChip: m.outputTokensPerSecondPerChip,
    outputTokensPerSecondPerMegawattFacility: perMw(m.facilityPowerWatts),
    outputTokensPerSecondPerMegawattIt: perMw(m.powerWatts),
    outputTokensPerSecondPerUsdPerHour: m.usdPerHour ? m.outputTokensPerSecond / m.usdPerHour : null,
    usdPerMillionOutputTokens: m.usdPerMillionOutputTokens,
    joulesPerOutputToken: m.joulesPerOutputToken,
    pricing: pricingOf(r),
    binding: v.binding,
    explanation: v.explanation,
    steady,
    result,
  };
  if (r.range) {
    // the basis's value at each end, scaled from the nominal one by the throughput (and power) each end gives
    const nominal = basisValue(point, c.basis);
    const scale = (h: NonNullable<DesignResult["range"]>["pessimistic"]) => {
      if (nominal === null || m.outputTokensPerSecond <= 0) return null;
      const throughput = h.outputTokensPerSecond / m.outputTokensPerSecond;
      const power = c.basis === "mw" && h.powerWatts && m.powerWatts ? m.powerWatts / h.powerWatts : 1;
      return nominal * throughput * power;
    };
    point.range = { low: scale(r.range.pessimistic), high: scale(r.range.optimistic) };
  }
  return point;
}

/** What the search's analytic half needs of a case. */
export type AnalyticCase = Pick<
  SearchCase,
  "model" | "workload" | "slo" | "ttftFilter" | "basis" | "economics" | "minKvTokens"
>;

/** A design's candidates scored analytically: those a confirmation can run, or why none can. */
export interface ScoredDesign {
  candidates: number;
  /** Candidates with a figure (within the TTFT target where the case filters on it). */
  scored: number;
  /** Scored points a confirmation can run (at most MAX_USERS users). */
  runnable: AnalyticPoint[];
  /** Whether every scored point has a figure on the case's basis (else they are ranked per chip). */
  basisKnown: boolean;
  lengths: ReturnType<typeof meanLengths>;
  infeasible?: string;
}

/**
 * The search's analytic half: every candidate layout of the design scored for the case. The
 * explorer's first view (`estimateFrontier`) draws its Pareto frontier before any is confirmed.
 */
export function scoreDesign(template: DesignTemplate, c: AnalyticCase): ScoredDesign {
  const entry = catalog.model(c.model);
  const space = designSpace(template, entry.spec, c.minKvTokens, entry.meta.releasedWeights);
  const lengths = meanLengths(Workload.parse(c.workload));
  const scored = { candidates: space.candidates.length, scored: 0, runnable: [], basisKnown: false, lengths };
  if (space.infeasible) return { ...scored, infeasible: space.infeasible };
  const { points, basisKnown } = scoreCandidates(space.candidates, {
    model: entry.spec,
    releasedWeights: entry.meta.releasedWeights,
    slo: c.ttftFilter ? c.slo : { ...c.slo, ttftSeconds: Infinity },
    economics: c.economics,
    lengths,
    basis: c.basis,
  });
  const runnable = points.filter((p) => p.concurrency <= MAX_USERS);
  return {
    ...scored,
    scored: points.length,
    runnable,
    basisKnown,
    ...(runnable.length === 0
      ? {
          infeasible:
            points.length === 0
              ? `no configuration prefills a mean prompt within the TTFT target of ${c.slo.ttftSeconds} s`
              : `every configuration needs more than ${MAX_USERS} users to fill one unit`,
        }
      : {}),
  };
}

/** Searches one design for a case: its frontier of confirmed points, or why it has none. */
export async function searchDesign(template: DesignTemplate, c: SearchCase): Promise<DesignFrontier> {
  const { candidates, scored, runnable, basisKnown, lengths, infeasible } = scoreDesign(template, c);
  const frontier: DesignFrontier = {
    design: template.name,
    summary: template.summary,
    points: [],
    searched: { candidates, scored, sentToEventLoop: 0, droppedUnsteady: 0, excludedByTtft: 0 },
  };
  if (infeasible) return { ...frontier, infeasible };
  const think = Workload.parse(c.workload).sessions?.thinkSeconds ?? 0;
  const confirmed: FrontierPoint[] = [];
  let remaining = runnable;
  // a round confirms the analytic frontier of the points not yet run. Where the first leaves fewer
  // than MIN_FRONTIER_POINTS (prompts queue, which the analytic mode cannot see), a second round
  // reruns the slow disaggregated points with twice the prefill and the next frontier at smaller batches

  let retries: typeof runnable = [];
  for (let round = 0; round < ROUNDS_OF_CONFIRMATION && confirmed.length < MIN_FRONTIER_POINTS; round++) {
    const chosen = [...retries, ...thinFront(paretoFront(remaining), POINTS_CONFIRMED)].slice(0, POINTS_CONFIRMED);
    if (chosen.length === 0) break;
    remaining = remaining.filter((p) => !chosen.includes(p));
    retries = [];
    let smallestSlowBatch = Infinity;
    frontier.searched.sentToEventLoop += chosen.length;
    for (const [i, p] of chosen.entries()) {
      c.onProgress?.(i / chosen.length);
      const lifetime = p.ttftSeconds + (lengths.outputTokens - 1) / Math.max(p.x, 1e-9) + think;
      const point = await confirmPoint(
        c,
        p.candidate.build(p.maxSequences),
        p.candidate.label,
        p.concurrency,
        p.maxSequences,
        lifetime,
      );
      if (!point) frontier.searched.droppedUnsteady++;
      else if (
        c.ttftFilter &&
        (point.ttftAtPercentileSeconds === null || point.ttftAtPercentileSeconds > c.slo.ttftSeconds)
      ) {
        frontier.searched.excludedByTtft++;
        smallestSlowBatch = Math.min(smallestSlowBatch, p.batch);
        // prompts queue where the analytic mode saw none: the same point with twice the prefill units
        const { withRatio, ratio } = p.candidate;
        if (withRatio && ratio) retries.push({ ...p, candidate: withRatio(2 * ratio[0], ratio[1]) });
      } else confirmed.push(point);
    }
    // the next round tries smaller batches than any whose prompts queued past the TTFT target
    remaining = remaining.filter((p) => p.batch < smallestSlowBatch);
  }
  c.onProgress?.(1);
  const basis: RankingBasis = basisKnown && confirmed.every((p) => basisValue(p, c.basis) !== null) ? c.basis : "chip";
  if (basis !== c.basis) frontier.unranked = unrankedReason(confirmed[0]?.result, c.basis);
  else if (c.basis === "usd") {
    const wanted = c.economics?.pricing ?? "rental";
    const other = confirmed.find((p) => p.pricing !== wanted);
    if (other) {
      const why = other.result.energyBasis.fallbacks[0]?.replace(/^[^:]*: /, "") ?? `priced by ${other.pricing}`;
      frontier.unranked = `${why}, and a ranking by ${wanted} prices does not mix them`;
    }
  }
  if (confirmed.length === 0) {
    const { excludedByTtft, droppedUnsteady } = frontier.searched;
    return {
      ...frontier,
      infeasible: `no confirmed point: ${excludedByTtft} missed TTFT p${c.slo.percentile} ≤ ${c.slo.ttftSeconds} s, ${droppedUnsteady} never reached steady state`,
    };
  }
  frontier.points = paretoFront(
    confirmed.map((p) => ({ p, x: p.outputTokensPerSecondPerUser, y: basisValue(p, basis)! })),
  ).map((q) => q.p);
  return frontier;
}

function unrankedReason(r: DesignResult | undefined, basis: RankingBasis): string {
  const what = basis === "mw" ? "power" : "price";
  const missing = r?.energyBasis.missing.find((m) => m.includes(what)) ?? r?.energyBasis.missing[0];
  return missing ? `its ${what} is unknown (${missing.replace(/^[^:]*: /, "")})` : `its ${what} is unknown`;
}
