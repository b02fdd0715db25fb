// Prompt and output length distributions: their means and spreads, clipping and rounding.
import { describe, expect, it } from "vitest";
import { createUniform } from "../src/workload/random.js";
import { lengthSampler } from "../src/workload/lengths.js";
import type { Length } from "../src/workload/schema.js";
import { meanAndCv } from "./support/workloads.js";

function samples(length: Length, count: number, seed = 1): Float64Array {
  const sample = lengthSampler(length, createUniform(seed));
  return Float64Array.from({ length: count }, sample);
}

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
