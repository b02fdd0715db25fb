// The points of a sweep: grid / random / Latin-hypercube sampling, setting a point into the base
// scenario, and sharding.
import { describe, expect, it } from "vitest";
import { SweepSpec, type SweepSpecInput } from "../src/sweep/schema.js";
import { applyPoint, gridLevels, parseShard, pointInputs, shardOf, sweepSpace } from "../src/sweep/space.js";
import { allPoints, base, thrown } from "./support/sweeps.js";

const spec = (input: Omit<SweepSpecInput, "base"> & { base?: unknown }): SweepSpec =>
  SweepSpec.parse({ base, ...input });

describe("sweep points", () => {
  it("orders a grid in mixed radix, the last axis fastest", () => {
    const space = sweepSpace(
      spec({
        axes: [
          { path: "designs.0.pool.count", values: [8, 16] },
          { path: "workload.arrival.ratePerSecond", values: [1, 2, 4] },
        ],
      }),
    );
    expect(space.count).toBe(6);
    expect(space.paths).toEqual(["designs.0.pool.count", "workload.arrival.ratePerSecond"]);
    expect(allPoints(space)).toEqual([
      [8, 1],
      [8, 2],
      [8, 4],
      [16, 1],
      [16, 2],
      [16, 4],
    ]);
    expect(() => space.values(6)).toThrow(RangeError);
  });

  it("spaces grid ranges linearly or logarithmically, rounding integer ranges", () => {
    const axis = (range: object) =>
      gridLevels({ path: "x", range: { scale: "linear", integer: false, ...range } as never });
    expect(axis({ from: 0, to: 1, steps: 5 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(axis({ from: 1, to: 1000, steps: 4, scale: "log" })).toEqual([1, 10, 100, 1000]);
    expect(axis({ from: 1, to: 4, steps: 7, integer: true })).toEqual([1, 2, 3, 4]);
    expect(axis({ from: 3, to: 9, steps: 1 })).toEqual([3]);
  });

  it("counts a grid as the product of its axes and refuses more than 1e9 points", () => {
    const big = spec({
      axes: Array.from({ length: 4 }, (_, k) => ({ path: `p${k}`, range: { from: 0, to: 1, steps: 1000 } })),
    });
    expect(() => sweepSpace(big)).toThrow(/more than the 1000000000/);
  });

  const sampled = (kind: "random" | "latin-hypercube", seed: number, points = 50) =>
    sweepSpace(
      spec({
        axes: [
          { path: "workload.arrival.ratePerSecond", range: { from: 0.5, to: 32, scale: "log" } },
          { path: "designs.0.pool.count", range: { from: 8, to: 64, integer: true } },
          { path: "designs.0.scheduler.router", values: ["round-robin", "least-kv"] },
        ],
        sampling: { kind, points, seed },
      }),
    );

  for (const kind of ["random", "latin-hypercube"] as const) {
    it(`${kind}: same seed same points, another seed other points`, () => {
      const a = allPoints(sampled(kind, 11));
      expect(allPoints(sampled(kind, 11))).toEqual(a);
      expect(allPoints(sampled(kind, 12))).not.toEqual(a);
      for (const [rate, count, router] of a) {
        expect(rate).toBeGreaterThanOrEqual(0.5);
        expect(rate).toBeLessThanOrEqual(32);
        expect(Number.isInteger(count) && (count as number) >= 8 && (count as number) <= 64).toBe(true);
        expect(["round-robin", "least-kv"]).toContain(router);
      }
    });
  }

  it("random: a point does not depend on the number of points", () => {
    expect(allPoints(sampled("random", 5, 80)).slice(0, 20)).toEqual(allPoints(sampled("random", 5, 20)));
  });

  it("latin-hypercube: each of the N strata of each axis is used exactly once", () => {
    const n = 40;
    const space = sweepSpace(
      spec({
        axes: [
          { path: "a", range: { from: 0, to: 10 } },
          { path: "b", range: { from: 1, to: 1000, scale: "log" } },
          { path: "c", values: Array.from({ length: n }, (_, k) => `v${k}`) },
        ],
        sampling: { kind: "latin-hypercube", points: n, seed: 9 },
      }),
    );
    const points = allPoints(space);
    const strataA = points.map(([a]) => Math.floor(((a as number) / 10) * n));
    const strataB = points.map(([, b]) => Math.floor((Math.log(b as number) / Math.log(1000)) * n));
    const strataC = points.map(([, , c]) => Number((c as string).slice(1)));
    const every = Array.from({ length: n }, (_, k) => k);
    expect([...strataA].sort((x, y) => x - y)).toEqual(every);
    expect([...strataB].sort((x, y) => x - y)).toEqual(every);
    expect([...strataC].sort((x, y) => x - y)).toEqual(every);
    // The axes are shuffled independently.
    expect(strataA).not.toEqual(strataB);
  });

  it("applyPoint sets nested paths without changing the base", () => {
    const before = structuredClone(base);
    const point = applyPoint(
      base,
      ["designs.0.pool.count", "workload.arrival.ratePerSecond", "designs.0.pool.ep"],
      [32, 8, 2],
    ) as typeof base & {
      designs: { pool: { ep?: number } }[];
    };
    expect(point.designs[0].pool).toEqual({ chip: "nvidia-h100-sxm", count: 32, tp: 8, ep: 2 });
    expect(point.workload.arrival.ratePerSecond).toBe(8);
    expect(Array.isArray(point.designs)).toBe(true);
    expect(base).toEqual(before);
    expect(pointInputs(["a.b", "c"], [1, "x"])).toEqual({ "a.b": 1, c: "x" });
  });

  it("shards partition the index space", () => {
    for (const of of [1, 3, 4, 7]) {
      for (let index = 0; index < 100; index++) {
        const owners = Array.from({ length: of }, (_, shard) => shard).filter((shard) =>
          shardOf(index, { index: shard, of }),
        );
        expect(owners).toHaveLength(1);
      }
    }
  });

  it("parses shards and names the field on errors", () => {
    expect(parseShard("0/4")).toEqual({ index: 0, of: 4 });
    expect(parseShard("3/4")).toEqual({ index: 3, of: 4 });
    for (const bad of ["4/4", "1/0", "-1/4", "a/b", "2", "1/2/3", ""]) {
      expect(thrown(() => parseShard(bad)).field).toBe("shard");
    }
  });
});
