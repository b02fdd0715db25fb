/** Options and output shared by CLI commands. */
import { Option, type Command } from "commander";
import { writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import type { HardwareChoice } from "../engine/layout.js";
import { loadHfConfig } from "../model/load.js";
import { InputError, terminalSafe } from "../errors.js";

export type OutputFormat = "table" | "json" | "csv" | "md" | "html";

/**
 * Decimal numbers (`8`, `-1.5`, `2e3`) become numbers; anything else (`0x8`, `Infinity`, `ten`) is
 * passed through as text so validation can name it.
 */
export const numberArgument = (value: string): number | string => {
  const n = Number(value);
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value) && Number.isFinite(n) ? n : value;
};

export const formatOption = (formats: OutputFormat[]): Option =>
  new Option("--format <format>", "output format").choices(formats).default(formats[0]);

/** --model, --chip/--system, --count, --tp/--pp/--ep and datatypes. */
export function hardwareOptions(command: Command): Command {
  return command
    .requiredOption("--model <id|config.json>", "catalog model id, or a path to a Hugging Face config.json")
    .option("--chip <id>", "catalog chip id (uses its default system)")
    .option("--system <id>", "catalog system id")
    .option("--count <chips>", "chips in the pool (a multiple of tp × pp × ep)", numberArgument)
    .option("--tp <n>", "tensor-parallel degree", numberArgument, 1)
    .option("--pp <n>", "pipeline stages", numberArgument, 1)
    .option("--ep <n>", "expert-parallel degree (MoE)", numberArgument, 1)
    .option("--weights <datatype>", "weight datatype")
    .option("--activations <datatype>", "activation datatype")
    .option("--kv <datatype>", "KV cache datatype");
}

export async function readHardwareChoice(options: Record<string, unknown>): Promise<HardwareChoice> {
  const modelArg = String(options.model);
  const model = modelArg.endsWith(".json") || existsSync(modelArg) ? await loadHfConfig(modelArg) : modelArg;
  return {
    model,
    chip: options.chip as string | undefined,
    system: options.system as string | undefined,
    count: options.count as number | undefined,
    tp: options.tp as number,
    pp: options.pp as number,
    ep: options.ep as number,
    datatypes: {
      weights: options.weights as string | undefined,
      activations: options.activations as string | undefined,
      kv: options.kv as string | undefined,
    },
  };
}

/**
 * Writes a command's output to `file`, or to standard output (with control characters shown
 * escaped where that is a terminal). A file that cannot be written is one line naming it.
 */
export async function writeOutput(text: string, file?: string, field = "out"): Promise<void> {
  const whole = text.endsWith("\n") ? text : `${text}\n`;
  if (!file) {
    process.stdout.write(process.stdout.isTTY ? terminalSafe(whole) : whole);
    return;
  }
  try {
    await writeFile(file, whole);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = {
      ENOENT: "its folder does not exist",
      EISDIR: "it is a directory",
      ENOSPC: "no space left on the device",
      EACCES: "permission denied",
      EROFS: "read-only file system",
    };
    throw new InputError(field, `cannot write ${file} (${reasons[code ?? ""] ?? code ?? "write failed"})`);
  }
}
