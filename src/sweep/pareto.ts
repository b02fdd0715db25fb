/**
 * Pareto frontiers of sweep results: per design, the points no other point of that design beats on
 * both metrics (both maximised, e.g. output tokens/s per chip against tokens/s per user).
 */
import { InputError } from "../errors.js";

export interface SweepLine {
  index: number;
  inputs: Record<string, unknown>;
  design?: string;
  metrics?: Record<string, unknown>;
  error?: string;
}

export interface FrontierPoint {
  index: number;
  inputs: Record<string, unknown>;
  x: number;
  y: number;
}

export interface Frontier {
  design: string;
  x: string;
  y: string;
  /** Points evaluated for this design, and those that failed or lack a metric. */
  points: number;
  frontier: FrontierPoint[];
}

const numberAt = (metrics: Record<string, unknown> | undefined, name: string): number | undefined => {
  const value = metrics?.[name];
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (value && typeof value === "object" && typeof (value as { mean?: unknown }).mean === "number")
    return (value as { mean: number }).mean;
  return undefined;
};

/** Frontier per design, sorted by x. Metrics that are distributions use their mean. */
export function paretoFrontiers(lines: SweepLine[], x: string, y: string): Frontier[] {
  const byDesign = new Map<string, { points: number; candidates: FrontierPoint[] }>();
  let sawX = false;
  let sawY = false;
  for (const line of lines) {
    if (!line.design) continue;
    const entry = byDesign.get(line.design) ?? { points: 0, candidates: [] };
    byDesign.set(line.design, entry);
    entry.points++;
    const xv = numberAt(line.metrics, x);
    const yv = numberAt(line.metrics, y);
    sawX ||= xv !== undefined;
    sawY ||= yv !== undefined;
    if (xv !== undefined && yv !== undefined)
      entry.candidates.push({ index: line.index, inputs: line.inputs, x: xv, y: yv });
  }
  const names = [...new Set(lines.flatMap((l) => Object.keys(l.metrics ?? {})))].sort();
  if (names.length > 0 && !sawX) throw new InputError("x", `no result has a numeric metric "${x}"`, names);
  if (names.length > 0 && !sawY) throw new InputError("y", `no result has a numeric metric "${y}"`, names);
  return [...byDesign.entries()].map(([design, { points, candidates }]) => {
    // sweep by x descending keeping the best y seen: a point is on the frontier when its y beats every point with larger x
    const sorted = [...candidates].sort((a, b) => b.x - a.x || b.y - a.y);
    const frontier: FrontierPoint[] = [];
    let bestY = -Infinity;
    for (const p of sorted) {
      if (p.y > bestY) {
        frontier.push(p);
        bestY = p.y;
      }
    }
    return { design, x, y, points, frontier: frontier.reverse() };
  });
}
