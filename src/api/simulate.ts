/**
 * `simulate(scenario)`: runs every design of a scenario through the WASM event loop on the same
 * request stream and reports the serving metrics of each.
 */
import * as P from "#params";
import { InputError } from "../errors.js";
import { summarise, type Metrics } from "../metrics/summary.js";
import { setUpPool } from "../designs/pool.js";
import { parseScenario, loadScenario, type LoadedScenario } from "../scenario/load.js";
import { resolveModel } from "../scenario/model.js";
import type { Design, Scenario, ScenarioInput } from "../scenario/schema.js";
import { runPool, type PoolRun } from "../sim/run-pool.js";
import { generateWorkload, closedLoopRequestsPerUser } from "../workload/generate.js";
import type { RequestTable } from "../workload/table.js";

export interface SimulateProgress {
  design: string;
  /** Simulated seconds so far. */
  simulatedSeconds: number;
  /** Rough share of the run done (simulated time over the last scheduled arrival), when known. */
  fraction: number | null;
}

export interface SimulateOptions {
  /** Directory relative paths (model config, trace) resolve against; defaults to the working directory. */
  baseDir?: string;
  onProgress?: (progress: SimulateProgress) => void;
  /** Keep every request's times in the result (for CSV export). */
  perRequest?: boolean;
}

/** Every request of one design's run, as columns. Times in seconds; NaN where not reached. */
export interface RequestRecords {
  arrivalSeconds: Float64Array;
  firstTokenSeconds: Float64Array;
  finishSeconds: Float64Array;
  inputTokens: Int32Array;
  outputTokens: Int32Array;
  status: string[];
  preemptions: Int32Array;
  replica: Int32Array;
  prefixHitTokens: Int32Array;
}

export interface DesignResult {
  design: string;
  kind: Design["kind"];
  model: string;
  chip: string;
  system: string;
  layout: { tp: number; pp: number; ep: number };
  replicas: number;
  kvTokensPerReplica: number;
  /** Requests in the table this design ran: more than the scenario's when a closed loop needed more. */
  requestsGenerated: number;
  metrics: Metrics;
  warnings: string[];
  requests?: RequestRecords;
}

export interface SimulationResult {
  model: string;
  requests: number;
  seed: number;
  slo: Scenario["slo"];
  results: DesignResult[];
}

const statusNames: Record<number, string> = {
  [P.STATUS_FINISHED]: "finished",
  [P.STATUS_REJECTED_CONTEXT]: "rejected-context-window",
  [P.STATUS_REJECTED_KV]: "rejected-kv-capacity",
  [P.STATUS_NOT_ISSUED]: "not-issued",
  [P.STATUS_PENDING]: "not-issued",
};

/** Simulates a scenario given as data (the same object a scenario file holds). */
export async function simulate(scenario: ScenarioInput | Scenario, options: SimulateOptions = {}): Promise<SimulationResult> {
  return simulateLoaded(await parseScenario(scenario, options.baseDir ?? "."), options);
}

/** Simulates a scenario file (JSON or YAML; Node only). */
export async function simulateFile(path: string, options: Omit<SimulateOptions, "baseDir"> = {}): Promise<SimulationResult> {
  return simulateLoaded(await loadScenario(path), options);
}

async function simulateLoaded(loaded: LoadedScenario, options: SimulateOptions): Promise<SimulationResult> {
  const { scenario } = loaded;
  const model = await resolveModel(scenario.model, loaded.baseDir);
  const workload = scenario.workload;
  const baseTable = generateWorkload(workload, { traceRows: loaded.traceRows });
  const results = scenario.designs.map((design, index) =>
    runDesign(design, index, { loaded, model, baseTable }, options),
  );
  return { model: model.spec.id, requests: baseTable.count, seed: workload.seed, slo: scenario.slo, results };
}

interface RunContext {
  loaded: LoadedScenario;
  model: Awaited<ReturnType<typeof resolveModel>>;
  baseTable: RequestTable;
}

function runDesign(design: Design, index: number, context: RunContext, options: SimulateOptions): DesignResult {
  const { scenario } = context.loaded;
  const workload = scenario.workload;
  const field = `designs.${index}`;
  const setup = setUpPool(design.pool, design.scheduler, {
    model: context.model.spec,
    releasedWeights: context.model.releasedWeights,
    datatypes: scenario.datatypes,
    issueUntilSeconds: workload.durationSeconds ?? Infinity,
  }, `${field}.pool`);

  const lastArrival = lastOpenArrival(context.baseTable);
  const progress = (now: number) =>
    options.onProgress?.({ design: design.name, simulatedSeconds: now, fraction: lastArrival > 0 ? Math.min(1, now / lastArrival) : null });

  // a closed loop bounded by a duration: generate more requests until the users never run out
  let table = context.baseTable;
  let run: PoolRun = runPool(table, setup, progress);
  while (run.needMore) {
    if (workload.arrival.kind !== "closed") throw new Error("only a closed loop can run out of requests");
    const cap = table.count * 2;
    if (cap > 10_000_000) throw new InputError(`workload.durationSeconds`, `a closed loop of ${workload.arrival.concurrency} users over ${workload.durationSeconds} s needs more than 10,000,000 requests`);
    table = generateWorkload(workload, { traceRows: context.loaded.traceRows, requestsCap: Math.max(cap, workload.arrival.concurrency * closedLoopRequestsPerUser) });
    run = runPool(table, setup, progress);
  }

  const config = setup.config;
  const metrics = summarise({
    run,
    inputTokens: table.inputTokens,
    outputTokens: table.outputTokens,
    predecessor: table.predecessor,
    slo: scenario.slo,
    chips: config.count,
    kvBlocksPerReplica: setup.kvBlocksPerReplica,
    openLoop: ["poisson", "gamma", "trace"].includes(workload.arrival.kind),
  });
  return {
    design: design.name,
    kind: design.kind,
    model: config.model.id,
    chip: config.chip.id,
    system: config.system.id,
    layout: config.layout,
    replicas: config.replicas,
    kvTokensPerReplica: setup.kvBlocksPerReplica * setup.scheduler.blockTokens,
    requestsGenerated: table.count,
    metrics,
    warnings: config.warnings,
    requests: options.perRequest ? records(table, run) : undefined,
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
