/**
 * Arrival processes. Open-loop ones (poisson, gamma, burst, trace) give start times; a closed
 * loop gives no times but a predecessor rule: each of `concurrency` users starts at 0 and sends
 * again `thinkSeconds` after its previous request ends.
 */
import { InputError } from "../errors.js";
import { limits } from "../number-schemas.js";
import type { Arrival } from "./schema.js";
import { standardNormal } from "./lengths.js";
import type { Uniform } from "./random.js";
import type { TraceRow } from "./trace.js";

export type RandomArrival = Extract<Arrival, { kind: "poisson" | "gamma" }>;

/**
 * How many arrivals to make: a count, or every one up to a time — but no more than
 * `maxCount` + 1, so a caller can tell an oversized request from a merely large one.
 */
export type ArrivalLimit = { count: number } | { durationSeconds: number; maxCount: number };

/** A sampler of the gaps between consecutive arrivals, in seconds. */
export function gapSampler(arrival: RandomArrival, uniform: Uniform): () => number {
  const meanGapSeconds = 1 / arrival.ratePerSecond;
  if (arrival.kind === "poisson") return () => -Math.log(uniform()) * meanGapSeconds;
  // Gamma with shape k and scale θ has mean kθ and cv 1/√k.
  const shape = 1 / (arrival.cv * arrival.cv);
  const scaleSeconds = meanGapSeconds / shape;
  return () => gammaSample(shape, uniform) * scaleSeconds;
}

/**
 * One Gamma(shape, 1) sample by Marsaglia and Tsang (2000). Shapes below 1 (cv > 1, bursty)
 * use their boost: Gamma(k) = Gamma(k + 1) · U^(1/k).
 */
export function gammaSample(shape: number, uniform: Uniform): number {
  if (shape < 1) return gammaSample(shape + 1, uniform) * uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(uniform);
    const root = 1 + c * x;
    if (root <= 0) continue;
    const v = root * root * root;
    const u = uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Arrival times from consecutive gaps, the first one gap after 0: `count` of them, or every
 * arrival at or before `durationSeconds` (at most `maxCount` + 1).
 */
export function arrivalTimes(nextGapSeconds: () => number, limit: ArrivalLimit): Float64Array {
  if ("count" in limit) {
    const times = new Float64Array(limit.count);
    let timeSeconds = 0;
    for (let i = 0; i < limit.count; i++) {
      timeSeconds += nextGapSeconds();
      // finite and ordered by construction of the gaps, within the span a run may have
      if (!(timeSeconds <= limits.seconds)) {
        throw new InputError(
          "workload.arrival.ratePerSecond",
          `request ${i + 1} would arrive at ${timeSeconds.toPrecision(3)} s, past the ${limits.seconds} s a run may span; raise the rate or simulate fewer requests`,
        );
      }
      times[i] = timeSeconds;
    }
    return times;
  }
  let times = new Float64Array(1024);
  let count = 0;
  for (
    let timeSeconds = nextGapSeconds();
    timeSeconds <= limit.durationSeconds && count <= limit.maxCount;
    timeSeconds += nextGapSeconds()
  ) {
    if (count === times.length) {
      const grown = new Float64Array(times.length * 2);
      grown.set(times);
      times = grown;
    }
    times[count++] = timeSeconds;
  }
  return times.slice(0, count);
}

/** The closed-loop request that releases request `index`, or -1 for the users' first requests. */
export function closedLoopPredecessor(index: number, concurrency: number): number {
  return index < concurrency ? -1 : index - concurrency;
}

/** How many leading rows of a time-sorted trace a limit keeps (all when there is none). */
export function traceRowCount(
  rows: readonly TraceRow[],
  limit: Partial<{ count: number; durationSeconds: number }>,
): number {
  if (limit.count !== undefined) return Math.min(limit.count, rows.length);
  if (limit.durationSeconds === undefined) return rows.length;
  let count = 0;
  while (count < rows.length && rows[count].arrivalSeconds <= limit.durationSeconds) count++;
  return count;
}
