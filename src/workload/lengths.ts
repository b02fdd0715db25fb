/**
 * Sampling token lengths from a {@link Length} distribution: rounded to whole tokens and clipped
 * to [min, max]. Every sample draws exactly two uniforms whatever the kind, so the n-th sample
 * depends only on the seed and n — never on how many samples follow it or which kind an earlier
 * distribution had.
 */
import { InputError } from "../errors.js";
import { limits } from "../number-schemas.js";
import type { Length } from "./schema.js";
import type { Uniform } from "./random.js";

/** The largest token count of one prompt or output (see `limits.tokensPerRequest`). */
export const maxTokens = limits.tokensPerRequest;

/** Draws one token count. */
export type LengthSampler = () => number;

/** Mean of a length distribution (before clipping); `fallback` when the workload leaves it out. */
export function meanTokens(length: Length | undefined, fallback: number): number {
  if (!length) return fallback;
  switch (length.kind) {
    case "fixed":
      return length.tokens;
    case "uniform":
      return (length.min + length.max) / 2;
    default:
      return length.mean;
  }
}

/** Rejects bounds that leave no value; `field` names the distribution (e.g. `workload.input`). */
export function checkLength(length: Length, field: string): void {
  if (length.kind === "fixed") return;
  if (length.max !== undefined && length.max < length.min) {
    throw new InputError(`${field}.max`, `${length.max} is below min ${length.min}`);
  }
}

/** A sampler of `length` drawing its uniforms from `uniform`. */
export function lengthSampler(length: Length, uniform: Uniform): LengthSampler {
  switch (length.kind) {
    case "fixed": {
      const tokens = length.tokens;
      return () => {
        uniform();
        uniform();
        return tokens;
      };
    }
    case "uniform": {
      const { min, max } = length;
      const span = max - min + 1;
      return () => {
        const u = uniform();
        uniform();
        // u < 1, so the floor stays within span; min() only guards floating-point rounding.
        return Math.min(max, min + Math.floor(u * span));
      };
    }
    case "normal": {
      const { mean, sigma } = length;
      const min = length.min;
      const max = length.max ?? maxTokens;
      return () => clipTokens(mean + sigma * standardNormal(uniform), min, max);
    }
    case "lognormal": {
      const { sigma } = length;
      // `mean` is the arithmetic mean of the unclipped distribution: E[e^X] = e^(μ + σ²/2).
      const mu = Math.log(length.mean) - (sigma * sigma) / 2;
      const min = length.min;
      const max = length.max ?? maxTokens;
      return () => clipTokens(Math.exp(mu + sigma * standardNormal(uniform)), min, max);
    }
  }
}

/** Box–Muller, cosine branch only: always two uniforms per normal. */
export function standardNormal(uniform: Uniform): number {
  const radius = Math.sqrt(-2 * Math.log(uniform()));
  return radius * Math.cos(2 * Math.PI * uniform());
}

function clipTokens(value: number, min: number, max: number): number {
  const tokens = Math.round(value);
  return Math.min(Math.max(tokens, min), max);
}
