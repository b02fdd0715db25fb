// Arrival processes: Poisson and gamma gaps, durations, bursts, and closed loops whose requests
// follow each user's previous one.
import { describe, expect, it } from "vitest";
import { generateWorkload } from "../src/workload/generate.js";
import type { Arrival } from "../src/workload/schema.js";
import { fixed, meanAndCv, poisson, workload } from "./support/workloads.js";

function gaps(arrivalSeconds: Float64Array): Float64Array {
  return arrivalSeconds.map((t, i) => t - (i === 0 ? 0 : arrivalSeconds[i - 1]));
}

describe("arrivals", () => {
  it("poisson gaps average 1 / rate with cv 1", () => {
    const table = generateWorkload(
      workload({ arrival: poisson(5), input: fixed(10), output: fixed(10), requests: 200_000 }),
    );
    const { mean, cv } = meanAndCv(gaps(table.arrivalSeconds));
    expect(mean / 0.2).toBeCloseTo(1, 1);
    expect(cv).toBeCloseTo(1, 1);
  });

  it.each([0.5, 1, 3])("gamma gaps have the configured cv (%d)", (cv) => {
    const table = generateWorkload(
      workload({
        arrival: { kind: "gamma", ratePerSecond: 10, cv },
        input: fixed(10),
        output: fixed(10),
        requests: 200_000,
      }),
    );
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
    const table = generateWorkload(
      workload({ arrival: { kind: "burst" }, input: fixed(10), output: fixed(10), requests: 50 }),
    );
    expect(table.arrivalSeconds.every((t) => t === 0)).toBe(true);
    expect(table.predecessor.every((p) => p === -1)).toBe(true);
  });

  it("lengths do not depend on the arrival process", () => {
    const lengths = {
      input: { kind: "lognormal", mean: 800, sigma: 1 },
      output: { kind: "normal", mean: 200, sigma: 80 },
      requests: 500,
      seed: 9,
    };
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
    const table = generateWorkload(
      workload({
        arrival: { kind: "closed", concurrency: 4, thinkSeconds: 2 },
        input: fixed(10),
        output: fixed(10),
        requests: 20,
      }),
    );
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
      sessions: {
        turns: { kind: "uniform", min: 1, max: 6 },
        thinkSeconds: 3,
        newTokens: { kind: "normal", mean: 80, sigma: 30 },
      },
    });
    const first = generateWorkload(closed);
    expect(first.count).toBe(5 * 64);
    expect(first.openEnded).toBe(true);
    const more = generateWorkload(closed, { requestsCap: 1000 });
    expect(more.count).toBe(1000);
    for (const column of [
      "arrivalSeconds",
      "inputTokens",
      "outputTokens",
      "predecessor",
      "gapSeconds",
      "prefixTokens",
    ] as const) {
      expect(more[column].subarray(0, first.count)).toEqual(first[column]);
    }
  });
});
