// Writes the layout files generated from scripts/layouts/table.mjs (committed, since the WASM
// build reads them) and build/params.js, the constants TypeScript imports as "#params".
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedSources, paramsModule } from "./generate.mjs";

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
  if (current !== contents) writeFileSync(file, contents);
}
mkdirSync(join(root, "build"), { recursive: true });
const params = paramsModule();
writeFileSync(join(root, "build", "params.js"), params.js);
writeFileSync(join(root, "build", "params.d.ts"), params.dts);
// The kernel's URL, resolved next to the build output so src/ and dist/src/ find the same file.
writeFileSync(
  join(root, "build", "kernel-url.js"),
  `export const kernelUrl = new URL("./release.wasm", import.meta.url);\n`,
);
writeFileSync(join(root, "build", "kernel-url.d.ts"), `export declare const kernelUrl: URL;\n`);
