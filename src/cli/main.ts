#!/usr/bin/env node
/** The `infercast` command line. Bad input prints one clear line and exits 1; never a stack trace. */
import { Command, CommanderError } from "commander";
import { InputError, terminalSafe } from "../errors.js";

type Register = (program: Command) => void;

const sweepModule = async () => (await import("./sweep.js")).registerSweep;

/**
 * The module that registers each command, imported only when that command runs: `--version`
 * loads none of them, and `simulate` does not load the sweep, chart or schema code. In help
 * order; sweep.ts registers sweep, merge and pareto.
 */
const commands: Record<string, () => Promise<Register>> = {
  compare: async () => (await import("./compare.js")).registerCompare,
  step: async () => (await import("./step.js")).registerStep,
  catalog: async () => (await import("./catalog.js")).registerCatalog,
  simulate: async () => (await import("./simulate.js")).registerSimulate,
  schema: async () => (await import("./schema.js")).registerSchema,
  sweep: sweepModule,
  merge: sweepModule,
  pareto: sweepModule,
  plan: async () => (await import("./plan.js")).registerPlan,
};

/**
 * The modules this invocation needs: the named command's, none for a bare `--version`, and all
 * of them where commander lists the commands (help, no command, a misspelt one it suggests a
 * name for).
 */
function needed(args: string[]): (() => Promise<Register>)[] {
  const name = args.find((arg) => !arg.startsWith("-"));
  if (name !== undefined && Object.hasOwn(commands, name)) return [commands[name]];
  if (name === undefined && args.length > 0 && args.every((arg) => arg === "-V" || arg === "--version")) return [];
  return [...new Set(Object.values(commands))];
}

const program = new Command()
  .name("infercast")
  .description("Forecast LLM inference latency, throughput, energy and cost across hardware designs")
  .version("0.1.0")
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(terminalSafe(text)) });

try {
  const registers = await Promise.all(needed(process.argv.slice(2)).map((load) => load()));
  for (const register of registers) register(program);
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof InputError) {
    process.stderr.write(`infercast: ${terminalSafe(error.message)}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`infercast: internal error: ${terminalSafe(String((error as Error)?.message ?? error))}\n`);
    if (process.env.INFERCAST_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 2;
  }
}
