/**
 * A validation case (a published measurement as data), how it runs through `simulate`, and which
 * cases the cross-validation fits and predicts.
 */
import { join } from "node:path";
import { simulate } from "../../src/api/simulate.js";
import type { DesignMetrics } from "../../src/api/results.js";
import { system } from "../../src/catalog/index.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";

export interface Case {
  id: string;
  family: string;
  quality: string;
  configuration: "exact" | "vague";
  assumed?: string;
  model: string | null;
  pool: { chip?: string; system?: string };
  count: number;
  tp?: number;
  pp?: number;
  /** Attention groups of a DEP layout (tp 1 × ep N is the source's DEP N); default 1. */
  ep?: number;
  datatypes?: { weights?: string; activations?: string; kv?: string };
  workload: {
    kind: "max-throughput" | "closed" | "single-stream";
    concurrency?: number;
    inputTokens: number;
    outputTokens: number;
    requests?: number;
  };
  /**
   * What the source measured, by the simulate metric of that name. `decodeTokensPerSecondPerUser` is
   * the speed of one decode step of a batch already prefilled (tt-metal's t/s/u, 1 / the median
   * inter-token latency); `decodeTokensPerSecond` is that times the batch (tt-metal's t/s).
   * `outputTokensPerSecondPerUser` is a server's view: 1 / TPOT, prompts of others included.
   */
  metric:
    | "outputTokensPerSecond"
    | "outputTokensPerSecondPerUser"
    | "decodeTokensPerSecondPerUser"
    | "decodeTokensPerSecond"
    | "ttftSeconds"
    | "tpotSeconds";
  measured: number;
  per?: "total" | "chip" | "user";
  /**
   * What the shipped chip factors saw: `fit` cases chose them, `holdout` cases were kept out of that
   * fit, `cv` cases came after it (the shipped factors never saw them either). The cross-validation
   * treats all three alike.
   */
  split: "fit" | "holdout" | "cv";
  /** Why the case cannot be simulated as published (e.g. `layout not modelled: DEP2 …`); reported apart. */
  notModelled?: string;
  source: string;
  notes?: string;
}

export interface Outcome {
  c: Case;
  predicted: number | null;
  error: number | null;
  problem?: string;
}

export const root = join(import.meta.dirname, "..", "..", "..");

export function scenarioOf(c: Case, requestsOverride?: number): ScenarioInput {
  const w = c.workload;
  const concurrency = w.kind === "single-stream" ? 1 : w.kind === "closed" ? (w.concurrency ?? 1) : undefined;
  const requests =
    concurrency !== undefined
      ? Math.max(4 * concurrency, concurrency === 1 ? 8 : 0, Math.min(w.requests ?? 0, 4 * concurrency))
      : (requestsOverride ?? w.requests ?? 2000);
  return {
    model: c.model!,
    datatypes: c.datatypes,
    workload: {
      arrival: concurrency !== undefined ? { kind: "closed", concurrency } : { kind: "burst" },
      input: { kind: "fixed", tokens: w.inputTokens },
      output: { kind: "fixed", tokens: w.outputTokens },
      requests,
      seed: 1,
    },
    slo: { ttftSeconds: 10, tpotSeconds: 1 },
    designs: [
      {
        name: c.id,
        kind: "aggregated",
        pool: { ...c.pool, count: c.count, tp: c.tp ?? 1, pp: c.pp ?? 1, ...(c.ep ? { ep: c.ep } : {}) },
        // a fixed batch runs all its sequences together; a max-throughput run lets the server batch freely
        // (8,192-token steps and up to 1,024 sequences, TensorRT-LLM's defaults, per attention group of a DEP
        // layout as TensorRT-LLM's attention-DP ranks each schedule their own) as far as the KV cache
        // holds them at full length (its guaranteed-no-evict admission: a tuned benchmark never thrashes
        // in preemptions); smaller runs step no more tokens than they need, which keeps the activation
        // reserve within SRAM-only chips
        scheduler: {
          admission: concurrency === undefined ? "reserve" : "optimistic",
          maxSequences: concurrency ?? 1024,
          chunkTokens: concurrency === undefined ? 8192 : Math.min(8192, Math.max(256, w.inputTokens, concurrency)),
          prefixCache: false,
        },
      },
    ],
  };
}

/** A measured case in an exact configuration that the engine can lay out: the cross-validation's set. */
export const crossValidated = (c: Case) =>
  c.quality === "M" && c.configuration === "exact" && c.model !== null && c.notModelled === undefined;

/** The chip a case runs on (its pool's chip, or its system's). */
export const chipOf = (c: Case) => c.pool.chip ?? system(c.pool.system!).chip;

/**
 * The configuration a case belongs to: rows sharing a source table, hardware and model (one sweep of
 * prompt lengths, or the TTFT and t/s/u of one row) are one configuration, held out together.
 */
export const configurationOf = (c: Case) =>
  `${c.source.match(/^\[[^\]]+\]/)?.[0] ?? c.source} ${c.count} × ${c.pool.chip ?? c.pool.system} ${c.model}`;

/** The scenario a case runs, as a key: cases that differ only in the metric read share one run. */
export function scenarioKey(c: Case, requests?: number): string {
  const s = scenarioOf(c, requests);
  return JSON.stringify({ ...s, designs: s.designs.map((d) => ({ ...d, name: "" })) });
}

/** Simulates a case's scenario: the design's metrics, or why there are none. */
export async function simulateCase(c: Case, requests?: number): Promise<DesignMetrics | string> {
  if (c.notModelled) return c.notModelled;
  if (!c.model) return c.assumed ?? "no catalog model with this shape";
  try {
    return (await simulate(scenarioOf(c, requests))).results[0].metrics;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The case's metric read from a run of its scenario, as the source defines it; null when there is none. */
export function metricOf(c: Case, m: DesignMetrics): number | null {
  const decode = m.decodeTokensPerSecondPerUser;
  const value =
    c.metric === "outputTokensPerSecondPerUser"
      ? m.outputTokensPerSecondPerUser
      : c.metric === "decodeTokensPerSecondPerUser"
        ? decode
        : c.metric === "decodeTokensPerSecond"
          ? decode === null
            ? null
            : (c.workload.concurrency ?? 1) * decode
          : c.metric === "ttftSeconds"
            ? m.ttftSeconds.mean
            : c.metric === "tpotSeconds"
              ? m.tpotSeconds.mean
              : c.per === "chip"
                ? m.outputTokensPerSecondPerChip
                : m.outputTokensPerSecond;
  return value === null || !Number.isFinite(value) ? null : value;
}

export async function runCase(c: Case, requests?: number): Promise<Outcome> {
  const m = await simulateCase(c, requests);
  if (typeof m === "string") return { c, predicted: null, error: null, problem: m };
  const value = metricOf(c, m);
  if (value === null) return { c, predicted: null, error: null, problem: "no value (no request finished)" };
  return { c, predicted: value, error: (value - c.measured) / c.measured };
}
