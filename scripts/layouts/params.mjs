// `npm run build:params`, the build's first step: writes build/params.js and its types, every
// constant of scripts/layouts/table.mjs, which TypeScript imports as "#params". Not committed.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { paramsModule } from "./generate.mjs";

const build = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "build");
mkdirSync(build, { recursive: true });
const params = paramsModule();
writeFileSync(join(build, "params.js"), params.js);
writeFileSync(join(build, "params.d.ts"), params.dts);
