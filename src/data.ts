/**
 * Everything of infercast but the engine: the catalog, the built-in designs, the scenario schema,
 * and the encodings and notes of results. A page that runs the engine in a worker imports this on
 * its main thread, so the WASM kernel is compiled once, in the worker (test/portable.test.ts
 * checks the kernel stays out of this graph).
 */
export { chips, systems, models, chip, system, model } from "./catalog/index.js";
export type { ModelEntry } from "./catalog/index.js";
export { datatypes, datatype, datatypeIds } from "./catalog/datatypes.js";
export type { Datatype } from "./catalog/datatypes.js";
export type {
  Chip,
  System,
  Figure,
  FigureKind,
  FigureRange,
  DatedFigure,
  Price,
  MemoryTier,
  Link,
  Topology,
  EfficiencyFigure,
  EfficiencyRange,
} from "./catalog/schema.js";
export { efficiencyCases, efficiencyAt, hasEfficiencyRange, chipBounds } from "./catalog/efficiency.js";
export type { EfficiencyCase, ChipBounds, BoundsApplied } from "./catalog/efficiency.js";
export type { ModelSpec, LayerKind } from "./model/spec.js";
export { parameterCounts } from "./model/spec.js";
export { Scenario, scenarioJsonSchema, mergeEconomics } from "./scenario/schema.js";
export type { ScenarioInput, Design, Pool, Scheduler, Slo, Economics, Pricing } from "./scenario/schema.js";
export { checkOverrides, chipOverrideFields, systemOverrideFields } from "./catalog/overrides.js";
export type { HardwareOverride, HardwareOverrides } from "./catalog/overrides.js";
export type { Workload } from "./workload/schema.js";
export {
  defaultModels,
  defaultWorkloads,
  defaultDesigns,
  defaultDatatypes,
  defaultSlo,
} from "./designs/default-scenario.js";
export type { DefaultWorkload, DesignTemplate } from "./designs/default-scenario.js";
export { budgets } from "./designs/sizing.js";
export type { Budget } from "./designs/sizing.js";
export type { ComparisonResult, ComparisonCase, DesignVerdict, Binding } from "./api/compare-types.js";
export type { SimulationResult, DesignResult, DesignMetrics, HeadlineMetrics, MetricsRange } from "./api/results.js";
export type { Metrics } from "./metrics/summary.js";
export type { Distribution } from "./metrics/percentiles.js";
export { comparisonCsv, comparisonJson } from "./report/comparison-data.js";
export { uncertaintyNotes, rangeSuffix, isRanged, chipStatusText } from "./report/uncertainty.js";
export { formatBytes, formatBytesPerSecond, formatFlopsPerSecond, formatWatts } from "./report/units.js";
export { InputError } from "./errors.js";
export { batchCap, designChips, layoutText, poolLayout } from "./api/design-layout.js";
