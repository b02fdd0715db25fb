// Percentiles by radix pass and selection agree exactly with the definition: sort, then take the
// ⌈p/100 · n⌉-th smallest (nearest rank); the mean sums the values in their given order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distribution, emptyDistribution } from "../src/metrics/percentiles.js";
import { Samples } from "../src/metrics/samples.js";

/** The sort-based definition the selection must reproduce. */
function reference(values: readonly number[]) {
  const n = values.length;
  if (n === 0) return emptyDistribution();
  let sum = 0;
  for (const v of values) sum += v;
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)];
  return { mean: sum / n, p50: at(50), p90: at(90), p99: at(99) };
}

// -0 and 0 compare equal, so which of the two a selection returns is not defined: keep one zero
const noNegativeZero = (x: number) => (x === 0 ? 0 : x);
const anyDouble = fc.double({ noNaN: true }).map(noNegativeZero);
const timeLike = fc.double({ min: 1e-6, max: 1e4, noNaN: true });
const tied = fc.integer({ min: -3, max: 4 }).map((k) => k * 0.125);
const values = fc.oneof(anyDouble, timeLike, tied);

const agrees = (xs: number[]) => {
  expect(distribution(Float64Array.from(xs))).toEqual(reference(xs));
};

describe("distribution", () => {
  it("matches the sort-based definition at sizes 0, 1, 2 and small odd and even sizes", () => {
    fc.assert(fc.property(fc.array(values, { maxLength: 301 }), agrees), { numRuns: 400 });
    for (const n of [0, 1, 2, 3, 4, 99, 100, 101]) agrees(Array.from({ length: n }, (_, i) => (i * 7919) % 13));
  });

  it("matches it on arrays large enough for the radix pass, with ties and mixed signs", () => {
    const large = (item: fc.Arbitrary<number>) => fc.array(item, { minLength: 65_535, maxLength: 70_001 });
    fc.assert(fc.property(large(values), agrees), { numRuns: 8, endOnFailure: true });
    fc.assert(fc.property(large(tied), agrees), { numRuns: 4, endOnFailure: true });
    fc.assert(fc.property(large(timeLike), agrees), { numRuns: 4, endOnFailure: true });
  });

  it("matches it when every value shares one radix digit, or is the same", () => {
    agrees(Array.from({ length: 70_000 }, (_, i) => 1 + i / 1e9));
    agrees(Array.from({ length: 70_001 }, () => 0.25));
    agrees(Array.from({ length: 65_537 }, (_, i) => (i % 2 === 0 ? Infinity : -Infinity)));
  });

  it("reads a view at an offset into a larger buffer", () => {
    const all = Float64Array.from({ length: 80_000 }, (_, i) => ((i * 2654435761) % 1000) / 7);
    const view = all.subarray(3, 70_000);
    expect(distribution(view)).toEqual(reference(Array.from(view)));
  });
});

describe("Samples", () => {
  it("hands back what was pushed, in order, as a view of that length", () => {
    const samples = new Samples(5);
    for (const x of [3, 1, 2]) samples.push(x);
    expect(samples.length).toBe(3);
    expect(Array.from(samples.values())).toEqual([3, 1, 2]);
  });
});
