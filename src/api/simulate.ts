/**
 * `simulate(scenario)`: runs every design of a scenario through the WASM event loop on the same
 * request stream and reports the serving metrics of each (the result types are in ./results.ts).
 */
import * as P from "#params";
import * as catalog from "../catalog/index.js";
import { chipBounds, hasEfficiencyRange, type EfficiencyCase } from "../catalog/efficiency.js";
import { InputError } from "../errors.js";
import { summarise } from "../metrics/summary.js";
import { setUpDesign } from "../designs/index.js";
import type { Configuration } from "../engine/configure.js";
import { energyAndCost, type EnergyCost, type PoolUsage } from "../metrics/energy.js";
import type { FigureBound } from "../metrics/figures.js";
import { formatZodIssue, parseScenario, loadScenario, type LoadedScenario } from "../scenario/load.js";
import { resolveModel } from "../scenario/model.js";
import { Economics, mergeEconomics, type Design, type Scenario, type ScenarioInput } from "../scenario/schema.js";
import {
  kvBlocksPerGroup,
  runPools,
  runPoolsYielding,
  type PoolRun,
  type RunLimits,
  type RunSetup,
} from "../sim/run-pool.js";
import { generateWorkload, closedLoopRequestsPerUser, maxRequests } from "../workload/generate.js";
import type { RequestTable } from "../workload/table.js";
import {
  headlineMetrics,
  type DesignMetrics,
  type DesignResult,
  type EnergyMetrics,
  type HeadlineMetrics,
  type MetricsRange,
  type PoolSummary,
  type RequestRecords,
  type SimulationResult,
} from "./results.js";

export interface SimulateProgress {
  design: string;
  /** Simulated seconds so far. */
  simulatedSeconds: number;
  /** Rough share of the run done (simulated time over the last scheduled arrival), when known. */
  fraction: number | null;
}

export interface SimulateOptions {
  /**
   * Folder that files named in the scenario (model config, trace) are read from: relative paths
   * only, and nothing outside it. Without one (the default) a scenario given as data reads no file
   * — what a service taking scenarios from its users wants (docs/security.md).
   */
  baseDir?: string;
  onProgress?: (progress: SimulateProgress) => void;
  /** Keep every request's times in the result (for CSV export). */
  perRequest?: boolean;
  /**
   * Also run every design with its ranged chips at the low and at the high end of their efficiency
   * ranges (same requests, same seed) and report the headline metrics of both runs in `range`
   * (docs/uncertainty.md).
   */
  uncertainty?: boolean;
  /** Economics laid over the scenario's own (`mergeEconomics`): e.g. the CLI's pricing flags and overrides. */
  economics?: Economics;
  /**
   * Stops the simulation: checked between slices of the event loop, which then hands the thread
   * back, so a timer's abort (`AbortSignal.timeout`) is seen. The promise rejects with the
   * signal's reason.
   */
  signal?: AbortSignal;
  /**
   * The most simulated steps one design's run may take (every replica's steps counted); past it
   * the run stops with an InputError on `maxSimulatedSteps`. A compute budget for services.
   */
  maxSimulatedSteps?: number;
}

const statusNames: Record<number, string> = {
  [P.STATUS_FINISHED]: "finished",
  [P.STATUS_REJECTED_CONTEXT]: "rejected-context-window",
  [P.STATUS_REJECTED_KV]: "rejected-kv-capacity",
  [P.STATUS_NOT_ISSUED]: "not-issued",
  [P.STATUS_PENDING]: "not-issued",
};

/** Simulates a scenario given as data (the same object a scenario file holds). */
export async function simulate(
  scenario: ScenarioInput | Scenario,
  options: SimulateOptions = {},
): Promise<SimulationResult> {
  return (await simulateWithSetups(scenario, options)).result;
}

/**
 * `simulate`, also returning the setup each design's nominal run used (its pools' configurations),
 * so that a verdict describes the step that was simulated rather than one rebuilt beside it.
 */
export async function simulateWithSetups(
  scenario: ScenarioInput | Scenario,
  options: SimulateOptions = {},
): Promise<{ result: SimulationResult; setups: RunSetup[] }> {
  return simulateLoaded(await parseScenario(scenario, options.baseDir), options);
}

