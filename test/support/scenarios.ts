// Scenarios tests start from: Llama 3.1 8B, one SLO; each test names what it varies.
import type { ScenarioInput } from "../../src/scenario/schema.js";

export type DesignInput = ScenarioInput["designs"][number];
type Workload = ScenarioInput["workload"];

export interface StreamShape {
  ratePerSecond: number;
  input: { mean: number; sigma: number };
  output: { mean: number; sigma: number; min: number };
  requests: number;
  seed: number;
}

/** A Poisson stream of lognormal prompts (16–8,000 tokens) and outputs (at most 1,000). */
export const lognormalStream = (s: StreamShape): Workload => ({
  arrival: { kind: "poisson", ratePerSecond: s.ratePerSecond },
  input: { kind: "lognormal", mean: s.input.mean, sigma: s.input.sigma, min: 16, max: 8000 },
  output: { kind: "lognormal", mean: s.output.mean, sigma: s.output.sigma, min: s.output.min, max: 1000 },
  requests: s.requests,
  seed: s.seed,
});

/** Fp8 weights and KV cache, these designs, this workload. */
export const testScenario = (designs: DesignInput[], workload: Workload, model = "llama-3.1-8b"): ScenarioInput => ({
  model,
  datatypes: { weights: "fp8", activations: "bf16", kv: "fp8" },
  workload,
  slo: { ttftSeconds: 1, tpotSeconds: 0.05 },
  designs,
});

/** A small valid scenario (eight H100s, fixed lengths) that tests vary one field of. */
export const baseScenario = (requests: number) => ({
  model: "llama-3.1-8b",
  workload: {
    arrival: { kind: "poisson", ratePerSecond: 2 },
    input: { kind: "fixed", tokens: 512 },
    output: { kind: "fixed", tokens: 128 },
    requests,
  },
  slo: { ttftSeconds: 1, tpotSeconds: 0.05 },
  designs: [{ name: "h100", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 8, tp: 8 } }],
});
