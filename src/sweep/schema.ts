/**
 * The sweep file: a base scenario and the axes that vary its fields. Defined with zod like the
 * scenario schema; src/sweep/load.ts adds the checks the schema alone cannot state.
 */
import { z } from "zod";
import { limits, positiveInt, tokenCount } from "../number-schemas.js";

/** The most values one axis may list, and the most steps of a range on a grid. */
export const maxAxisLevels = 1_000_000;
/** The most axes of a sweep. */
export const maxAxes = 64;
/** The most points a sweep may have (a grid's product of levels, or random points). */
export const maxPoints = 1e9;
/** The most points of a Latin hypercube (it keeps a permutation of the points per axis). */
export const maxLatinHypercubePoints = 1e7;

/** A value an axis sets: a number, a string or true/false. */
export const AxisScalar = z.union([z.number().finite(), z.string(), z.boolean()]);

/** An axis over listed values, in the order given. */
export const ValuesAxis = z.strictObject({
  /** Dotted path into the base scenario; list indices are numbers (`designs.0.pool.count`). */
  path: z.string().min(1),
  values: z.array(AxisScalar).min(1).max(maxAxisLevels),
});
export type ValuesAxis = z.infer<typeof ValuesAxis>;

/** A numeric range: `steps` evenly spaced points from `from` to `to` (both included) on a grid. */
export const Range = z.strictObject({
  from: z.number().finite(),
  to: z.number().finite(),
  /** Points on a grid (1: just `from`). Required for grid sampling; random and Latin-hypercube sampling draw from the interval instead. */
  steps: positiveInt.max(maxAxisLevels).optional(),
  /** log: evenly spaced in log(value) (needs from, to > 0); random draws are log-uniform. */
  scale: z.enum(["linear", "log"]).default("linear"),
  /** Whole numbers only: points are rounded and duplicates dropped. */
  integer: z.boolean().default(false),
});
export type Range = z.infer<typeof Range>;

export const RangeAxis = z.strictObject({
  path: z.string().min(1),
  range: Range,
});
export type RangeAxis = z.infer<typeof RangeAxis>;

export const Axis = z.union([ValuesAxis, RangeAxis]);
export type Axis = z.infer<typeof Axis>;

export const Sampling = z.discriminatedUnion("kind", [
  /** Every combination of the axes' values (see `sweepSpace` for the order). */
  z.strictObject({ kind: z.literal("grid") }),
  /** `points` independent uniform draws. */
  z.strictObject({
    kind: z.literal("random"),
    points: positiveInt.max(maxPoints),
    seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1),
  }),
  /** `points` draws that use each of `points` strata of every axis exactly once. */
  z.strictObject({
    kind: z.literal("latin-hypercube"),
    points: positiveInt.max(maxLatinHypercubePoints),
    seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1),
  }),
]);
export type Sampling = z.infer<typeof Sampling>;

export const SweepAnalytic = z.strictObject({
  /** Concurrent sequences the analytic estimate assumes. */
  batch: positiveInt.max(limits.sequences).default(64),
  /** Context length the analytic estimate assumes (default: from the workload). */
  contextTokens: tokenCount.optional(),
});
export type SweepAnalytic = z.infer<typeof SweepAnalytic>;

export const SweepSpec = z.strictObject({
  /** A scenario (validated separately against `Scenario`); kept as written, defaults unfilled, so axes set fields of what the user wrote. */
  base: z.record(z.string(), z.unknown()),
  mode: z.enum(["analytic", "simulate"]).default("analytic"),
  axes: z.array(Axis).min(1).max(maxAxes),
  sampling: Sampling.default({ kind: "grid" }),
  analytic: SweepAnalytic.optional(),
});
export type SweepSpec = z.infer<typeof SweepSpec>;
export type SweepSpecInput = z.input<typeof SweepSpec>;

/** JSON Schema of a sweep file, for editors. */
export const sweepJsonSchema = (): object => ({
  ...z.toJSONSchema(SweepSpec, { io: "input" }),
  description: `An infercast sweep. Limits: points ≤ ${maxPoints} (Latin hypercube ≤ ${maxLatinHypercubePoints}); values or steps per axis ≤ ${maxAxisLevels}; axes ≤ ${maxAxes}; the base scenario's as in \`infercast schema\`.`,
});
