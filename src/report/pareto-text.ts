/** Pareto frontiers in words: the labels of groups, conditions and choices, and the terminal table. */
import { designField } from "../sweep/inputs.js";
import { sweepMetrics } from "../sweep/metrics.js";
import type { Frontier, FrontierPoint, ParetoAxis } from "../sweep/pareto.js";
import { newTable } from "./table.js";

const lastSegment = (path: string) => path.slice(path.lastIndexOf(".") + 1);
const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** A group's name: its value when grouped by one input, `name=value, …` by several, "all" by none. */
export function groupLabel(frontier: Frontier): string {
  const entries = Object.entries(frontier.group);
  if (entries.length === 0) return "all";
  if (entries.length === 1) return text(entries[0][1]);
  return entries.map(([path, value]) => `${lastSegment(path)}=${text(value)}`).join(", ");
}

/** The conditions a frontier holds under, `path = value, …` ("" when the sweep varies none). */
export const conditionsLabel = (frontier: Frontier): string =>
  Object.entries(frontier.conditions)
    .map(([path, value]) => `${path} = ${text(value)}`)
    .join(", ");

/** The choices a point made, `path=value` for each of the frontier's choices. */
export const choicesLabel = (frontier: Frontier, point: FrontierPoint, separator = ", "): string =>
  frontier.choices
    .map((path) => `${path}=${text(path === designField ? point.design : point.inputs[path])}`)
    .join(separator);

/** A column head: the metric, its unit and which way is better. */
const axisHead = (axis: ParetoAxis): string => `${axis.metric} (${sweepMetrics[axis.metric].unit}, ${axis.better})`;

/** The frontiers as a terminal table, one row per frontier point. */
export function paretoTable(frontiers: Frontier[]): string {
  const withConditions = frontiers.some((f) => Object.keys(f.conditions).length > 0);
  const x = frontiers[0]?.x;
  const y = frontiers[0]?.y;
  const head = [
    ...(withConditions ? ["conditions"] : []),
    "group",
    x ? axisHead(x) : "x",
    y ? axisHead(y) : "y",
    "point",
    "choices",
  ];
  const table = newTable(head);
  for (const f of frontiers) {
    for (const p of f.frontier)
      table.push([
        ...(withConditions ? [conditionsLabel(f).replaceAll(", ", "\n")] : []),
        groupLabel(f),
        p.x.toPrecision(4),
        p.y.toPrecision(4),
        p.index,
        choicesLabel(f, p, "\n"),
      ]);
  }
  return table.toString();
}
