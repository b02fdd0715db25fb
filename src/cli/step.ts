/** `infercast step`: one forward step's time and breakdown. */
import { newTable } from "../report/table.js";
import type { Command } from "commander";
import { estimateStep, phases, type StepEstimate } from "../api/step.js";
import { formatBytes, formatCount, formatFlops, formatPercent, formatSeconds } from "../report/units.js";
import { hardwareOptions, readHardwareChoice, writeOutput, formatOption, numberArgument } from "./options.js";

export function registerStep(program: Command): void {
  hardwareOptions(
    program
      .command("step")
      .description("time of one forward step of a batch, with its breakdown per operator")
      .requiredOption("--phase <phase>", `prefill or decode (${phases.join(", ")})`)
      .option("--batch <n>", "sequences in the step", numberArgument, 1)
      .option("--context <tokens>", "prompt length (prefill) or context length (decode)", numberArgument, 1024),
  )
    .addOption(formatOption(["table", "json"]))
    .option("--out <file>", "write to a file instead of standard output")
    .action(async (options) => {
      const choice = await readHardwareChoice(options);
      const estimate = estimateStep({
        ...choice,
        phase: options.phase,
        batch: options.batch,
        context: options.context,
      });
      await writeOutput(
        options.format === "json" ? JSON.stringify(estimate, null, 2) : stepTable(estimate),
        options.out,
      );
    });
}

function stepTable(e: StepEstimate): string {
  const c = e.capacity;
  const lines = [
    `${c.model} on ${c.count} × ${c.chip} (${c.system}), tp ${c.layout.tp} × pp ${c.layout.pp} × ep ${c.layout.ep}, ` +
      `weights ${c.datatypes.weights}, activations ${c.datatypes.activations}, KV ${c.datatypes.kv}, computed in ${e.computeDatatype}`,
    `${e.phase} of ${e.batch} × ${e.contextTokens} tokens: step ${formatSeconds(e.stepSeconds)}, interval ${formatSeconds(e.intervalSeconds)}, ` +
      `${formatCount(e.tokensPerSecondPerReplica)} tokens/s per replica, ${e.bound}-bound`,
  ];
  const table = newTable([
    "operator",
    "time",
    "of it dispatch",
    "share",
    "FLOPs/chip",
    "memory/chip",
    "network/chip",
    "bound",
  ]);
  for (const o of e.operators) {
    if (o.seconds <= 0) continue;
    const memory = Object.entries(o.bytes)
      .map(([tier, b]) => `${formatBytes(b)} ${tier}`)
      .join(", ");
    const dispatch = o.dispatchSeconds > 0 ? formatSeconds(o.dispatchSeconds) : "";
    table.push([
      o.operator,
      formatSeconds(o.seconds),
      dispatch,
      formatPercent(o.seconds / e.stepSeconds),
      formatFlops(o.flops),
      memory,
      o.networkBytes ? formatBytes(o.networkBytes) : "",
      o.bound,
    ]);
  }
  lines.push(table.toString());
  lines.push(
    `memory per chip: ${formatBytes(c.weightBytesPerChip)} weights + ${formatBytes(c.activationBytesPerChip)} activations in ${c.weightTier}, ` +
      `${formatBytes(c.kvBytesPerChip)} left for KV (${formatCount(c.kvTokensPerReplica)} tokens per replica` +
      // under DEP each attention group holds its own sequences' share
      (c.layout.ep > 1
        ? `, ${formatCount(c.kvTokensPerReplica / c.layout.ep)} per attention group of ${c.layout.ep})`
        : ")"),
  );
  for (const warning of e.warnings) lines.push(`warning: ${warning}`);
  return lines.join("\n");
}
