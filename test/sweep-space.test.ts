// Sweeps: the sweep file schema and its errors, the points of grid / random / Latin-hypercube
// sampling, sharding, and the JSONL results (truncated last lines, merging shards).
import { describe, expect, it } from "vitest";
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../src/errors.js";
import { Scenario } from "../src/scenario/schema.js";
import { loadSweep, parseSweep } from "../src/sweep/load.js";
import { SweepSpec, type SweepSpecInput } from "../src/sweep/schema.js";
import { applyPoint, gridLevels, parseShard, pointInputs, shardOf, sweepSpace, type AxisValue } from "../src/sweep/space.js";
import { mergeResults, pointText, readResults, truncateTo, type ResultLine } from "../src/sweep/jsonl.js";
import { baseScenario } from "./support/scenarios.js";

const fixtures = join(import.meta.dirname, "fixtures", "sweeps");
const fixture = (name: string) => join(fixtures, name);

const base = baseScenario(200);

const spec = (input: Omit<SweepSpecInput, "base"> & { base?: unknown }): SweepSpec => SweepSpec.parse({ base, ...input });

function thrown(attempt: () => unknown): InputError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError");
}

async function rejected(attempt: Promise<unknown>): Promise<InputError> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

const allPoints = (space: { count: number; values(index: number): AxisValue[] }) =>
  Array.from({ length: space.count }, (_, index) => space.values(index));

