/**
 * Loading a sweep: a file (Node) or an object (anywhere), validated against the sweep schema, plus
 * the checks the schema alone cannot state (each axis path names a field of the base, each axis
 * value gives a valid scenario on its own); every problem becomes an {@link InputError} naming the
 * field.
 */
import type { z } from "zod";
import { readDataFile } from "../scenario/data-file.js";
import { InputError } from "../errors.js";
import { formatZodIssue } from "../scenario/load.js";
import { Scenario } from "../scenario/schema.js";
import { checkWorkload } from "../workload/generate.js";
import { RangeAxis, SweepSpec, ValuesAxis, type Range } from "./schema.js";
import { applyPoint, rangeEndpoints, sweepSpace, type AxisValue } from "./space.js";

export interface LoadedSweep {
  spec: SweepSpec;
  /** Directory that paths in the base scenario (trace, model config) are relative to. */
  baseDir: string;
}

/** Reads and validates a sweep file (`.json`, `.yaml` or `.yml`; Node only). */
export async function loadSweep(path: string): Promise<LoadedSweep> {
  const { data, baseDir } = await readDataFile(path, "sweep");
  return parseSweep(data, baseDir);
}

/**
 * Validates a sweep given as data. Checks, in order: the sweep's own fields; the base scenario
 * (errors under `base.…`); each axis path against the base (`axes.N.path`); ranges
 * (`axes.N.range.…`); each axis value applied alone to the base (`axes.N.values.M`, or a range's
 * endpoints `axes.N.range.from|to`); the number of points.
 */
export function parseSweep(data: unknown, baseDir = "."): LoadedSweep {
  const parsed = SweepSpec.safeParse(data);
  if (!parsed.success) throw sweepIssue(parsed.error.issues, data);
  const spec = parsed.data;

  checkBase(spec.base);
  const seen = new Map<string, number>();
  spec.axes.forEach((axis, n) => {
    checkPath(spec.base, axis.path, `axes.${n}.path`);
    const earlier = seen.get(axis.path);
    if (earlier !== undefined)
      throw new InputError(`axes.${n}.path`, `"${axis.path}" is already varied by axes.${earlier}`);
    seen.set(axis.path, n);
    if ("values" in axis) {
      for (const [m, value] of axis.values.entries()) checkValue(spec.base, axis.path, value, `axes.${n}.values.${m}`);
    } else {
      checkRange(axis.range, `axes.${n}.range`, spec.sampling.kind === "grid");
      const [from, to] = rangeEndpoints(axis.range);
      checkValue(spec.base, axis.path, from, `axes.${n}.range.from`);
      checkValue(spec.base, axis.path, to, `axes.${n}.range.to`);
    }
  });
  sweepSpace(spec); // throws on too many points
  return { spec, baseDir };
}

/** The first schema issue as an InputError; an axis matching neither form is re-checked against the form its keys suggest. */
function sweepIssue(issues: readonly z.core.$ZodIssue[], data: unknown): InputError {
  const issue = issues[0];
  const [section, n] = issue.path;
  if (issue.code === "invalid_union" && section === "axes" && typeof n === "number" && issue.path.length === 2) {
    const axis = (data as { axes: unknown[] }).axes[n];
    const field = `axes.${n}`;
    if (typeof axis !== "object" || axis === null || Array.isArray(axis)) {
      return new InputError(
        field,
        "must be an object like { path: …, values: [...] } or { path: …, range: { from, to, steps } }",
      );
    }
    if (!("values" in axis) && !("range" in axis)) {
      return new InputError(`${field}.values`, "is required: an axis lists values or gives a range", [
        "values",
        "range",
      ]);
    }
    if ("values" in axis && "range" in axis)
      return new InputError(`${field}.range`, "give values or a range, not both");
    const form = "range" in axis ? RangeAxis : ValuesAxis;
    const checked = form.safeParse(axis);
    if (!checked.success)
      return prefixed(
        formatZodIssue(checked.error.issues[0], { input: axis, schema: form, issues: checked.error.issues }),
        field,
      );
  }
  return formatZodIssue(issue, { input: data, schema: SweepSpec, issues });
}

