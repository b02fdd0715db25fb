/**
 * Loading a scenario: a JSON or YAML file (Node) or an object (anywhere), validated against the
 * schema. The first problem found becomes an {@link InputError} naming the field by its dotted
 * path and saying what is wrong in words, never a raw zod error.
 */
import { z } from "zod";
import { InputError } from "../errors.js";
import { readDataFile } from "./data-file.js";
import { checkWorkload } from "../workload/generate.js";
import { parseTrace, type TraceRow } from "../workload/trace.js";
import { maxTraceFileBytes, readScenarioFile } from "../file-access.js";
import { Scenario } from "./schema.js";

export interface LoadedScenario {
  scenario: Scenario;
  /**
   * Directory that paths in the scenario (trace, model config) are relative to, and must stay
   * inside; undefined for a scenario given as data without one, which reads no file.
   */
  baseDir?: string;
  /** The rows of a trace read from `workload.arrival.path`; inline rows stay in the scenario. */
  traceRows?: TraceRow[];
}

/** Reads and validates a scenario file (`.json`, `.yaml` or `.yml`; Node only), and its trace. */
export async function loadScenario(path: string): Promise<LoadedScenario> {
  const { data, baseDir } = await readDataFile(path, "scenario");
  return parseScenario(data, baseDir);
}

/**
 * Validates a scenario given as data (the API, a browser). A trace `path` is read relative to
 * `baseDir` and only inside it, which needs Node; without a `baseDir` no file is read, so pass the
 * trace as `workload.arrival.rows`.
 */
export async function parseScenario(data: unknown, baseDir?: string): Promise<LoadedScenario> {
  // jitless: a scenario is parsed once, and compiling zod's fast parser for it costs more than it saves
  const parsed = Scenario.safeParse(data, { jitless: true });
  if (!parsed.success) throw formatZodIssue(parsed.error.issues[0], { input: data, issues: parsed.error.issues });
  const scenario = parsed.data;
  checkWorkload(scenario.workload);
  const { arrival } = scenario.workload;
  if (arrival.kind === "trace" && arrival.path !== undefined) {
    return { scenario, baseDir, traceRows: await readTrace(arrival.path, baseDir) };
  }
  return { scenario, baseDir };
}

async function readTrace(path: string, baseDir: string | undefined): Promise<TraceRow[]> {
  return parseTrace(await readScenarioFile(baseDir, path, maxTraceFileBytes, "workload.arrival.path"), path);
}

type Issue = z.core.$ZodIssue;

export interface IssueContext {
  /** The data that was validated: lets the message quote the value found. */
  input?: unknown;
  /** The schema it was validated against (default {@link Scenario}): gives allowed field names. */
  schema?: z.ZodType;
  /** All issues of the same validation, for hints (an unknown field next to a missing one). */
  issues?: readonly Issue[];
}

/** Turns one zod issue into an {@link InputError} whose field is the issue's dotted path. */
export function formatZodIssue(issue: Issue, context: IssueContext = {}): InputError {
  const { input, schema = Scenario, issues = [issue] } = context;
  const path = issue.path;
  const field = fieldOf(path);
  const value = valueAt(input, path);
  switch (issue.code) {
    case "invalid_type": {
      const section = issue.expected === "object" ? schemaAt(schema, path, input) : undefined;
      const required = requiredKeys(section);
      // A bare value where a section belongs (`slo: 2`): name the field it lacks first.
      if (value !== undefined && path.length > 0 && required.length > 0) {
        const example = `{ ${required.map((key) => `${key}: …`).join(", ")} }`;
        const what = expectation(typeOf(objectShape(section)![required[0]]), required[0]);
        return new InputError(
          fieldOf([...path, required[0]]),
          `is required (${what}) — ${field} must be an object like ${example}${found(value)}`,
        );
      }
      const what = section ? objectExpectation(section) : expectation(issue.expected, path.at(-1));
      if (value === undefined) return new InputError(field, `is required (${what})${unknownKeyHint(path, issues)}`);
      return new InputError(field, `must be ${what}${found(value)}`);
    }
    case "invalid_union": {
      if (issue.discriminator !== undefined && "options" in issue && issue.options) {
        const allowed = issue.options.map(String);
        if (value === undefined) return new InputError(field, "is required", allowed);
        return new InputError(field, `unknown ${ownerNoun(path)} ${issue.discriminator} ${describe(value)}`, allowed);
      }
      const expected = issue.errors.flatMap((branch) =>
        branch.filter((inner) => inner.code === "invalid_type" && inner.path.length === 0),
      );
      if (expected.length === 0) return new InputError(field, issue.message);
      const kinds = [...new Set(expected.map((inner) => typeName((inner as z.core.$ZodIssueInvalidType).expected)))];
      return new InputError(field, `must be ${kinds.join(" or ")}${found(value)}`);
    }
    case "unrecognized_keys": {
      const known = Object.keys(objectShape(schemaAt(schema, path, input)) ?? {});
      const others = issue.keys.length > 1 ? ` (also unknown: ${issue.keys.slice(1).join(", ")})` : "";
      return new InputError(fieldOf([...path, issue.keys[0]]), `unknown field${others}`, known);
    }
    case "too_small":
      return new InputError(field, `${bound(issue.origin, issue.minimum, issue.inclusive, "small")}${found(value)}`);
    case "too_big":
      return new InputError(field, `${bound(issue.origin, issue.maximum, issue.inclusive, "big")}${found(value)}`);
    case "invalid_value":
      return new InputError(
        field,
        value === undefined ? "unknown value" : `unknown value ${describe(value)}`,
        issue.values.map(String),
      );
    default:
      return new InputError(field, issue.message);
  }
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "scenario" : path.map(String).join(".");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The schema of the value at `path`, following the data through discriminated unions. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): z.ZodType | undefined {
  let current = unwrap(schema, input);
  let value = input;
  for (const key of path) {
    value = valueAt(value, [key]);
    const shape = objectShape(current);
    const next: z.ZodType | undefined = shape
      ? shape[String(key)]
      : current instanceof z.ZodArray
        ? (current.element as z.ZodType)
        : undefined;
    if (!next) return undefined;
    current = unwrap(next, value);
  }
  return current;
}

