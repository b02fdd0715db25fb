/**
 * The part of the infercast API that runs anywhere: Node, a worker, a browser page. Nothing here
 * imports a Node built-in statically (test/portable.test.ts walks the graph); scenarios are
 * passed as objects and models as catalog ids or inline specs, and the WASM kernel is fetched
 * by URL with streaming compilation where there is no file system.
 */
export * from "./data.js";
export { estimateStep, capacity, uniformBatch, operatorNames, phases } from "./api/step.js";
export type { StepInput, StepEstimate, CapacityReport, OperatorCost, OperatorName, Bound, Phase } from "./api/step.js";
export { configure } from "./engine/configure.js";
export type { Configuration } from "./engine/configure.js";
export type { HardwareChoice, Layout } from "./engine/layout.js";
export type { BatchAggregates } from "./engine/batch.js";
export { simulate, simulateWithSetups } from "./api/simulate.js";
export type { SimulateOptions, SimulateProgress } from "./api/simulate.js";
export type { RequestRecords } from "./api/results.js";
export { headlineMetrics } from "./api/results.js";
export { parseScenario } from "./scenario/load.js";
export { generateWorkload } from "./workload/generate.js";
export type { RequestTable } from "./workload/table.js";
export type { RunSetup, PoolSetup } from "./sim/run-pool.js";
export { compare } from "./api/compare.js";
export type { CompareOptions } from "./api/compare.js";
export { searchedCase } from "./api/searched-case.js";
export { DEFAULT_LEVELS } from "./api/levels.js";
export { estimateFrontier } from "./api/frontier-estimate.js";
export type { EstimateOptions, EstimatedFrontier, EstimatedPoint } from "./api/frontier-estimate.js";
export { builtInScenarios } from "./api/built-in.js";
export type { BuiltInOptions, BuiltInCase, BuiltInScenarios, DesignSizing } from "./api/built-in.js";
export { verdict } from "./api/verdict.js";
export { energyAndCost, defaultEnergyOptions } from "./metrics/energy.js";
export type { EnergyOptions, EnergyCost, PoolUsage } from "./metrics/energy.js";
export { figureBounds, poolFigures } from "./metrics/figures.js";
export type { FigureBound, UsedFigure } from "./metrics/figures.js";
export { plan, meetsSlo } from "./api/plan.js";
export type { PlanInput, PlanRow } from "./api/plan.js";
export { parseSweep } from "./sweep/load.js";
export { paretoFrontiers } from "./sweep/pareto.js";