/** `error` for a field under `prefix`; an error about the whole value (field "scenario") becomes `prefix` itself. */
function prefixed(error: InputError, prefix: string): InputError {
  return error.field === "scenario" ? new InputError(prefix, error.problem, error.allowed) : error.within(prefix);
}

function checkBase(base: Record<string, unknown>): void {
  const parsed = Scenario.safeParse(base);
  if (!parsed.success)
    throw prefixed(formatZodIssue(parsed.error.issues[0], { input: base, issues: parsed.error.issues }), "base");
  try {
    checkWorkload(parsed.data.workload);
  } catch (error) {
    throw error instanceof InputError ? prefixed(error, "base") : error;
  }
}

const forbiddenSegments = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A path must lead through existing objects and lists of the base; only its last segment may be
 * missing (an optional field the base leaves out, like `designs.0.pool.ep`), and whether that
 * field exists in the schema is for the value check to say.
 */
function checkPath(base: unknown, path: string, field: string): void {
  const segments = path.split(".");
  let node = base;
  for (let k = 0; k < segments.length; k++) {
    const segment = segments[k];
    const where = k === 0 ? "the base scenario" : segments.slice(0, k).join(".");
    const last = k === segments.length - 1;
    if (segment === "")
      throw new InputError(field, `"${path}" has an empty segment (paths are like designs.0.pool.count)`);
    if (forbiddenSegments.has(segment)) throw new InputError(field, `"${path}": "${segment}" cannot be a path segment`);
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(segment)) {
        throw new InputError(
          field,
          `"${path}": ${where} is a list, so segment "${segment}" must be an index (0 to ${node.length - 1})`,
        );
      }
      const index = Number(segment);
      if (index >= node.length) {
        throw new InputError(
          field,
          `"${path}": segment "${segment}" is past the end of ${where} (${node.length} ${node.length === 1 ? "entry" : "entries"})`,
        );
      }
      node = node[index];
    } else if (typeof node === "object" && node !== null) {
      if (!Object.hasOwn(node, segment)) {
        if (last) return;
        throw new InputError(
          field,
          `"${path}": segment "${segment}" does not exist in ${where}; only the last segment of a path may be a field the base leaves out`,
        );
      }
      node = (node as Record<string, unknown>)[segment];
    } else {
      throw new InputError(field, `"${path}": ${where} is ${describe(node)}, not an object, so it has no "${segment}"`);
    }
  }
}

function checkRange(range: Range, field: string, grid: boolean): void {
  if (grid && range.steps === undefined)
    throw new InputError(`${field}.steps`, "is required for grid sampling (points from `from` to `to`, both included)");
  if (range.scale === "log") {
    const [from, to] = rangeEndpoints(range);
    for (const [key, value, raw] of [
      ["from", from, range.from],
      ["to", to, range.to],
    ] as const) {
      if (!(value > 0)) {
        const rounded = raw !== value ? ` (${raw} rounds to ${value})` : "";
        throw new InputError(`${field}.${key}`, `must be greater than 0 on a log scale, not ${raw}${rounded}`);
      }
    }
  }
}

/** Applies `value` alone to the base and validates the result as a scenario. */
function checkValue(base: unknown, path: string, value: AxisValue, field: string): void {
  const point = applyPoint(base, [path], [value]);
  const parsed = Scenario.safeParse(point);
  let problem: InputError | undefined;
  if (!parsed.success) {
    problem = formatZodIssue(parsed.error.issues[0], { input: point, issues: parsed.error.issues });
  } else {
    try {
      checkWorkload(parsed.data.workload);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problem = error;
    }
  }
  if (problem) {
    const subject = problem.field === "scenario" ? "the scenario" : problem.field;
    throw new InputError(
      field,
      `${describe(value)} gives an invalid scenario: ${subject} ${problem.problem}`,
      problem.allowed,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `"${value}"`;
  if (typeof value === "object") return "an object";
  return String(value);
}
