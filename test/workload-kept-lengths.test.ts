// Kept token-length streams (src/workload/kept-lengths.ts) give exactly the lengths a fresh
// sampler draws, from the start, however many tables of whatever sizes read them, in whatever
// order, and past the length up to which a stream is kept.
import { describe, expect, it } from "vitest";
import { keptSampler } from "../src/workload/kept-lengths.js";
import { lengthSampler } from "../src/workload/lengths.js";
import { createUniform } from "../src/workload/random.js";
import type { Length } from "../src/workload/schema.js";

const fresh = (length: Length, seed: number, stream: number, count: number) => {
  const sample = lengthSampler(length, createUniform(seed, stream));
  return Array.from({ length: count }, () => sample());
};

const kept = (length: Length, seed: number, stream: number, count: number) => {
  const sample = keptSampler(length, seed, stream);
  return Array.from({ length: count }, () => sample());
};

const lognormal: Length = { kind: "lognormal", mean: 1000, sigma: 1, min: 16, max: 16384 };
const uniform: Length = { kind: "uniform", min: 1, max: 9 };

describe("kept token lengths", () => {
  it("are the lengths a fresh sampler draws, for tables shorter and longer than those before", () => {
    for (const count of [10, 3000, 5, 70_000, 20_000, 70_001]) {
      expect(kept(lognormal, 7, 2, count)).toStrictEqual(fresh(lognormal, 7, 2, count));
    }
  });

  it("keep streams of different seeds, stream numbers and distributions apart", () => {
    const cases: [Length, number, number][] = [
      [lognormal, 7, 2],
      [lognormal, 7, 3],
      [lognormal, 8, 2],
      [uniform, 7, 2],
      [{ kind: "normal", mean: 500, sigma: 100, min: 1 }, 7, 2],
      [{ kind: "fixed", tokens: 256 }, 7, 2],
    ];
    // interleaved, twice over, each read further than before
    for (const count of [100, 5000]) {
      for (const [length, seed, stream] of cases) {
        expect(kept(length, seed, stream, count)).toStrictEqual(fresh(length, seed, stream, count));
      }
    }
  });

  it("stay exact when more streams are used than are kept, and past the kept length", () => {
    for (let seed = 100; seed < 120; seed++)
      expect(kept(uniform, seed, 4, 50)).toStrictEqual(fresh(uniform, seed, 4, 50));
    const long = 2 ** 20 + 1000;
    expect(kept(uniform, 1, 5, long)).toStrictEqual(fresh(uniform, 1, 5, long));
    expect(kept(uniform, 1, 5, long)).toStrictEqual(fresh(uniform, 1, 5, long));
  });
});
