// Bad input gets a clear error naming the field (and the allowed values), from the API and the CLI.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { infercast } from "./support/cli.js";
import { capacity, estimateStep, type StepInput } from "../src/api/step.js";
import { InputError } from "../src/errors.js";

const base: StepInput = {
  model: "llama-3.1-70b",
  chip: "nvidia-h100-sxm",
  tp: 8,
  phase: "decode",
  batch: 1,
  context: 1024,
};

const cases: [string, Partial<StepInput>, RegExp, string[]][] = [
  [
    "unknown chip",
    { chip: "nvidia-h1000" },
    /^chip: unknown chip "nvidia-h1000" \(allowed: .*nvidia-h100-sxm/,
    ["--chip", "nvidia-h1000"],
  ],
  [
    "unknown model",
    { model: "llama-9" },
    /^model: unknown model "llama-9" \(allowed: .*llama-3.1-70b/,
    ["--model", "llama-9"],
  ],
  ["zero tp", { tp: 0 }, /^tp: must be a positive integer, got 0/, ["--tp", "0"]],
  ["negative batch", { batch: -4 }, /^batch: must be a positive integer, got -4/, ["--batch", "-4"]],
  [
    "non-numeric count",
    { count: "many" as unknown as number },
    /^count: must be a positive integer, got "many"/,
    ["--count", "many"],
  ],
  [
    "count not a multiple",
    { count: 12 },
    /^count: 12 chips is not a multiple of tp × pp × ep = 8 × 1 × 1 = 8/,
    ["--count", "12"],
  ],
  [
    "tp not dividing heads",
    { tp: 7 },
    /^tp: 7 does not divide the 64 query heads of llama-3.1-70b \(allowed: 1, 2, 4, 8, 16, 32, 64\)/,
    ["--tp", "7"],
  ],
  [
    "layout that does not fit",
    { tp: 1 },
    /^layout: llama-3.1-70b does not fit on nvidia-h100-sxm .* short by [\d.]+ GB/,
    ["--tp", "1"],
  ],
  [
    "unknown datatype",
    { datatypes: { weights: "fp3" } },
    /^datatypes.weights: unknown datatype "fp3" \(allowed: .*bf16.*fp8/,
    ["--weights", "fp3"],
  ],
  ["ep on a dense model", { ep: 2, count: 16 }, /^ep: llama-3.1-70b has no experts/, ["--ep", "2", "--count", "16"]],
  [
    "context over the window",
    { context: 200_000 },
    /^context: 200000 tokens exceeds the 131072-token context window/,
    ["--context", "200000"],
  ],
];

const cliArgs = ["step", "--model", "llama-3.1-70b", "--chip", "nvidia-h100-sxm", "--tp", "8", "--phase", "decode"];
const override = (args: string[]) => {
  const out = [...cliArgs];
  for (let i = 0; i < args.length; i += 2) {
    const at = out.indexOf(args[i]);
    if (at >= 0) out[at + 1] = args[i + 1];
    else out.push(args[i], args[i + 1]);
  }
  return out;
};

describe("bad input", () => {
  it.each(cases)("API: %s", (_, change, message) => {
    const error = (() => {
      try {
        estimateStep({ ...base, ...change });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it.each(cases)("CLI: %s", async (_, _change, message, args) => {
    const result = await infercast(...override(args));
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.stderr.replace(/^infercast: /, "")).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it("CLI: an unknown phase lists the allowed ones", async () => {
    const result = await infercast(...override(["--phase", "generate"]));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/phase: unknown phase "generate" \(allowed: prefill, decode\)/);
  });

  it("CLI: a malformed config.json names the file", async () => {
    const result = await infercast(...override(["--model", "test/fixtures/hf-configs/malformed-missing-hidden.json"]));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/model\.hidden_size: is required/);
  });

  it("capacity names what does not fit and by how much", () => {
    expect(() => capacity({ model: "llama-3.1-405b", chip: "nvidia-h100-sxm", tp: 4 })).toThrow(
      /needs [\d.]+ GB of bf16 weights .* short by [\d.]+ GB/,
    );
  });
});

describe("bad scenarios from the CLI", () => {
  const scenario = (name: string) => join("test", "fixtures", "scenarios", name);
  it.each([
    [
      "an unknown arrival kind",
      "unknown-arrival.yaml",
      /workload\.arrival\.kind: .*"uniform".*\(allowed: poisson, gamma, closed, burst, trace\)/,
    ],
    ["a negative rate", "negative-rate.json", /workload\.arrival\.ratePerSecond: /],
    ["an SLO without units", "slo-without-units.yaml", /slo\.ttftSeconds: is required .*seconds/],
    ["a trace with a broken row", "trace-broken.yaml", /broken-row\.csv line \d+/],
    [
      "a design whose layout does not fit",
      "does-not-fit.json",
      /designs\.0\.pool\.layout: llama-3\.1-405b does not fit on nvidia-h100-sxm .* short by/,
    ],
  ])("%s", async (_, file, message) => {
    const result = await infercast("simulate", scenario(file));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe("");
  });

  it("a scenario runs from the CLI as JSON with the documented names", async () => {
    const result = await infercast("simulate", scenario("poisson.yaml"), "--format", "json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    const metrics = json.results[0].metrics;
    for (const name of [
      "ttftSeconds",
      "tpotSeconds",
      "e2eSeconds",
      "outputTokensPerSecond",
      "outputTokensPerSecondPerUser",
      "requestsPerSecond",
      "goodputRequestsPerSecond",
      "sloAttainment",
      "chips",
      "arrived",
      "finished",
      "rejected",
      "preemptions",
      "overloaded",
    ]) {
      expect(metrics, name).toHaveProperty(name);
    }
    expect(Object.keys(metrics.ttftSeconds)).toEqual(["mean", "p50", "p90", "p99"]);
  });
});
