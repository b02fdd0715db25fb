/** `infercast simulate <scenario>`: serving simulation of every design in a scenario file. */
import { Option, type Command } from "commander";
import { simulateFile, type SimulateProgress } from "../api/simulate.js";
import { requestsCsv, simulationCsv, simulationJson, simulationTable } from "../report/simulation.js";
import { uncertaintyNotes } from "../report/uncertainty.js";
import { economicsOptions, formatOption, numberArgument, readEconomics, writeOutput } from "./options.js";
import { progressBar } from "./progress-bar.js";

export function registerSimulate(program: Command): void {
  const command = program
    .command("simulate")
    .description("simulate serving a scenario's workload on each of its designs")
    .argument("<scenario>", "scenario file (JSON or YAML)")
    .addOption(formatOption(["table", "json", "csv"]))
    .option("--out <file>", "write to a file instead of standard output")
    .addOption(new Option("--requests-csv <file>", "also write every request's times as CSV"))
    .option(
      "--range",
      "also run each design with its ranged chips at low and at high efficiency and show nominal (low–high)",
    )
    .option("--max-steps <n>", "stop a design's run past this many simulated steps (a compute budget)", numberArgument)
    .option("--no-progress", "no progress bar (it is shown on a terminal only)");
  economicsOptions(command).action(
    async (
      path: string,
      options: {
        format: string;
        out?: string;
        requestsCsv?: string;
        range?: boolean;
        maxSteps?: number;
        progress: boolean;
      },
    ) => {
      const bar = await progressBar(options.progress, {
        format: "{design} [{bar}] {percentage}% | {simulated} simulated",
        clearOnComplete: true,
      });
      let current = "";
      const onProgress = (p: SimulateProgress) => {
        if (!bar) return;
        if (p.design !== current) {
          if (current) bar.stop();
          current = p.design;
          bar.start(100, 0, { design: p.design, simulated: "0 s" });
        }
        bar.update(Math.round(100 * (p.fraction ?? 0)), { simulated: `${p.simulatedSeconds.toFixed(0)} s` });
      };
      try {
        const result = await simulateFile(path, {
          onProgress,
          perRequest: options.requestsCsv !== undefined,
          uncertainty: options.range === true,
          economics: readEconomics(options),
          maxSimulatedSteps: options.maxSteps,
        });
        bar?.stop();
        if (options.requestsCsv) await writeOutput(requestsCsv(result), options.requestsCsv, "requests-csv");
        const text =
          options.format === "json"
            ? simulationJson({ ...result, results: result.results.map(({ requests: _, ...r }) => r) })
            : options.format === "csv"
              ? simulationCsv(result)
              : simulationTable(result, uncertaintyNotes(result.results));
        await writeOutput(text, options.out);
      } finally {
        bar?.stop();
      }
    },
  );
}
