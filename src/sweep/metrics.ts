/**
 * The numeric metrics a sweep line can carry (analytic and simulate mode), each with what it is
 * and its unit: the names `pareto` accepts for its axes, and the titles its charts give them.
 * The type makes the table list every numeric metric of both modes, so it cannot fall behind.
 */
import type { DesignMetrics } from "../api/results.js";
import type { Distribution } from "../metrics/percentiles.js";
import type { AnalyticMetrics } from "../search/analytic.js";

type Numeric<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number | Distribution ? K : never }[keyof T];

/** A metric with a number (or a distribution, read by its mean) in sweep results. */
export type SweepMetric = Numeric<AnalyticMetrics> | Numeric<DesignMetrics>;

export interface MetricUnit {
  /** What the metric is, in words. */
  label: string;
  unit: string;
}

const share = "share, 0–1";

export const sweepMetrics: Record<SweepMetric, MetricUnit> = {
  ttftSeconds: { label: "time to first token", unit: "s" },
  tpotSeconds: { label: "time per output token", unit: "s" },
  itlSeconds: { label: "inter-token latency", unit: "s" },
  e2eSeconds: { label: "end-to-end latency", unit: "s" },
  queueingSeconds: { label: "queueing delay", unit: "s" },
  outputTokensPerSecond: { label: "output tokens/s", unit: "tokens/s" },
  outputTokensPerSecondPerChip: { label: "output tokens/s per chip", unit: "tokens/s/chip" },
  outputTokensPerSecondPerUser: { label: "output tokens/s per user", unit: "tokens/s/user" },
  decodeTokensPerSecondPerUser: { label: "decode tokens/s per user (1 / median ITL)", unit: "tokens/s/user" },
  requestsPerSecond: { label: "requests/s", unit: "requests/s" },
  goodputRequestsPerSecond: { label: "goodput (requests meeting the SLO)", unit: "requests/s" },
  sloAttainment: { label: "SLO attainment", unit: share },
  batch: { label: "decode batch per replica", unit: "sequences" },
  chips: { label: "chips", unit: "chips" },
  arrived: { label: "requests arrived", unit: "requests" },
  finished: { label: "requests finished", unit: "requests" },
  rejected: { label: "requests rejected", unit: "requests" },
  notIssued: { label: "requests not issued", unit: "requests" },
  preemptions: { label: "preemptions", unit: "preemptions" },
  recomputes: { label: "recomputed preemptions", unit: "preemptions" },
  swaps: { label: "swapped preemptions", unit: "preemptions" },
  prefixCacheHitRate: { label: "prefix-cache hit rate", unit: share },
  makespanSeconds: { label: "makespan", unit: "s" },
  steps: { label: "steps", unit: "steps" },
  batchTokens: { label: "tokens per step", unit: "tokens" },
  kvUsage: { label: "KV-cache usage", unit: share },
  kvTransferSeconds: { label: "KV transfer time", unit: "s" },
  powerWatts: { label: "power", unit: "W" },
  facilityPowerWatts: { label: "facility power (with PUE)", unit: "W" },
  joulesPerOutputToken: { label: "energy per output token", unit: "J/token" },
  outputTokensPerSecondPerKilowatt: { label: "output tokens/s per kW", unit: "tokens/s/kW" },
  outputTokensPerSecondPerMegawattFacility: { label: "output tokens/s per facility MW", unit: "tokens/s/MW" },
  usdPerHour: { label: "cost per hour", unit: "USD/h" },
  usdPerMillionOutputTokens: { label: "cost per million output tokens", unit: "USD/M tokens" },
  hardwareUsdPerMillionOutputTokens: {
    label: "hardware (capex or rental) per million output tokens",
    unit: "USD/M tokens",
  },
  energyUsdPerMillionOutputTokens: { label: "energy per million output tokens", unit: "USD/M tokens" },
  datacenterUsdPerMillionOutputTokens: { label: "datacenter space per million output tokens", unit: "USD/M tokens" },
};

export const sweepMetricNames = Object.keys(sweepMetrics) as SweepMetric[];

export const isSweepMetric = (name: string): name is SweepMetric => Object.hasOwn(sweepMetrics, name);

/** An axis title with its unit, e.g. "output tokens/s per user (tokens/s/user)". */
export const metricTitle = (metric: SweepMetric): string =>
  `${sweepMetrics[metric].label} (${sweepMetrics[metric].unit})`;
