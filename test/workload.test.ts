// Workload generation: the PRNG, length and arrival distributions, closed loops, sessions,
// traces, and the invariants the event loop relies on (predecessor < index, determinism).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createUniform } from "../src/workload/random.js";
import { lengthSampler } from "../src/workload/lengths.js";
import { generateWorkload } from "../src/workload/generate.js";
import { parseTrace } from "../src/workload/trace.js";
import { Workload, type Arrival, type Length } from "../src/workload/schema.js";
import type { RequestTable } from "../src/workload/table.js";
import { InputError } from "../src/errors.js";

const traceFile = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", "traces", name), "utf8");

/** A validated workload with defaults filled in, from its input form. */
const workload = (input: Record<string, unknown>): Workload => Workload.parse(input);

const fixed = (tokens: number) => ({ kind: "fixed", tokens });
const poisson = (ratePerSecond: number) => ({ kind: "poisson", ratePerSecond });

function meanAndCv(values: ArrayLike<number>): { mean: number; cv: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, cv: Math.sqrt(squares / values.length) / mean };
}

function gaps(arrivalSeconds: Float64Array): Float64Array {
  return arrivalSeconds.map((t, i) => t - (i === 0 ? 0 : arrivalSeconds[i - 1]));
}

function samples(length: Length, count: number, seed = 1): Float64Array {
  const sample = lengthSampler(length, createUniform(seed));
  return Float64Array.from({ length: count }, sample);
}

