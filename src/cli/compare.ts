/** `infercast compare [scenario]`: designs side by side; without a scenario, the built-in comparison. */
import { Option, type Command } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { compare } from "../api/compare.js";
import { budgets } from "../designs/sizing.js";
import { defaultWorkloads } from "../designs/default-scenario.js";
import { InputError } from "../errors.js";
import {
  comparisonCsv,
  comparisonHtml,
  comparisonJson,
  comparisonMarkdown,
  comparisonTable,
} from "../report/comparison.js";
import { uncertaintyNotes } from "../report/uncertainty.js";
import { loadScenario } from "../scenario/load.js";
import { economicsOptions, formatOption, numberArgument, readEconomics, writeOutput } from "./options.js";

const list = (value: string) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function registerCompare(program: Command): void {
  const command = program
    .command("compare")
    .description(
      "compare designs side by side (without a scenario: every design of the built-in set, sized to an equal budget)",
    )
    .argument("[scenario]", "scenario file (JSON or YAML); default: the built-in comparison")
    .addOption(
      new Option("--budget <budget>", "what the built-in designs are sized to").choices(budgets).default("power"),
    )
    .addOption(formatOption(["table", "json", "csv", "md", "html"]))
    .option("--out <file>", "write to a file instead of standard output")
    .option("--requests <n>", "requests per workload run (built-in comparison)", numberArgument, 2000)
    .option("--models <ids>", "comma-separated models (built-in comparison)", list)
    .option("--workloads <names>", `comma-separated workloads (${Object.keys(defaultWorkloads).join(", ")})`, list)
    .option("--designs <names>", "comma-separated designs of the built-in set", list)
    .option(
      "--range",
      "also run each design with its ranged chips at low and at high efficiency and show nominal (low–high)",
    )
    .option("--no-progress", "no progress bar (it is shown on a terminal only)");
  economicsOptions(command).action(async (path: string | undefined, o: Record<string, unknown>) => {
    const requests = o.requests as number;
    if (typeof requests !== "number" || !Number.isInteger(requests) || requests <= 0)
      throw new InputError("requests", `must be a positive integer, got ${JSON.stringify(requests)}`);
    const economics = readEconomics(o);
    const bar =
      o.progress && process.stderr.isTTY
        ? new SingleBar(
            { format: "{label} [{bar}] {percentage}%", stream: process.stderr, clearOnComplete: true },
            Presets.shades_classic,
          )
        : undefined;
    bar?.start(100, 0, { label: "" });
    try {
      const scenario = path ? (await loadScenario(path)).scenario : undefined;
      const result = await compare(scenario, {
        budget: o.budget as (typeof budgets)[number],
        requests,
        models: o.models as string[] | undefined,
        workloads: o.workloads as never,
        designs: o.designs as string[] | undefined,
        economics,
        uncertainty: o.range === true,
        onProgress: (p) =>
          bar?.update(Math.round(100 * (p.fraction ?? 0)), { label: `${p.model} ${p.workload} ${p.design}`.trim() }),
      });
      bar?.stop();
      const notes = uncertaintyNotes(result.results);
      const format = o.format as string;
      const text =
        format === "json"
          ? comparisonJson(result)
          : format === "csv"
            ? comparisonCsv(result)
            : format === "md"
              ? comparisonMarkdown(result, notes)
              : format === "html"
                ? comparisonHtml(result, notes)
                : comparisonTable(result, notes);
      await writeOutput(text, o.out as string | undefined);
    } finally {
      bar?.stop();
    }
  });
}
