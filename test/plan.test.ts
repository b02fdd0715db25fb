// plan: a view of the searched frontiers. The planned deployment is copies of a confirmed point
// that meets the SLO, enough to serve the rate, the cheapest such on the chosen basis; its scenario
// reproduces the point through simulate; an absurd rate is answered as such, not with a small pool.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { meetsSlo, plan } from "../src/api/plan.js";
import { simulate } from "../src/api/simulate.js";
import type { ScenarioInput } from "../src/scenario/schema.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const cli = (...args: string[]) =>
  run(process.execPath, [join(root, "dist", "src", "cli", "main.js"), ...args], { cwd: root, maxBuffer: 64 << 20 });

const workload: ScenarioInput["workload"] = {
  arrival: { kind: "poisson", ratePerSecond: 40 },
  input: { kind: "lognormal", mean: 1500, sigma: 0.8, min: 16, max: 8192 },
  output: { kind: "lognormal", mean: 200, sigma: 0.5, min: 1, max: 2048 },
  seed: 1,
};
const slo = { ttftSeconds: 1, tpotSeconds: 0.03, percentile: 90 };
const designs = ["gpu-aggregated", "galaxy-blackhole"];

describe("plan", () => {
  it("plans copies of a confirmed point that meets the SLO, enough for the rate, cheapest on the basis", async () => {
    const rows = await plan({ model: "llama-3.1-8b", workload, ratePerSecond: 40, slo, designs, per: "chip" });
    expect(rows.map((r) => r.design)).toEqual(designs);
    for (const r of rows) {
      if (r.copies === null) {
        expect(r.reason).toBeTruthy();
        continue;
      }
      const p = r.point!;
      expect(meetsSlo(p.result, slo)).toBe(true);
      expect(r.copies * p.result.metrics.requestsPerSecond).toBeGreaterThanOrEqual(40);
      expect((r.copies - 1) * p.result.metrics.requestsPerSecond).toBeLessThan(40);
      expect(r.chips).toBe(r.copies * p.chips);
      const again = (await simulate(p.scenario)).results[0];
      expect(again.metrics.requestsPerSecond).toBe(p.result.metrics.requestsPerSecond);
    }
    expect(rows.some((r) => r.copies !== null)).toBe(true);
  });

  it("answers an absurd rate with the copies it would take, not a small pool", async () => {
    const rows = await plan({
      model: "llama-3.1-8b",
      workload,
      ratePerSecond: 1e9,
      slo,
      designs: ["gpu-aggregated"],
    });
    expect(rows[0].copies).toBeNull();
    expect(rows[0].reason).toMatch(/^needs [\d,]+ copies of its best deployment/);
  });

  it("retires --budget with one line naming --per", async () => {
    const error = await cli("plan", "--model", "llama-3.1-8b", "--rate", "10", "--budget", "power").catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr.trim().split("\n")).toHaveLength(1);
    expect(error.stderr).toMatch(/--per mw\|usd\|chip/);
  });
});
