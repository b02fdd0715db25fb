/**
 * Sweep throughput: points per second in analytic mode (1,000,000 points) and simulate mode
 * (2,000 points of a 40-request scenario), each with 1 and 2 worker threads, run as the CLI runs
 * them (JSONL written to a temporary file). Each run is timed once, directly.
 */
import { execSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sweep } from "../src/sweep/run.js";
import { parseSweep } from "../src/sweep/load.js";
import type { SuiteResult } from "./suite-result.js";

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
  { path: "workload.output.tokens", range: { from: 16, to: 4096, steps: 50, scale: "log", integer: true } },
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
        const summary = await sweep(spec, { out, workers });
        const rate = summary.evaluated / summary.seconds;
        console.log(
          `${mode}, ${workers} worker${workers > 1 ? "s" : ""}: ${summary.evaluated.toLocaleString("en-US")} points in ${summary.seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString("en-US")} points/s (${Math.round(rate * 60).toLocaleString("en-US")} per minute), ${summary.failed} failed`,
        );
        results.push({
          suite: "sweep",
          name: `${mode}, ${workers} workers`,
          opsPerSecond: rate,
          relativeMarginOfError: 0,
          samples: 1,
          points: summary.evaluated,
          seconds: summary.seconds,
          failed: summary.failed,
          workers,
          lscpu,
        });
        await rm(out);
      }
      const [one, two] = results.slice(-2);
      console.log(`${mode}: scaling from 1 to 2 workers ${(two.opsPerSecond / one.opsPerSecond).toFixed(2)}×`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}
