#!/usr/bin/env node
/** The `infercast` command line. Bad input prints one clear line and exits 1; never a stack trace. */
import { Command, CommanderError } from "commander";
import { InputError, terminalSafe } from "../errors.js";
import { registerCatalog } from "./catalog.js";
import { registerCompare } from "./compare.js";
import { registerPlan } from "./plan.js";
import { registerSchema } from "./schema.js";
import { registerSimulate } from "./simulate.js";
import { registerStep } from "./step.js";
import { registerSweep } from "./sweep.js";

const program = new Command()
  .name("infercast")
  .description("Forecast LLM inference latency, throughput, energy and cost across hardware designs")
  .version("0.1.0")
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(terminalSafe(text)) });

registerCompare(program);
registerStep(program);
registerCatalog(program);
registerSimulate(program);
registerSchema(program);
registerSweep(program);
registerPlan(program);

try {
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
