// bench/calibration/check: the comparison of an H200 run with the catalog. No measured file is in
// the repository yet, so these runs are built from the engine's own forecasts: a run that matches
// them must show 0% error, and one 10% faster must show the forecast 10% slow.
import { describe, expect, it } from "vitest";
import { calibrationReport, checkSteps, type Measurements } from "../bench/calibration/check.js";
import { estimateStep } from "../src/api/step.js";

const datatypes = { weights: "bf16", activations: "bf16", kv: "bf16" };
const forecast = (phase: "prefill" | "decode", batch: number, context: number) =>
  estimateStep({ model: "llama-3.1-8b", chip: "nvidia-h200", count: 1, datatypes, phase, batch, context }).stepSeconds;

function run(speedup: number): Measurements {
  return {
    date: "synthetic", machine: { gpu: "synthetic" },
    bandwidth: { copy: { seconds: 1, bytesPerSecond: 8.6e12 }, read: { seconds: 1, bytesPerSecond: 4.3e12 } },
    gemms: [{ model: "llama-3.1-8b", tp: 1, matrix: "down", phase: "prefill", m: 2048, k: 14336, n: 4096,
      bf16: { seconds: 1, flopsPerSecond: 0.7 * 989e12 }, fp8: { error: "RuntimeError: not supported" } }],
    model: {
      datatypes,
      steps: [
        { model: "llama-3.1-8b", phase: "prefill", batch: 1, promptTokens: 2048, seconds: forecast("prefill", 1, 2048) / speedup },
        { model: "llama-3.1-8b", phase: "decode", batch: 32, contextTokens: 1024, seconds: forecast("decode", 32, 1024) / speedup },
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
});
