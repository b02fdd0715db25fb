// `npm run layouts`: regenerates the committed layout sources from scripts/layouts/table.mjs
// (the AssemblyScript constants and accessors, the layout echo and the TypeScript lists). The
// build does not run it: it reads the committed files, so test/layout-generated.test.ts fails
// when the table was edited and this was not run.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedSources } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
for (const [path, contents] of generatedSources()) {
  const file = join(root, path);
  let current = null;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // a file not yet generated
  }
  // unchanged files keep their timestamps, so watchers and incremental builds stay quiet
  if (current !== contents) {
    writeFileSync(file, contents);
    console.log(`wrote ${path}`);
  }
}
