/** Options and output shared by CLI commands. */
import { Option, type Command } from "commander";
import { writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { chips, systems } from "../catalog/index.js";
import { overrideProblem, type HardwareOverrides, type OverrideField } from "../catalog/overrides.js";
import type { HardwareChoice } from "../engine/layout.js";
import { loadHfConfig } from "../model/load.js";
import { Economics, pricings } from "../scenario/schema.js";
import { InputError, terminalSafe } from "../errors.js";
import { tablesInColour } from "../report/colour.js";

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
    process.stdout.write(process.stdout.isTTY ? terminalSafe(whole, tablesInColour()) : whole);
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

/** Repeatable `<id>=<number>` flags, collected as written. */
const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * The economics flags: electricity, PUE, amortisation, pricing basis, datacenter space, and the
 * power and price overrides `--price <id>=<usd>`, `--rental <id>=<usd/h>`, `--power <id>=<watts>`
 * (repeatable; a chip id sets per-chip figures, a system id the system's own). Every command that
 * prices hardware registers these; `readEconomics` turns them into a scenario's `economics`.
 */
export function economicsOptions(command: Command): Command {
  return command
    .option("--pue <ratio>", "facility power usage effectiveness", numberArgument)
    .option("--usd-per-kwh <usd>", "electricity price", numberArgument)
    .option("--amortisation-years <years>", "years a purchase price is spread over", numberArgument)
    .addOption(new Option("--pricing <pricing>", "hardware price basis").choices(pricings))
    .option(
      "--datacenter-usd-per-kw-month <usd>",
      "space for purchased hardware, per kW of peak IT power",
      numberArgument,
    )
    .option("--price <id=usd>", "purchase price of a chip (each) or a system (whole); repeatable", collect)
    .option("--rental <id=usd/h>", "rental rate of a chip or a system per hour; repeatable", collect)
    .option("--power <id=watts>", "max power of a chip, or overhead power of a system; repeatable", collect);
}

/** `<id>=<number>` of flag `--name`, or a one-line error naming the flag and what it got. */
function readAssignment(flag: string, text: string): [string, number] {
  const at = text.indexOf("=");
  const id = text.slice(0, at).trim();
  const value = Number(text.slice(at + 1));
  if (at < 1 || text.slice(at + 1).trim() === "" || !Number.isFinite(value))
    throw new InputError(`--${flag}`, `expected <chip or system id>=<number>, got "${text}"`);
  return [id, value];
}

/** The field `--flag id=…` sets: --price purchaseUsd, --rental usdPerHour, --power maxWatts on a chip and overheadWatts on a system. */
function overrideField(flag: "price" | "rental" | "power", id: string): OverrideField {
  if (flag === "price") return "purchaseUsd";
  if (flag === "rental") return "usdPerHour";
  return systems.has(id) && !chips.has(id) ? "overheadWatts" : "maxWatts";
}

/** The economics the flags of {@link economicsOptions} give; fields not given stay undefined. */
export function readEconomics(o: Record<string, unknown>): Economics {
  const overrides: HardwareOverrides = {};
  for (const flag of ["price", "rental", "power"] as const) {
    for (const text of (o[flag] as string[] | undefined) ?? []) {
      const [id, value] = readAssignment(flag, text);
      const field = overrideField(flag, id);
      const override = { ...overrides[id], [field]: value };
      const problem = overrideProblem(id, override);
      if (problem) throw new InputError(`--${flag} ${id}`, problem[1]);
      overrides[id] = override;
    }
  }
  const economics = {
    pue: o.pue,
    usdPerKilowattHour: o.usdPerKwh,
    amortisationYears: o.amortisationYears,
    pricing: o.pricing,
    datacenterUsdPerKilowattMonth: o.datacenterUsdPerKwMonth,
    ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
  };
  const checked = Economics.safeParse(economics);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const key = String(issue.path[0]);
    throw new InputError(
      economicsFlags[key] ?? `economics.${issue.path.join(".")}`,
      `${issue.message}, got ${JSON.stringify(economics[key as keyof typeof economics])}`,
    );
  }
  return checked.data;
}

/** The flag of each economics field, for errors. */
const economicsFlags: Record<string, string> = {
  pue: "--pue",
  usdPerKilowattHour: "--usd-per-kwh",
  amortisationYears: "--amortisation-years",
  pricing: "--pricing",
  datacenterUsdPerKilowattMonth: "--datacenter-usd-per-kw-month",
};
