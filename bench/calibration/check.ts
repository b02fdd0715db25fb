/**
 * `npm run calibrate:check -- <measurements.json>`: a run of bench/calibration/h200.py set against
 * the catalog's H200 entry. Prints, as Markdown: measured HBM bandwidth and GEMM FLOP/s as shares
 * of the catalog peaks (beside the fitted efficiencies), each measured model step beside
 * estimateStep's forecast for the same model, batch, context and datatypes, with the signed error,
 * and measured board power beside the catalog's idle and max watts and the power the engine draws for
 * that step (idle + (max − idle) × the step's power share). Steps that failed on the
 * GPU are listed as failed, never dropped.
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { chip } from "../../src/catalog/index.js";
import { estimateStep } from "../../src/api/step.js";
import type { Phase } from "../../src/api/step.js";

interface Timing {
  seconds: number;
  flopsPerSecond?: number;
  bytesPerSecond?: number;
}
export interface MeasuredStep {
  model: string;
  phase: Phase;
  batch: number;
  promptTokens?: number;
  contextTokens?: number;
  /** Absent when the step failed on the GPU (then `error` says why). */
  seconds?: number;
  /** Mean board power over the timed steps (NVML energy counter); null where NVML had none. */
  watts?: number | null;
  error?: string;
}
export interface Measurements {
  date: string;
  machine: { gpu: string };
  power?: { idleWatts: number | null };
  bandwidth: { copy: Timing; read: Timing };
  gemms: {
    model: string;
    tp: number;
    matrix: string;
    phase: Phase;
    m: number;
    k: number;
    n: number;
    bf16: Timing;
    fp8: Timing | { error: string };
  }[];
  model: {
    datatypes: { weights: string; activations: string; kv: string };
    steps: MeasuredStep[];
  };
}

export interface StepCheck {
  model: string;
  phase: Phase;
  batch: number;
  contextTokens: number;
  measuredSeconds: number;
  predictedSeconds: number;
  error: number;
  /** Share of the chip's idle-to-max power range the engine draws during the step. */
  powerShare: number;
}

/** Each measured step beside the forecast: error = predicted / measured − 1. */
export function checkSteps(m: Measurements, chipId = "nvidia-h200"): StepCheck[] {
  return m.model.steps
    .filter((s) => s.seconds !== undefined)
    .map((s) => {
      const contextTokens = s.phase === "prefill" ? s.promptTokens! : s.contextTokens!;
      const step = estimateStep({
        model: s.model,
        chip: chipId,
        count: 1,
        datatypes: m.model.datatypes,
        phase: s.phase,
        batch: s.batch,
        context: contextTokens,
      });
      const predictedSeconds = step.stepSeconds;
      return {
        model: s.model,
        phase: s.phase,
        batch: s.batch,
        contextTokens,
        measuredSeconds: s.seconds!,
        predictedSeconds,
        error: predictedSeconds / s.seconds! - 1,
        powerShare: step.powerShare,
      };
    });
}

const share = (x: number) => `${(100 * x).toFixed(1)}%`;