/** Simulates a scenario file (JSON or YAML; Node only). */
export async function simulateFile(
  path: string,
  options: Omit<SimulateOptions, "baseDir"> = {},
): Promise<SimulationResult> {
  return (await simulateLoaded(await loadScenario(path), options)).result;
}

async function simulateLoaded(
  file: LoadedScenario,
  options: SimulateOptions,
): Promise<{ result: SimulationResult; setups: RunSetup[] }> {
  if (options.uncertainty !== undefined && typeof options.uncertainty !== "boolean") {
    throw new InputError("uncertainty", `must be true or false, got ${JSON.stringify(options.uncertainty)}`);
  }
  const cap = options.maxSimulatedSteps;
  if (cap !== undefined && (typeof cap !== "number" || !Number.isSafeInteger(cap) || cap < 1)) {
    throw new InputError("maxSimulatedSteps", `must be a whole number of steps ≥ 1, got ${JSON.stringify(cap)}`);
  }
  options.signal?.throwIfAborted();
  const scenario = withEconomics(file.scenario, options.economics);
  const loaded = { ...file, scenario };
  const model = await resolveModel(scenario.model, loaded.baseDir);
  const workload = scenario.workload;
  const baseTable = generateWorkload(workload, { traceRows: loaded.traceRows });
  const describe = describeWorkload(scenario, baseTable);
  const context: RunContext = { loaded, model, baseTable, workload: describe };
  const runs: { result: DesignResult; setup: RunSetup }[] = [];
  for (const [index, design] of scenario.designs.entries()) {
    const nominal = await runDesign(design, index, context, options, "nominal");
    if (!options.uncertainty) {
      runs.push(nominal);
      continue;
    }
    const bound = async (at: EfficiencyCase) =>
      (await runDesign(design, index, context, { ...options, perRequest: false }, at)).result.metrics;
    const range = await metricsRange(nominal.result, bound, nominal.energyAt);
    runs.push({ ...nominal, result: { ...nominal.result, range } });
  }
  const results = runs.map((r) => r.result);
  const result = {
    model: model.spec.id,
    workload: describe,
    requests: baseTable.count,
    seed: workload.seed,
    slo: scenario.slo,
    results,
  };
  return { result, setups: runs.map((r) => r.setup) };
}

/** The scenario with `economics` laid over its own, checked like a scenario file's. */
function withEconomics(scenario: Scenario, economics: Economics | undefined): Scenario {
  if (!economics) return scenario;
  const merged = mergeEconomics(scenario.economics, economics);
  const checked = Economics.safeParse(merged);
  if (!checked.success)
    throw formatZodIssue(checked.error.issues[0], { input: merged, schema: Economics }).within("economics");
  return { ...scenario, economics: checked.data };
}

function describeWorkload(scenario: Scenario, table: RequestTable): string {
  const a = scenario.workload.arrival;
  const rate = (r: number) => `${Number(r.toPrecision(3))}/s`;
  const arrival =
    a.kind === "poisson"
      ? `Poisson ${rate(a.ratePerSecond)}`
      : a.kind === "gamma"
        ? `gamma ${rate(a.ratePerSecond)} cv ${a.cv}`
        : a.kind === "closed"
          ? `closed loop ×${a.concurrency}`
          : a.kind === "burst"
            ? "burst"
            : "trace";
  return `${arrival}, ${table.count} requests${scenario.workload.sessions ? " in sessions" : ""}`;
}

interface RunContext {
  loaded: LoadedScenario;
  model: Awaited<ReturnType<typeof resolveModel>>;
  baseTable: RequestTable;
  workload: string;
}

const poolRoleNames = { mixed: "pool", prefill: "prefill", decode: "decode" } as const;

/**
 * The headline metrics at both ends of the design's ranges: the runs with its chips at the low and
 * the high end of their efficiency ranges, their power and price figures at the matching ends
 * (low efficiency with high watts and dollars). A design with no efficiency range is not rerun:
 * its nominal run is priced and powered at both ends of its figures' ranges.
 */
