// Part of `npm run build:wasm`: writes build/kernel-url.js, the kernel's URL resolved next to the
// build output, so src/ and dist/src/ find the same build/release.wasm (imported as "#kernel-url").
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const build = join(dirname(fileURLToPath(import.meta.url)), "..", "build");
mkdirSync(build, { recursive: true });
writeFileSync(join(build, "kernel-url.js"), `export const kernelUrl = new URL("./release.wasm", import.meta.url);\n`);
writeFileSync(join(build, "kernel-url.d.ts"), "export declare const kernelUrl: URL;\n");
