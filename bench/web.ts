/**
 * `npm run bench:web`: what a page downloads, gzipped (the WASM kernel, the explorer's main-thread
 * and worker scripts, the single-file browser bundle), and the default explorer page loaded five
 * times in headless Chromium (a cold load, then reloads): load → first comparison shown, → first
 * design's frontier estimate, → every design's estimate (the first frontiers of the case), →
 * every design's confirmed frontier. Writes bench/results/web.json; docs/performance.md quotes it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { preview } from "vite";
import { spread } from "./spread.js";
import { launch } from "./web-chromium.js";

const root = join(import.meta.dirname, "..", "..");
const assets = join(root, "web", "dist", "assets");
if (!existsSync(assets)) throw new Error("web/dist is missing: run `npm run build:web` first (npm run bench:web does)");

const sizeOf = (path: string) => {
  const bytes = readFileSync(path);
  return { file: basename(path), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
};
const files = readdirSync(assets).map((f) => sizeOf(join(assets, f)));
// the explorer's main thread loads index-* and, while the first run computes, charts-*; the workers the rest
const group = (test: (f: string) => boolean) => files.filter((f) => test(f.file) && f.file.endsWith(".js"));
const total = (xs: { bytes: number; gzipBytes: number }[]) => ({
  bytes: xs.reduce((s, x) => s + x.bytes, 0),
  gzipBytes: xs.reduce((s, x) => s + x.gzipBytes, 0),
});
const mainThread = group((f) => f.startsWith("index-") || f.startsWith("charts-"));
const worker = group((f) => !f.startsWith("index-") && !f.startsWith("charts-"));

/** Milliseconds since navigation at which one load of the default page reached each stage. */
interface LoadTimes {
  firstComparison: number;
  firstEstimate: number;
  allEstimated: number;
  allConfirmed: number;
}
const LOADS = 5;

async function loadTimes(): Promise<LoadTimes[]> {
  const browser = await launch();
  const server = await preview({
    configFile: join(root, "web", "vite.config.ts"),
    logLevel: "warn",
    preview: { host: "127.0.0.1", port: 0, open: false },
  });
  const page = await browser.context.newPage();
  const samples: LoadTimes[] = [];
  try {
    for (let i = 0; i < LOADS; i++) {
      if (i === 0) await page.goto(server.resolvedUrls!.local[0]);
      else await page.reload();
      // every design confirmed, and the page's own first run shown
      const times = await page.waitForFunction(
        () => {
          const h = (
            globalThis as unknown as {
              infercast?: {
                firstResultMilliseconds?: number;
                frontiers: {
                  firstEstimateMilliseconds?: number;
                  allEstimatedMilliseconds?: number;
                  allConfirmedMilliseconds?: number;
                };
              };
            }
          ).infercast;
          const f = h?.frontiers;
          if (!h?.firstResultMilliseconds || !f?.allConfirmedMilliseconds) return null;
          return {
            firstComparison: h.firstResultMilliseconds,
            firstEstimate: f.firstEstimateMilliseconds!,
            allEstimated: f.allEstimatedMilliseconds!,
            allConfirmed: f.allConfirmedMilliseconds,
          };
        },
        undefined,
        { timeout: 600_000, polling: 100 },
      );
      samples.push((await times.jsonValue()) as LoadTimes);
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  return samples;
}

const samples = await loadTimes();
/** Median and range, in milliseconds since navigation. */
const summary = (key: keyof LoadTimes) => spread(samples.map((s) => s[key]));

const report = {
  date: new Date().toISOString(),
  wasm: files.find((f) => f.file.endsWith(".wasm")),
  explorer: { mainThread: { ...total(mainThread), files: mainThread }, worker: { ...total(worker), files: worker } },
  browserBundle: sizeOf(join(root, "dist", "browser", "infercast.js")),
  /** The default page (Llama 3.1 70B, chat, nine designs), milliseconds since navigation: the first load cold, then reloads. */
  loadMilliseconds: {
    firstComparison: summary("firstComparison"),
    firstEstimate: summary("firstEstimate"),
    allEstimated: summary("allEstimated"),
    allConfirmed: summary("allConfirmed"),
  },
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
console.log(`\nthe default page, ${LOADS} loads (the first cold), milliseconds since navigation:`);
for (const [stage, s] of Object.entries(report.loadMilliseconds))
  console.log(
    `  ${stage}: median ${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)}) of ${s.samples.map((x) => x.toFixed(0)).join(", ")}`,
  );
console.log("written to bench/results/web.json");
