/**
 * Sweep throughput: points per second in analytic mode (200,000 points) and simulate mode
 * (2,000 points of a 40-request scenario), each with 1 and 2 worker threads, run as the CLI runs
 * them (JSONL written to a temporary file). Each is run five times, timed directly, and reported
 * as the median with its range.
 */
import { execSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sweep } from "../src/sweep/run.js";
import { parseSweep } from "../src/sweep/load.js";
import { spread } from "./spread.js";
import type { SuiteResult } from "./suite-result.js";

const runs = 5;

const base = {
  model: "llama-3.1-70b",
  datatypes: { weights: "fp8", activations: "bf16", kv: "fp8" },
  workload: {
    arrival: { kind: "poisson", ratePerSecond: 4 },
    input: { kind: "fixed", tokens: 1000 },
    output: { kind: "fixed", tokens: 250 },
    requests: 40,
    seed: 1,
  },
  slo: { ttftSeconds: 2, tpotSeconds: 0.05 },
  designs: [{ name: "aggregated", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 8, tp: 8 } }],
};

const analyticAxes = [
  { path: "designs.0.pool.chip", values: ["nvidia-h100-sxm", "nvidia-h200", "nvidia-b200", "amd-mi300x"] },
  { path: "designs.0.pool.count", values: [8, 16, 24, 32, 40, 48, 56, 64, 72, 80] },
  { path: "designs.0.pool.tp", values: [2, 4, 8, 16, 32] },
  { path: "workload.input.tokens", range: { from: 128, to: 32768, steps: 100, scale: "log", integer: true } },
  { path: "workload.output.tokens", range: { from: 16, to: 4096, steps: 10, scale: "log", integer: true } },
];

const simulateAxes = [
  { path: "designs.0.pool.count", values: [8, 16, 24, 32] },
  { path: "workload.arrival.ratePerSecond", range: { from: 0.5, to: 50, steps: 25, scale: "log" } },
  { path: "workload.input.tokens", range: { from: 256, to: 8192, steps: 20, scale: "log", integer: true } },
];

export async function benchSweep(): Promise<SuiteResult[]> {
  const lscpu = (() => {
    try {
      return execSync("lscpu", { encoding: "utf8" })
        .split("\n")
        .filter((l) => /^(Model name|Thread|Core|Socket)/.test(l))
        .map((l) => l.replace(/\s+/g, " ").trim());
    } catch {
      return [];
    }
  })();
  console.log(lscpu.join("; "));
  const dir = await mkdtemp(join(tmpdir(), "infercast-bench-sweep-"));
  const results: SuiteResult[] = [];
  try {
    for (const [mode, axes] of [
      ["analytic", analyticAxes],
      ["simulate", simulateAxes],
    ] as const) {
      const { spec } = parseSweep({ base, mode, axes });
      for (const workers of [1, 2]) {
        const out = join(dir, `${mode}-${workers}.jsonl`);
        const summaries = [];
        for (let run = 0; run < runs; run++) {
          summaries.push(await sweep(spec, { out, workers }));
          await rm(out);
        }
        const rate = spread(summaries.map((s) => s.evaluated / s.seconds));
        const { evaluated, failed } = summaries[0];
        const k = (x: number) => `${(x / 1000).toFixed(x < 10_000 ? 2 : 1)} k`;
        console.log(
          `${mode}, ${workers} worker${workers > 1 ? "s" : ""}: ${evaluated.toLocaleString("en-US")} points, median (range) of ${runs}: ` +
            `${k(rate.median)} (${k(rate.min)}–${k(rate.max)}) points/s = ${Math.round(rate.median * 60).toLocaleString("en-US")} per minute, ${failed} failed`,
        );
        results.push({
          suite: "sweep",
          name: `${mode}, ${workers} workers`,
          opsPerSecond: rate.median,
          relativeMarginOfError: 0,
          samples: runs,
          points: evaluated,
          pointsPerSecond: rate,
          seconds: spread(summaries.map((s) => s.seconds)),
          failed,
          workers,
          lscpu,
        });
      }
      const [one, two] = results.slice(-2);
      console.log(
        `${mode}: scaling from 1 to 2 workers ${(two.opsPerSecond / one.opsPerSecond).toFixed(2)}× (medians)`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}
