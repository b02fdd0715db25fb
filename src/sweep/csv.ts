/** Sweep results as CSV: one row per point and design, inputs and metrics flattened into columns. */
import { csvCell } from "../encoding.js";
import type { SweepLine } from "./pareto.js";

/** Flattens nested metrics (`ttftSeconds.p90`, `utilisation.0.busyShare` …) into dotted columns. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, value);
  }
}

export function sweepCsv(lines: SweepLine[]): string {
  const rows = lines.map((line) => {
    const cells = new Map<string, unknown>([
      ["index", line.index],
      ["design", line.design ?? ""],
      ["error", line.error ?? ""],
    ]);
    for (const [path, value] of Object.entries(line.inputs)) cells.set(`input:${path}`, value);
    flatten(line.metrics ?? {}, "", cells);
    return cells;
  });
  const columns = [...new Set(rows.flatMap((r) => [...r.keys()]))];
  return `${[columns.map(csvCell).join(","), ...rows.map((r) => columns.map((c) => csvCell(r.get(c))).join(","))].join("\n")}\n`;
}
