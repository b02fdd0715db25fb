/**
 * The points of a sweep: which values each axis takes at point `index`, for grid, random and
 * Latin-hypercube sampling. Every point is computed from the spec and its index alone, so the
 * same spec always gives the same points in the same order, and shards of a sweep (run on
 * different machines) agree on what point `index` is.
 */
import { InputError } from "../errors.js";
import { createUniform, type Uniform } from "../workload/random.js";
import { maxLatinHypercubePoints, maxPoints, type Axis, type Range, type SweepSpec } from "./schema.js";

export type AxisValue = number | string | boolean;

export interface SweepSpace {
  /** Number of points; indices run from 0 to count − 1. */
  count: number;
  /** The axes' paths, in the order of the spec. */
  paths: string[];
  /** The value of every axis (in `paths` order) at point `index`. */
  values(index: number): AxisValue[];
}

/**
 * The points of `spec`:
 *
 * - grid: the cartesian product of the axes' values (a range gives `steps` evenly spaced points,
 *   linear or logarithmic, rounded and de-duplicated when `integer`). Point `index` is read as a
 *   mixed-radix number whose digits pick each axis's value, the last axis fastest: with axes
 *   [a, b] of sizes 2 and 3 the points are a0b0, a0b1, a0b2, a1b0, a1b1, a1b2.
 * - random: `points` points; point i draws one uniform number per axis (in axis order) from its
 *   own stream `createUniform(seed, i)`, so it does not depend on the other points or their
 *   count. A values axis takes a uniformly random element; a range takes a uniform value in
 *   [from, to] (log-uniform on a log scale; an integer range draws over [from − ½, to + ½] and
 *   rounds, so every whole number, the ends included, is equally likely on a linear scale).
 * - latin-hypercube: [0, 1) is cut into `points` equal strata per axis. Axis a shuffles the strata
 *   (Fisher–Yates driven by `createUniform(seed, a)`), then draws one jitter per point from the
 *   same stream; point i takes u = (stratum perm_a[i] + jitter_a[i]) / points, so each stratum of
 *   each axis is used by exactly one point. u maps to a value as a random draw does: element
 *   floor(u · length) of a values axis, or the point at fraction u of a range.
 */
export function sweepSpace(spec: SweepSpec): SweepSpace {
  const paths = spec.axes.map((axis) => axis.path);
  const { sampling } = spec;
  if (sampling.kind === "grid") {
    const levels = spec.axes.map((axis, n) => gridLevels(axis, `axes.${n}`));
    let count = 1;
    for (const level of levels) {
      count *= level.length;
      if (count > maxPoints) {
        throw new InputError(
          "axes",
          `the grid has ${levels.map((l) => l.length).join(" × ")} points, more than the ${maxPoints} a sweep may have; use random or latin-hypercube sampling`,
        );
      }
    }
    return {
      count,
      paths,
      values(index) {
        checkIndex(index, count);
        const values = new Array<AxisValue>(levels.length);
        let rest = index;
        for (let a = levels.length - 1; a >= 0; a--) {
          const size = levels[a].length;
          values[a] = levels[a][rest % size];
          rest = Math.floor(rest / size);
        }
        return values;
      },
    };
  }
  const count = sampling.points;
  if (count > maxPoints) throw new InputError("sampling.points", `must be at most ${maxPoints}, not ${count}`);
  if (sampling.kind === "random") {
    return {
      count,
      paths,
      values(index) {
        checkIndex(index, count);
        const uniform = createUniform(sampling.seed, index);
        return spec.axes.map((axis) => valueAt(axis, uniform()));
      },
    };
  }
  if (count > maxLatinHypercubePoints) {
    throw new InputError(
      "sampling.points",
      `must be at most ${maxLatinHypercubePoints} for latin-hypercube sampling, not ${count}`,
    );
  }
  const strata = spec.axes.map((_, a) => latinStrata(count, createUniform(sampling.seed, a)));
  return {
    count,
    paths,
    values(index) {
      checkIndex(index, count);
      return spec.axes.map((axis, a) => valueAt(axis, (strata[a].perm[index] + strata[a].jitter[index]) / count));
    },
  };
}

/** A Fisher–Yates shuffle of the strata 0 … n − 1, then one jitter in (0, 1) per point, from `uniform`. */
function latinStrata(n: number, uniform: Uniform): { perm: Int32Array; jitter: Float64Array } {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(uniform() * (i + 1)));
    const swap = perm[i];
    perm[i] = perm[j];
    perm[j] = swap;
  }
  const jitter = new Float64Array(n);
  for (let i = 0; i < n; i++) jitter[i] = uniform();
  return { perm, jitter };
}

