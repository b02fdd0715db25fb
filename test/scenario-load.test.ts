// Scenario files: JSON and YAML loading, traces relative to the file, and the error messages a
// broken scenario gets (a dotted field, what is wrong, what is allowed — never a raw zod dump).
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadScenario, parseScenario } from "../src/scenario/load.js";
import { generateWorkload } from "../src/workload/generate.js";
import { InputError } from "../src/errors.js";
import { baseScenario } from "./support/scenarios.js";

const scenarios = join(import.meta.dirname, "fixtures", "scenarios");
const fixture = (name: string) => join(scenarios, name);

const base = baseScenario(100);

/** `base` with its workload (or another section) changed. */
function variant(changes: { workload?: Record<string, unknown> } & Record<string, unknown>): unknown {
  return { ...base, ...changes, workload: { ...base.workload, ...changes.workload } };
}

async function inputError(attempt: Promise<unknown>): Promise<InputError> {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("loadScenario", () => {
  it("reads YAML, fills defaults and reports the file's directory", async () => {
    const { scenario, baseDir, traceRows } = await loadScenario(fixture("poisson.yaml"));
    expect(baseDir).toBe(scenarios);
    expect(traceRows).toBeUndefined();
    expect(scenario.workload.seed).toBe(7);
    expect(scenario.slo.percentile).toBe(90);
    expect(scenario.designs[0].kind === "aggregated" && scenario.designs[0].scheduler.chunkTokens).toBe(2048);
    expect(generateWorkload(scenario.workload).count).toBe(200);
  });

  it("reads JSON: a closed loop of sessions with a duration", async () => {
    const { scenario } = await loadScenario(fixture("closed.json"));
    const table = generateWorkload(scenario.workload);
    expect(table.openEnded).toBe(true);
    expect(table.count).toBe(16 * 64);
  });

  it("reads a trace relative to the scenario file", async () => {
    const { scenario, traceRows } = await loadScenario(fixture("trace.yaml"));
    expect(traceRows?.map((row) => row.inputTokens)).toEqual([374, 879, 396, 91, 1187]);
    expect(generateWorkload(scenario.workload, { traceRows }).count).toBe(5);
  });

  it.each([
    [
      "unknown-arrival.yaml",
      "workload.arrival.kind",
      'workload.arrival.kind: unknown arrival kind "uniform" (allowed: poisson, gamma, closed, burst, trace)',
    ],
    [
      "slo-without-units.yaml",
      "slo.ttftSeconds",
      /slo.ttftSeconds: is required \(a number, in seconds\); found unknown field "ttft" — did you mean "ttftSeconds"\?/,
    ],
    [
      "trace-broken.yaml",
      "workload.arrival.path",
      'workload.arrival.path: traces/broken-row.csv line 7: inputTokens "abc" is not a positive integer',
    ],
    ["trace-missing.yaml", "workload.arrival.path", /no-such-trace.csv: no such file inside the scenario.s folder/],
    ["not-yaml.yaml", "scenario", /not-yaml.yaml is not valid YAML/],
    ["not-json.json", "scenario", /not-json.json is not valid JSON/],
    ["absent.json", "scenario", /cannot read .*absent.json \(no such file\)/],
    ["scenario.toml", "scenario", /unknown file type ".toml" \(allowed: .json, .yaml, .yml\)/],
  ])("%s is rejected naming %s", async (name, field, message) => {
    const error = await inputError(loadScenario(fixture(name)));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });
});

describe("parseScenario errors", () => {
  it.each([
    [
      "a negative rate",
      variant({ workload: { arrival: { kind: "poisson", ratePerSecond: -2 } } }),
      "workload.arrival.ratePerSecond",
      "must be greater than 0, not the number -2",
    ],
    [
      "an arrival without a kind",
      variant({ workload: { arrival: { ratePerSecond: 2 } } }),
      "workload.arrival.kind",
      "is required (allowed: poisson, gamma, closed, burst, trace)",
    ],
    [
      "an SLO as a bare number",
      variant({ slo: 2 }),
      "slo.ttftSeconds",
      "is required (a number, in seconds) — slo must be an object like { ttftSeconds: …, tpotSeconds: … }, not the number 2",
    ],
    [
      "an SLO in other words",
      variant({ slo: { latency: 2 } }),
      "slo.ttftSeconds",
      'is required (a number, in seconds); found unknown field "latency"',
    ],
    [
      "an unknown workload field",
      variant({ workload: { rate: 3 } }),
      "workload.rate",
      "unknown field (allowed: arrival, input, output, requests, durationSeconds, seed, sessions)",
    ],
    [
      "an unknown top-level field",
      variant({ sla: {} }),
      "sla",
      "unknown field (allowed: model, datatypes, workload, slo, designs, economics)",
    ],
    [
      "both requests and durationSeconds",
      variant({ workload: { durationSeconds: 60 } }),
      "workload.requests",
      "give requests or durationSeconds, not both",
    ],
    [
      "a fractional request count",
      variant({ workload: { requests: 1.5 } }),
      "workload.requests",
      "must be a whole number, not the number 1.5",
    ],
    [
      "an unknown length kind",
      variant({ workload: { input: { kind: "pareto" } } }),
      "workload.input.kind",
      'unknown input kind "pareto" (allowed: fixed, uniform, normal, lognormal)',
    ],
    [
      "a string for a number",
      variant({ workload: { input: { kind: "lognormal", mean: "1k", sigma: 1 } } }),
      "workload.input.mean",
      'must be a number, not "1k"',
    ],
    ["no designs", variant({ designs: [] }), "designs", "needs at least 1 entry"],
    [
      "an unknown design kind",
      variant({ designs: [{ name: "x", kind: "split" }] }),
      "designs.0.kind",
      'unknown design kind "split" (allowed: aggregated, disaggregated, unified-mesh)',
    ],
    [
      "an unknown scheduler priority",
      variant({ designs: [{ ...base.designs[0], scheduler: { priority: "fifo" } }] }),
      "designs.0.scheduler.priority",
      'unknown value "fifo" (allowed: decode-first, prefill-first)',
    ],
    ["a model of the wrong type", variant({ model: 5 }), "model", "must be a string or an object, not the number 5"],
    ["a missing workload", { ...base, workload: undefined }, "workload", "is required (an object with arrival)"],
    ["not an object at all", [1, 2], "scenario", "must be an object with model, workload, slo, designs, not a list"],
    [
      "a trace without path or rows",
      variant({ workload: { arrival: { kind: "trace" }, requests: undefined } }),
      "workload.arrival.path",
      "a trace needs a path",
    ],
  ])("%s", async (_, data, field, message) => {
    const error = await inputError(parseScenario(data));
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${field}: ${message}`);
  });

  it("takes a trace as inline rows (the browser's way)", async () => {
    const rows = [
      { arrivalSeconds: 0, inputTokens: 100, outputTokens: 10 },
      { arrivalSeconds: 0.5, inputTokens: 200, outputTokens: 20 },
    ];
    const { scenario, traceRows } = await parseScenario(
      variant({
        workload: { arrival: { kind: "trace", rows }, input: undefined, output: undefined, requests: undefined },
      }),
    );
    expect(traceRows).toBeUndefined();
    expect(Array.from(generateWorkload(scenario.workload).inputTokens)).toEqual([100, 200]);
  });
});