async function metricsRange(
  nominal: DesignResult,
  runAt: (at: EfficiencyCase) => Promise<DesignMetrics>,
  energyAt: (bound: FigureBound) => EnergyMetrics,
): Promise<MetricsRange> {
  const ranged = [...new Set(nominal.pools.map((p) => p.chip))]
    .sort()
    .map((id) => catalog.chip(id))
    .filter(hasEfficiencyRange);
  const figures = nominal.energyBasis.figures.filter((f) => f.range && f.range.low !== f.range.high);
  if (ranged.length === 0)
    return {
      pessimistic: headline({ ...nominal.metrics, ...energyAt("pessimistic") }),
      optimistic: headline({ ...nominal.metrics, ...energyAt("optimistic") }),
      chips: [],
      figures,
    };
  const pessimistic = headline(await runAt("low"));
  return {
    pessimistic,
    optimistic: headline(await runAt("high")),
    chips: ranged.map(chipBounds),
    figures,
  };
}

/** The power and price figures' end a run at an efficiency case counts: low efficiency goes with high watts and dollars. */
const boundOf: Record<EfficiencyCase, FigureBound> = { nominal: "nominal", low: "pessimistic", high: "optimistic" };

const headline = (m: DesignMetrics): HeadlineMetrics =>
  Object.fromEntries(headlineMetrics.map((key) => [key, structuredClone(m[key])])) as HeadlineMetrics;

async function runDesign(
  design: Design,
  index: number,
  context: RunContext,
  options: SimulateOptions,
  efficiency: EfficiencyCase,
): Promise<{ result: DesignResult; setup: RunSetup; energyAt: (bound: FigureBound) => EnergyMetrics }> {
  const { scenario } = context.loaded;
  const workload = scenario.workload;
  const setup = setUpDesign(
    design,
    {
      model: context.model.spec,
      releasedWeights: context.model.releasedWeights,
      datatypes: scenario.datatypes,
      efficiency,
    },
    workload.durationSeconds ?? Infinity,
    `designs.${index}`,
  );

  const lastArrival = lastOpenArrival(context.baseTable);
  const label = efficiency === "nominal" ? design.name : `${design.name} (${efficiency} efficiency)`;
  const progress = (now: number) =>
    options.onProgress?.({
      design: label,
      simulatedSeconds: now,
      fraction: lastArrival > 0 ? Math.min(1, now / lastArrival) : null,
    });

  // a closed loop bounded by a duration: generate more requests until the users never run out
  let table = context.baseTable;
  const limits: RunLimits = { maxSteps: options.maxSimulatedSteps, signal: options.signal, field: `designs.${index}` };
  const runOn = (requests: RequestTable) =>
    options.signal ? runPoolsYielding(requests, setup, progress, limits) : runPools(requests, setup, progress, limits);
  let run: PoolRun = await runOn(table);
  while (run.needMore) {
    if (workload.arrival.kind !== "closed") throw new Error("only a closed loop can run out of requests");
    const cap = table.count * 2;
    if (cap > maxRequests)
      throw new InputError(
        "workload.durationSeconds",
        `a closed loop of ${workload.arrival.concurrency} users over ${workload.durationSeconds} s needs more than ${maxRequests} requests`,
      );
    table = generateWorkload(workload, {
      traceRows: context.loaded.traceRows,
      requestsCap: Math.max(cap, workload.arrival.concurrency * closedLoopRequestsPerUser),
    });
    run = await runOn(table);
  }

  const poolNames = setup.pools.map((p) => poolRoleNames[p.role]);
  const chips = setup.pools.reduce((sum, p) => sum + p.config.count + (p.ffn?.config.count ?? 0), 0);
  const metrics = summarise({
    run,
    inputTokens: table.inputTokens,
    outputTokens: table.outputTokens,
    predecessor: table.predecessor,
    slo: scenario.slo,
    chips,
    kvBlocksPerReplica: setup.pools.map(kvBlocksPerGroup),
    openLoop: ["poisson", "gamma", "trace"].includes(workload.arrival.kind),
    poolNames,
  });
  const pools: PoolSummary[] = [];
  const usage: PoolUsage[] = [];
  setup.pools.forEach((pool, i) => {
    const { busyShare: busy, powerShare } = metrics.utilisation[i];
    pools.push(poolSummary(poolNames[i], pool.config, pool.kvBlocksPerReplica * pool.scheduler.blockTokens, busy));
    usage.push({
      chip: pool.config.chip,
      system: pool.config.system,
      chips: pool.config.count,
      busyShare: Math.min(1, busy),
      powerShare: Math.min(1, powerShare),
    });
    if (pool.ffn) {
      // the feed-forward chips work whenever their decode pool steps (their draw is taken at the
      // maximum: the step's compute share is tracked for the attention chips only)
      pools.push(poolSummary("decode-ffn", pool.ffn.config, null, busy));
      usage.push({
        chip: pool.ffn.config.chip,
        system: pool.ffn.config.system,
        chips: pool.ffn.config.count,
        busyShare: Math.min(1, busy),
      });
    }
  });
  const energyAt = (bound: FigureBound) =>
    energyAndCost(usage, metrics.outputTokensPerSecond, { ...scenario.economics, bound });
  const energy = energyAt(boundOf[efficiency]);
  const result: DesignResult = {
    design: design.name,
    kind: design.kind,
    model: context.model.spec.id,
    workload: context.workload,
    pools,
    requestsGenerated: table.count,
    metrics: {
      ...metrics,
      ...energyMetrics(energy),
    },
    energyBasis: energy.basis,
    warnings: [...new Set(setup.pools.flatMap((p) => [...p.config.warnings, ...(p.ffn?.config.warnings ?? [])]))],
    requests: options.perRequest ? records(table, run) : undefined,
  };
  return { result, setup, energyAt: (bound) => energyMetrics(energyAt(bound)) };
}

