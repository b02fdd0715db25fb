/**
 * Peak RSS of one whole run (generation, event loop, statistics) of the event-loop bench scenario
 * in a fresh process: `node dist/bench/peak-rss.js <requests>` prints it as JSON. A process that
 * has run before keeps freed JavaScript memory mapped (the allocator does not return it at once),
 * so repeated runs in one process overstate what one run needs.
 */
import { setUpDesign } from "../src/designs/index.js";
import { summarise } from "../src/metrics/summary.js";
import { parseScenario } from "../src/scenario/load.js";
import { resolveModel } from "../src/scenario/model.js";
import { runPools } from "../src/sim/run-pool.js";
import { generateWorkload } from "../src/workload/generate.js";
import { metricsInputOf, scenario } from "./simulate.js";

/** 80% of the capacity bench/simulate.ts measures for this design (28.3 requests/s). */
const ratePerSecond = 22.6;

const requests = Number(process.argv[2]);
const { scenario: parsed } = await parseScenario(scenario({ kind: "poisson", ratePerSecond }, requests));
const model = await resolveModel(parsed.model);
const table = generateWorkload(parsed.workload);
const setup = setUpDesign(parsed.designs[0], { model: model.spec, datatypes: parsed.datatypes }, Infinity, "designs.0");
const metrics = summarise(metricsInputOf(parsed, table, setup, runPools(table, setup)));
console.log(
  JSON.stringify({ requests, finished: metrics.finished, maxRssBytes: process.resourceUsage().maxRSS * 1024 }),
);
