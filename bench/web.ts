/**
 * `npm run bench:web`: what a page downloads, gzipped (the WASM kernel, the explorer's main-thread
 * and worker scripts, the single-file browser bundle), and the load → first-comparison times the
 * browser tests recorded (test-results/browser/first-comparison.json, from `npm run test:browser`).
 * Writes bench/results/web.json; docs/performance.md quotes it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";

const root = join(import.meta.dirname, "..", "..");
const assets = join(root, "web", "dist", "assets");
if (!existsSync(assets)) throw new Error("web/dist is missing: run `npm run build:web` first (npm run bench:web does)");

const sizeOf = (path: string) => {
  const bytes = readFileSync(path);
  return { file: basename(path), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
};
const files = readdirSync(assets).map((f) => sizeOf(join(assets, f)));
// the explorer's main thread loads index-* and, while the first run computes, charts-*; the worker the rest
const group = (test: (f: string) => boolean) => files.filter((f) => test(f.file) && f.file.endsWith(".js"));
const total = (xs: { bytes: number; gzipBytes: number }[]) => ({
  bytes: xs.reduce((s, x) => s + x.bytes, 0),
  gzipBytes: xs.reduce((s, x) => s + x.gzipBytes, 0),
});
const mainThread = group((f) => f.startsWith("index-") || f.startsWith("charts-"));
const worker = group((f) => !f.startsWith("index-") && !f.startsWith("charts-"));
const timings = join(root, "test-results", "browser", "first-comparison.json");

const report = {
  date: new Date().toISOString(),
  wasm: files.find((f) => f.file.endsWith(".wasm")),
  explorer: { mainThread: { ...total(mainThread), files: mainThread }, worker: { ...total(worker), files: worker } },
  browserBundle: sizeOf(join(root, "dist", "browser", "infercast.js")),
  firstComparison: existsSync(timings) ? JSON.parse(readFileSync(timings, "utf8")) : null,
};
await mkdir(join(root, "bench", "results"), { recursive: true });
await writeFile(join(root, "bench", "results", "web.json"), `${JSON.stringify(report, null, 2)}\n`);

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log("| what | bytes | gzipped |\n|---|---|---|");
console.log(`| WASM kernel | ${kb(report.wasm!.bytes)} | ${kb(report.wasm!.gzipBytes)} |`);
console.log(
  `| explorer, main thread JS | ${kb(report.explorer.mainThread.bytes)} | ${kb(report.explorer.mainThread.gzipBytes)} |`,
);
console.log(`| explorer, worker JS | ${kb(report.explorer.worker.bytes)} | ${kb(report.explorer.worker.gzipBytes)} |`);
console.log(
  `| infercast/browser bundle (kernel inlined) | ${kb(report.browserBundle.bytes)} | ${kb(report.browserBundle.gzipBytes)} |`,
);
if (report.firstComparison)
  console.log(
    `\nload → first comparison: median ${report.firstComparison.medianMilliseconds.toFixed(0)} ms of ${report.firstComparison.samplesMilliseconds.map((x: number) => x.toFixed(0)).join(", ")}`,
  );
else console.log("\n(no load timings: run `npm run test:browser` first)");
console.log("written to bench/results/web.json");
