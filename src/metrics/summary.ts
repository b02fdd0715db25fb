/**
 * Serving metrics of a run, exactly as the Metrics fields below define them: TTFT, TPOT,
 * ITL, end-to-end latency, throughput, goodput and SLO attainment, from per-request times.
 */
import * as P from "#params";
import type { Slo } from "../scenario/schema.js";
import type { PoolRun } from "../sim/run-pool.js";
import { distribution, histogramDistribution, type Distribution } from "./percentiles.js";
import { Samples } from "./samples.js";

export interface Metrics {
  ttftSeconds: Distribution;
  tpotSeconds: Distribution;
  itlSeconds: Distribution;
  e2eSeconds: Distribution;
  queueingSeconds: Distribution;
  outputTokensPerSecond: number;
  outputTokensPerSecondPerChip: number;
  outputTokensPerSecondPerUser: number | null;
  /**
   * 1 / the median inter-token latency: a user's decode speed in a step without other users'
   * prompts in it, as per-step decode benchmarks report it (tt-metal's t/s/u). Above
   * outputTokensPerSecondPerUser, which counts those prompts' stalls.
   */
  decodeTokensPerSecondPerUser: number | null;
  requestsPerSecond: number;
  goodputRequestsPerSecond: number;
  sloAttainment: number;
  chips: number;
  arrived: number;
  finished: number;
  rejected: number;
  rejectedByReason: { contextWindow: number; kvCapacity: number };
  notIssued: number;
  preemptions: number;
  recomputes: number;
  swaps: number;
  prefixCacheHitRate: number | null;
  overloaded: boolean;
  makespanSeconds: number;
  steps: number;
  batchTokens: Distribution;
  kvUsage: Distribution & { peak: number };
  /** Prefill end to the KV cache reaching the decode pool, per request that crossed a link. */
  kvTransferSeconds: Distribution;
  /**
   * Per pool: share of the run its replicas spent computing steps, and the share of the chips'
   * idle-to-max power range they drew on average (at most busyShare; equal where the chip has no
   * phase-aware power figures).
   */
  utilisation: { pool: string; busyShare: number; powerShare: number; perReplica: number[] }[];
  /**
   * Why each metric that is null (or a distribution of nulls) could not be defined, by its name:
   * a metric is never Infinity, NaN or a made-up 0. Empty when every metric is defined.
   */
  nullReasons: Record<string, string>;
}

export interface MetricsInput {
  run: PoolRun;
  inputTokens: Int32Array;
  outputTokens: Int32Array;
  predecessor: Int32Array;
  slo: Slo;
  chips: number;
  /** KV blocks per replica the event loop schedules (one attention group of a DEP replica), by pool. */
  kvBlocksPerReplica: number[];
  /** Open-loop arrivals (Poisson, gamma, trace): only these can outrun the servers without bound. */
  openLoop: boolean;
  /** Name of each pool, by the index in run.replicaPool. */
  poolNames: string[];
}

