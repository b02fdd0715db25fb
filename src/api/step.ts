/**
 * `estimateStep` and `capacity`: the cost of one forward step, and what fits in memory, for a
 * model on a chip or system with a parallel layout and datatypes.
 */
import * as P from "#params";
import { InputError } from "../errors.js";
import { addDecode, addPrefillChunk, emptyBatch, type BatchAggregates } from "../engine/batch.js";
import { configure, type Configuration } from "../engine/configure.js";
import type { HardwareChoice, Layout } from "../engine/layout.js";
import { positiveInteger } from "../engine/resolve.js";
import type { MemoryPlan } from "../engine/capacity.js";
import { loadBlock } from "../engine/kernel.js";
import type { ModelSpec } from "../model/spec.js";
import { stepPowerShare } from "../metrics/power.js";
import { operatorKinds, operatorNames, type OperatorName } from "../engine/operators.generated.js";

export { operatorNames, type OperatorName };
export type Bound = "compute" | "memory" | "network" | "overhead";

export const phases = ["prefill", "decode"] as const;
export type Phase = (typeof phases)[number];

export interface StepInput extends HardwareChoice {
  /** prefill: `batch` prompts of `context` tokens each; decode: `batch` sequences with `context` tokens cached. */
  phase: Phase;
  /** Sequences in the step (default 1). */
  batch?: number;
  /** Tokens per sequence: prompt length (prefill) or context length (decode); default 1024. */
  context?: number;
}

export interface OperatorCost {
  operator: OperatorName;
  /** Seconds along the pipeline (all layers of this operator). */
  seconds: number;
  /** FLOPs per chip along the pipeline. */
  flops: number;
  /** Bytes read or written per chip, by memory tier name. */
  bytes: Record<string, number>;
  /** Bytes sent per chip over links. */
  networkBytes: number;
  /** Of `seconds`, the fixed per-operator time (kernel launch, dispatch; more in steps with a prompt where the runtime dispatches prefill op by op). */
  dispatchSeconds: number;
  bound: Bound;
}

/** The memory plan's sizes, as they are per chip and per replica. */
const planSizes = [
  "usableBytesPerChip",
  "weightBytesPerChip",
  "activationBytesPerChip",
  "kvBytesPerChip",
  "kvBytesPerTokenPerChip",
  "slidingKvBytesPerTokenPerChip",
  "kvBytesPerToken",
  "kvTokensPerReplica",
] as const satisfies readonly (keyof MemoryPlan)[];

export interface CapacityReport extends Pick<MemoryPlan, (typeof planSizes)[number]> {
  model: string;
  chip: string;
  system: string;
  layout: Layout;
  count: number;
  replicas: number;
  chipsPerReplica: number;
  datatypes: { weights: string; activations: string; kv: string };
  weightTier: string;
  /** The tier activations stream from: the weight tier, or a faster one that holds them. */
  activationTier: string;
  kvTier: string;
  slidingWindowTokens: number;
  warnings: string[];
}

export interface StepEstimate {
  phase: Phase;
  batch: number;
  contextTokens: number;
  /** Seconds for the step's batch to pass every pipeline stage. */
  stepSeconds: number;
  /** Seconds between successive batches with the pipeline full (the slowest stage). */
  intervalSeconds: number;
  /** Tokens processed per second per replica with the pipeline full. */
  tokensPerSecondPerReplica: number;
  /** What the largest share of the step time is bound by. */
  bound: Bound;
  computeDatatype: string;
  /** Share of the step each chip spends at the achievable FLOP rate (its FLOPs over peak × compute efficiency), at most 1. */
  computeShare: number;
  /** Share of the chip's idle-to-max power range it draws during this step (1 where the chip has no phase-aware power figures). */
  powerShare: number;
  operators: OperatorCost[];
  capacity: CapacityReport;
  warnings: string[];
}

function capacityReport(c: Configuration): CapacityReport {
  const m = c.memory;
  return {
    model: c.model.id,
    chip: c.chip.id,
    system: c.system.id,
    layout: c.layout,
    count: c.count,
    replicas: c.replicas,
    chipsPerReplica: c.chipsPerReplica,
    datatypes: { weights: c.datatypes.weights.id, activations: c.datatypes.activations.id, kv: c.datatypes.kv.id },
    weightTier: c.chip.memory[m.weightTier].name,
    activationTier: c.chip.memory[m.activationTier].name,
    kvTier: c.chip.memory[m.kvTier].name,
    ...(Object.fromEntries(planSizes.map((key) => [key, m[key]])) as Pick<MemoryPlan, (typeof planSizes)[number]>),
    slidingWindowTokens: c.model.slidingWindowTokens,
    warnings: c.warnings,
  };
}

