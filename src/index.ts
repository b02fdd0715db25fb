/**
 * infercast: forecasts of LLM inference latency, throughput, energy and cost across hardware
 * designs, computed by WebAssembly kernels.
 */
export { estimateStep, capacity, uniformBatch, operatorNames, phases } from "./api/step.js";
export type { StepInput, StepEstimate, CapacityReport, OperatorCost, OperatorName, Bound, Phase } from "./api/step.js";
export { chips, systems, models, chip, system, model } from "./catalog/index.js";
export type { ModelEntry } from "./catalog/index.js";
export { datatypes, datatype, datatypeIds } from "./catalog/datatypes.js";
export type { Datatype } from "./catalog/datatypes.js";
export type { Chip, System, Figure, FigureKind, MemoryTier, Link, Topology } from "./catalog/schema.js";
export { loadHfConfig } from "./model/load.js";
export type { ModelSpec, LayerKind } from "./model/spec.js";
export { parameterCounts } from "./model/spec.js";
export { configure } from "./engine/configure.js";
export type { HardwareChoice, Layout, Configuration } from "./engine/configure.js";
export type { BatchAggregates } from "./engine/batch.js";
export { simulate, simulateFile } from "./api/simulate.js";
export type { SimulateOptions, SimulateProgress, SimulationResult, DesignResult, RequestRecords } from "./api/simulate.js";
export type { Metrics } from "./metrics/summary.js";
export type { Distribution } from "./metrics/percentiles.js";
export { Scenario, scenarioJsonSchema } from "./scenario/schema.js";
export type { ScenarioInput, Design, Pool, Scheduler, Workload, Slo } from "./scenario/schema.js";
export { loadScenario, parseScenario } from "./scenario/load.js";
export { generateWorkload } from "./workload/generate.js";
export type { RequestTable } from "./workload/table.js";
export { compare, verdict } from "./api/compare.js";
export type { CompareOptions } from "./api/compare.js";
export type { ComparisonResult, ComparisonCase, DesignVerdict, Binding, Budget } from "./api/compare-types.js";
export { energyAndCost, defaultEnergyOptions } from "./metrics/energy.js";
export type { EnergyOptions, EnergyCost, PoolUsage } from "./metrics/energy.js";
export { plan, meetsSlo } from "./api/plan.js";
export type { PlanInput, PlanRow } from "./api/plan.js";
export { sweep } from "./sweep/run.js";
export type { SweepOptions, SweepSummary } from "./sweep/run.js";
export { loadSweep, parseSweep } from "./sweep/schema.js";
export { paretoFrontiers } from "./sweep/pareto.js";
export { InputError } from "./errors.js";
