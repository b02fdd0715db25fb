/**
 * The full default comparison (`npm start`): every built-in design searched to its frontier for
 * Llama 3.1 70B and DeepSeek-R1 × chat and agent, every frontier point confirmed by the event loop.
 * Run ROUNDS times, each in a fresh process as `npm start` runs (module loading, kernel compile and
 * cold caches included), on the one thread that runs it: wall time and the process's CPU time
 * (which a shared machine's load inflates less). Where the time goes: the analytic search alone
 * (spaces and scoring, timed apart in this process on the same cases) and the rest, the event-loop
 * confirmation runs.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as catalog from "../src/catalog/index.js";
import { defaultDesigns, defaultModels, defaultSlo, defaultWorkloads } from "../src/designs/default-scenario.js";
import { meanLengths, scoreCandidates } from "../src/search/score.js";
import { designSpace } from "../src/search/space.js";
import { Workload } from "../src/workload/schema.js";
import { formatSpread, spread } from "./spread.js";
import type { SuiteResult } from "./suite-result.js";

const ROUNDS = 5;

const seconds = (since: number) => (performance.now() - since) / 1000;

/** One comparison in a fresh process: its wall and CPU seconds and what it ran. */
interface Round {
  seconds: number;
  cpuSeconds: number;
  scored: number;
  runs: number;
  points: number;
}

const compareModule = pathToFileURL(join(import.meta.dirname, "..", "src", "api", "compare.js")).href;
const roundScript = `
const since = performance.now();
const { compare } = await import(${JSON.stringify(compareModule)});
const result = await compare();
const frontiers = result.cases.flatMap((c) => c.frontiers ?? []);
const cpu = process.cpuUsage();
console.log(JSON.stringify({
  seconds: (performance.now() - since) / 1000,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  scored: frontiers.reduce((n, f) => n + f.searched.scored, 0),
  runs: frontiers.reduce((n, f) => n + f.searched.sentToEventLoop, 0),
  points: frontiers.reduce((n, f) => n + f.points.length, 0),
}));`;

function round(): Round {
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", roundScript], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`compare failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Round;
}

function analyticSeconds(): number {
  const since = performance.now();
  for (const id of defaultModels) {
    const entry = catalog.model(id);
    for (const name of ["chat", "agent"] as const) {
      const lengths = meanLengths(Workload.parse(defaultWorkloads[name](1, 1)));
      for (const template of defaultDesigns) {
        const space = designSpace(template, entry.spec, 32_768, entry.meta.releasedWeights);
        scoreCandidates(space.candidates, {
          model: entry.spec,
          releasedWeights: entry.meta.releasedWeights,
          slo: defaultSlo,
          lengths,
          basis: "mw",
        });
      }
    }
  }
  return seconds(since);
}

export async function benchCompare(): Promise<SuiteResult[]> {
  const analytic = analyticSeconds();
  const rounds = Array.from({ length: ROUNDS }, round);
  const wall = spread(rounds.map((r) => r.seconds));
  const cpu = spread(rounds.map((r) => r.cpuSeconds));
  const { scored, runs, points } = rounds[0];
  console.log(
    `compare, ${ROUNDS} fresh processes: wall ${formatSpread(wall, 1)}, CPU ${formatSpread(cpu, 1)} ` +
      `(analytic search ${analytic.toFixed(1)} s, ${scored} points scored; the rest the event loop, ` +
      `${runs} points confirmed, ${points} on the frontiers)`,
  );
  return [
    {
      suite: "compare",
      name: "default comparison (npm start)",
      opsPerSecond: 1 / wall.median,
      relativeMarginOfError: 0,
      samples: ROUNDS,
      medianSeconds: wall.median,
      minSeconds: wall.min,
      maxSeconds: wall.max,
      timings: wall.samples,
      cpuMedianSeconds: cpu.median,
      cpuTimings: cpu.samples,
      analyticSeconds: analytic,
      eventLoopSeconds: wall.median - analytic,
      pointsScored: scored,
      pointsSentToEventLoop: runs,
      frontierPoints: points,
    },
  ];
}
