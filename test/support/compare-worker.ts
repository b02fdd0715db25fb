// Runs compare() in a worker thread and posts its JSON, for the determinism test.
import { parentPort, workerData } from "node:worker_threads";
import { compare } from "../../src/api/compare.js";
import { comparisonJson } from "../../src/report/comparison.js";

parentPort!.postMessage(comparisonJson(await compare(undefined, workerData)));
