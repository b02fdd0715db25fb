/**
 * The full default comparison (`npm start`): every built-in design searched to its frontier for
 * Llama 3.1 70B and DeepSeek-R1 × chat and agent, every frontier point confirmed by the event loop.
 * Timed once, on the thread that runs it (one core), with where the time goes: the analytic
 * search alone (spaces and scoring, timed apart on the same cases) and the rest, the event-loop
 * confirmation runs.
 */
import * as catalog from "../src/catalog/index.js";
import { compare } from "../src/api/compare.js";
import { defaultDesigns, defaultModels, defaultSlo, defaultWorkloads } from "../src/designs/default-scenario.js";
import { meanLengths, scoreCandidates } from "../src/search/score.js";
import { designSpace } from "../src/search/space.js";
import { Workload } from "../src/workload/schema.js";
import type { SuiteResult } from "./suite-result.js";

const seconds = (since: number) => (performance.now() - since) / 1000;

export async function benchCompare(): Promise<SuiteResult[]> {
  let since = performance.now();
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
  const analytic = seconds(since);
  since = performance.now();
  const result = await compare();
  const total = seconds(since);
  const frontiers = result.cases.flatMap((c) => c.frontiers ?? []);
  const runs = frontiers.reduce((n, f) => n + f.searched.sentToEventLoop, 0);
  const points = frontiers.reduce((n, f) => n + f.points.length, 0);
  const scored = frontiers.reduce((n, f) => n + f.searched.scored, 0);
  console.log(
    `compare: ${total.toFixed(1)} s (analytic search ${analytic.toFixed(1)} s, ${scored} points scored; ` +
      `event loop ${(total - analytic).toFixed(1)} s, ${runs} points confirmed, ${points} on the frontiers)`,
  );
  return [
    {
      suite: "compare",
      name: "default comparison (npm start)",
      opsPerSecond: 1 / total,
      relativeMarginOfError: 0,
      samples: 1,
      seconds: total,
      analyticSeconds: analytic,
      eventLoopSeconds: total - analytic,
      pointsScored: scored,
      pointsSentToEventLoop: runs,
      frontierPoints: points,
    },
  ];
}
