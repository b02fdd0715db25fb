// Runs simulate() in a worker thread and posts its JSON, for the determinism test.
import { parentPort, workerData } from "node:worker_threads";
import { simulate } from "../../src/api/simulate.js";
import { simulationJson } from "../../src/report/simulation.js";

parentPort!.postMessage(simulationJson(await simulate(workerData)));
