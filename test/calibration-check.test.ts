// bench/calibration/check: the comparison of an H200 run with the catalog. The synthetic runs are
// built from the engine's own forecasts: a run that matches them must show 0% error, and one 10%
// faster must show the forecast 10% slow. The committed measurement is checked for shape only:
// its errors are findings (docs/calibration.md), not something a test may pin.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { calibrationReport, checkSteps, type Measurements } from "../bench/calibration/check.js";
import { estimateStep } from "../src/api/step.js";

const datatypes = { weights: "bf16", activations: "bf16", kv: "bf16" };
const forecast = (phase: "prefill" | "decode", batch: number, context: number) =>
  estimateStep({ model: "llama-3.1-8b", chip: "nvidia-h200", count: 1, datatypes, phase, batch, context }).stepSeconds;

function run(speedup: number): Measurements {
  return {
    date: "synthetic",
    machine: { gpu: "synthetic" },
    bandwidth: { copy: { seconds: 1, bytesPerSecond: 8.6e12 }, read: { seconds: 1, bytesPerSecond: 4.3e12 } },
    gemms: [
      {
        model: "llama-3.1-8b",
        tp: 1,
        matrix: "down",
        phase: "prefill",
        m: 2048,
        k: 14336,
        n: 4096,
        bf16: { seconds: 1, flopsPerSecond: 0.7 * 989e12 },
        fp8: { error: "RuntimeError: not supported" },
      },
    ],
    model: {
      datatypes,
      steps: [
        {
          model: "llama-3.1-8b",
          phase: "prefill",
          batch: 1,
          promptTokens: 2048,
          seconds: forecast("prefill", 1, 2048) / speedup,
        },
        {
          model: "llama-3.1-8b",
          phase: "decode",
          batch: 32,
          contextTokens: 1024,
          seconds: forecast("decode", 32, 1024) / speedup,
        },
      ],
    },
  };
}

describe("calibration check", () => {
  it("shows no error for a run equal to the forecast and +10% for one 10% faster", () => {
    for (const s of checkSteps(run(1))) expect(s.error).toBeCloseTo(0, 12);
    for (const s of checkSteps(run(1.1))) expect(s.error).toBeCloseTo(0.1, 12);
  });

  it("reports HBM and GEMM as shares of the catalog peaks, and an fp8 failure as missing", () => {
    const report = calibrationReport(run(1));
    expect(report).toMatch(/\| read \| 4\.30 TB\/s \| 89\.6% \|/); // 4.3 / 4.8 TB/s
    expect(report).toMatch(/\| 2048×14336×4096 \| 70\.0% \| — \|/);
    expect(report.match(/^\| llama-3\.1-8b (prefill|decode) \|/gm)).toHaveLength(2);
  });

  it("lists a step that failed on the GPU as failed, and power beside the catalog's max", () => {
    const m = run(1);
    m.power = { idleWatts: 120 };
    m.model.steps.push({
      model: "llama-3.1-8b",
      phase: "decode",
      batch: 64,
      contextTokens: 4096,
      error: "OutOfMemoryError: CUDA out of memory",
    });
    m.model.steps[1].watts = 490;
    const report = calibrationReport(m);
    expect(checkSteps(m)).toHaveLength(2);
    expect(report).toMatch(/\| llama-3\.1-8b decode \| 64 \| 4096 \| failed: OutOfMemoryError/);
    expect(report).toMatch(/\| idle, CUDA context up \| 120 W \| 17\.1% \|/); // of 700 W
    expect(report).toMatch(/\| llama-3\.1-8b decode batch 32 at 1024 \| 490 W \| 70\.0% \|/);
  });

  it("reads the committed H200 measurement: every step timed and forecast", () => {
    const measured = JSON.parse(
      readFileSync(new URL("../bench/calibration/h200-2026-11-28.json", import.meta.url), "utf8"),
    ) as Measurements;
    expect(measured.machine.gpu).toMatch(/H200/);
    const checks = checkSteps(measured);
    expect(checks).toHaveLength(measured.model.steps.length);
    for (const c of checks) expect(Number.isFinite(c.error) && c.predictedSeconds > 0).toBe(true);
  });
});
