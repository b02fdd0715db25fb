/** `infercast schema`: the JSON Schema of scenario files, for editors. */
import type { Command } from "commander";
import { scenarioJsonSchema } from "../scenario/schema.js";
import { sweepJsonSchema } from "../sweep/schema.js";
import { writeOutput } from "./options.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of scenario (or sweep) files, for editor completion and validation")
    .option("--sweep", "the schema of sweep files instead")
    .option("--out <file>", "write to a file instead of standard output")
    .action(async (options: { sweep?: boolean; out?: string }) => {
      await writeOutput(JSON.stringify(options.sweep ? sweepJsonSchema() : scenarioJsonSchema(), null, 2), options.out);
    });
}
