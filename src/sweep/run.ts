/**
 * `sweep`: evaluates every point of a sweep (or one shard of it) on a persistent pool of worker
 * threads, appending JSONL as batches finish. Resumable: points already in the output file are
 * skipped, a line cut off by a kill is dropped. Shards (`i/n`) are deterministic slices, so any
 * batch scheduler can spread a sweep over machines and `mergeResults` joins them.
 */
import { appendFile, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { compileKernel } from "../engine/kernel.js";
import { InputError } from "../errors.js";
import { readResults, truncateTo } from "./jsonl.js";
import type { EvaluatedBatch } from "./points.js";
import type { SweepSpec } from "./schema.js";
import { shardOf, sweepSpace } from "./space.js";

export interface SweepOptions {
  /** JSONL file the results go to. */
  out: string;
  /** Directory relative paths in the sweep's base scenario resolve against. */
  baseDir?: string;
  /** Worker threads (default: every core). */
  workers?: number;
  /** Continue a sweep whose output file exists, skipping the points it holds. */
  resume?: boolean;
  /** Run only this slice: points whose index % of === index. */
  shard?: { index: number; of: number };
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

export async function sweep(spec: SweepSpec, options: SweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const space = sweepSpace(spec);
  const shard = options.shard ?? { index: 0, of: 1 };
  let done = new Set<number>();
  if (await exists(options.out)) {
    if (!options.resume)
      throw new InputError("out", `${options.out} exists; pass --resume to continue it, or choose another file`);
    const previous = await readResults(options.out);
    done = previous.indices;
    await truncateTo(options.out, previous.validBytes);
  } else {
    await writeFile(options.out, "");
  }
  const todo: number[] = [];
  let points = 0;
  for (let i = 0; i < space.count; i++) {
    if (!shardOf(i, shard)) continue;
    points++;
    if (!done.has(i)) todo.push(i);
  }
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1)
    throw new InputError("workers", `must be a positive integer, got ${workers}`);
  const batchSize = spec.mode === "simulate" ? 4 : 2000;
  const pool = new Piscina({
    filename: await workerFile(),
    minThreads: workers,
    maxThreads: workers,
    workerData: { spec, baseDir: options.baseDir ?? ".", kernelModule: await compileKernel() },
  });
  let evaluated = 0;
  let failed = 0;
  // one writer: appends are chained, so a batch's points land whole and never interleave with another's
  let writing = Promise.resolve();
  try {
    // a bounded number of batches in flight; each finished batch is one append, so a point is never split
    const inFlight = new Set<Promise<void>>();
    for (let at = 0; at < todo.length; at += batchSize) {
      const batch = todo.slice(at, at + batchSize);
      const task: Promise<void> = pool.run(batch).then(async (result: EvaluatedBatch) => {
        writing = writing.then(() => appendFile(options.out, result.lines));
        await writing;
        evaluated += batch.length;
        failed += result.failed;
        options.onProgress?.({ done: evaluated + (points - todo.length), total: points, failed });
      });
      inFlight.add(task);
      task.finally(() => inFlight.delete(task));
      if (inFlight.size >= 2 * workers) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.destroy();
  }
  return { points, skipped: points - todo.length, evaluated, failed, seconds: (performance.now() - started) / 1000 };
}