describe("createUniform", () => {
  it("matches an independent xoshiro128** + splitmix32 implementation", () => {
    // Reference values computed outside JavaScript (Python, unsigned 32-bit arithmetic).
    const first = createUniform(1);
    expect(Array.from({ length: 5 }, first)).toEqual([0.35625736985821277, 0.622755597694777, 0.3075730326818302, 0.7337507159681991, 0.138528423034586]);
    const wide = createUniform(2 ** 40 + 3, 2);
    expect(Array.from({ length: 3 }, wide)).toEqual([0.9188573894789442, 0.3897227089619264, 0.8383119165664539]);
  });

  it("stays inside (0, 1) and separates seeds and streams", () => {
    const values = Float64Array.from({ length: 100_000 }, createUniform(42));
    expect(Math.min(...values)).toBeGreaterThan(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const head = (seed: number, stream: number) => Array.from({ length: 4 }, createUniform(seed, stream));
    expect(head(1, 0)).not.toEqual(head(2, 0));
    expect(head(1, 0)).not.toEqual(head(1, 1));
  });
});

describe("lengths", () => {
  it("lognormal `mean` is the arithmetic mean", () => {
    const { mean } = meanAndCv(samples({ kind: "lognormal", mean: 1000, sigma: 0.8, min: 1, max: 1e9 }, 200_000));
    expect(Math.abs(mean / 1000 - 1)).toBeLessThan(0.03);
  });

  it("normal has the configured mean and standard deviation", () => {
    const { mean, cv } = meanAndCv(samples({ kind: "normal", mean: 500, sigma: 50, min: 1 }, 100_000));
    expect(mean).toBeCloseTo(500, 0);
    expect((mean * cv) / 50).toBeCloseTo(1, 1);
  });

  it("clips to [min, max] and rounds to whole tokens", () => {
    const values = samples({ kind: "lognormal", mean: 1000, sigma: 2, min: 100, max: 4000 }, 20_000);
    expect(Math.min(...values)).toBe(100);
    expect(Math.max(...values)).toBe(4000);
    expect(values.every(Number.isInteger)).toBe(true);
    const normals = samples({ kind: "normal", mean: 3, sigma: 10, min: 1 }, 10_000);
    expect(Math.min(...normals)).toBe(1);
  });

  it("uniform is inclusive at both ends", () => {
    const values = samples({ kind: "uniform", min: 5, max: 8 }, 10_000);
    expect(new Set(values)).toEqual(new Set([5, 6, 7, 8]));
  });
});

describe("arrivals", () => {
  it("poisson gaps average 1 / rate with cv 1", () => {
    const table = generateWorkload(workload({ arrival: poisson(5), input: fixed(10), output: fixed(10), requests: 200_000 }));
    const { mean, cv } = meanAndCv(gaps(table.arrivalSeconds));
    expect(mean / 0.2).toBeCloseTo(1, 1);
    expect(cv).toBeCloseTo(1, 1);
  });

  it.each([0.5, 1, 3])("gamma gaps have the configured cv (%d)", (cv) => {
    const table = generateWorkload(workload({ arrival: { kind: "gamma", ratePerSecond: 10, cv }, input: fixed(10), output: fixed(10), requests: 200_000 }));
    const measured = meanAndCv(gaps(table.arrivalSeconds));
    expect(measured.mean / 0.1).toBeCloseTo(1, 1);
    expect(Math.abs(measured.cv / cv - 1)).toBeLessThan(0.05);
  });

  it("a duration keeps every arrival up to it, the same ones a count gives", () => {
    const base = { arrival: poisson(10), input: fixed(10), output: fixed(10) };
    const timed = generateWorkload(workload({ ...base, durationSeconds: 100 }));
    expect(timed.count).toBeGreaterThan(850);
    expect(timed.count).toBeLessThan(1150);
    expect(timed.arrivalSeconds[timed.count - 1]).toBeLessThanOrEqual(100);
    const counted = generateWorkload(workload({ ...base, requests: timed.count + 1 }));
    expect(counted.arrivalSeconds.subarray(0, timed.count)).toEqual(timed.arrivalSeconds);
    expect(counted.arrivalSeconds[timed.count]).toBeGreaterThan(100);
  });

  it("burst puts every request at t = 0", () => {
    const table = generateWorkload(workload({ arrival: { kind: "burst" }, input: fixed(10), output: fixed(10), requests: 50 }));
    expect(table.arrivalSeconds.every((t) => t === 0)).toBe(true);
    expect(table.predecessor.every((p) => p === -1)).toBe(true);
  });

  it("lengths do not depend on the arrival process", () => {
    const lengths = { input: { kind: "lognormal", mean: 800, sigma: 1 }, output: { kind: "normal", mean: 200, sigma: 80 }, requests: 500, seed: 9 };
    const arrivals: Arrival[] = [
      { kind: "poisson", ratePerSecond: 3 },
      { kind: "gamma", ratePerSecond: 3, cv: 4 },
      { kind: "burst" },
      { kind: "closed", concurrency: 8, thinkSeconds: 0 },
    ];
    const tables = arrivals.map((arrival) => generateWorkload(workload({ ...lengths, arrival })));
    for (const table of tables.slice(1)) {
      expect(table.inputTokens).toEqual(tables[0].inputTokens);
      expect(table.outputTokens).toEqual(tables[0].outputTokens);
    }
  });
});

describe("closed loop", () => {
  it("chains each user's requests: i follows i - concurrency", () => {
    const table = generateWorkload(workload({ arrival: { kind: "closed", concurrency: 4, thinkSeconds: 2 }, input: fixed(10), output: fixed(10), requests: 20 }));
    expect(table.count).toBe(20);
    expect(table.openEnded).toBe(false);
    for (let i = 0; i < 20; i++) {
      if (i < 4) {
        expect([table.arrivalSeconds[i], table.predecessor[i], table.gapSeconds[i]]).toEqual([0, -1, 0]);
      } else {
        expect(table.arrivalSeconds[i]).toBeNaN();
        expect([table.predecessor[i], table.gapSeconds[i]]).toEqual([i - 4, 2]);
      }
    }
  });

  it("with a duration it is open-ended, concurrency × 64 requests unless capped, and a bigger cap extends the same table", () => {
    const closed = workload({
      arrival: { kind: "closed", concurrency: 5, thinkSeconds: 1 },
      input: { kind: "lognormal", mean: 500, sigma: 1 },
      output: { kind: "uniform", min: 1, max: 300 },
      durationSeconds: 60,
      sessions: { turns: { kind: "uniform", min: 1, max: 6 }, thinkSeconds: 3, newTokens: { kind: "normal", mean: 80, sigma: 30 } },
    });
    const first = generateWorkload(closed);
    expect(first.count).toBe(5 * 64);
    expect(first.openEnded).toBe(true);
    const more = generateWorkload(closed, { requestsCap: 1000 });
    expect(more.count).toBe(1000);
    for (const column of ["arrivalSeconds", "inputTokens", "outputTokens", "predecessor", "gapSeconds", "prefixTokens"] as const) {
      expect(more[column].subarray(0, first.count)).toEqual(first[column]);
    }
  });
});

describe("sessions", () => {
  const chat = workload({
    arrival: poisson(2),
    input: { kind: "uniform", min: 100, max: 200 },
    output: { kind: "uniform", min: 10, max: 50 },
    requests: 10,
    sessions: { turns: fixed(4), thinkSeconds: 7, newTokens: fixed(30) },
  });

  it("grows each turn's prompt by the previous context plus new tokens", () => {
    const table = generateWorkload(chat);
    expect(table.count).toBe(10);
    // 10 requests of 4-turn sessions: 4 + 4 + 2 (the last session is cut short).
    expect(Array.from(table.predecessor)).toEqual([-1, 0, 1, 2, -1, 4, 5, 6, -1, 8]);
    for (let i = 0; i < table.count; i++) {
      const p = table.predecessor[i];
      if (p < 0) {
        expect(table.prefixTokens[i]).toBe(0);
        continue;
      }
      const context = table.inputTokens[p] + table.outputTokens[p];
      expect(table.prefixTokens[i]).toBe(context);
      expect(table.inputTokens[i]).toBe(context + 30);
      expect(table.gapSeconds[i]).toBe(7);
      expect(table.arrivalSeconds[i]).toBeNaN();
    }
    expect(table.arrivalSeconds[0]).toBeLessThan(table.arrivalSeconds[4]);
    expect(table.arrivalSeconds[4]).toBeLessThan(table.arrivalSeconds[8]);
  });

  it("closed-loop users run sessions back to back", () => {
    const table = generateWorkload(workload({ ...chat, arrival: { kind: "closed", concurrency: 2, thinkSeconds: 1 }, requests: 16 }));
    // Sessions 0 and 1 start at 0; session 2 (user 0) follows session 0's last turn (index 3).
    expect(table.predecessor[8]).toBe(3);
    expect(table.gapSeconds[8]).toBe(1);
    expect(table.prefixTokens[8]).toBe(0);
    expect(table.predecessor[12]).toBe(7);
  });
});

const arrivalArbitrary: fc.Arbitrary<Arrival> = fc.oneof(
  fc.record({ kind: fc.constant("poisson" as const), ratePerSecond: fc.double({ min: 0.1, max: 100, noNaN: true }) }),
  fc.record({ kind: fc.constant("gamma" as const), ratePerSecond: fc.double({ min: 0.1, max: 100, noNaN: true }), cv: fc.double({ min: 0.1, max: 5, noNaN: true }) }),
  fc.record({ kind: fc.constant("closed" as const), concurrency: fc.integer({ min: 1, max: 20 }), thinkSeconds: fc.double({ min: 0, max: 10, noNaN: true }) }),
  fc.constant({ kind: "burst" as const }),
);
const lengthArbitrary: fc.Arbitrary<Length> = fc.oneof(
  fc.integer({ min: 1, max: 5000 }).map((tokens) => ({ kind: "fixed" as const, tokens })),
  fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 5000 })).map(([min, extra]) => ({ kind: "uniform" as const, min, max: min + extra })),
  fc.record({ kind: fc.constant("normal" as const), mean: fc.double({ min: 1, max: 4000, noNaN: true }), sigma: fc.double({ min: 0, max: 2000, noNaN: true }), min: fc.constant(1) }),
  fc.record({ kind: fc.constant("lognormal" as const), mean: fc.double({ min: 1, max: 4000, noNaN: true }), sigma: fc.double({ min: 0, max: 2.5, noNaN: true }), min: fc.constant(1) }),
);