/** What fits in memory: weights and KV cache per chip, and the tokens one replica can hold. */
export function capacity(input: HardwareChoice): CapacityReport {
  return capacityReport(configure(input));
}

/** The batch aggregates of `batch` equal sequences in one phase. */
export function uniformBatch(
  phase: Phase,
  batch: number,
  context: number,
  slidingWindowTokens: number,
): BatchAggregates {
  const out = emptyBatch();
  if (phase === "decode") return addDecode(out, batch, context, slidingWindowTokens);
  for (let i = 0; i < batch; i++) addPrefillChunk(out, 0, context, slidingWindowTokens);
  return out;
}

function operatorCosts(c: Configuration, breakdown: Float64Array): OperatorCost[] {
  return operatorNames.map((operator, op) => {
    const row = breakdown.subarray(op * P.OP_FIELDS, (op + 1) * P.OP_FIELDS);
    const bytes: Record<string, number> = {};
    c.chip.memory.forEach((tier, i) => {
      if (row[P.F_TIER_BYTES + i] > 0) bytes[tier.name] = row[P.F_TIER_BYTES + i];
    });
    const bound: Bound =
      operatorKinds[operator] === "overhead"
        ? "overhead"
        : row[P.F_NETWORK_BYTES] > 0 || operatorKinds[operator] === "network"
          ? "network"
          : row[P.F_COMPUTE_SECONDS] >= row[P.F_MEMORY_SECONDS]
            ? "compute"
            : "memory";
    return {
      operator,
      seconds: row[P.F_SECONDS],
      flops: row[P.F_FLOPS],
      bytes,
      networkBytes: row[P.F_NETWORK_BYTES],
      dispatchSeconds: row[P.F_DISPATCH_SECONDS],
      bound,
    };
  });
}

/** The time of one forward step and its breakdown per operator, through the WASM kernels. */
export function estimateStep(input: StepInput): StepEstimate {
  if (!phases.includes(input.phase)) throw new InputError("phase", `unknown phase "${input.phase}"`, phases);
  const batch = positiveInteger(input.batch ?? 1, "batch");
  const context = positiveInteger(input.context ?? 1024, "context");
  return configuredStep(configure(input), input.phase, batch, context);
}

/** Whether `context` tokens fit the model's context window (a model without one fits any). */
export const fitsContextWindow = (model: ModelSpec, context: number): boolean =>
  model.maxContextTokens <= 0 || context <= model.maxContextTokens;

/** The step of a configured pool: one `estimateStep` configured, or the very one a run used. */
export function configuredStep(c: Configuration, phase: Phase, batch: number, context: number): StepEstimate {
  if (!fitsContextWindow(c.model, context)) {
    throw new InputError(
      "context",
      `${context} tokens exceeds the ${c.model.maxContextTokens}-token context window of ${c.model.id}`,
    );
  }
  const aggregates = uniformBatch(phase, batch, context, c.model.slidingWindowTokens);
  const block = loadBlock(c.params);
  try {
    const result = block.record(aggregates);
    const operators = operatorCosts(c, result.breakdown);
    const totals = new Map<Bound, number>();
    for (const o of operators) totals.set(o.bound, (totals.get(o.bound) ?? 0) + o.seconds);
    const bound = [...totals.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const tokens = phase === "decode" ? batch : batch * context;
    const flops = operators.reduce((sum, o) => sum + o.flops, 0);
    // the event loop's rule: each chip's FLOPs at the achievable rate over its share of the pipeline's time
    const computeShare = Math.min(
      1,
      flops / (c.params[P.P_PEAK_FLOPS] * c.params[P.P_COMPUTE_EFF]) / (c.layout.pp * result.latencySeconds),
    );
    return {
      phase,
      batch,
      contextTokens: context,
      stepSeconds: result.latencySeconds,
      intervalSeconds: result.intervalSeconds,
      tokensPerSecondPerReplica: tokens / result.intervalSeconds,
      bound,
      computeDatatype: c.compute.datatype,
      computeShare,
      powerShare: stepPowerShare(c.chip, computeShare),
      operators,
      capacity: capacityReport(c),
      warnings: c.warnings,
    };
  } finally {
    block.free();
  }
}
