/** A validation case (a published measurement as data) and how it runs through `simulate`. */
import { join } from "node:path";
import { simulate } from "../../src/api/simulate.js";
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
  split: "fit" | "holdout";
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
        pool: { ...c.pool, count: c.count, tp: c.tp ?? 1, pp: c.pp ?? 1 },
        // a fixed batch runs all its sequences together; a max-throughput run lets the server batch freely
        // (8,192-token steps and up to 1,024 sequences, TensorRT-LLM's defaults) as far as the KV cache
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

export async function runCase(c: Case, requests?: number): Promise<Outcome> {
  if (!c.model) return { c, predicted: null, error: null, problem: c.assumed ?? "no catalog model with this shape" };
  try {
    const result = await simulate(scenarioOf(c, requests));
    const m = result.results[0].metrics;
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
    if (value === null || !Number.isFinite(value))
      return { c, predicted: null, error: null, problem: "no value (no request finished)" };
    return { c, predicted: value, error: (value - c.measured) / c.measured };
  } catch (error) {
    return { c, predicted: null, error: null, problem: (error as Error).message };
  }
}