/** The first broken table invariant, or undefined. */
function brokenInvariant(table: RequestTable): string | undefined {
  let lastStart = -Infinity;
  for (let i = 0; i < table.count; i++) {
    const p = table.predecessor[i];
    if (p < -1 || p >= i) return `request ${i}: predecessor ${p}`;
    if (table.inputTokens[i] < 1 || table.outputTokens[i] < 1) return `request ${i}: tokens ${table.inputTokens[i]}/${table.outputTokens[i]}`;
    if (table.prefixTokens[i] >= table.inputTokens[i]) return `request ${i}: prefix ${table.prefixTokens[i]} not below input ${table.inputTokens[i]}`;
    if (!(table.gapSeconds[i] >= 0)) return `request ${i}: gap ${table.gapSeconds[i]}`;
    if (p >= 0 && !Number.isNaN(table.arrivalSeconds[i])) return `request ${i}: a dependent with arrival ${table.arrivalSeconds[i]}`;
    if (p < 0) {
      if (!(table.arrivalSeconds[i] >= lastStart)) return `request ${i}: arrival ${table.arrivalSeconds[i]} before ${lastStart}`;
      lastStart = table.arrivalSeconds[i];
    }
  }
  return undefined;
}

describe("invariants", () => {
  it("every workload: exact count, predecessors earlier, starts ascending, same table for the same seed", () => {
    fc.assert(
      fc.property(
        arrivalArbitrary,
        lengthArbitrary,
        lengthArbitrary,
        fc.option(fc.record({ turns: fc.integer({ min: 1, max: 8 }), newTokens: fc.integer({ min: 1, max: 500 }), thinkSeconds: fc.double({ min: 0, max: 60, noNaN: true }) }), { nil: undefined }),
        fc.integer({ min: 1, max: 400 }),
        fc.nat(),
        (arrival, input, output, sessions, requests, seed) => {
          const w = workload({
            arrival,
            input,
            output,
            requests,
            seed,
            sessions: sessions && { turns: { kind: "uniform", min: 1, max: sessions.turns }, newTokens: fixed(sessions.newTokens), thinkSeconds: sessions.thinkSeconds },
          });
          const table = generateWorkload(w);
          expect(table.count).toBe(requests);
          expect(table.arrivalSeconds.length).toBe(requests);
          expect(brokenInvariant(table)).toBeUndefined();
          expect(generateWorkload(w)).toEqual(table);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a different seed gives a different table", () => {
    const w = { arrival: poisson(3), input: { kind: "lognormal", mean: 500, sigma: 1 }, output: fixed(5), requests: 100 };
    const a = generateWorkload(workload({ ...w, seed: 1 }));
    const b = generateWorkload(workload({ ...w, seed: 2 }));
    expect(a.inputTokens).not.toEqual(b.inputTokens);
    expect(a.arrivalSeconds).not.toEqual(b.arrivalSeconds);
  });
});

describe("workload rules", () => {
  it.each([
    [{ arrival: poisson(1), input: fixed(1), output: fixed(1), requests: 5, durationSeconds: 5 }, "workload.requests", /not both/],
    [{ arrival: poisson(1), input: fixed(1), output: fixed(1) }, "workload.requests", /exactly one/],
    [{ arrival: poisson(1), output: fixed(1), requests: 5 }, "workload.input", /required/],
    [{ arrival: { kind: "burst" }, input: fixed(1), output: fixed(1), durationSeconds: 5 }, "workload.requests", /burst/],
    [{ arrival: poisson(1), input: { kind: "uniform", min: 10, max: 5 }, output: fixed(1), requests: 5 }, "workload.input.max", /below min 10/],
    [{ arrival: poisson(0.001), input: fixed(1), output: fixed(1), durationSeconds: 0.001 }, "workload.durationSeconds", /no request arrives/],
    [{ arrival: { kind: "trace" } }, "workload.arrival.path", /path .* or rows/],
    [{ arrival: { kind: "trace", rows: [{ arrivalSeconds: 0, inputTokens: 1, outputTokens: 1 }] }, requests: 2 }, "workload.requests", /trace has 1/],
  ])("%j is rejected naming %s", (input, field, message) => {
    const attempt = () => generateWorkload(workload(input));
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as InputError).field).toBe(field);
    }
  });
});