export function calibrationReport(m: Measurements, chipId = "nvidia-h200"): string {
  const c = chip(chipId);
  const hbm = c.memory.find((t) => t.role === "working")!.bytesPerSecond.value;
  const lines = [
    `# ${m.machine.gpu}, measured ${m.date}, against catalog entry ${c.id}`,
    "",
    `Fitted efficiencies in the catalog: compute ${c.efficiency.compute.value}, memory ${c.efficiency.memory.value}.`,
    "",
    "| HBM | measured | share of catalog peak |",
    "|---|---|---|",
    `| copy (read + write) | ${(m.bandwidth.copy.bytesPerSecond! / 1e12).toFixed(2)} TB/s | ${share(m.bandwidth.copy.bytesPerSecond! / hbm)} |`,
    `| read | ${(m.bandwidth.read.bytesPerSecond! / 1e12).toFixed(2)} TB/s | ${share(m.bandwidth.read.bytesPerSecond! / hbm)} |`,
    "",
    "| GEMM | m×k×n | bf16 share of peak | fp8 share of peak |",
    "|---|---|---|---|",
  ];
  for (const g of m.gemms) {
    const fp8 = "error" in g.fp8 ? "—" : share(g.fp8.flopsPerSecond! / c.computeFlopsPerSecond.fp8!.value);
    lines.push(
      `| ${g.model} tp${g.tp} ${g.matrix} ${g.phase} | ${g.m}×${g.k}×${g.n} | ${share(g.bf16.flopsPerSecond! / c.computeFlopsPerSecond.bf16!.value)} | ${fp8} |`,
    );
  }
  lines.push("", "| step | batch | context | measured | forecast | error |", "|---|---|---|---|---|---|");
  const checks = checkSteps(m, chipId);
  for (const s of checks) {
    lines.push(
      `| ${s.model} ${s.phase} | ${s.batch} | ${s.contextTokens} | ${(s.measuredSeconds * 1e3).toFixed(2)} ms | ${(s.predictedSeconds * 1e3).toFixed(2)} ms | ${s.error >= 0 ? "+" : ""}${(100 * s.error).toFixed(1)}% |`,
    );
  }
  for (const s of m.model.steps.filter((x) => x.seconds === undefined)) {
    lines.push(
      `| ${s.model} ${s.phase} | ${s.batch} | ${s.promptTokens ?? s.contextTokens} | failed: ${s.error ?? "no time recorded"} | | |`,
    );
  }
  const idle = c.power.idleWatts,
    max = c.power.maxWatts;
  const watts = (w: number | null | undefined) => (w === null || w === undefined ? "—" : `${w.toFixed(0)} W`);
  const ofMax = (w: number | null | undefined) => (w === null || w === undefined || !max ? "—" : share(w / max.value));
  const shares = c.power.memoryBoundShare
    ? `from ${share(c.power.memoryBoundShare.value)} of the range in a step without arithmetic to all of it once ${share(c.power.computeSaturationShare!.value)} of the step runs at the FLOP rate`
    : "all of the range whatever the step does";
  lines.push(
    "",
    `Catalog power: idle ${watts(idle?.value)} (${idle?.kind ?? "missing"}), max ${watts(max?.value)} (${max?.kind ?? "missing"}); a busy chip draws idle + (max − idle) × its step's power share, ${shares}.`,
    "",
    "| power | measured | share of catalog max | forecast | error |",
    "|---|---|---|---|---|",
    `| idle, CUDA context up | ${watts(m.power?.idleWatts)} | ${ofMax(m.power?.idleWatts)} | ${watts(idle?.value)} | |`,
  );
  for (const s of m.model.steps.filter((x) => x.watts !== undefined)) {
    const context = s.promptTokens ?? s.contextTokens;
    const check = checks.find(
      (k) => k.model === s.model && k.phase === s.phase && k.batch === s.batch && k.contextTokens === context,
    );
    const forecast = check && idle && max ? idle.value + (max.value - idle.value) * check.powerShare : null;
    const error =
      forecast !== null && s.watts
        ? `${forecast >= s.watts ? "+" : ""}${(100 * (forecast / s.watts - 1)).toFixed(1)}%`
        : "—";
    lines.push(
      `| ${s.model} ${s.phase} batch ${s.batch} at ${context} | ${watts(s.watts)} | ${ofMax(s.watts)} | ${watts(forecast)} | ${error} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = process.argv[2];
  if (!path) {
    console.error(
      "usage: npm run calibrate:check -- <measurements.json> (written by bench/calibration/h200.py on a GPU machine)",
    );
    process.exit(2);
  }
  process.stdout.write(calibrationReport(JSON.parse(await readFile(path, "utf8")) as Measurements));
}
