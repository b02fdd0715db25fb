// Fuzz towards the bounds (issue 18): 10,000 seeded mutations that set numbers of small valid
// scenarios to the edges (0, −1, 2^31, 2^53, 1e308, 1e-308, NaN, Infinity, as numbers and as
// strings) or to the stated limits and one past them. Each must give one line naming a field, or a
// result whose every number is finite and within the stated bounds. Runs are bounded by a cap on
// simulated steps, not by a clock.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate } from "../src/api/simulate.js";
import { InputError } from "../src/errors.js";
import { limits } from "../src/number-schemas.js";

const aggregated = {
  model: "llama-3.1-8b",
  datatypes: { weights: "fp8", kv: "fp8" },
  workload: {
    arrival: { kind: "gamma", ratePerSecond: 20, cv: 2 },
    input: { kind: "lognormal", mean: 300, sigma: 0.5, min: 8, max: 2000 },
    output: { kind: "normal", mean: 30, sigma: 10, min: 1, max: 100 },
    requests: 4,
    seed: 3,
    sessions: {
      turns: { kind: "uniform", min: 1, max: 3 },
      thinkSeconds: 1,
      newTokens: { kind: "fixed", tokens: 50 },
    },
  },
  slo: { ttftSeconds: 1, tpotSeconds: 0.05, percentile: 90 },
  designs: [
    {
      name: "agg",
      kind: "aggregated",
      pool: { chip: "nvidia-h100-sxm", count: 2, tp: 1, pp: 1, ep: 1 },
      scheduler: { maxSequences: 64, chunkTokens: 512, blockTokens: 16 },
    },
  ],
  economics: { pue: 1.2, usdPerKilowattHour: 0.1, amortisationYears: 4 },
};

const disaggregated = {
  model: "mixtral-8x7b",
  workload: {
    arrival: {
      kind: "trace",
      rows: [
        { arrivalSeconds: 0, inputTokens: 100, outputTokens: 10 },
        { arrivalSeconds: 0.5, inputTokens: 700, outputTokens: 4 },
        { arrivalSeconds: 2, inputTokens: 40, outputTokens: 30 },
      ],
    },
    durationSeconds: 100,
  },
  slo: { ttftSeconds: 2, tpotSeconds: 0.1 },
  designs: [
    {
      name: "disagg",
      kind: "disaggregated",
      prefill: { chip: "nvidia-h100-sxm", count: 2, tp: 2 },
      decode: { chip: "nvidia-h100-sxm", count: 2, tp: 2, speculative: { draftTokens: 3, acceptanceRate: 0.7 } },
      link: { bandwidthBytesPerSecond: 50e9, latencySeconds: 1e-5, count: 2 },
      scheduler: { maxSequences: 32 },
    },
  ],
};

const closed = {
  model: "llama-3.1-8b",
  workload: {
    arrival: { kind: "closed", concurrency: 3, thinkSeconds: 0.5 },
    input: { kind: "uniform", min: 10, max: 400 },
    output: { kind: "fixed", tokens: 12 },
    durationSeconds: 5,
  },
  slo: { ttftSeconds: 1, tpotSeconds: 0.05 },
  designs: [{ name: "c", kind: "aggregated", pool: { chip: "nvidia-b200", count: 1 } }],
};

const bases: Record<string, unknown>[] = [aggregated, disaggregated, closed];

type Path = (string | number)[];

/** Every numeric leaf of a value, by path. */
function numericPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === "number") return [path];
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => numericPaths(v, [...path, Array.isArray(value) ? Number(k) : k]));
  return [];
}

/** The edges of every number: zero, signs, integer widths, double extremes, non-numbers. */
const edges: unknown[] = [
  0,
  -1,
  2 ** 31,
  2 ** 31 - 1,
  2 ** 53,
  2 ** 53 - 1,
  1e308,
  -1e308,
  1e-308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "NaN",
  "Infinity",
  "1e308",
  "0x10",
  0.5,
  1,
];

/**
 * The stated limits and one past each. A value at a limit is a valid run of the largest size
 * (millions of requests take seconds to generate), so these are drawn a tenth as often; the
 * request limit is drawn one past only (test/hostile.test.ts and docs/security.md cover a run at it).
 */
const limitEdges: unknown[] = Object.values(limits).flatMap((limit) =>
  limit === limits.requests ? [limit + 1] : [limit, limit + 1],
);

const edge = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...edges) },
  { weight: 1, arbitrary: fc.constantFrom(...limitEdges) },
);

function set(target: Record<string, unknown>, path: Path, value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

/** Every number of a result, with its path, that is not finite. */
function nonFinite(value: unknown, path = ""): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [path];
  if (ArrayBuffer.isView(value)) return [];
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => nonFinite(v, path ? `${path}.${k}` : k));
  return [];
}

const mutation = fc.nat(bases.length - 1).chain((b) =>
  fc.record({
    base: fc.constant(b),
    edits: fc.array(fc.tuple(fc.constantFrom(...numericPaths(bases[b])), edge), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
);

const maxSimulatedSteps = 5_000;
const numRuns = Number(process.env.FUZZ_RUNS ?? 10_000);

describe("fuzz towards the bounds", () => {
  it("gives one clear line or finite metrics within the bounds, over 10,000 mutations", async () => {
    let ran = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async ({ base, edits }) => {
        const scenario = structuredClone(bases[base]);
        for (const [path, value] of edits) set(scenario, path, value);
        let result: Awaited<ReturnType<typeof simulate>>;
        try {
          result = await simulate(scenario as never, { maxSimulatedSteps });
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(error.message).toMatch(/^[\w.]+: \S/);
          expect(error.message).not.toMatch(/\n|\bundefined\b|\[object Object\]/);
          refused++;
          return;
        }
        ran++;
        expect(nonFinite(result)).toEqual([]);
        expect(result.requests).toBeLessThanOrEqual(limits.requests);
        for (const r of result.results) {
          expect(r.metrics.steps).toBeLessThanOrEqual(maxSimulatedSteps);
          expect(r.metrics.makespanSeconds).toBeLessThanOrEqual(3 * limits.seconds);
          for (const [name, reason] of Object.entries(r.metrics.nullReasons)) {
            expect(reason.length, name).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns, seed: 1818 },
    );
    expect(ran).toBeGreaterThan(numRuns / 20);
    expect(refused).toBeGreaterThan(numRuns / 2);
  }, 600_000);
});
