/** `infercast sweep`, `merge` and `pareto`: design-space sweeps on all cores, sharded over machines, and their frontiers. */
import type { Command } from "commander";
import { readResults, mergeResults } from "../sweep/jsonl.js";
import { paretoFrontiers, type SweepLine } from "../sweep/pareto.js";
import { sweepCsv } from "../sweep/csv.js";
import { sweep } from "../sweep/run.js";
import { loadSweep } from "../sweep/load.js";
import { parseShard } from "../sweep/space.js";
import { paretoHtml } from "../report/pareto.js";
import { paretoTable } from "../report/pareto-text.js";
import { mergeEconomics, type Economics } from "../scenario/schema.js";
import { terminalSafe } from "../errors.js";
import { economicsOptions, formatOption, numberArgument, readEconomics, writeOutput } from "./options.js";
import { progressBar } from "./progress-bar.js";

export function registerSweep(program: Command): void {
  const sweepCommand = program
    .command("sweep")
    .description("evaluate every point of a sweep file on worker threads, streaming JSONL (resumable, shardable)")
    .argument("<sweep>", "sweep file (JSON or YAML): a base scenario and axes")
    .requiredOption("--out <file>", "JSONL results file")
    .option("--workers <n>", "worker threads (default: every core)", numberArgument)
    .option("--resume", "continue an interrupted sweep from its output file")
    .option("--shard <i/n>", "run only the points whose index % n = i (for batch schedulers)")
    .option("--csv <file>", "also write the results as CSV when the sweep ends")
    .option("--max-steps <n>", "cap on simulated steps per design run of a point (simulate mode)", numberArgument)
    .option("--no-progress", "no progress bar (it is shown on a terminal only)");
  economicsOptions(sweepCommand).action(
    async (
      path: string,
      o: {
        out: string;
        workers?: number;
        resume?: boolean;
        shard?: string;
        csv?: string;
        maxSteps?: number;
        progress: boolean;
      },
    ) => {
      const { spec, baseDir } = await loadSweep(path);
      // the flags become part of the base scenario, so a resumed or sharded sweep is told them again or differs
      spec.base.economics = mergeEconomics(spec.base.economics as Economics | undefined, readEconomics(o));
      const bar = await progressBar(o.progress, {
        format: "sweep [{bar}] {percentage}% | {value}/{total} points | {failed} failed | ETA {eta_formatted}",
        etaBuffer: 50,
      });
      let started = false;
      const summary = await sweep(spec, {
        out: o.out,
        baseDir,
        workers: o.workers as number | undefined,
        resume: o.resume,
        shard: o.shard ? parseShard(o.shard) : undefined,
        maxSimulatedSteps: o.maxSteps,
        onProgress: ({ done, total, failed }) => {
          if (!bar) return;
          if (!started) {
            bar.start(total, done, { failed });
            started = true;
          }
          bar.update(done, { failed });
        },
      });
      bar?.stop();
      if (o.csv) await writeOutput(sweepCsv((await readResults(o.out)).lines as SweepLine[]), o.csv, "csv");
      process.stderr.write(
        `${summary.points} points (${summary.skipped} already done, ${summary.evaluated} evaluated, ${summary.failed} failed) in ${summary.seconds.toFixed(1)} s → ${o.out}\n`,
      );
    },
  );

  program
    .command("merge")
    .description("join the JSONL of sweep shards into one file, sorted by point")
    .argument("<out>", "merged JSONL file")
    .argument("<shards...>", "shard JSONL files")
    .option("--force", "merge even where a shard is cut off or from another sweep (leaving those lines out or in)")
    .action(async (out: string, shards: string[], o: { force?: boolean }) => {
      const merged = await mergeResults(shards, out, { force: o.force });
      const notes = [
        ...(merged.duplicates.length
          ? [`${merged.duplicates.length} points differed between shards (first kept)`]
          : []),
        ...merged.truncated.map((t) => `cut-off point left out: ${t}`),
        ...merged.foreign.map((f) => `from another sweep: ${f}`),
      ];
      process.stderr.write(
        terminalSafe(`${merged.points} points, ${merged.lines} lines → ${out}${notes.map((n) => `; ${n}`).join("")}\n`),
      );
    });

  program
    .command("pareto")
    .description(
      "Pareto frontiers of two metrics of sweep results: one per group and per workload, searching the other inputs",
    )
    .argument("<results>", "sweep JSONL")
    .option(
      "--x <metric>",
      "metric across, with :max or :min for which way is better (default max)",
      "outputTokensPerSecondPerUser",
    )
    .option("--y <metric>", "metric up, with :max or :min", "outputTokensPerSecondPerChip")
    .option(
      "--group-by <fields>",
      "one frontier per value of these comma-separated fields: design, an input path or its last segments (chip, pool.tp, datatypes); none for one frontier",
      "design",
    )
    .addOption(formatOption(["table", "json", "html"]))
    .option("--out <file>", "write to a file instead of standard output")
    .action(async (path: string, o: { x: string; y: string; groupBy: string; format: string; out?: string }) => {
      const { lines } = await readResults(path);
      const groupBy = o.groupBy === "none" ? [] : o.groupBy.split(",").map((field) => field.trim());
      const frontiers = paretoFrontiers(lines as SweepLine[], { x: o.x, y: o.y, groupBy });
      if (o.format === "json")
        return writeOutput(
          JSON.stringify(
            frontiers.map(({ dominated, ...f }) => ({ ...f, dominatedPoints: dominated.length })),
            null,
            2,
          ),
          o.out,
        );
      if (o.format === "html") return writeOutput(paretoHtml(frontiers), o.out);
      await writeOutput(paretoTable(frontiers), o.out);
    });
}