async function withTemp<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "infercast-sweep-"));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

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
    for (const values of allPoints(space)) expect(Scenario.safeParse(applyPoint(loaded.base, space.paths, values)).success).toBe(true);
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
    expect(error.message).toMatch(/^axes\.0\.values\.1: -16 gives an invalid scenario: designs\.0\.pool\.count must be greater than 0/);
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
    const negative = thrown(() => parseSweep({ base, axes: [{ path: "designs.0.pool.count", range: { from: -4, to: 8, steps: 3 } }] }));
    expect(negative.field).toBe("axes.0.range.from");
    const fractional = thrown(() => parseSweep({ base, axes: [{ path: "designs.0.pool.count", range: { from: 1, to: 8.5, steps: 3 } }] }));
    expect(fractional.field).toBe("axes.0.range.to");
    // An integer range is checked as rounded: 0.4 rounds to 0 chips.
    const rounded = thrown(() => parseSweep({ base, axes: [{ path: "designs.0.pool.count", range: { from: 0.4, to: 8, steps: 3, integer: true } }] }));
    expect(rounded.message).toContain("0 gives an invalid scenario");
    expect(parseSweep({ base, axes: [{ path: "designs.0.pool.count", range: { from: 0.6, to: 8, steps: 3, integer: true } }] }).spec.axes).toHaveLength(1);
    const noSteps = thrown(() => parseSweep({ base, axes: [{ path: "workload.arrival.ratePerSecond", range: { from: 1, to: 8 } }] }));
    expect(noSteps.field).toBe("axes.0.range.steps");
  });

  it("reports schema problems by field", () => {
    expect(thrown(() => parseSweep({ base, axes: [] })).field).toBe("axes");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "model" }] })).field).toBe("axes.0.values");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "model", values: [] }] })).field).toBe("axes.0.values");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "x", range: { from: 1, to: 2, steps: 0 } }] })).field).toBe("axes.0.range.steps");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "model", values: ["a"] }], sampling: { kind: "sobol" } })).field).toBe("sampling.kind");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "model", values: ["a"] }], mode: "fast" })).field).toBe("mode");
    expect(thrown(() => parseSweep({ base, axes: [{ path: "model", values: ["a"] }, { path: "model", values: ["b"] }] })).message).toContain("already varied by axes.0");
  });

  it("reports a bad base under base.<field>", () => {
    const badBase = { ...base, slo: { ttftSeconds: -1, tpotSeconds: 0.05 } };
    const error = thrown(() => parseSweep({ base: badBase, axes: [{ path: "model", values: ["a"] }] }));
    expect(error.field).toBe("base.slo.ttftSeconds");
    expect(thrown(() => parseSweep({ base: 3, axes: [{ path: "model", values: ["a"] }] })).field).toBe("base");
  });
});

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
    const axis = (range: object) => gridLevels({ path: "x", range: { scale: "linear", integer: false, ...range } as never });
    expect(axis({ from: 0, to: 1, steps: 5 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(axis({ from: 1, to: 1000, steps: 4, scale: "log" })).toEqual([1, 10, 100, 1000]);
    expect(axis({ from: 1, to: 4, steps: 7, integer: true })).toEqual([1, 2, 3, 4]);
    expect(axis({ from: 3, to: 9, steps: 1 })).toEqual([3]);
  });

  it("counts a grid as the product of its axes and refuses more than 1e9 points", () => {
    const big = spec({ axes: Array.from({ length: 4 }, (_, k) => ({ path: `p${k}`, range: { from: 0, to: 1, steps: 1000 } })) });
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
    const point = applyPoint(base, ["designs.0.pool.count", "workload.arrival.ratePerSecond", "designs.0.pool.ep"], [32, 8, 2]) as typeof base & {
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
        const owners = Array.from({ length: of }, (_, shard) => shard).filter((shard) => shardOf(index, { index: shard, of }));
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

/** Fake results of `count` points with two designs each (a failed point every seventh). */
function fakeResults(count: number): ResultLine[][] {
  return Array.from({ length: count }, (_, index) => {
    const inputs = { "designs.0.pool.count": 8 * (1 + (index % 3)) };
    if (index % 7 === 3) return [{ index, inputs, error: "does not fit" }];
    return ["b-design", "a-design"].map((design) => ({ index, inputs, design, metrics: { goodput: index * 1.5, p90: 0.1 * index } }));
  });
}

describe("results", () => {
  it("ignores a truncated last line, with the lines of its point, and reports where good data ends", async () => {
    await withTemp(async (dir) => {
      const file = join(dir, "results.jsonl");
      const points = fakeResults(5);
      const good = points.slice(0, 4).map(pointText).join("");
      const partial = pointText(points[4]);
      // Cut inside the second line of point 4: its first line is whole but the point is not done.
      const cut = partial.indexOf("\n") + 20;
      await writeFile(file, good + partial.slice(0, cut));
      const results = await readResults(file);
      expect([...results.indices]).toEqual([0, 1, 2, 3]);
      expect(results.lines).toHaveLength(7);
      expect(results.validBytes).toBe(Buffer.byteLength(good));
      await truncateTo(file, results.validBytes);
      expect(await readFile(file, "utf8")).toBe(good);
      await appendFile(file, partial);
      expect([...(await readResults(file)).indices]).toEqual([0, 1, 2, 3, 4]);
    });
  });

  it("when a truncated line shows no index, takes the last point before it as unfinished too", async () => {
    await withTemp(async (dir) => {
      const file = join(dir, "results.jsonl");
      const points = fakeResults(3).map(pointText);
      await writeFile(file, `${points.join("")}{"ind`);
      const results = await readResults(file);
      expect([...results.indices]).toEqual([0, 1]);
      expect(results.validBytes).toBe(Buffer.byteLength(points[0] + points[1]));
      // Blank lines at the end are kept (appending after them is safe).
      await writeFile(file, `${points.join("")}\n\n`);
      expect((await readResults(file)).validBytes).toBe(Buffer.byteLength(`${points.join("")}\n\n`));
    });
  });

  it("treats a whole last line without its line end as truncated", async () => {
    await withTemp(async (dir) => {
      const file = join(dir, "results.jsonl");
      const text = pointText(fakeResults(2)[0]) + JSON.stringify({ index: 1, inputs: {}, error: "x" });
      await writeFile(file, text);
      const results = await readResults(file);
      expect([...results.indices]).toEqual([0]);
      expect(results.validBytes).toBe(Buffer.byteLength(pointText(fakeResults(2)[0])));
    });
  });

  it("rejects a corrupt line before the last, naming the file and line", async () => {
    await withTemp(async (dir) => {
      const file = join(dir, "results.jsonl");
      const lines = fakeResults(3).map(pointText).join("").split("\n");
      lines[2] = lines[2].slice(0, 15);
      await writeFile(file, lines.join("\n"));
      const error = await rejected(readResults(file));
      expect(error.field).toBe("results");
      expect(error.message).toContain(`${file} line 3: not valid JSON`);
      await writeFile(file, `{"index":0}\n{"design":"x"}\n{"index":1}\n`);
      expect((await rejected(readResults(file))).message).toContain('line 2: needs "index"');
      expect((await rejected(readResults(join(dir, "missing.jsonl")))).message).toContain("cannot read");
    });
  });

  it("merges four shard files into the single run's lines", async () => {
    await withTemp(async (dir) => {
      const loaded = parseSweep(JSON.parse(await readFile(fixture("grid.json"), "utf8"))).spec;
      const space = sweepSpace(loaded);
      const all = fakeResults(space.count);
      const single = join(dir, "single.jsonl");
      await writeFile(single, all.map(pointText).join(""));
      const shards = [0, 1, 2, 3].map((index) => join(dir, `shard-${index}.jsonl`));
      for (const [k, shard] of shards.entries()) {
        // Each shard writes its points in its own order.
        const mine = all.filter((_, index) => shardOf(index, { index: k, of: 4 })).reverse();
        await writeFile(shard, mine.map(pointText).join(""));
      }
      // A truncated last point in one shard and an exact duplicate across two are tolerated.
      await appendFile(shards[1], pointText(all[0]));
      await appendFile(shards[2], pointText([{ index: 14, inputs: {}, design: "a-design" }]).slice(0, 30));
      const merged = join(dir, "merged.jsonl");
      const summary = await mergeResults(shards, merged);
      expect(summary).toEqual({ points: space.count, lines: all.flat().length, duplicates: [], truncated: [shards[2]] });
      const mergedSingle = join(dir, "merged-single.jsonl");
      await mergeResults([single], mergedSingle);
      const mergedText = await readFile(merged, "utf8");
      expect(mergedText).toBe(await readFile(mergedSingle, "utf8"));
      const sortedSingle = (await readFile(single, "utf8")).trim().split("\n").sort();
      expect(mergedText.trim().split("\n").sort()).toEqual(sortedSingle);
      // Within a point, lines are sorted by design.
      const first = mergedText.split("\n").slice(0, 2).map((line) => JSON.parse(line) as ResultLine);
      expect(first.map((line) => [line.index, line.design])).toEqual([
        [0, "a-design"],
        [0, "b-design"],
      ]);
      expect((await stat(merged)).size).toBeGreaterThan(0);
    });
  });

  it("reports a point present in two inputs with different lines, keeping the first", async () => {
    await withTemp(async (dir) => {
      const a = join(dir, "a.jsonl");
      const b = join(dir, "b.jsonl");
      await writeFile(a, pointText([{ index: 0, inputs: {}, design: "x", metrics: { v: 1 } }]) + pointText([{ index: 1, inputs: {}, error: "e" }]));
      await writeFile(b, pointText([{ index: 1, inputs: {}, error: "e" }]) + pointText([{ index: 0, inputs: {}, design: "x", metrics: { v: 2 } }]));
      const out = join(dir, "out.jsonl");
      expect(await mergeResults([a, b], out)).toEqual({ points: 2, lines: 2, duplicates: [0], truncated: [] });
      expect((await readResults(out)).lines[0].metrics).toEqual({ v: 1 });
    });
  });
});
