/**
 * `sweep`: evaluates every point of a sweep (or one shard of it) on a persistent pool of worker
 * threads, appending JSONL as batches finish. Resumable: points already in the output file are
 * skipped, a line cut off by a kill is dropped. Shards (`i/n`) are deterministic slices, so any
 * batch scheduler can spread a sweep over machines and `mergeResults` joins them.
 */
import { createHash } from "node:crypto";
import { appendFile, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { compileKernel } from "../engine/kernel.js";
import { InputError } from "../errors.js";
import { maxTraceFileBytes, readScenarioFile } from "../file-access.js";
import { namesModelFile } from "../scenario/model.js";
import { headerText, readResults, truncateTo, type SweepHeader } from "./jsonl.js";
import type { EvaluatedBatch } from "./points.js";
import type { SweepSpec } from "./schema.js";
import { shardOf, sweepSpace } from "./space.js";

export interface SweepOptions {
  /** JSONL file the results go to. */
  out: string;
  /** Directory relative paths in the sweep's base scenario resolve against (and must stay inside). */
  baseDir?: string;
  /** Worker threads (default: every core; at most {@link maxWorkers}). */
  workers?: number;
  /** Continue a sweep whose output file exists, skipping the points it holds. */
  resume?: boolean;
  /** Run only this slice: points whose index % of === index. */
  shard?: { index: number; of: number };
  /**
   * Anything else that changes the results and is not in `spec` (options given on a command
   * line): it goes into the sweep's identity, so a resume with other overrides is refused.
   * Overrides already applied to `spec.base` are covered by the spec itself.
   */
  overrides?: Record<string, unknown>;
  /** Stops the sweep: no new batch starts, the pool is shut, and the promise rejects with the reason. */
  signal?: AbortSignal;
  /** Cap on simulated steps per design run of a point (simulate mode): past it the point is written as failed. */
  maxSimulatedSteps?: number;
  onProgress?: (progress: { done: number; total: number; failed: number }) => void;
}

export interface SweepSummary {
  /** Points in this run's slice. */
  points: number;
  /** Points already in the output file when a resumed run started. */
  skipped: number;
  /** Points evaluated by this run. */
  evaluated: number;
  /** Points written with an error (infeasible layout, bad value) — counted, not lost. */
  failed: number;
  seconds: number;
}

/** The most worker threads a sweep starts: each holds its own kernel and heap (tens of MB). */
export const maxWorkers = Math.max(4, 2 * availableParallelism());

/** JSON with object keys sorted, so equal values always give the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A sweep's identity: SHA-256 of the sweep (its base scenario, axes, sampling and mode, defaults
 * filled) and of any overrides from the command line. Shards share it; a results file records it
 * in its header, and resume and merge compare it.
 */
export function sweepIdentity(
  spec: SweepSpec,
  overrides: Record<string, unknown> = {},
  files: Record<string, string> = {},
): string {
  // a sweep that names no file keeps the identity it had before files were counted
  const what = Object.keys(files).length > 0 ? { spec, overrides, files } : { spec, overrides };
  return createHash("sha256").update(canonical(what)).digest("hex");
}

/** Scenario fields that may name a file, whose contents are part of what a sweep's results mean. */
const fileFields: Record<string, (value: string) => boolean> = {
  model: namesModelFile,
  "workload.arrival.path": () => true,
};

/**
 * The files the sweep's scenarios name (a model config, a trace), each with the SHA-256 of its
 * contents, read as the points will read them; a file that cannot be read counts as its error,
 * which every point naming it reports too. Without a `baseDir` no file is read.
 */
async function referencedFiles(spec: SweepSpec, baseDir: string | undefined): Promise<Record<string, string>> {
  if (baseDir === undefined) return {};
  const named = new Set<string>();
  const at = (value: unknown, path: string) =>
    path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
  for (const [path, isFile] of Object.entries(fileFields)) {
    const values = [at(spec.base, path)];
    for (const axis of spec.axes) if (axis.path === path && "values" in axis) values.push(...axis.values);
    for (const v of values) if (typeof v === "string" && isFile(v)) named.add(v);
  }
  const files: Record<string, string> = {};
  for (const name of [...named].sort()) {
    try {
      const text = await readScenarioFile(baseDir, name, maxTraceFileBytes, "sweep");
      files[name] = createHash("sha256").update(text).digest("hex");
    } catch (error) {
      files[name] = `unreadable: ${(error as Error).message}`;
    }
  }
  return files;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** The worker's JavaScript: beside this module once built; from the TypeScript sources (tests), the build's. */
async function workerFile(): Promise<string> {
  const beside = fileURLToPath(new URL("./worker.js", import.meta.url));
  return (await exists(beside)) ? beside : fileURLToPath(new URL("../../dist/src/sweep/worker.js", import.meta.url));
}

const writeProblem = (out: string, error: unknown) =>
  new InputError(
    "out",
    `cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? "write failed"}); the points written before are kept: free the space or fix the path, then run again with --resume`,
  );

/**
 * Opens the output for this sweep: a new file gets the header; an existing one (with `resume`)
 * must be a regular file holding this sweep's header, and is cut back to its last whole point.
 * Returns the points already done.
 */
export async function openOutput(out: string, header: SweepHeader, resume: boolean | undefined): Promise<Set<number>> {
  let info: Awaited<ReturnType<typeof stat>> | undefined;
  try {
    info = await stat(out);
  } catch {
    info = undefined;
  }
  if (info !== undefined) {
    if (!info.isFile())
      throw new InputError("out", `${out} is not a regular file (a directory, device or pipe); choose a file`);
    if (!resume) throw new InputError("out", `${out} exists; pass --resume to continue it, or choose another file`);
    const previous = await readResults(out);
    if (previous.header === undefined && previous.lines.length === 0) {
      // empty, or only a cut-off header: start it again
      await writeAll(() => writeFile(out, headerText(header)), out);
      return new Set();
    }
    if (previous.header?.id !== header.id) {
      throw new InputError(
        "out",
        `${out} holds ${previous.header ? "results of another sweep" : "results with no sweep header"} (its sweep file, base scenario or overrides differ); resume only the file this sweep wrote, or choose another file`,
      );
    }
    await writeAll(() => truncateTo(out, previous.validBytes), out);
    return previous.indices;
  }
  await writeAll(() => writeFile(out, headerText(header), { flag: "wx" }), out);
  return new Set();
}

async function writeAll(write: () => Promise<void>, out: string): Promise<void> {
  try {
    await write();
  } catch (error) {
    throw writeProblem(out, error);
  }
}

export async function sweep(spec: SweepSpec, options: SweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const space = sweepSpace(spec);
  const shard = options.shard ?? { index: 0, of: 1 };
  const workers = options.workers ?? Math.min(availableParallelism(), maxWorkers);
  if (typeof workers !== "number" || !Number.isInteger(workers) || workers < 1 || workers > maxWorkers)
    throw new InputError("workers", `must be a whole number from 1 to ${maxWorkers}, got ${workers}`);
  options.signal?.throwIfAborted();
  // a step cap changes which points fail, so it is part of what the file holds
  const overrides =
    options.maxSimulatedSteps === undefined
      ? options.overrides
      : { ...options.overrides, maxSimulatedSteps: options.maxSimulatedSteps };
  const files = await referencedFiles(spec, options.baseDir);
  const header: SweepHeader = { id: sweepIdentity(spec, overrides, files), points: space.count, format: 1 };
  const done = await openOutput(options.out, header, options.resume);
  const todo: number[] = [];
  let points = 0;
  for (let i = 0; i < space.count; i++) {
    if (!shardOf(i, shard)) continue;
    points++;
    if (!done.has(i)) todo.push(i);
  }
  const batchSize = spec.mode === "simulate" ? 4 : 2000;
  const pool = new Piscina({
    filename: await workerFile(),
    minThreads: workers,
    maxThreads: workers,
    workerData: {
      spec,
      baseDir: options.baseDir,
      maxSimulatedSteps: options.maxSimulatedSteps,
      kernelModule: await compileKernel(),
    },
  });
  let evaluated = 0;
  let failed = 0;
  let failure: { error: unknown } | undefined;
  // one writer: appends are chained, so a batch's points land whole and never interleave with another's
  let writing = Promise.resolve();
  const abort = () => {
    failure ??= { error: options.signal?.reason };
  };
  options.signal?.addEventListener("abort", abort);
  try {
    // a bounded number of batches in flight; each finished batch is one append, so a point is never split
    const inFlight = new Set<Promise<void>>();
    for (let at = 0; at < todo.length && failure === undefined; at += batchSize) {
      const batch = todo.slice(at, at + batchSize);
      const task: Promise<void> = pool
        .run(batch, { signal: options.signal })
        .then(async (result: EvaluatedBatch) => {
          if (failure !== undefined) return;
          writing = writing.then(() => appendFile(options.out, result.lines));
          try {
            await writing;
          } catch (error) {
            throw writeProblem(options.out, error);
          }
          evaluated += batch.length;
          failed += result.failed;
          options.onProgress?.({ done: evaluated + (points - todo.length), total: points, failed });
        })
        .catch((error: unknown) => {
          failure ??= { error };
        });
      inFlight.add(task);
      task.finally(() => inFlight.delete(task));
      if (inFlight.size >= 2 * workers) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    options.signal?.removeEventListener("abort", abort);
    await pool.destroy();
  }
  if (failure !== undefined) throw failure.error;
  return { points, skipped: points - todo.length, evaluated, failed, seconds: (performance.now() - started) / 1000 };
}