function checkIndex(index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new RangeError(`point index ${index} is outside 0 … ${count - 1}`);
}

/** The value at fraction u ∈ (0, 1) of an axis: an element of a values axis, a point of a range. */
function valueAt(axis: Axis, u: number): AxisValue {
  if ("values" in axis) return axis.values[Math.min(axis.values.length - 1, Math.floor(u * axis.values.length))];
  const range = axis.range;
  const [from, to] = rangeEndpoints(range);
  if (!range.integer) return interpolate(from, to, u, range.scale);
  const low = Math.min(from, to);
  const high = Math.max(from, to);
  const value = Math.round(interpolate(low - 0.5, high + 0.5, u, range.scale));
  return Math.min(high, Math.max(low, value));
}

function interpolate(from: number, to: number, u: number, scale: Range["scale"]): number {
  if (scale === "log") return Math.exp(Math.log(from) + u * (Math.log(to) - Math.log(from)));
  return from + u * (to - from);
}

/** A range's ends as they are used: rounded when the range is `integer`. */
export function rangeEndpoints(range: Range): [number, number] {
  return range.integer ? [Math.round(range.from), Math.round(range.to)] : [range.from, range.to];
}

/**
 * The values an axis takes on a grid: the listed values, or `steps` points from `from` to `to`
 * (both included) spaced evenly on the range's scale, kept to 12 significant digits (so a log
 * range from 1 to 1000 gives 1, 10, 100, 1000), rounded and de-duplicated when `integer`.
 */
export function gridLevels(axis: Axis, field = "axis"): AxisValue[] {
  if ("values" in axis) return axis.values;
  const range = axis.range;
  if (range.steps === undefined) throw new InputError(`${field}.range.steps`, "is required for grid sampling");
  const [from, to] = rangeEndpoints(range);
  // a set keeps the de-duplication linear: a million steps take a moment, not hours
  const levels = new Set<number>();
  for (let k = 0; k < range.steps; k++) {
    const u = range.steps === 1 ? 0 : k / (range.steps - 1);
    const exact = k === 0 ? from : k === range.steps - 1 ? to : interpolate(from, to, u, range.scale);
    levels.add(range.integer ? Math.round(exact) : Number(exact.toPrecision(12)));
  }
  return [...levels];
}

/** A copy of `base` with each of `paths` set to the matching value; `base` is not changed. */
export function applyPoint(base: unknown, paths: string[], values: AxisValue[]): unknown {
  if (paths.length !== values.length) throw new RangeError(`${paths.length} paths but ${values.length} values`);
  const point = structuredClone(base);
  for (const [k, path] of paths.entries()) setPath(point, path, values[k]);
  return point;
}

function setPath(root: unknown, path: string, value: AxisValue): void {
  const segments = path.split(".");
  let node = root;
  for (let k = 0; k < segments.length; k++) {
    if (typeof node !== "object" || node === null) {
      const where = k === 0 ? "the scenario" : segments.slice(0, k).join(".");
      throw new InputError("axes", `cannot set "${path}": ${where} is not an object or a list`);
    }
    const key: string | number = Array.isArray(node) ? Number(segments[k]) : segments[k];
    if (k === segments.length - 1) (node as Record<string | number, unknown>)[key] = value;
    else node = (node as Record<string | number, unknown>)[key];
  }
}

/** The `inputs` field of a result line: each axis path with its value at the point. */
export function pointInputs(paths: string[], values: AxisValue[]): Record<string, AxisValue> {
  return Object.fromEntries(paths.map((path, k) => [path, values[k]]));
}

/** Whether point `index` belongs to `shard` (points are dealt round-robin: index mod of). */
export function shardOf(index: number, shard: { index: number; of: number }): boolean {
  return index % shard.of === shard.index;
}

/** Parses a shard "i/n" (shard i of n, 0 ≤ i < n). */
export function parseShard(text: string): { index: number; of: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new InputError("shard", `must be i/n (shard i of n, counting from 0), like 0/4, not "${text}"`);
  const index = Number(match[1]);
  const of = Number(match[2]);
  if (!Number.isSafeInteger(of) || of < 1)
    throw new InputError("shard", `"${text}": the number of shards must be at least 1`);
  if (index >= of)
    throw new InputError(
      "shard",
      `"${text}": the shard index must be below ${of} (shards count from 0: 0/${of} … ${of - 1}/${of})`,
    );
  return { index, of };
}
