// A sweep file cut at every byte and resumed gives exactly the lines of the uninterrupted run: no
// line lost, none repeated. In process, on a tiny multi-design sweep (the worker pool adds nothing
// to what is tested here: which points a resume keeps, where it cuts, what it appends).
import { describe, expect, it } from "vitest";
import { appendFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { headerText, type SweepHeader } from "../src/sweep/jsonl.js";
import { parseSweep } from "../src/sweep/load.js";
import { pointEvaluator } from "../src/sweep/points.js";
import { openOutput, sweepIdentity } from "../src/sweep/run.js";

const design = (name: string, tp: number) => ({
  name,
  kind: "aggregated",
  pool: { chip: "nvidia-h100-sxm", count: tp, tp },
});

const spec = parseSweep({
  base: {
    model: "llama-3.1-70b",
    datatypes: { weights: "bf16" },
    workload: {
      arrival: { kind: "poisson", ratePerSecond: 2 },
      input: { kind: "fixed", tokens: 500 },
      output: { kind: "fixed", tokens: 50 },
      requests: 10,
    },
    slo: { ttftSeconds: 2, tpotSeconds: 0.05 },
    designs: [design("a", 8), design("b", 4)],
  },
  // tp 1 cannot hold 70B in bf16: that point is a single error line between two-line points
  axes: [{ path: "designs.1.pool.tp", values: [4, 1, 2] }],
}).spec;

describe("resume after a cut at any byte", () => {
  it("gives the uninterrupted run's lines", async () => {
    const evaluator = pointEvaluator(spec, undefined);
    const texts = new Map<number, string>();
    for (let index = 0; index < evaluator.space.count; index++)
      texts.set(index, (await evaluator.evaluate([index])).lines);
    const header: SweepHeader = { id: sweepIdentity(spec), points: evaluator.space.count, format: 1 };
    const whole = headerText(header) + [...texts.values()].join("");
    expect(whole.split("\n").length).toBeGreaterThan(evaluator.space.count + 2);

    const dir = await mkdtemp(join(tmpdir(), "infercast-cut-"));
    const file = join(dir, "out.jsonl");
    const bytes = Buffer.from(whole);
    for (let cut = 0; cut <= bytes.length; cut++) {
      await writeFile(file, bytes.subarray(0, cut));
      const done = await openOutput(file, header, true);
      for (let index = 0; index < evaluator.space.count; index++)
        if (!done.has(index)) await appendFile(file, texts.get(index)!);
      const resumed = await readFile(file, "utf8");
      const sorted = (text: string) => text.trim().split("\n").sort();
      if (resumed.length !== whole.length || sorted(resumed).join("\n") !== sorted(whole).join("\n"))
        expect({ cut, resumed }).toEqual({ cut, resumed: whole });
    }
  });
});
