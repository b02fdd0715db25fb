/**
 * infercast: forecasts of LLM inference latency, throughput, energy and cost across hardware
 * designs, computed by WebAssembly kernels.
 */
export * from "./portable.js";
// reading files and running worker pools need Node
export { loadHfConfig } from "./model/load.js";
export { simulateFile } from "./api/simulate.js";
export { loadScenario } from "./scenario/load.js";
export { sweep } from "./sweep/run.js";
export { loadSweep } from "./sweep/load.js";
export type { SweepOptions, SweepSummary } from "./sweep/run.js";
