// formatCount groups thousands itself (no locale data to load) and must write what en-US does.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCount } from "../src/report/units.js";

describe("formatCount", () => {
  it("writes what toLocaleString('en-US') writes for the rounded number", () => {
    const same = (n: number) => {
      expect(formatCount(n)).toBe(Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : String(n));
    };
    fc.assert(fc.property(fc.oneof(fc.double(), fc.integer(), fc.double({ min: -1e7, max: 1e7 })), same), {
      numRuns: 2000,
    });
    for (const n of [0, -0, -0.4, 0.5, 999, 1000, -1000, 999_999.5, 2 ** 53, 1e21 - 65_536, 1e21, -1e22]) same(n);
  });
});
