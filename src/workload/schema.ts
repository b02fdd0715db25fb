/**
 * The workload of a scenario: how requests arrive and how long their prompts and outputs are.
 * Defined with zod as part of the scenario schema (src/scenario/schema.ts), and kept here so the
 * generator reads its own input types from its own layer.
 */
import { z } from "zod";
import { nonNegative, positive, positiveInt } from "../number-schemas.js";

const tokens = positiveInt;

/** A token-length distribution, clipped to [min, max] where it has bounds. */
export const Length = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("fixed"), tokens }),
  z.strictObject({ kind: z.literal("uniform"), min: tokens, max: tokens }),
  /** `sigma` is the standard deviation in tokens. */
  z.strictObject({
    kind: z.literal("normal"),
    mean: positive,
    sigma: nonNegative,
    min: tokens.default(1),
    max: tokens.optional(),
  }),
  /** `mean` is the arithmetic mean before clipping (μ = ln mean − σ²/2); `sigma` is σ of ln(tokens). */
  z.strictObject({
    kind: z.literal("lognormal"),
    mean: positive,
    sigma: nonNegative,
    min: tokens.default(1),
    max: tokens.optional(),
  }),
]);
export type Length = z.infer<typeof Length>;

export const Arrival = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("poisson"), ratePerSecond: positive }),
  /** Gamma inter-arrival times: `cv` is their coefficient of variation (1 = Poisson, > 1 bursty). */
  z.strictObject({ kind: z.literal("gamma"), ratePerSecond: positive, cv: positive }),
  /** `concurrency` users each send their next request the moment the last one ends (plus think time). */
  z.strictObject({ kind: z.literal("closed"), concurrency: positiveInt, thinkSeconds: nonNegative.default(0) }),
  /** Every request at t = 0: the "maximum load" benchmarks. */
  z.strictObject({ kind: z.literal("burst") }),
  /** A CSV or JSONL file (path relative to the scenario file), or its rows given as data. */
  z.strictObject({
    kind: z.literal("trace"),
    path: z.string().min(1).optional(),
    rows: z
      .array(z.strictObject({ arrivalSeconds: nonNegative, inputTokens: tokens, outputTokens: tokens }))
      .optional(),
  }),
]);
export type Arrival = z.infer<typeof Arrival>;

/** Multi-turn sessions: each turn's prompt is the previous context plus new tokens. */
export const Sessions = z.strictObject({
  turns: Length,
  thinkSeconds: nonNegative.default(0),
  /** New prompt tokens per later turn (the first turn's prompt comes from `input`). */
  newTokens: Length,
});
export type Sessions = z.infer<typeof Sessions>;

export const Workload = z.strictObject({
  arrival: Arrival,
  input: Length.optional(),
  output: Length.optional(),
  requests: positiveInt.optional(),
  durationSeconds: positive.optional(),
  seed: z.number().int().nonnegative().default(1),
  sessions: Sessions.optional(),
});
export type Workload = z.infer<typeof Workload>;
