// Generating a workload's request table: sessions, the invariants the event loop relies on
// (predecessor < index, determinism), and the rules the schema alone cannot state.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { generateWorkload } from "../src/workload/generate.js";
import type { Arrival, Length } from "../src/workload/schema.js";
import { InputError } from "../src/errors.js";
import { brokenInvariant, fixed, poisson, workload } from "./support/workloads.js";

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
    const table = generateWorkload(
      workload({ ...chat, arrival: { kind: "closed", concurrency: 2, thinkSeconds: 1 }, requests: 16 }),
    );
    // Sessions 0 and 1 start at 0; session 2 (user 0) follows session 0's last turn (index 3).
    expect(table.predecessor[8]).toBe(3);
    expect(table.gapSeconds[8]).toBe(1);
    expect(table.prefixTokens[8]).toBe(0);
    expect(table.predecessor[12]).toBe(7);
  });
});

const arrivalArbitrary: fc.Arbitrary<Arrival> = fc.oneof(
  fc.record({ kind: fc.constant("poisson" as const), ratePerSecond: fc.double({ min: 0.1, max: 100, noNaN: true }) }),
  fc.record({
    kind: fc.constant("gamma" as const),
    ratePerSecond: fc.double({ min: 0.1, max: 100, noNaN: true }),
    cv: fc.double({ min: 0.1, max: 5, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("closed" as const),
    concurrency: fc.integer({ min: 1, max: 20 }),
    thinkSeconds: fc.double({ min: 0, max: 10, noNaN: true }),
  }),
  fc.constant({ kind: "burst" as const }),
);
const lengthArbitrary: fc.Arbitrary<Length> = fc.oneof(
  fc.integer({ min: 1, max: 5000 }).map((tokens) => ({ kind: "fixed" as const, tokens })),
  fc
    .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 5000 }))
    .map(([min, extra]) => ({ kind: "uniform" as const, min, max: min + extra })),
  fc.record({
    kind: fc.constant("normal" as const),
    mean: fc.double({ min: 1, max: 4000, noNaN: true }),
    sigma: fc.double({ min: 0, max: 2000, noNaN: true }),
    min: fc.constant(1),
  }),
  fc.record({
    kind: fc.constant("lognormal" as const),
    mean: fc.double({ min: 1, max: 4000, noNaN: true }),
    sigma: fc.double({ min: 0, max: 2.5, noNaN: true }),
    min: fc.constant(1),
  }),
);

describe("invariants", () => {
  it("every workload: exact count, predecessors earlier, starts ascending, same table for the same seed", () => {
    fc.assert(
      fc.property(
        arrivalArbitrary,
        lengthArbitrary,
        lengthArbitrary,
        fc.option(
          fc.record({
            turns: fc.integer({ min: 1, max: 8 }),
            newTokens: fc.integer({ min: 1, max: 500 }),
            thinkSeconds: fc.double({ min: 0, max: 60, noNaN: true }),
          }),
          { nil: undefined },
        ),
        fc.integer({ min: 1, max: 400 }),
        fc.nat(),
        (arrival, input, output, sessions, requests, seed) => {
          const w = workload({
            arrival,
            input,
            output,
            requests,
            seed,
            sessions: sessions && {
              turns: { kind: "uniform", min: 1, max: sessions.turns },
              newTokens: fixed(sessions.newTokens),
              thinkSeconds: sessions.thinkSeconds,
            },
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
    const w = {
      arrival: poisson(3),
      input: { kind: "lognormal", mean: 500, sigma: 1 },
      output: fixed(5),
      requests: 100,
    };
    const a = generateWorkload(workload({ ...w, seed: 1 }));
    const b = generateWorkload(workload({ ...w, seed: 2 }));
    expect(a.inputTokens).not.toEqual(b.inputTokens);
    expect(a.arrivalSeconds).not.toEqual(b.arrivalSeconds);
  });
});

describe("workload rules", () => {
  it.each([
    [
      { arrival: poisson(1), input: fixed(1), output: fixed(1), requests: 5, durationSeconds: 5 },
      "workload.requests",
      /not both/,
    ],
    [{ arrival: poisson(1), input: fixed(1), output: fixed(1) }, "workload.requests", /exactly one/],
    [{ arrival: poisson(1), output: fixed(1), requests: 5 }, "workload.input", /required/],
    [
      { arrival: { kind: "burst" }, input: fixed(1), output: fixed(1), durationSeconds: 5 },
      "workload.requests",
      /burst/,
    ],
    [
      { arrival: poisson(1), input: { kind: "uniform", min: 10, max: 5 }, output: fixed(1), requests: 5 },
      "workload.input.max",
      /below min 10/,
    ],
    [
      { arrival: poisson(0.001), input: fixed(1), output: fixed(1), durationSeconds: 0.001 },
      "workload.durationSeconds",
      /no request arrives/,
    ],
    [{ arrival: { kind: "trace" } }, "workload.arrival.path", /path .* or rows/],
    [
      { arrival: { kind: "trace", rows: [{ arrivalSeconds: 0, inputTokens: 1, outputTokens: 1 }] }, requests: 2 },
      "workload.requests",
      /trace has 1/,
    ],
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
