/**
 * The roles a sweep's inputs play in a frontier. A **condition** describes the work and how it is
 * judged (the model, the requests' lengths, the SLO, the site's prices): a frontier never trades
 * one condition for another, so each combination of conditions gets frontiers of its own. A
 * **choice** is how the work is served (chips, layout, datatypes, batch caps, and the load each
 * deployment is driven at): the frontier searches over the choices. A **group** is a field named
 * by `--group-by`: one frontier per value, whatever its role.
 */
import { InputError } from "../errors.js";

/** Inputs under these paths are conditions… */
const conditionRoots = ["model", "workload", "slo", "economics"];
/** …except the load offered: how hard a deployment is driven is an operating point it chooses (InferenceX's concurrency). */
const loadPaths = ["workload.arrival.ratePerSecond", "workload.arrival.concurrency"];

/** Whether the input at `path` is a condition of the work rather than a choice of how to serve it. */
export function isCondition(path: string): boolean {
  return conditionRoots.includes(path.split(".")[0]) && !loadPaths.includes(path);
}

/** The design's name: not an input of the point but of the line, and groupable like one. */
export const designField = "design";

/**
 * The inputs a `--group-by` field names: `design`, an input's full path, or a run of its dotted
 * segments (`chip` names `designs.0.pool.chip`; `datatypes` names every `….datatypes.*` input).
 */
export function groupPaths(field: string, paths: readonly string[]): string[] {
  if (field === designField) return [designField];
  if (paths.includes(field)) return [field];
  const wanted = field.split(".");
  const matches = paths.filter((path) => {
    const segments = path.split(".");
    for (let at = 0; at + wanted.length <= segments.length; at++)
      if (wanted.every((segment, k) => segments[at + k] === segment)) return true;
    return false;
  });
  if (matches.length === 0)
    throw new InputError("group-by", `the sweep has no input "${field}"`, [designField, ...paths]);
  return matches;
}
