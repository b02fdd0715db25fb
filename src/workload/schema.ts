/**
 * The workload of a scenario: how requests arrive and how long their prompts and outputs are.
 * Defined with zod as part of the scenario schema (src/scenario/schema.ts), and kept here so the
 * generator reads its own input types from its own layer.
 */
import { z } from "zod";
import { limits, nonNegative, positive, positiveInt, seconds, tokenCount } from "../number-schemas.js";

const tokens = tokenCount;

/** The largest absolute time a trace may give (seconds; 3,000 years of epoch seconds). */
export const maxTraceSeconds = 1e11;
const tokenMean = positive.max(limits.tokensPerRequest);

/** A token-length distribution, clipped to [min, max] where it has bounds. */
export const Length = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("fixed"), tokens }),
  z.strictObject({ kind: z.literal("uniform"), min: tokens, max: tokens }),
  /** `sigma` is the standard deviation in tokens. */
  z.strictObject({
    kind: z.literal("normal"),
    mean: tokenMean,
    sigma: nonNegative.max(limits.tokensPerRequest),
    min: tokens.default(1),
    max: tokens.optional(),
  }),
  /** `mean` is the arithmetic mean before clipping (μ = ln mean − σ²/2); `sigma` is σ of ln(tokens). */
  z.strictObject({
    kind: z.literal("lognormal"),
    mean: tokenMean,
    /** At most 10: e^(10·z) already spans every token count a request may have. */
    sigma: nonNegative.max(10),
    min: tokens.default(1),
    max: tokens.optional(),
  }),
]);
export type Length = z.infer<typeof Length>;

/** A trace's arrival time: epoch seconds are fine, as long as the trace spans at most `limits.seconds`. */
export const traceSeconds = nonNegative.max(maxTraceSeconds);

/** Arrivals per second: from one a year (a run spans at most `limits.seconds`) to a billion. */
const ratePerSecond = positive.min(1e-8).max(1e9);

export const Arrival = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("poisson"), ratePerSecond }),
  /**
   * Gamma inter-arrival times: `cv` is their coefficient of variation (1 = Poisson, > 1 bursty),
   * from 0.01 (nearly regular) to 100 (the gamma shape 1/cv² stays within what sampling can draw).
   */
  z.strictObject({ kind: z.literal("gamma"), ratePerSecond, cv: positive.min(0.01).max(100) }),
  /** `concurrency` users each send their next request the moment the last one ends (plus think time). */
  z.strictObject({
    kind: z.literal("closed"),
    concurrency: positiveInt.max(limits.requests),
    thinkSeconds: seconds.default(0),
  }),
  /** Every request at t = 0: the "maximum load" benchmarks. */
  z.strictObject({ kind: z.literal("burst") }),
  /** A CSV or JSONL file (path relative to the scenario file), or its rows given as data. */
  z.strictObject({
    kind: z.literal("trace"),
    path: z.string().min(1).optional(),
    rows: z
      .array(z.strictObject({ arrivalSeconds: traceSeconds, inputTokens: tokens, outputTokens: tokens }))
      .max(limits.requests)
      .optional(),
  }),
]);
export type Arrival = z.infer<typeof Arrival>;

/** Multi-turn sessions: each turn's prompt is the previous context plus new tokens. */
export const Sessions = z.strictObject({
  turns: Length,
  thinkSeconds: seconds.default(0),
  /** New prompt tokens per later turn (the first turn's prompt comes from `input`). */
  newTokens: Length,
});
export type Sessions = z.infer<typeof Sessions>;

export const Workload = z.strictObject({
  arrival: Arrival,
  input: Length.optional(),
  output: Length.optional(),
  requests: positiveInt.max(limits.requests).optional(),
  durationSeconds: positive.max(limits.seconds).optional(),
  seed: z.number().int().nonnegative().max(limits.seed).default(1),
  sessions: Sessions.optional(),
});
export type Workload = z.infer<typeof Workload>;