export function summarise(m: MetricsInput): Metrics {
  const { run, slo } = m;
  const n = run.status.length;
  let arrived = 0,
    finished = 0,
    rejectedContext = 0,
    rejectedKv = 0,
    notIssued = 0;
  let firstArrival = Infinity,
    lastFinish = -Infinity,
    outputTokens = 0,
    preemptions = 0,
    met = 0;
  let perUserSum = 0,
    perUserCount = 0,
    instantDecodes = 0;
  // two columns of samples, each refilled for a second metric once the first is summarised:
  // two-fifths of the memory of a column per metric, and no pass more than two
  const a = new Samples(n),
    b = new Samples(n);
  for (let i = 0; i < n; i++) {
    const status = run.status[i];
    if (status === P.STATUS_NOT_ISSUED || status === P.STATUS_PENDING) {
      if (status === P.STATUS_NOT_ISSUED) notIssued++;
      // a pending request was never released: only possible for requests past the duration
      else notIssued++;
      continue;
    }
    arrived++;
    const arrival = run.arrivedAtSeconds[i];
    firstArrival = Math.min(firstArrival, arrival);
    if (status === P.STATUS_REJECTED_CONTEXT) {
      rejectedContext++;
      continue;
    }
    if (status === P.STATUS_REJECTED_KV) {
      rejectedKv++;
      continue;
    }
    if (status !== P.STATUS_FINISHED)
      throw new Error(`simulation ended with request ${i} unfinished (status ${status})`);
    finished++;
    const first = run.firstTokenSeconds[i];
    const finish = run.finishSeconds[i];
    lastFinish = Math.max(lastFinish, finish);
    outputTokens += m.outputTokens[i];
    preemptions += run.preemptions[i];
    const requestTtft = first - arrival;
    a.push(requestTtft);
    b.push(finish - arrival);
    let meetsTpot = true;
    if (m.outputTokens[i] >= 2) {
      const requestTpot = tpotOf(run, m.outputTokens, i);
      // every token of the output in one step (speculative decoding): a pace with no time to divide by
      if (requestTpot > 0) {
        perUserSum += 1 / requestTpot;
        perUserCount++;
      } else instantDecodes++;
      meetsTpot = requestTpot <= slo.tpotSeconds;
    }
    if (requestTtft <= slo.ttftSeconds && meetsTpot) met++;
  }
  const span = finished > 0 ? lastFinish - firstArrival : 0;
  const rate = (x: number) => (span > 0 ? x / span : 0);
  const requestsPerSecond = rate(finished);
  const sloAttainment = arrived > 0 ? met / arrived : 0;
  const kvUsage = histogramDistribution(run.kvUsageHistogram);
  const peakShare = Math.max(
    0,
    ...run.replicaPeakBlocks.map((blocks, r) => blocks / m.kvBlocksPerReplica[run.replicaPool[r]]),
  );
  const ttftSeconds = distribution(a.values());
  const e2eSeconds = distribution(b.values());
  a.clear();
  b.clear();
  for (let i = 0; i < n; i++) {
    if (run.status[i] !== P.STATUS_FINISHED) continue;
    a.push(queueingDelay(run, i));
    if (m.outputTokens[i] >= 2) b.push(tpotOf(run, m.outputTokens, i));
  }
  const queueingSeconds = distribution(a.values());
  const tpotSeconds = distribution(b.values());
  const tpotCount = b.length;
  a.clear();
  for (const t of run.transferSeconds) if (Number.isFinite(t)) a.push(t);
  const transfers = a.length;
  const kvTransferSeconds = distribution(a.values());
  const overloaded = m.openLoop && isOverloaded(run, m.predecessor, slo, a);
  const itl = histogramDistribution(run.itlHistogram);
  const nullReasons: Record<string, string> = {};
  const noFinish = arrived === 0 ? "no request arrived" : "no request finished";
  if (finished === 0) {
    for (const name of ["ttftSeconds", "e2eSeconds", "queueingSeconds"]) nullReasons[name] = noFinish;
  }
  if (tpotCount === 0) nullReasons.tpotSeconds = `${noFinish} with two or more output tokens`;
  if (perUserCount === 0) {
    nullReasons.outputTokensPerSecondPerUser =
      instantDecodes > 0
        ? "every finished request decoded all its tokens at once: its pace has no time to divide by"
        : (nullReasons.tpotSeconds ?? noFinish);
  }
  if (itl.p50 === null || itl.p50 <= 0) {
    nullReasons.itlSeconds = "no inter-token latency was recorded";
    nullReasons.decodeTokensPerSecondPerUser = nullReasons.itlSeconds;
  }
  if (run.promptTokensTotal <= 0) nullReasons.prefixCacheHitRate = "no prompt tokens were processed";
  if (transfers === 0) nullReasons.kvTransferSeconds = "no request crossed a link between pools";
  return {
    ttftSeconds,
    tpotSeconds,
    itlSeconds: itl,
    e2eSeconds,
    queueingSeconds,
    outputTokensPerSecond: rate(outputTokens),
    outputTokensPerSecondPerChip: rate(outputTokens) / m.chips,
    outputTokensPerSecondPerUser: perUserCount > 0 ? perUserSum / perUserCount : null,
    decodeTokensPerSecondPerUser: itl.p50 !== null && itl.p50 > 0 ? 1 / itl.p50 : null,
    requestsPerSecond,
    goodputRequestsPerSecond: requestsPerSecond * sloAttainment,
    sloAttainment,
    chips: m.chips,
    arrived,
    finished,
    rejected: rejectedContext + rejectedKv,
    rejectedByReason: { contextWindow: rejectedContext, kvCapacity: rejectedKv },
    notIssued,
    preemptions,
    recomputes: run.recomputes,
    swaps: run.swaps,
    prefixCacheHitRate: run.promptTokensTotal > 0 ? run.prefixHitTokensTotal / run.promptTokensTotal : null,
    overloaded,
    makespanSeconds: span,
    steps: run.steps,
    batchTokens: histogramDistribution(run.batchTokensHistogram),
    kvUsage: { ...kvUsage, peak: peakShare },
    kvTransferSeconds,
    utilisation: m.poolNames.map((pool, index) => {
      const share = (seconds: number[]) =>
        seconds.filter((_, r) => run.replicaPool[r] === index).map((s) => (span > 0 ? s / span : 0));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      const perReplica = share(run.replicaBusySeconds);
      return { pool, busyShare: mean(perReplica), powerShare: mean(share(run.replicaPowerSeconds)), perReplica };
    }),
    nullReasons,
  };
}

/** Seconds per output token after the first, of a request with two or more. */
const tpotOf = (run: PoolRun, outputTokens: Int32Array, i: number): number =>
  (run.finishSeconds[i] - run.firstTokenSeconds[i]) / (outputTokens[i] - 1);

/** Time spent waiting for admission: to the first pool, and to the decode pool after a hand-over. */
function queueingDelay(run: PoolRun, i: number): number {
  const first = run.admittedAtSeconds[i] - run.arrivedAtSeconds[i];
  // the column is empty where no pool hands over
  if (run.decodeAdmittedAtSeconds.length === 0) return first;
  const decode = run.decodeAdmittedAtSeconds[i] - run.firstTokenSeconds[i];
  return Number.isFinite(decode) ? first + decode : first;
}

/**
 * A queue that grows without bound: requests arriving last wait far longer than those arriving
 * early in the run. Compares the mean queueing delay of the last tenth of open-loop arrivals with
 * the second tenth (the first warms up), and needs the gap to exceed the TTFT target.
 */
function isOverloaded(run: PoolRun, predecessor: Int32Array, slo: Slo, samples: Samples): boolean {
  samples.clear();
  for (let i = 0; i < run.status.length; i++) {
    if (predecessor[i] >= 0 || run.status[i] !== P.STATUS_FINISHED) continue;
    samples.push(queueingDelay(run, i));
  }
  const delays = samples.values();
  if (delays.length < 20) return false;
  const tenth = Math.floor(delays.length / 10);
  const mean = (from: number, to: number) => delays.subarray(from, to).reduce((a, b) => a + b, 0) / (to - from);
  const early = mean(tenth, 2 * tenth);
  const late = mean(delays.length - tenth, delays.length);
  return late > Math.max(4 * early, slo.ttftSeconds);
}