describe("traces", () => {
  it("reads the Azure trace columns and timestamps, keeping sub-millisecond digits", () => {
    const rows = parseTrace(traceFile("azure-conv.csv"), "azure-conv.csv");
    expect(rows.map((row) => row.inputTokens)).toEqual([374, 879, 396, 91, 1187]);
    expect(rows.map((row) => row.outputTokens)).toEqual([44, 143, 109, 7, 290]);
    expect(rows[0].arrivalSeconds).toBe(0);
    // 46.6805900 → 46.6806000: ten microseconds, invisible to Date's milliseconds.
    expect(rows[1].arrivalSeconds).toBeCloseTo(0.00001, 9);
    expect(rows[2].arrivalSeconds).toBeCloseTo(4.314579, 9);
    expect(rows[4].arrivalSeconds).toBeCloseTo(15.3194101, 9);
  });

  it("reads JSON Lines, sorted by time and relative to the earliest row", () => {
    const rows = parseTrace(traceFile("requests.jsonl"), "requests.jsonl");
    expect(rows).toEqual([
      { arrivalSeconds: 0, inputTokens: 256, outputTokens: 64 },
      { arrivalSeconds: 1.25, inputTokens: 1024, outputTokens: 32 },
      { arrivalSeconds: 2.5, inputTokens: 512, outputTokens: 128 },
    ]);
  });

  it.each([
    ["broken-row.csv", 'broken-row.csv line 7: inputTokens "abc" is not a positive integer'],
    ["broken.jsonl", 'broken.jsonl line 2: input "0" is not a positive integer'],
    ["missing-column.csv", /missing-column.csv line 1: no input token count column in the header \(allowed: inputTokens, input_tokens, input, ContextTokens, context_tokens\)/],
  ])("%s is rejected naming the line", (name, message) => {
    expect(() => parseTrace(traceFile(name), name)).toThrow(message);
  });

  it("reads ISO 8601 times with zones", () => {
    const rows = parseTrace("arrival,input,output\n2024-05-10T00:00:01.5+01:00,5,5\n2024-05-09T23:00:00.25Z,6,6\n", "t.csv");
    expect(rows.map((row) => row.arrivalSeconds)).toEqual([0, 1.25]);
  });

  it("rejects unparsable times and missing cells", () => {
    expect(() => parseTrace("timestamp,input,output\n2023-13-01 00:00:00,5,5\n", "t.csv")).toThrow(/t.csv line 2: timestamp "2023-13-01 00:00:00" is not a time/);
    expect(() => parseTrace("timestamp,input,output\n1,5\n", "t.csv")).toThrow(/t.csv line 2: no output value/);
    expect(() => parseTrace("timestamp,input,output\n", "t.csv")).toThrow(/no rows/);
  });

  it("becomes a table of independent requests, cut by requests or duration", () => {
    const traceRows = parseTrace(traceFile("azure-conv.csv"), "azure-conv.csv");
    const all = generateWorkload(workload({ arrival: { kind: "trace", path: "azure-conv.csv" } }), { traceRows });
    expect(all.count).toBe(5);
    expect(Array.from(all.inputTokens)).toEqual([374, 879, 396, 91, 1187]);
    expect(all.predecessor.every((p) => p === -1)).toBe(true);
    expect(brokenInvariant(all)).toBeUndefined();
    expect(generateWorkload(workload({ arrival: { kind: "trace", path: "x" }, requests: 2 }), { traceRows }).count).toBe(2);
    expect(generateWorkload(workload({ arrival: { kind: "trace", path: "x" }, durationSeconds: 5 }), { traceRows }).count).toBe(4);
  });

  it("takes inline rows, sorting them", () => {
    const rows = [
      { arrivalSeconds: 3, inputTokens: 30, outputTokens: 3 },
      { arrivalSeconds: 1, inputTokens: 10, outputTokens: 1 },
    ];
    const table = generateWorkload(workload({ arrival: { kind: "trace", rows } }));
    expect(Array.from(table.arrivalSeconds)).toEqual([0, 2]);
    expect(Array.from(table.inputTokens)).toEqual([10, 30]);
  });
});
