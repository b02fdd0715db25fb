/**
 * `npm run bench`: runs the benchmark suites (the step kernel's timed by benchmark.js, whole runs
 * timed directly) and writes their figures to bench/results/latest.json with the machine they ran
 * on. docs/performance.md summarises them.
 */
import { writeFile, mkdir } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { benchCompare } from "./compare.js";
import { benchCliStart } from "./cli-start.js";
import { benchSimulate } from "./simulate.js";
import { benchStats } from "./stats.js";
import { benchStep } from "./step.js";
import { benchSweep } from "./sweep.js";
import { benchVidur } from "./vidur.js";
import type { SuiteResult } from "./suite-result.js";
import { benchWorkload } from "./workload.js";

const only = process.argv[2];
const suites: Record<string, () => Promise<SuiteResult[]>> = {
  step: benchStep,
  simulate: benchSimulate,
  vidur: benchVidur,
  sweep: benchSweep,
  workload: benchWorkload,
  compare: benchCompare,
  stats: benchStats,
  cli: benchCliStart,
};
const results: SuiteResult[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (only && only !== name) continue;
  console.log(`# ${name}`);
  results.push(...(await run()));
}
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  memoryBytes: totalmem(),
  results,
};
const dir = join(import.meta.dirname, "..", "..", "bench", "results");
await mkdir(dir, { recursive: true });
await writeFile(join(dir, only ? `${only}.json` : "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(`written to bench/results/${only ? `${only}.json` : "latest.json"}`);
