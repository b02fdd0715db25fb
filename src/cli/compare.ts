/**
 * `infercast compare [scenario]`: without a scenario, every built-in design searched to its
 * frontier and the verdict at equal interactivity; with one, its designs side by side as written.
 */
import { Option, type Command } from "commander";
import { compare } from "../api/compare.js";
import { defaultWorkloads } from "../designs/default-scenario.js";
import { InputError } from "../errors.js";
import {
  comparisonCsv,
  comparisonHtml,
  comparisonJson,
  comparisonMarkdown,
  comparisonTable,
  comparisonVerdict,
} from "../report/comparison.js";
import { uncertaintyNotes } from "../report/uncertainty.js";
import { loadScenario } from "../scenario/load.js";
import { rankingBases, type RankingBasis } from "../search/score.js";
import { economicsOptions, formatOption, numberArgument, readEconomics, writeOutput } from "./options.js";
import { progressBar } from "./progress-bar.js";

const list = (value: string) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

const numbers = (value: string) => list(value).map((s) => numberArgument(s) as number);

/** The one line a retired flag answers with. */
const RETIRED: Record<string, string> = {
  budget:
    "--budget is retired: designs are compared along their frontiers at equal per-user speed; rank with --per mw|usd|chip and cap a deployment with --max-kw, --max-usd or --max-chips",
  requests: "--requests is retired: each frontier point runs as long as its steady state needs",
};

export function registerCompare(program: Command): void {
  const command = program
    .command("compare")
    .description(
      "which design gives the most output tokens per MW ($, chip) at the per-user speed you need: each built-in design searched to its frontier (or a scenario's designs as written)",
    )
    .argument("[scenario]", "scenario file (JSON or YAML); default: the built-in designs, searched")
    .addOption(formatOption(["table", "json", "csv", "md", "html"]))
    .option("--out <file>", "write to a file instead of standard output")
    .option("--detail", "also print the full tables (each design's frontier and its point at the headline level)")
    .option("--models <ids>", "comma-separated models", list)
    .option("--workloads <names>", `comma-separated workloads (${Object.keys(defaultWorkloads).join(", ")})`, list)
    .option(
      "--isl <tokens>",
      "fixed prompt length: one custom workload replaces chat and agent (with --osl)",
      numberArgument,
    )
    .option("--osl <tokens>", "fixed output length (with --isl)", numberArgument)
    .option("--designs <names>", "comma-separated designs of the built-in set", list)
    .option(
      "--ttft <seconds>",
      "TTFT target at the percentile: points missing it are excluded (default 2)",
      numberArgument,
    )
    .option("--no-ttft-filter", "keep points whatever their TTFT")
    .option("--tpot <seconds>", "TPOT target: 1 / TPOT becomes the headline level (default 0.05)", numberArgument)
    .option("--percentile <p>", "percentile of requests the TTFT target applies to (default 90)", numberArgument)
    .option("--levels <list>", "output tokens/s per user to compare at (default 20,50,100,200,500,1000)", numbers)
    .addOption(
      new Option("--per <basis>", "rank by output tokens/s per MW, per $/hour or per chip")
        .choices(rankingBases)
        .default("mw"),
    )
    .option("--max-kw <kW>", "cap: a design whose smallest unit draws more is reported as such", numberArgument)
    .option("--max-usd <usd/hour>", "cap on a deployment's hardware $/hour", numberArgument)
    .option("--max-chips <n>", "cap on a deployment's chips", numberArgument)
    .option(
      "--range",
      "also run each point with its ranged chips at low and at high efficiency; a margin inside that range reads 'within uncertainty'",
    )
    .option("--no-progress", "no progress bar (it is shown on a terminal only)")
    .addOption(new Option("--budget <budget>").hideHelp())
    .addOption(new Option("--requests <n>").hideHelp());
  economicsOptions(command).action(async (path: string | undefined, o: Record<string, unknown>) => {
    for (const [flag, message] of Object.entries(RETIRED))
      if (o[flag] !== undefined) throw new InputError(flag, message);
    const economics = readEconomics(o);
    const bar = await progressBar(o.progress, { format: "{label} [{bar}] {percentage}%", clearOnComplete: true });
    bar?.start(100, 0, { label: "" });
    try {
      const scenario = path ? (await loadScenario(path)).scenario : undefined;
      const result = await compare(scenario, {
        models: o.models as string[] | undefined,
        workloads: o.workloads as never,
        isl: o.isl as number | undefined,
        osl: o.osl as number | undefined,
        designs: o.designs as string[] | undefined,
        ttftSeconds: o.ttftFilter === false ? null : (o.ttft as number | undefined),
        tpotSeconds: o.tpot as number | undefined,
        percentile: o.percentile as number | undefined,
        levels: o.levels as number[] | undefined,
        per: o.per as RankingBasis,
        maxKilowatts: o.maxKw as number | undefined,
        maxUsdPerHour: o.maxUsd as number | undefined,
        maxChips: o.maxChips as number | undefined,
        economics,
        uncertainty: o.range === true,
        onProgress: (p) =>
          bar?.update(Math.round(100 * p.fraction), { label: `${p.model} ${p.workload} ${p.design}`.trim() }),
      });
      bar?.stop();
      const notes = uncertaintyNotes(result.results);
      const format = o.format as string;
      const searched = result.cases.some((c) => c.frontiers);
      const text =
        format === "json"
          ? comparisonJson(result)
          : format === "csv"
            ? comparisonCsv(result)
            : format === "md"
              ? comparisonMarkdown(result, notes)
              : format === "html"
                ? comparisonHtml(result, notes)
                : !searched
                  ? comparisonTable(result, notes)
                  : o.detail
                    ? `${comparisonVerdict(result)}\n\n${comparisonTable(result, notes)}`
                    : comparisonVerdict(result);
      await writeOutput(text, o.out as string | undefined);
    } finally {
      bar?.stop();
    }
  });
}
