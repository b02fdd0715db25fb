/**
 * The part of the infercast API that runs anywhere: Node, a worker, a browser page. Nothing here
 * imports a Node built-in statically (test/portable.test.ts walks the graph); scenarios are
 * passed as objects and models as catalog ids or inline specs, and the WASM kernel is fetched
 * by URL with streaming compilation where there is no file system.
 */
export { estimateStep, capacity, uniformBatch, operatorNames, phases } from "./api/step.js";
export type { StepInput, StepEstimate, CapacityReport, OperatorCost, OperatorName, Bound, Phase } from "./api/step.js";
export { chips, systems, models, chip, system, model } from "./catalog/index.js";
export type { ModelEntry } from "./catalog/index.js";
export { datatypes, datatype, datatypeIds } from "./catalog/datatypes.js";
export type { Datatype } from "./catalog/datatypes.js";
export type { Chip, System, Figure, FigureKind, MemoryTier, Link, Topology } from "./catalog/schema.js";
export type { EfficiencyFigure, EfficiencyRange } from "./catalog/schema.js";
export { efficiencyCases, efficiencyAt, hasEfficiencyRange, chipBounds } from "./catalog/efficiency.js";
export type { EfficiencyCase, ChipBounds, BoundsApplied } from "./catalog/efficiency.js";
export type { ModelSpec, LayerKind } from "./model/spec.js";
export { parameterCounts } from "./model/spec.js";
export { configure } from "./engine/configure.js";
export type { HardwareChoice, Layout, Configuration } from "./engine/configure.js";
export type { BatchAggregates } from "./engine/batch.js";
export { simulate } from "./api/simulate.js";
export type { SimulateOptions, SimulateProgress, SimulationResult, DesignResult, RequestRecords } from "./api/simulate.js";
export { headlineMetrics } from "./api/simulate.js";
export type { DesignMetrics, HeadlineMetrics, MetricsRange } from "./api/simulate.js";
export type { Metrics } from "./metrics/summary.js";
export type { Distribution } from "./metrics/percentiles.js";
export { Scenario, scenarioJsonSchema } from "./scenario/schema.js";
export type { ScenarioInput, Design, Pool, Scheduler, Workload, Slo } from "./scenario/schema.js";
export { parseScenario } from "./scenario/load.js";
export { generateWorkload } from "./workload/generate.js";
export type { RequestTable } from "./workload/table.js";
export { compare, verdict, builtInScenarios, defaultSlo } from "./api/compare.js";
export type { CompareOptions, BuiltInCase, BuiltInScenarios, DesignSizing } from "./api/compare.js";
export { defaultModels, defaultWorkloads, defaultDesigns, defaultDatatypes } from "./designs/default-scenario.js";
export type { DefaultWorkload, DesignTemplate } from "./designs/default-scenario.js";
export { budgets } from "./api/compare-types.js";
export type { ComparisonResult, ComparisonCase, DesignVerdict, Binding, Budget } from "./api/compare-types.js";
export { comparisonCsv, comparisonJson } from "./report/comparison-data.js";
export { energyAndCost, defaultEnergyOptions } from "./metrics/energy.js";
export type { EnergyOptions, EnergyCost, PoolUsage } from "./metrics/energy.js";
export { plan, meetsSlo } from "./api/plan.js";
export type { PlanInput, PlanRow } from "./api/plan.js";
export { parseSweep } from "./sweep/schema.js";
export { paretoFrontiers } from "./sweep/pareto.js";
export { InputError } from "./errors.js";
