// Fuzz: thousands of random and malformed scenarios (seeded, so a failure replays). Each must give
// a clear validation error naming a field, or finite metrics that satisfy the invariants — never a
// crash, a hang, NaN or Infinity — and throughput no higher than the step kernel allows.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate } from "../src/api/simulate.js";
import { configure } from "../src/engine/configure.js";
import { loadBlock } from "../src/engine/kernel.js";
import { addDecode, emptyBatch } from "../src/engine/batch.js";
import { InputError } from "../src/errors.js";
import { checkInvariants } from "./support/invariants.js";

const length = fc.oneof(
  fc.record({ kind: fc.constant("fixed"), tokens: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({
    kind: fc.constant("uniform"),
    min: fc.integer({ min: 1, max: 500 }),
    max: fc.integer({ min: 500, max: 4000 }),
  }),
  fc.record({
    kind: fc.constant("normal"),
    mean: fc.integer({ min: 10, max: 2000 }),
    sigma: fc.integer({ min: 0, max: 500 }),
    min: fc.constant(1),
    max: fc.constant(6000),
  }),
  fc.record({
    kind: fc.constant("lognormal"),
    mean: fc.integer({ min: 10, max: 2000 }),
    sigma: fc.double({ min: 0, max: 1.5, noNaN: true }),
    min: fc.constant(1),
    max: fc.constant(9000),
  }),
);

const arrival = fc.oneof(
  fc.record({ kind: fc.constant("poisson"), ratePerSecond: fc.double({ min: 0.1, max: 200, noNaN: true }) }),
  fc.record({
    kind: fc.constant("gamma"),
    ratePerSecond: fc.double({ min: 0.1, max: 200, noNaN: true }),
    cv: fc.double({ min: 0.2, max: 4, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("closed"),
    concurrency: fc.integer({ min: 1, max: 64 }),
    thinkSeconds: fc.double({ min: 0, max: 2, noNaN: true }),
  }),
  fc.constant({ kind: "burst" }),
);

const pool = fc.oneof(
  fc.record({
    chip: fc.constant("nvidia-h100-sxm"),
    count: fc.constantFrom(1, 2, 4, 8),
    tp: fc.constantFrom(1, 2, 4, 8),
  }),
  fc.record({ chip: fc.constant("amd-mi300x"), count: fc.constantFrom(1, 2), tp: fc.constant(1) }),
  fc.record({
    system: fc.constant("tenstorrent-galaxy-blackhole"),
    count: fc.constant(32),
    tp: fc.constantFrom(8, 32),
  }),
  fc.record({ chip: fc.constant("nvidia-b200"), count: fc.constantFrom(2, 4), tp: fc.constant(1), pp: fc.constant(2) }),
  fc.record({ chip: fc.constant("tenstorrent-blackhole-p150"), count: fc.constant(1), tp: fc.constant(1) }),
);

const scheduler = fc.record({
  maxSequences: fc.integer({ min: 1, max: 256 }),
  chunkTokens: fc.integer({ min: 64, max: 8192 }),
  priority: fc.constantFrom("decode-first", "prefill-first"),
  router: fc.constantFrom("round-robin", "least-outstanding-tokens", "least-kv", "prefix-affinity"),
  preemption: fc.constantFrom("recompute", "swap"),
  admission: fc.constantFrom("optimistic", "reserve"),
  blockTokens: fc.constantFrom(1, 16, 32, 128),
  prefixCache: fc.boolean(),
});

const validScenario = fc.record({
  model: fc.constantFrom("llama-3.1-8b", "mixtral-8x7b", "gpt-oss-120b", "llama-3.1-70b", "qwen2.5-72b"),
  datatypes: fc.record({ weights: fc.constantFrom("fp8", "bf16", "fp4"), kv: fc.constantFrom("fp8", "bf16") }),
  workload: fc.record(
    {
      arrival,
      input: length,
      output: length,
      requests: fc.integer({ min: 1, max: 60 }),
      seed: fc.nat(1000),
      sessions: fc.option(
        fc.record({
          turns: fc.record({ kind: fc.constant("uniform"), min: fc.constant(1), max: fc.integer({ min: 1, max: 5 }) }),
          thinkSeconds: fc.double({ min: 0, max: 3, noNaN: true }),
          newTokens: length,
        }),
        { nil: undefined },
      ),
    },
    { requiredKeys: ["arrival", "input", "output", "requests", "seed"] },
  ),
  slo: fc.record({
    ttftSeconds: fc.double({ min: 0.01, max: 10, noNaN: true }),
    tpotSeconds: fc.double({ min: 0.001, max: 1, noNaN: true }),
  }),
  designs: fc.tuple(pool, scheduler).map(([p, s]) => [{ name: "fuzz", kind: "aggregated", pool: p, scheduler: s }]),
});

// A malformed value planted at a random path of a valid scenario.
const badValue = fc.constantFrom<unknown>(
  -1,
  0,
  NaN,
  Infinity,
  "twelve",
  null,
  [],
  {},
  1e308,
  -0.5,
  true,
  "poisson-ish",
);
const paths = [
  ["workload", "requests"],
  ["workload", "arrival", "kind"],
  ["workload", "arrival", "ratePerSecond"],
  ["workload", "input", "kind"],
  ["workload", "output", "tokens"],
  ["workload", "seed"],
  ["slo", "ttftSeconds"],
  ["slo"],
  ["designs", 0, "pool", "count"],
  ["designs", 0, "pool", "tp"],
  ["designs", 0, "kind"],
  ["designs", 0, "scheduler", "maxSequences"],
  ["designs", 0, "pool", "chip"],
  ["model"],
  ["datatypes", "weights"],
  ["workload", "durationSeconds"],
  ["designs"],
  ["workload", "input", "min"],
];

function plant(target: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
  return copy;
}

const scenarioCase = fc.oneof(
  { weight: 3, arbitrary: validScenario.map((s) => ({ scenario: s as Record<string, unknown>, malformed: false })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(validScenario, fc.constantFrom(...paths), badValue)
      .map(([s, path, value]) => ({ scenario: plant(s as Record<string, unknown>, path, value), malformed: true })),
  },
);

/** Most output tokens per second the hardware could give: every replica stepping a full batch of the shortest sequences. */
function throughputBound(
  model: string,
  design: { pool: Record<string, unknown>; scheduler: { maxSequences: number; chunkTokens: number } },
  datatypes: Record<string, string>,
): number {
  const config = configure({
    model,
    ...(design.pool as object),
    datatypes,
    maxBatchTokens: design.scheduler.chunkTokens,
  } as Parameters<typeof configure>[0]);
  const block = loadBlock(config.params);
  let best = 0;
  for (let b = 1; b <= design.scheduler.maxSequences; b++)
    best = Math.max(best, b / block.latency(addDecode(emptyBatch(), b, 1, 0)));
  block.free();
  return best * config.replicas;
}

describe("fuzzed scenarios", () => {
  it("give a clear error or finite metrics that satisfy the invariants", async () => {
    let simulated = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(scenarioCase, async ({ scenario }) => {
        let result: Awaited<ReturnType<typeof simulate>>;
        try {
          result = await simulate(scenario as never);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          // the message names a field path and says what is wrong
          expect(error.message).toMatch(/^[\w.]+(\.\d+)?[\w.]*: \S/);
          expect(error.message).not.toMatch(/\bundefined\b|\[object Object\]/);
          rejected++;
          return;
        }
        simulated++;
        checkInvariants(result);
        const design = (
          scenario.designs as {
            pool: Record<string, unknown>;
            scheduler: { maxSequences: number; chunkTokens: number };
          }[]
        )[0];
        if ((design.pool.pp ?? 1) === 1) {
          const bound = throughputBound(scenario.model as string, design, scenario.datatypes as Record<string, string>);
          const m = result.results[0].metrics;
          // a run's makespan includes idle gaps, so it can only be below the bound
          expect(m.outputTokensPerSecond).toBeLessThanOrEqual(bound * (1 + 1e-9));
        }
      }),
      { numRuns: 1500, seed: 424242 },
    );
    expect(simulated).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(300);
  });
});
