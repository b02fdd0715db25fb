/**
 * What `simulate` returns: per design, the pools as they ran, the serving, power and cost metrics,
 * and optionally every request's times and the metrics at the ends of the chips' efficiency
 * ranges. Kept apart from the runner so that reports take their types from here, not from the
 * module that drives the WASM kernel.
 */
import type { ChipBounds } from "../catalog/efficiency.js";
import type { EnergyCost } from "../metrics/energy.js";
import type { UsedFigure } from "../metrics/figures.js";
import type { Metrics } from "../metrics/summary.js";
import type { Design, Scenario } from "../scenario/schema.js";

/** Every request of one design's run, as columns. Times in seconds; NaN where not reached. */
export interface RequestRecords {
  arrivalSeconds: Float64Array;
  firstTokenSeconds: Float64Array;
  finishSeconds: Float64Array;
  inputTokens: Int32Array;
  outputTokens: Int32Array;
  status: string[];
  preemptions: Int32Array;
  replica: Int32Array;
  prefixHitTokens: Int32Array;
}

/** One pool of a design as it ran. */
export interface PoolSummary {
  /** `pool` (aggregated), `prefill`, `decode`, or `decode-ffn` (the feed-forward half of a split decode). */
  role: string;
  chip: string;
  system: string;
  chips: number;
  layout: { tp: number; pp: number; ep: number };
  replicas: number;
  datatypes: { weights: string; activations: string; kv: string; compute: string };
  weightTier: string;
  kvTokensPerReplica: number | null;
  /** Share of the run the pool spent computing steps. */
  utilisation: number;
}

export interface DesignResult {
  design: string;
  kind: Design["kind"];
  model: string;
  workload: string;
  pools: PoolSummary[];
  /** Requests in the table this design ran: more than the scenario's when a closed loop needed more. */
  requestsGenerated: number;
  metrics: DesignMetrics;
  /** Figures behind the power and cost metrics, and the ones missing where a metric is null. */
  energyBasis: EnergyCost["basis"];
  warnings: string[];
  requests?: RequestRecords;
  /** With `uncertainty`: the headline metrics with every ranged chip at the low and at the high end of its efficiency ranges, and its power and price figures at the matching ends of theirs. */
  range?: MetricsRange;
}

/** Power, energy and cost (null when a figure needed is unknown). */
export type EnergyMetrics = Pick<
  EnergyCost,
  | "powerWatts"
  | "facilityPowerWatts"
  | "joulesPerOutputToken"
  | "outputTokensPerSecondPerKilowatt"
  | "outputTokensPerSecondPerMegawattFacility"
  | "usdPerHour"
  | "usdPerMillionOutputTokens"
  | "hardwareUsdPerMillionOutputTokens"
  | "energyUsdPerMillionOutputTokens"
  | "datacenterUsdPerMillionOutputTokens"
>;

export type DesignMetrics = Metrics & EnergyMetrics;

/** The metrics a range run reports at each bound: the same fields as in `metrics`. */
export const headlineMetrics = [
  "ttftSeconds",
  "tpotSeconds",
  "e2eSeconds",
  "outputTokensPerSecond",
  "outputTokensPerSecondPerChip",
  "outputTokensPerSecondPerUser",
  "requestsPerSecond",
  "goodputRequestsPerSecond",
  "sloAttainment",
  "overloaded",
  "powerWatts",
  "joulesPerOutputToken",
  "outputTokensPerSecondPerKilowatt",
  "usdPerMillionOutputTokens",
] as const satisfies readonly (keyof DesignMetrics)[];
export type HeadlineMetrics = Pick<DesignMetrics, (typeof headlineMetrics)[number]>;

/**
 * A design's headline metrics at the ends of its chips' efficiency ranges. `pessimistic` is the run
 * with every ranged chip at its low efficiencies (slower steps: normally lower throughput and
 * goodput, higher TTFT, TPOT, J and $ per token), `optimistic` the run at the high ends. The runs
 * are reported as they came out, not sorted, so a metric that does not move monotonically shows it.
 */
export interface MetricsRange {
  pessimistic: HeadlineMetrics;
  optimistic: HeadlineMetrics;
  /**
   * The design's chips that have an efficiency range, with the bounds applied. Empty when none has
   * one: then nothing is rerun and both bounds are the nominal metrics.
   */
  chips: ChipBounds[];
  /** The design's power and price figures that have a range, counted at their high ends in `pessimistic` and low in `optimistic`. */
  figures: UsedFigure[];
}

export interface SimulationResult {
  model: string;
  /** A short description of the workload (arrival process and request count). */
  workload: string;
  requests: number;
  seed: number;
  slo: Scenario["slo"];
  results: DesignResult[];
}