/** The energy and cost fields of a design's metrics. */
const energyMetrics = (e: EnergyCost): EnergyMetrics => ({
  powerWatts: e.powerWatts,
  facilityPowerWatts: e.facilityPowerWatts,
  joulesPerOutputToken: e.joulesPerOutputToken,
  outputTokensPerSecondPerKilowatt: e.outputTokensPerSecondPerKilowatt,
  outputTokensPerSecondPerMegawattFacility: e.outputTokensPerSecondPerMegawattFacility,
  usdPerHour: e.usdPerHour,
  usdPerMillionOutputTokens: e.usdPerMillionOutputTokens,
  hardwareUsdPerMillionOutputTokens: e.hardwareUsdPerMillionOutputTokens,
  energyUsdPerMillionOutputTokens: e.energyUsdPerMillionOutputTokens,
  datacenterUsdPerMillionOutputTokens: e.datacenterUsdPerMillionOutputTokens,
});

function poolSummary(
  role: string,
  c: Configuration,
  kvTokensPerReplica: number | null,
  utilisation: number,
): PoolSummary {
  return {
    role,
    chip: c.chip.id,
    system: c.system.id,
    chips: c.count,
    layout: c.layout,
    replicas: c.replicas,
    datatypes: {
      weights: c.datatypes.weights.id,
      activations: c.datatypes.activations.id,
      kv: c.datatypes.kv.id,
      compute: c.compute.datatype,
    },
    weightTier: c.chip.memory[c.memory.weightTier].name,
    kvTokensPerReplica,
    utilisation,
  };
}

function lastOpenArrival(table: RequestTable): number {
  for (let i = table.count - 1; i >= 0; i--) if (table.predecessor[i] < 0) return table.arrivalSeconds[i];
  return 0;
}

function records(table: RequestTable, run: PoolRun): RequestRecords {
  return {
    arrivalSeconds: run.arrivedAtSeconds,
    firstTokenSeconds: run.firstTokenSeconds,
    finishSeconds: run.finishSeconds,
    inputTokens: table.inputTokens,
    outputTokens: table.outputTokens,
    status: Array.from(run.status, (s) => statusNames[s] ?? `status-${s}`),
    preemptions: run.preemptions,
    replica: run.replicaOf,
    prefixHitTokens: run.prefixHitTokens,
  };
}
