/**
 * Starts the compare worker, and the run the page's URL asks for, before the page's own modules
 * (catalog, charts) evaluate: main.ts imports this first, so the engine loads while they do.
 */
import type { RunRequest } from "./protocol.js";

export const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
export const firstRunId = 1;
worker.postMessage({ id: firstRunId, query: location.search } satisfies RunRequest);
