// Sweeps: every point written once (or reported as failed), resume after a kill without loss or
// repetition, and shards that merge into the same results as one run.
import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sweep } from "../src/sweep/run.js";
import { parseSweep } from "../src/sweep/load.js";
import { mergeResults } from "../src/sweep/jsonl.js";

const base = {
  model: "llama-3.1-70b",
  datatypes: { weights: "fp8", activations: "bf16", kv: "fp8" },
  workload: {
    arrival: { kind: "poisson", ratePerSecond: 2 },
    input: { kind: "fixed", tokens: 1000 },
    output: { kind: "fixed", tokens: 100 },
    requests: 40,
  },
  slo: { ttftSeconds: 2, tpotSeconds: 0.05 },
  designs: [
    {
      name: "agg",
      kind: "aggregated",
      pool: { chip: "nvidia-h100-sxm", count: 8, tp: 8 },
      scheduler: { maxSequences: 256 },
    },
  ],
};

const spec = async (mode: "analytic" | "simulate", axes: unknown[]) => (await parseSweep({ base, mode, axes })).spec;
/** A results file's lines after its sweep header (which the first line must be). */
async function resultLines(path: string): Promise<string[]> {
  const [header, ...lines] = (await readFile(path, "utf8")).trim().split("\n");
  expect(JSON.parse(header)).toHaveProperty("sweep.id");
  return lines;
}
const sorted = async (path: string) => (await resultLines(path)).sort();

describe("sweep", () => {
  it("writes every point once, with the errors of infeasible points counted, not lost", async () => {
    const dir = await mkdtemp(join(tmpdir(), "infercast-sweep-"));
    const out = join(dir, "out.jsonl");
    // tp 1 and 2 cannot hold 70B in bf16 on an H100: those points fail and are written with their error
    const s = await spec("analytic", [
      { path: "designs.0.pool.tp", values: [1, 2, 4, 8] },
      { path: "datatypes.weights", values: ["bf16", "fp8"] },
      { path: "workload.input.tokens", range: { from: 256, to: 4096, steps: 5, scale: "log", integer: true } },
    ]);
    const summary = await sweep(s, { out, workers: 2 });
    const lines = (await resultLines(out)).map((l) => JSON.parse(l));
    expect(summary.points).toBe(4 * 2 * 5);
    expect(new Set(lines.map((l) => l.index)).size).toBe(40);
    expect(lines).toHaveLength(40);
    const failed = lines.filter((l) => l.error);
    expect(summary.failed).toBe(failed.length);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f.error).toMatch(/does not fit/);
    for (const l of lines.filter((l) => !l.error)) expect(l.metrics.outputTokensPerSecond).toBeGreaterThan(0);
  });

  it("keeps every line whole when batches from several workers finish together", async () => {
    const dir = await mkdtemp(join(tmpdir(), "infercast-sweep-"));
    const out = join(dir, "many.jsonl");
    const s = await spec("analytic", [
      { path: "designs.0.pool.count", values: [8, 16, 24, 32, 40, 48] },
      { path: "workload.input.tokens", range: { from: 128, to: 16384, steps: 40, scale: "log", integer: true } },
      { path: "workload.output.tokens", range: { from: 16, to: 2048, steps: 30, scale: "log", integer: true } },
    ]);
    const summary = await sweep(s, { out, workers: 2 });
    const lines = await resultLines(out);
    expect(summary.points).toBe(6 * 40 * 30);
    expect(lines).toHaveLength(summary.points);
    const indices = new Set(lines.map((l) => JSON.parse(l).index));
    expect(indices.size).toBe(summary.points);
  });

  it("resumes an interrupted sweep without losing or repeating a point", async () => {
    const dir = await mkdtemp(join(tmpdir(), "infercast-sweep-"));
    const s = await spec("analytic", [
      { path: "designs.0.pool.count", values: [8, 16, 24, 32] },
      { path: "workload.output.tokens", range: { from: 16, to: 1024, steps: 7, scale: "log", integer: true } },
    ]);
    const whole = join(dir, "whole.jsonl");
    await sweep(s, { out: whole, workers: 1 });
    // a run killed mid-write: the first ten points and half of the eleventh line
    const text = await readFile(whole, "utf8");
    const lines = text.split("\n");
    const killed = join(dir, "killed.jsonl");
    await writeFile(killed, `${lines.slice(0, 11).join("\n")}\n${lines[11].slice(0, 25)}`);
    const resumed = await sweep(s, { out: killed, workers: 2, resume: true });
    expect(resumed.skipped).toBe(10);
    expect(await sorted(killed)).toEqual(await sorted(whole));
    await expect(sweep(s, { out: killed })).rejects.toThrow(/exists; pass --resume/);
  });

  it("runs shards that merge into the same results as one run, in simulate mode too", async () => {
    const dir = await mkdtemp(join(tmpdir(), "infercast-sweep-"));
    const s = await spec("simulate", [
      { path: "workload.arrival.ratePerSecond", values: [1, 4] },
      { path: "designs.0.scheduler.maxSequences", values: [16, 256] },
    ]);
    const whole = join(dir, "whole.jsonl");
    await sweep(s, { out: whole, workers: 2 });
    const shards = [0, 1, 2, 3].map((i) => join(dir, `shard-${i}.jsonl`));
    for (const [i, path] of shards.entries()) await sweep(s, { out: path, workers: 1, shard: { index: i, of: 4 } });
    const merged = join(dir, "merged.jsonl");
    const summary = await mergeResults(shards, merged);
    expect(summary.points).toBe(4);
    expect(await sorted(merged)).toEqual(await sorted(whole));
  });
});

describe("sweep CSV", () => {
  it("flattens inputs and nested metrics into columns, one row per point and design", async () => {
    const { sweepCsv } = await import("../src/sweep/csv.js");
    const csv = sweepCsv([
      {
        index: 0,
        inputs: { "designs.0.pool.count": 8 },
        design: "a",
        metrics: { ttftSeconds: { mean: 0.1, p90: 0.2 }, chips: 8 },
      },
      { index: 1, inputs: { "designs.0.pool.count": 4 }, error: "designs.0.pool.layout: does not fit, short by 1 GB" },
    ])
      .trim()
      .split("\n");
    expect(csv[0]).toBe("index,design,error,input:designs.0.pool.count,ttftSeconds.mean,ttftSeconds.p90,chips");
    expect(csv[1]).toBe("0,a,,8,0.1,0.2,8");
    expect(csv[2]).toBe('1,,"designs.0.pool.layout: does not fit, short by 1 GB",4,,,');
  });
});
