/**
 * Pareto frontiers of sweep results: the points no other point beats on both metrics, each metric
 * maximised or minimised as asked (tokens/s per chip up, $/M tokens down). One frontier per group
 * (`groupBy`: the design, or any inputs) and per combination of the conditions the grouping leaves
 * out (see ./inputs.ts): the remaining inputs are the choices the frontier searches over.
 */
import { InputError } from "../errors.js";
import { designField, groupPaths, isCondition } from "./inputs.js";
import { isSweepMetric, sweepMetricNames, type SweepMetric } from "./metrics.js";

export interface SweepLine {
  index: number;
  inputs: Record<string, unknown>;
  design?: string;
  metrics?: Record<string, unknown>;
  error?: string;
}

export type Direction = "max" | "min";

/** A metric and which way is better. */
export interface ParetoAxis {
  metric: SweepMetric;
  better: Direction;
}

export interface ParetoOptions {
  /** Metric across, with an optional direction: `outputTokensPerSecondPerUser`, `usdPerMillionOutputTokens:min` (default max). */
  x: string;
  y: string;
  /** Fields with one frontier per value: `design`, input paths, or runs of their segments (`chip`). Default: design. [] for one frontier over everything. */
  groupBy?: string[];
}

/** A point where both metrics were measured. */
export interface PlotPoint {
  index: number;
  x: number;
  y: number;
}

export interface FrontierPoint extends PlotPoint {
  design: string;
  inputs: Record<string, unknown>;
}

export interface Frontier {
  /** The group's values, by input path (`design` for the design's name); empty when grouping by nothing. */
  group: Record<string, unknown>;
  /** The values of the conditions the frontier holds under, by input path (those not in the grouping). */
  conditions: Record<string, unknown>;
  /** What the frontier searches over: the other inputs that vary, and `design` where the sweep has several designs and does not group by them. */
  choices: string[];
  x: ParetoAxis;
  y: ParetoAxis;
  /** Lines of this group and conditions, those lacking a metric included (failed points have no design and are not counted). */
  points: number;
  /** The non-dominated points, by x ascending (of points with the same x and y, the first index). */
  frontier: FrontierPoint[];
  /** The other points with both metrics. */
  dominated: PlotPoint[];
}

/** Parses `metric` or `metric:max|min` (default max); `field` is the option it came from. */
export function parseAxis(text: string, field: string): ParetoAxis {
  const colon = text.lastIndexOf(":");
  const metric = colon < 0 ? text : text.slice(0, colon);
  const better = colon < 0 ? "max" : text.slice(colon + 1);
  if (better !== "max" && better !== "min")
    throw new InputError(field, `unknown direction ${JSON.stringify(better)} after the metric`, ["max", "min"]);
  if (!isSweepMetric(metric)) throw new InputError(field, `unknown metric ${JSON.stringify(metric)}`, sweepMetricNames);
  return { metric, better };
}

const numberAt = (metrics: Record<string, unknown> | undefined, name: string): number | undefined => {
  const value = metrics?.[name];
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const mean = (value as { mean?: unknown } | null | undefined)?.mean;
  return typeof mean === "number" && Number.isFinite(mean) ? mean : undefined;
};

interface Bucket {
  group: Record<string, unknown>;
  conditions: Record<string, unknown>;
  sortKey: unknown[];
  points: number;
  candidates: FrontierPoint[];
}

/** Frontiers by conditions, then group. Metrics that are distributions use their mean. */
export function paretoFrontiers(lines: SweepLine[], options: ParetoOptions): Frontier[] {
  const x = parseAxis(options.x, "x");
  const y = parseAxis(options.y, "y");
  const paths = [...new Set(lines.flatMap((line) => Object.keys(line.inputs ?? {})))];
  const grouped = [...new Set((options.groupBy ?? [designField]).flatMap((field) => groupPaths(field, paths)))];
  const conditionPaths = paths.filter((path) => isCondition(path) && !grouped.includes(path));
  const designs = new Set(lines.flatMap((line) => (line.design === undefined ? [] : [line.design])));
  const choices = [
    ...(designs.size > 1 && !grouped.includes(designField) ? [designField] : []),
    ...paths.filter(
      (path) =>
        !grouped.includes(path) &&
        !conditionPaths.includes(path) &&
        new Set(lines.map((line) => JSON.stringify(line.inputs?.[path]))).size > 1,
    ),
  ];

  const buckets = new Map<string, Bucket>();
  let sawX = false;
  let sawY = false;
  for (const line of lines) {
    if (line.design === undefined) continue;
    const inputAt = (path: string) => (path === designField ? line.design : (line.inputs?.[path] ?? null));
    const group = Object.fromEntries(grouped.map((path) => [path, inputAt(path)]));
    const conditions = Object.fromEntries(conditionPaths.map((path) => [path, inputAt(path)]));
    const sortKey = [...Object.values(conditions), ...Object.values(group)];
    const key = JSON.stringify(sortKey);
    const bucket = buckets.get(key) ?? { group, conditions, sortKey, points: 0, candidates: [] };
    buckets.set(key, bucket);
    bucket.points++;
    const xv = numberAt(line.metrics, x.metric);
    const yv = numberAt(line.metrics, y.metric);
    sawX ||= xv !== undefined;
    sawY ||= yv !== undefined;
    if (xv !== undefined && yv !== undefined)
      bucket.candidates.push({ index: line.index, design: line.design, inputs: line.inputs, x: xv, y: yv });
  }
  const present = [...new Set(lines.flatMap((l) => Object.keys(l.metrics ?? {})))].sort();
  if (present.length > 0 && !sawX)
    throw new InputError("x", `no result has a number for ${JSON.stringify(x.metric)}`, present);
  if (present.length > 0 && !sawY)
    throw new InputError("y", `no result has a number for ${JSON.stringify(y.metric)}`, present);
  return [...buckets.values()]
    .sort((a, b) => compareKeys(a.sortKey, b.sortKey))
    .map(({ group, conditions, points, candidates }) => ({
      group,
      conditions,
      choices,
      x,
      y,
      points,
      ...split(candidates, x.better, y.better),
    }));
}

/** The non-dominated candidates (by x ascending) and the rest. */
function split(candidates: FrontierPoint[], xBetter: Direction, yBetter: Direction) {
  const xs = xBetter === "max" ? 1 : -1;
  const ys = yBetter === "max" ? 1 : -1;
  // best x first (then best y, then first index): a point is on the frontier when its y beats every point before it
  const sorted = [...candidates].sort((a, b) => xs * (b.x - a.x) || ys * (b.y - a.y) || a.index - b.index);
  const frontier: FrontierPoint[] = [];
  const dominated: PlotPoint[] = [];
  let bestY = -Infinity;
  for (const p of sorted) {
    if (ys * p.y > bestY) {
      frontier.push(p);
      bestY = ys * p.y;
    } else dominated.push({ index: p.index, x: p.x, y: p.y });
  }
  frontier.sort((a, b) => a.x - b.x || a.y - b.y);
  dominated.sort((a, b) => a.index - b.index);
  return { frontier, dominated };
}

/** Orders key lists value by value: null first, then numbers ascending, then text. */
function compareKeys(a: unknown[], b: unknown[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const order = compareValues(a[k], b[k]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === null || v === undefined ? 0 : typeof v === "number" ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === "number" && typeof b === "number") return a - b;
  const [sa, sb] = [JSON.stringify(a) ?? "", JSON.stringify(b) ?? ""];
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
