/**
 * The closed-loop steady-state test: a run whose figures still drift is too short to report.
 * The window runs from the start to the last request issued (a closed loop bounded by a
 * duration keeps every user busy until then; after it the load drains). Its first third is warm-up (every user starts at once); the second and last
 * thirds must agree: output tokens/s produced in each (a request's tokens spread evenly from its
 * first token to its finish) and the mean per-user speed of the requests finishing in each, within
 * STEADY_TOLERANCE, and the mean number of requests waiting for their first token not
 * growing by more than that share of the users.
 */

/** Largest relative difference between the second and the last third of the window that counts as steady. */
export const STEADY_TOLERANCE = 0.1;

/** Fewest requests finishing in each compared third for its figures to mean anything. */
export const MIN_REQUESTS_PER_THIRD = 30;

export interface RunRecords {
  arrivalSeconds: Float64Array;
  firstTokenSeconds: Float64Array;
  finishSeconds: Float64Array;
  outputTokens: Int32Array;
}

export interface SteadyVerdict {
  steady: boolean;
  /** Why not, in one phrase (empty when steady). */
  reason: string;
  /** The compared figures, second third then last third. */
  outputTokensPerSecond: [number, number];
  perUserTokensPerSecond: [number, number];
  waiting: [number, number];
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);

/**
 * Whether a closed loop of `users` reached steady state, from its requests' times. With
 * `reportedOutputTokensPerSecond` (the whole run's figure, warm-up and drain included, as
 * `simulate` reports it) that figure must also lie within STEADY_TOLERANCE of the steady window's.
 */
export function steadyState(r: RunRecords, users: number, reportedOutputTokensPerSecond?: number): SteadyVerdict {
  const n = r.arrivalSeconds.length;
  let end = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(r.arrivalSeconds[i])) end = Math.max(end, r.arrivalSeconds[i]);
  const cuts = [end / 3, (2 * end) / 3, end];
  const thirds = [1, 2].map((k) => {
    const from = cuts[k - 1];
    const to = cuts[k];
    let tokens = 0;
    let perUser = 0;
    let finished = 0;
    let timed = 0;
    let waitingSeconds = 0;
    for (let i = 0; i < n; i++) {
      const arrival = r.arrivalSeconds[i];
      const first = r.firstTokenSeconds[i];
      const finish = r.finishSeconds[i];
      if (!Number.isFinite(arrival)) continue;
      const waitEnd = Number.isFinite(first) ? first : Infinity;
      waitingSeconds += Math.max(0, Math.min(to, waitEnd) - Math.max(from, arrival));
      // output tokens as produced: the first at the first token, the rest spread evenly until the finish
      if (Number.isFinite(first)) {
        if (first > from && first <= to) tokens += 1;
        const rest = r.outputTokens[i] - 1;
        if (rest > 0 && finish > first)
          tokens += (rest * Math.max(0, Math.min(to, finish) - Math.max(from, first))) / (finish - first);
      }
      if (!(finish > from && finish <= to)) continue;
      finished++;
      if (r.outputTokens[i] >= 2 && finish > first) {
        perUser += (r.outputTokens[i] - 1) / (finish - first);
        timed++;
      }
    }
    const seconds = to - from;
    return {
      finished,
      throughput: seconds > 0 ? tokens / seconds : 0,
      perUser: timed > 0 ? perUser / timed : 0,
      waiting: seconds > 0 ? waitingSeconds / seconds : 0,
    };
  });
  const [a, b] = thirds;
  const verdict = (reason: string): SteadyVerdict => ({
    steady: reason === "",
    reason,
    outputTokensPerSecond: [a.throughput, b.throughput],
    perUserTokensPerSecond: [a.perUser, b.perUser],
    waiting: [a.waiting, b.waiting],
  });
  if (Math.min(a.finished, b.finished) < MIN_REQUESTS_PER_THIRD)
    return verdict(`fewer than ${MIN_REQUESTS_PER_THIRD} requests finish in a third of the run`);
  if (relative(a.throughput, b.throughput) > STEADY_TOLERANCE)
    return verdict(`throughput moves ${(100 * relative(a.throughput, b.throughput)).toFixed(0)}% between thirds`);
  if (relative(a.perUser, b.perUser) > STEADY_TOLERANCE)
    return verdict(`per-user speed moves ${(100 * relative(a.perUser, b.perUser)).toFixed(0)}% between thirds`);
  if (b.waiting - a.waiting > STEADY_TOLERANCE * users)
    return verdict(`waiting requests grow from ${a.waiting.toFixed(1)} to ${b.waiting.toFixed(1)}`);
  const window = (a.throughput + b.throughput) / 2;
  if (reportedOutputTokensPerSecond !== undefined && relative(reportedOutputTokensPerSecond, window) > STEADY_TOLERANCE)
    return verdict(
      `the run's throughput is ${(100 * relative(reportedOutputTokensPerSecond, window)).toFixed(0)}% off its steady window's (warm-up and drain weigh too much)`,
    );
  return verdict("");
}
