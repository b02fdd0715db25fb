// The JSONL results of a sweep: truncated last lines ignored and trimmed for a resume, corrupt
// lines rejected, and shards merged into the single run's lines.
import { describe, expect, it } from "vitest";
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSweep } from "../src/sweep/load.js";
import { shardOf, sweepSpace } from "../src/sweep/space.js";
import { headerText, mergeResults, pointText, readResults, truncateTo, type ResultLine } from "../src/sweep/jsonl.js";
import { fixture, rejected } from "./support/sweeps.js";

async function withTemp<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "infercast-sweep-"));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Fake results of `count` points with two designs each (a failed point every seventh). */
function fakeResults(count: number): ResultLine[][] {
  return Array.from({ length: count }, (_, index) => {
    const inputs = { "designs.0.pool.count": 8 * (1 + (index % 3)) };
    if (index % 7 === 3) return [{ index, inputs, error: "does not fit" }];
    return ["b-design", "a-design"].map((design) => ({
      index,
      inputs,
      design,
      metrics: { goodput: index * 1.5, p90: 0.1 * index },
    }));
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
      await writeFile(file, `{"index":0,"inputs":{}}\n{"design":"x","inputs":{}}\n{"index":1,"inputs":{}}\n`);
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
      const header = headerText({ id: "grid", points: space.count, format: 1 });
      await writeFile(single, header + all.map(pointText).join(""));
      const shards = [0, 1, 2, 3].map((index) => join(dir, `shard-${index}.jsonl`));
      for (const [k, shard] of shards.entries()) {
        // Each shard writes its points in its own order.
        const mine = all.filter((_, index) => shardOf(index, { index: k, of: 4 })).reverse();
        await writeFile(shard, header + mine.map(pointText).join(""));
      }
      // An exact duplicate across two shards is tolerated; a cut-off last point only with force.
      await appendFile(shards[1], pointText(all[0]));
      await appendFile(shards[2], pointText([{ index: 14, inputs: {}, design: "a-design" }]).slice(0, 30));
      const merged = join(dir, "merged.jsonl");
      await expect(mergeResults(shards, merged)).rejects.toThrow(/shard-2.jsonl \(line \d+: .*\) is cut off/);
      const summary = await mergeResults(shards, merged, { force: true });
      expect(summary).toEqual({
        points: space.count,
        lines: all.flat().length,
        duplicates: [],
        truncated: [expect.stringContaining(shards[2])],
        foreign: [],
      });
      const mergedSingle = join(dir, "merged-single.jsonl");
      await mergeResults([single], mergedSingle);
      const mergedText = await readFile(merged, "utf8");
      expect(mergedText).toBe(await readFile(mergedSingle, "utf8"));
      const sortedSingle = (await readFile(single, "utf8")).trim().split("\n").sort();
      expect(mergedText.trim().split("\n").sort()).toEqual(sortedSingle);
      // Within a point, lines are sorted by design.
      const first = mergedText
        .split("\n")
        .slice(1, 3)
        .map((line) => JSON.parse(line) as ResultLine);
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
      await writeFile(
        a,
        pointText([{ index: 0, inputs: {}, design: "x", metrics: { v: 1 } }]) +
          pointText([{ index: 1, inputs: {}, error: "e" }]),
      );
      await writeFile(
        b,
        pointText([{ index: 1, inputs: {}, error: "e" }]) +
          pointText([{ index: 0, inputs: {}, design: "x", metrics: { v: 2 } }]),
      );
      const out = join(dir, "out.jsonl");
      expect(await mergeResults([a, b], out)).toEqual({
        points: 2,
        lines: 2,
        duplicates: [0],
        truncated: [],
        foreign: [],
      });
      expect((await readResults(out)).lines[0].metrics).toEqual({ v: 1 });
    });
  });
});
