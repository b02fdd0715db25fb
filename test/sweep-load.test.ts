// Sweep files: loading JSON and YAML, the schema and its errors by field, and axis paths and values
// checked against the base scenario.
import { describe, expect, it } from "vitest";
import { Scenario } from "../src/scenario/schema.js";
import { loadSweep, parseSweep } from "../src/sweep/load.js";
import { applyPoint, sweepSpace } from "../src/sweep/space.js";
import { allPoints, base, fixture, fixtures, rejected, thrown } from "./support/sweeps.js";

describe("sweep files", () => {
  it("loads the grid fixture with defaults filled", async () => {
    const { spec: loaded, baseDir } = await loadSweep(fixture("grid.json"));
    expect(baseDir).toBe(fixtures);
    expect(loaded.mode).toBe("simulate");
    expect(loaded.sampling).toEqual({ kind: "grid" });
    expect(loaded.axes.map((axis) => axis.path)).toEqual(["designs.0.pool.count", "workload.arrival.ratePerSecond"]);
    expect((loaded.base as { workload: { requests: number } }).workload.requests).toBe(200);
    expect(sweepSpace(loaded).count).toBe(12);
  });

  it("loads a YAML Latin-hypercube sweep with ranges", async () => {
    const { spec: loaded } = await loadSweep(fixture("lhs.yaml"));
    expect(loaded.sampling).toEqual({ kind: "latin-hypercube", points: 12, seed: 3 });
    expect(loaded.analytic).toEqual({ batch: 32 });
    const space = sweepSpace(loaded);
    expect(space.count).toBe(12);
    for (const [count, rate, router] of allPoints(space)) {
      expect(Number.isInteger(count)).toBe(true);
      expect(count).toBeGreaterThanOrEqual(8);
      expect(count).toBeLessThanOrEqual(64);
      expect(rate).toBeGreaterThanOrEqual(0.5);
      expect(rate).toBeLessThanOrEqual(16);
      expect(["round-robin", "least-outstanding-tokens", "least-kv"]).toContain(router);
    }
    // Each point is a valid scenario.
    for (const values of allPoints(space))
      expect(Scenario.safeParse(applyPoint(loaded.base, space.paths, values)).success).toBe(true);
  });

  it("rejects a path through a field the base leaves out, naming the segment", async () => {
    const error = await rejected(loadSweep(fixture("bad-path.yaml")));
    expect(error.field).toBe("axes.1.path");
    expect(error.message).toContain('segment "scheduler" does not exist in designs.0');
  });

  it("accepts a missing last segment on an existing object", () => {
    const { spec: parsed } = parseSweep({ base, axes: [{ path: "designs.0.pool.ep", values: [1, 2] }] });
    expect(sweepSpace(parsed).count).toBe(2);
  });

  it("rejects other bad paths", () => {
    const path = (p: string) => thrown(() => parseSweep({ base, axes: [{ path: p, values: [1] }] }));
    expect(path("designs.3.pool.count").message).toContain('segment "3" is past the end of designs (1 entry)');
    expect(path("designs.first.pool").message).toContain("designs is a list");
    expect(path("model.name.x").message).toContain('model is "llama-3.1-8b", not an object');
    expect(path("workload..seed").message).toContain("empty segment");
    expect(path("designs.0.__proto__").message).toContain("cannot be a path segment");
  });

  it("rejects a value that makes the scenario invalid (a negative count)", async () => {
    const error = await rejected(loadSweep(fixture("negative-count.json")));
    expect(error.field).toBe("axes.0.values.1");
    expect(error.message).toMatch(
      /^axes\.0\.values\.1: -16 gives an invalid scenario: designs\.0\.pool\.count must be greater than 0/,
    );
  });

  it("rejects an unknown field set through a missing last segment", () => {
    const error = thrown(() => parseSweep({ base, axes: [{ path: "designs.0.pool.colour", values: ["red"] }] }));
    expect(error.field).toBe("axes.0.values.0");
    expect(error.message).toContain("designs.0.pool.colour unknown field");
  });

  it("checks a range's endpoints and its log scale", async () => {
    const logError = await rejected(loadSweep(fixture("log-from-zero.yaml")));
    expect(logError.field).toBe("axes.0.range.from");
    expect(logError.message).toContain("must be greater than 0 on a log scale");
    const negative = thrown(() =>
      parseSweep({ base, axes: [{ path: "designs.0.pool.count", range: { from: -4, to: 8, steps: 3 } }] }),
    );
    expect(negative.field).toBe("axes.0.range.from");
    const fractional = thrown(() =>
      parseSweep({ base, axes: [{ path: "designs.0.pool.count", range: { from: 1, to: 8.5, steps: 3 } }] }),
    );
    expect(fractional.field).toBe("axes.0.range.to");
    // An integer range is checked as rounded: 0.4 rounds to 0 chips.
    const rounded = thrown(() =>
      parseSweep({
        base,
        axes: [{ path: "designs.0.pool.count", range: { from: 0.4, to: 8, steps: 3, integer: true } }],
      }),
    );
    expect(rounded.message).toContain("0 gives an invalid scenario");
    expect(
      parseSweep({
        base,
        axes: [{ path: "designs.0.pool.count", range: { from: 0.6, to: 8, steps: 3, integer: true } }],
      }).spec.axes,
    ).toHaveLength(1);
    const noSteps = thrown(() =>
      parseSweep({ base, axes: [{ path: "workload.arrival.ratePerSecond", range: { from: 1, to: 8 } }] }),
    );
    expect(noSteps.field).toBe("axes.0.range.steps");
  });

  it("reports schema problems by field", () => {
    expect(thrown(() => parseSweep({ base, axes: [] })).field).toBe("axes");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "model" }] })).field).toBe("axes.0.values");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "model", values: [] }] })).field).toBe("axes.0.values");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "x", range: { from: 1, to: 2, steps: 0 } }] })).field).toBe(
      "axes.0.range.steps",
    );
    expect(
      thrown(() => parseSweep({ base, axes: [{ path: "model", values: ["a"] }], sampling: { kind: "sobol" } })).field,
    ).toBe("sampling.kind");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "model", values: ["a"] }], mode: "fast" })).field).toBe(
      "mode",
    );
    expect(
      thrown(() =>
        parseSweep({
          base,
          axes: [
            { path: "model", values: ["a"] },
            { path: "model", values: ["b"] },
          ],
        }),
      ).message,
    ).toContain("already varied by axes.0");
  });

  it("reports a bad base under base.<field>", () => {
    const badBase = { ...base, slo: { ttftSeconds: -1, tpotSeconds: 0.05 } };
    const error = thrown(() => parseSweep({ base: badBase, axes: [{ path: "model", values: ["a"] }] }));
    expect(error.field).toBe("base.slo.ttftSeconds");
    expect(thrown(() => parseSweep({ base: 3, axes: [{ path: "model", values: ["a"] }] })).field).toBe("base");
  });
});
