// The workload PRNG: xoshiro128** seeded by splitmix32, checked against an independent implementation.
import { describe, expect, it } from "vitest";
import { createUniform } from "../src/workload/random.js";

describe("createUniform", () => {
  it("matches an independent xoshiro128** + splitmix32 implementation", () => {
    // Reference values computed outside JavaScript (Python, unsigned 32-bit arithmetic).
    const first = createUniform(1);
    expect(Array.from({ length: 5 }, first)).toEqual([
      0.35625736985821277, 0.622755597694777, 0.3075730326818302, 0.7337507159681991, 0.138528423034586,
    ]);
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
