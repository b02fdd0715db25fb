/** `infercast schema`: the JSON Schema of scenario files, for editors. */
import type { Command } from "commander";
import { scenarioJsonSchema } from "../scenario/schema.js";
import { writeOutput } from "./options.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of scenario files (for editor completion and validation)")
    .option("--out <file>", "write to a file instead of standard output")
    .action(async (options: { out?: string }) => {
      await writeOutput(JSON.stringify(scenarioJsonSchema(), null, 2), options.out);
    });
}
