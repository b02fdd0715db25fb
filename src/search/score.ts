/**
 * Scoring a design's candidates with the analytic steady-state mode: each candidate at each batch
 * per decode replica gives a point (per-user speed, throughput per MW, per $ or per chip), cheap
 * enough to score every candidate before the event loop confirms the few on the frontier.
 */
import type { ModelSpec } from "../model/spec.js";
import type { Economics, Slo } from "../scenario/schema.js";
import { InputError } from "../errors.js";
import { meanTokens } from "../workload/lengths.js";
import type { Workload } from "../workload/schema.js";
import { analyticDesign, type AnalyticMetrics } from "./analytic.js";
import { parseDesign, poolRatios, type Candidate } from "./space.js";

/** What designs are ranked by: output tokens/s per MW of facility power, per $/hour, or per chip. */
export const rankingBases = ["mw", "usd", "chip"] as const;
export type RankingBasis = (typeof rankingBases)[number];

/** Sequences per decode replica tried: doubling from one to the most a scheduler commonly allows. */
export const BATCHES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;

/**
 * A point's batch cap (`maxSequences`) over its target batch: the closed loop's users set the
 * batch; the cap leaves room for the moments a router or a hand-over puts more on one replica,
 * which would otherwise wait for a slot, and that wait would count against their per-user speed.
 */
export const BATCH_CAP_HEADROOM = 2;

export interface AnalyticPoint {
  candidate: Candidate;
  /** Sequences per decode replica (capped by its KV cache), the batch cap, and the closed loop's users. */
  batch: number;
  maxSequences: number;
  concurrency: number;
  /** Per-user output tokens/s and the ranking basis's throughput, analytic. */
  x: number;
  y: number;
  ttftSeconds: number;
}

/** Mean prompt and output tokens of a workload, a session's later turns carrying their context. */
export function meanLengths(w: Workload): { inputTokens: number; outputTokens: number } {
  const first = meanTokens(w.input, 1000);
  const output = meanTokens(w.output, 250);
  if (!w.sessions) return { inputTokens: Math.round(first), outputTokens: Math.round(output) };
  const turns = meanTokens(w.sessions.turns, 1);
  const context = first + ((turns - 1) / 2) * (meanTokens(w.sessions.newTokens, 0) + output);
  return { inputTokens: Math.round(context), outputTokens: Math.round(output) };
}

/** The analytic figure a basis ranks by (IT power for MW: PUE scales every design alike); null where unknown. */
export function analyticBasis(m: AnalyticMetrics, basis: RankingBasis): number | null {
  if (basis === "chip") return m.outputTokensPerSecondPerChip;
  if (basis === "mw") return m.outputTokensPerSecondPerKilowatt;
  return m.usdPerMillionOutputTokens === null || m.usdPerMillionOutputTokens <= 0
    ? null
    : 1e6 / (3600 * m.usdPerMillionOutputTokens);
}

export interface ScoreContext {
  model: ModelSpec;
  releasedWeights?: string;
  slo: Slo;
  economics?: Economics;
  lengths: { inputTokens: number; outputTokens: number };
  basis: RankingBasis;
}

/**
 * Every candidate at every batch, scored analytically. Points whose analytic TTFT (a prompt's
 * prefill alone, no queueing) already misses the TTFT target are left out. `basisKnown` is false
 * when the basis figure (power or price) is unknown for the design: its points then rank per chip.
 */
export function scoreCandidates(
  candidates: readonly Candidate[],
  context: ScoreContext,
): { points: AnalyticPoint[]; basisKnown: boolean } {
  const points: AnalyticPoint[] = [];
  let basisKnown = true;
  const score = (candidate: Candidate, batch: number) => {
    const maxSequences = BATCH_CAP_HEADROOM * batch;
    let m: AnalyticMetrics;
    try {
      m = analyticDesign(
        parseDesign(candidate.build(maxSequences)),
        {
          model: context.model,
          releasedWeights: context.releasedWeights,
          slo: context.slo,
          economics: context.economics,
        },
        { batch, ...context.lengths },
      );
    } catch (error) {
      // a cap whose activations no longer fit beside the weights: this batch is not a candidate
      if (error instanceof InputError) return null;
      throw error;
    }
    // no decoded token, no per-user speed: nothing to place on the interactivity axis
    if (m.outputTokensPerSecondPerUser === null) return null;
    let y = analyticBasis(m, context.basis);
    if (y === null) {
      basisKnown = false;
      y = m.outputTokensPerSecondPerChip;
    }
    const point: AnalyticPoint = {
      candidate,
      batch: m.batch,
      maxSequences,
      concurrency: m.batch * candidate.decodeReplicas,
      x: m.outputTokensPerSecondPerUser,
      y,
      ttftSeconds: m.ttftSeconds,
    };
    return { m, point };
  };
  for (const family of candidates) {
    const seen = new Set<number>();
    for (const batch of BATCHES) {
      const scoredFamily = score(family, batch);
      if (!scoredFamily) continue;
      const { m, point } = scoredFamily;
      if (seen.has(m.batch)) continue;
      seen.add(m.batch);
      const scored = [point];
      if (family.withRatio && m.poolRequestsPerSecond.length === 2) {
        // the prefill units per decode unit that balance the pools, and the searched ratios around it
        const balance = m.poolRequestsPerSecond[1] / m.poolRequestsPerSecond[0];
        for (const [pu, du] of ratiosAround(balance)) {
          const other = score(family.withRatio(pu, du), m.batch);
          if (other) scored.push(other.point);
        }
      }
      for (const p of scored) if (p.ttftSeconds <= context.slo.ttftSeconds) points.push(p);
    }
  }
  return { points, basisKnown };
}

/** The searched prefill:decode ratios just under and just over `balance` (prefill units per decode unit), 1:1 left out. */
function ratiosAround(balance: number): [number, number][] {
  const sorted = [...poolRatios].sort((a, b) => a[0] / a[1] - b[0] / b[1]);
  const under = sorted.filter(([p, d]) => p / d <= balance).at(-1);
  const over = sorted.find(([p, d]) => p / d > balance);
  return [under, over].filter((r): r is [number, number] => r !== undefined && !(r[0] === 1 && r[1] === 1));
}