/** Strips optional/default/nullable wrappers and picks the union branch `value` selects. */
function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodDiscriminatedUnion) {
      const tag = valueAt(value, [current._zod.def.discriminator]);
      const branch = unionBranches(current).find(([kind]) => kind === tag);
      // No branch matches: the union itself, so a message can list the kinds.
      if (!branch) return current;
      current = branch[1];
    } else {
      return current;
    }
  }
}

/** A discriminated union's branches by discriminator value. */
function unionBranches(union: z.ZodDiscriminatedUnion): [unknown, z.ZodType][] {
  const discriminator = union._zod.def.discriminator;
  return (union.options as readonly z.ZodType[]).flatMap((option) => {
    const literal = objectShape(option)?.[discriminator];
    return literal instanceof z.ZodLiteral
      ? [...literal.values].map((kind): [unknown, z.ZodType] => [kind, option])
      : [];
  });
}

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : undefined;
}

function requiredKeys(schema: z.ZodType | undefined): string[] {
  const shape = objectShape(schema) ?? {};
  return Object.keys(shape).filter((key) => !shape[key].safeParse(undefined).success);
}

/** The JSON type a field schema wants, in zod's `expected` words. */
function typeOf(schema: z.ZodType): string {
  const inner = unwrap(schema, undefined);
  if (inner instanceof z.ZodNumber) return inner.isInt ? "int" : "number";
  if (inner instanceof z.ZodString) return "string";
  if (inner instanceof z.ZodArray) return "array";
  if (inner instanceof z.ZodObject || inner instanceof z.ZodDiscriminatedUnion) return "object";
  return "value";
}

function objectExpectation(schema: z.ZodType | undefined): string {
  if (schema instanceof z.ZodDiscriminatedUnion) {
    return `an object with ${schema._zod.def.discriminator} ${unionBranches(schema)
      .map(([kind]) => String(kind))
      .join(" | ")}`;
  }
  const required = requiredKeys(schema);
  return required.length > 0 ? `an object with ${required.join(", ")}` : "an object";
}

/** What a field holds, with its unit where its name carries one (`ttftSeconds`, `ratePerSecond`). */
function expectation(expected: string, key: PropertyKey | undefined): string {
  const name = typeName(expected);
  const unit =
    typeof key !== "string"
      ? ""
      : /Seconds$/.test(key)
        ? ", in seconds"
        : /PerSecond$/.test(key)
          ? ", per second"
          : /tokens$/i.test(key)
            ? ", in tokens"
            : "";
  return `${name}${unit}`;
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    number: "a number",
    int: "a whole number",
    string: "a string",
    boolean: "true or false",
    array: "a list",
    object: "an object",
    record: "an object",
    value: "a value",
  };
  return names[expected] ?? expected;
}

/** A note on an unknown field beside a missing one: usually the same field misspelt or without its unit. */
function unknownKeyHint(path: readonly PropertyKey[], issues: readonly Issue[]): string {
  const missing = String(path.at(-1)).toLowerCase();
  const parent = fieldOf(path.slice(0, -1));
  const unknown = issues.flatMap((other) =>
    other.code === "unrecognized_keys" && fieldOf(other.path) === parent ? other.keys : [],
  );
  if (unknown.length === 0) return "";
  const guess = unknown.find((key) => missing.startsWith(key.toLowerCase()) || key.toLowerCase().startsWith(missing));
  const list = unknown.map((key) => `"${key}"`).join(", ");
  return guess
    ? `; found unknown field "${guess}" — did you mean "${String(path.at(-1))}"?`
    : `; found unknown field ${list}`;
}

/** The thing a discriminator picks the kind of: `arrival` for `workload.arrival.kind`, `design` for `designs.0.kind`. */
function ownerNoun(path: readonly PropertyKey[]): string {
  const owner = path.at(-2);
  if (typeof owner === "string") return owner;
  return String(path.at(-3) ?? "").replace(/s$/, "");
}

function bound(origin: string, limit: number | bigint, inclusive: boolean | undefined, side: "small" | "big"): string {
  if (origin === "array")
    return side === "small"
      ? `needs at least ${limit} ${limit === 1 ? "entry" : "entries"}`
      : `takes at most ${limit} entries`;
  if (origin === "string" && side === "small")
    return limit === 1 ? "must not be empty" : `needs at least ${limit} characters`;
  if (origin === "string") return `takes at most ${limit} characters`;
  if (side === "small") return inclusive ? `must be at least ${limit}` : `must be greater than ${limit}`;
  return inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
}

/** ", not <value>" — empty when the caller did not pass the input. */
function found(value: unknown): string {
  return value === undefined ? "" : `, not ${describe(value)}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
    case "number":
      return `the number ${value}`;
    case "object":
      return "an object";
    default:
      return String(value);
  }
}
