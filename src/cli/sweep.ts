/** `infercast sweep`, `merge` and `pareto`: design-space sweeps on all cores, sharded over machines, and their frontiers. */
import type { Command } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { readResults, mergeResults } from "../sweep/jsonl.js";
import { paretoFrontiers, type SweepLine } from "../sweep/pareto.js";
import { sweepCsv } from "../sweep/csv.js";
import { sweep } from "../sweep/run.js";
import { loadSweep } from "../sweep/load.js";
import { parseShard } from "../sweep/space.js";
import { newTable } from "../report/table.js";
import { paretoHtml } from "../report/pareto.js";
import { mergeEconomics, type Economics } from "../scenario/schema.js";
import { economicsOptions, formatOption, numberArgument, readEconomics, writeOutput } from "./options.js";

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
    .option("--no-progress", "no progress bar (it is shown on a terminal only)");
  economicsOptions(sweepCommand).action(
    async (
      path: string,
      o: { out: string; workers?: number; resume?: boolean; shard?: string; csv?: string; progress: boolean },
    ) => {
      const { spec, baseDir } = await loadSweep(path);
      // the flags become part of the base scenario, so a resumed or sharded sweep is told them again or differs
      spec.base.economics = mergeEconomics(spec.base.economics as Economics | undefined, readEconomics(o));
      const bar =
        o.progress && process.stderr.isTTY
          ? new SingleBar(
              {
                format: "sweep [{bar}] {percentage}% | {value}/{total} points | {failed} failed | ETA {eta_formatted}",
                stream: process.stderr,
                etaBuffer: 50,
              },
              Presets.shades_classic,
            )
          : undefined;
      let started = false;
      const summary = await sweep(spec, {
        out: o.out,
        baseDir,
        workers: o.workers as number | undefined,
        resume: o.resume,
        shard: o.shard ? parseShard(o.shard) : undefined,
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
      if (o.csv) await writeOutput(sweepCsv((await readResults(o.out)).lines as SweepLine[]), o.csv);
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
    .action(async (out: string, shards: string[]) => {
      const merged = await mergeResults(shards, out);
      process.stderr.write(
        `${merged.points} points, ${merged.lines} lines → ${out}${merged.duplicates.length ? `; ${merged.duplicates.length} points differed between shards (first kept)` : ""}\n`,
      );
    });

  program
    .command("pareto")
    .description("Pareto frontier per design of two metrics of sweep results (both maximised)")
    .argument("<results>", "sweep JSONL")
    .option("--x <metric>", "metric across", "outputTokensPerSecondPerUser")
    .option("--y <metric>", "metric up", "outputTokensPerSecondPerChip")
    .addOption(formatOption(["table", "json", "html"]))
    .option("--out <file>", "write to a file instead of standard output")
    .action(async (path: string, o: { x: string; y: string; format: string; out?: string }) => {
      const { lines } = await readResults(path);
      const frontiers = paretoFrontiers(lines as SweepLine[], o.x, o.y);
      if (o.format === "json") return writeOutput(JSON.stringify(frontiers, null, 2), o.out);
      if (o.format === "html") return writeOutput(paretoHtml(frontiers), o.out);
      const table = newTable(["design", o.x, o.y, "point", "inputs"]);
      for (const f of frontiers) {
        for (const p of f.frontier)
          table.push([
            f.design,
            p.x.toPrecision(4),
            p.y.toPrecision(4),
            p.index,
            Object.entries(p.inputs)
              .map(([k, v]) => `${k}=${v}`)
              .join("\n"),
          ]);
      }
      await writeOutput(table.toString(), o.out);
    });
}
