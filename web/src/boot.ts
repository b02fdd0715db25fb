/**
 * Starts the engine workers, with the run and the frontier search the page's URL asks for, before
 * the page's own modules (catalog, charts) evaluate: main.ts imports this first, so the engine
 * loads while they do. Both are the same script; the search gets a worker of its own because it
 * takes seconds, and the page's runs must not wait for it.
 */
import type { FrontierRequest, RunRequest } from "./protocol.js";

const engineWorker = () => new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
export const worker = engineWorker();
export const frontierWorker = engineWorker();
export const firstRunId = 1;
worker.postMessage({ id: firstRunId, query: location.search } satisfies RunRequest);
frontierWorker.postMessage({ kind: "frontiers", query: location.search } satisfies FrontierRequest);
