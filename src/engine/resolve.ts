/**
 * Turns a hardware choice's names into catalog entries and checks them against each other: the
 * model, chip and system, the layout against the model's heads and experts, the datatypes and the
 * rates the chip computes them at. Every input error about the choice itself is raised here; the
 * pipeline split (stages.ts) and the memory plan (capacity.ts) raise theirs after it.
 */
import * as catalog from "../catalog/index.js";
import { computeDatatype, computeRate, datatype, type ComputeRate, type Datatype } from "../catalog/datatypes.js";
import { efficiencyAt, efficiencyCases, type EfficiencyCase } from "../catalog/efficiency.js";
import type { Chip, System } from "../catalog/schema.js";
import { InputError } from "../errors.js";
import type { ModelSpec } from "../model/spec.js";
import { divisorsOf, layerParts, shardingChoices, type HardwareChoice, type LayerPart, type Layout } from "./layout.js";
import { shardingOf, type Sharding } from "./sharding.js";

/**
 * Activation reserve when no scheduler's chunk size sets one: a step of 8 k tokens, the per-step
 * token budget vLLM's V1 API server defaults to on 80 GB GPUs (max_num_batched_tokens).
 */
const DEFAULT_MAX_BATCH_TOKENS = 8192;
/** Datatype of weights a catalog entry does not release in another, and of activations: the common serving default. */
const DEFAULT_DATATYPE = "bf16";
/** Attention kernels (FlashAttention and its kin) run at the KV cache's precision, but at no fewer bits than this. */
const MIN_ATTENTION_WIDTH_BITS = 8;
/** The datatype attention runs at when the KV cache is narrower than {@link MIN_ATTENTION_WIDTH_BITS}. */
const MIN_ATTENTION_DATATYPE = "fp8";

/** A hardware choice with its names resolved, its defaults filled in and its parts checked against each other. */
export interface ResolvedChoice {
  model: ModelSpec;
  chip: Chip;
  system: System;
  layout: Layout;
  /** How the runtime shards the TP group's matrices (1D or 2D over its sub-mesh). */
  sharding: Sharding;
  count: number;
  chipsPerReplica: number;
  part: LayerPart;
  /** The busiest expert-parallel chip's load / the mean; null: uniform routing's, derived per step (the kernels' expertImbalance). */
  moeImbalance: number | null;
  maxBatchTokens: number;
  /** The efficiency case packed, and the compute and memory efficiencies it gave this chip. */
  efficiency: { case: EfficiencyCase; compute: number; memory: number };
  datatypes: { weights: Datatype; activations: Datatype; kv: Datatype };
  /** The rate of the GEMMs, at the weights' and activations' datatypes. */
  compute: ComputeRate;
  /** The rate of attention's products, at the KV cache's datatype. */
  attention: ComputeRate;
  /** Rates the chip lacks and what runs in their place. */
  warnings: string[];
}

/** Checks that `value` is a positive integer, naming `field` otherwise. */
export function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new InputError(field, `must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function resolveModel(input: string | ModelSpec): { spec: ModelSpec; releasedWeights?: string } {
  if (typeof input !== "string") return { spec: input };
  const entry = catalog.model(input);
  return { spec: entry.spec, releasedWeights: entry.meta.releasedWeights };
}

function resolveHardware(input: HardwareChoice): { chip: Chip; system: System } {
  if (input.system !== undefined && input.chip !== undefined) {
    const system = catalog.system(input.system);
    if (catalog.chip(input.chip).id !== system.chip) {
      const message = `${input.chip} is not the chip of system ${system.id} (${system.chip}); name one of them`;
      throw new InputError("chip", message);
    }
  }
  if (input.system !== undefined) {
    const system = catalog.system(input.system);
    return { chip: catalog.chip(system.chip, "system.chip"), system };
  }
  if (input.chip === undefined) throw new InputError("chip", "name a chip or a system", [...catalog.chips.keys()]);
  const chip = catalog.chip(input.chip);
  return { chip, system: catalog.system(chip.defaultSystem, `${chip.id}.defaultSystem`) };
}

/** Resolves and validates the choice, in the order its errors are reported. */
export function resolve(input: HardwareChoice): ResolvedChoice {
  const { spec: model, releasedWeights } = resolveModel(input.model);
  const { chip, system } = resolveHardware(input);
  const layout: Layout = {
    tp: positiveInteger(input.tp ?? 1, "tp"),
    pp: positiveInteger(input.pp ?? 1, "pp"),
    ep: positiveInteger(input.ep ?? 1, "ep"),
    ...(input.tpRows !== undefined ? { tpRows: positiveInteger(input.tpRows, "tpRows") } : {}),
    ...(input.sharding !== undefined ? { sharding: input.sharding } : {}),
  };
  if (layout.sharding !== undefined && !shardingChoices.includes(layout.sharding)) {
    throw new InputError("sharding", `unknown sharding "${layout.sharding}"`, shardingChoices);
  }
  const chipsPerReplica = layout.tp * layout.pp * layout.ep;
  const count = positiveInteger(input.count ?? chipsPerReplica, "count");
  if (count % chipsPerReplica !== 0) {
    const product = `tp × pp × ep = ${layout.tp} × ${layout.pp} × ${layout.ep} = ${chipsPerReplica}`;
    throw new InputError("count", `${count} chips is not a multiple of ${product}`);
  }
  // the feed-forward half shards the FFN's columns, not attention heads
  if (input.part !== "ffn" && model.heads % layout.tp !== 0) {
    const message = `${layout.tp} does not divide the ${model.heads} query heads of ${model.id}`;
    throw new InputError("tp", message, divisorsOf(model.heads).map(String));
  }
  if (layout.ep > 1) {
    if (!model.moe) {
      throw new InputError("ep", `${model.id} has no experts; expert parallelism needs a mixture-of-experts model`);
    }
    if (model.moe.experts % layout.ep !== 0) {
      throw new InputError("ep", `${layout.ep} does not divide the ${model.moe.experts} experts of ${model.id}`);
    }
  }
  const moeImbalance = input.moeImbalance ?? null;
  if (moeImbalance !== null && (!(moeImbalance >= 1) || !Number.isFinite(moeImbalance))) {
    throw new InputError("moeImbalance", `must be a finite number ≥ 1, got ${moeImbalance}`);
  }
  const maxBatchTokens = positiveInteger(input.maxBatchTokens ?? DEFAULT_MAX_BATCH_TOKENS, "maxBatchTokens");
  const efficiencyCase = input.efficiency ?? "nominal";
  if (!efficiencyCases.includes(efficiencyCase)) {
    throw new InputError("efficiency", `unknown efficiency case "${efficiencyCase}"`, efficiencyCases);
  }
  const efficiency = {
    case: efficiencyCase,
    compute: efficiencyAt(chip.efficiency.compute, efficiencyCase),
    memory: efficiencyAt(chip.efficiency.memory, efficiencyCase),
  };

  const weights = datatype(input.datatypes?.weights ?? releasedWeights ?? DEFAULT_DATATYPE, "datatypes.weights");
  const activations = datatype(input.datatypes?.activations ?? DEFAULT_DATATYPE, "datatypes.activations");
  const kv = datatype(input.datatypes?.kv ?? activations.id, "datatypes.kv");
  const compute = computeRate(chip, chip.gemmRateFollowsWeights ? weights : computeDatatype(weights, activations));
  const attention = attentionRate(chip, kv, compute);
  const warnings = [...new Set([compute.warning, attention.warning].filter((w): w is string => w !== undefined))];

  const part = input.part ?? "whole";
  if (!layerParts.includes(part)) throw new InputError("part", `unknown layer part "${part}"`, layerParts);
  return {
    model,
    chip,
    system,
    layout,
    sharding: shardingOf(system, model, layout, part),
    count,
    chipsPerReplica,
    part,
    moeImbalance,
    maxBatchTokens,
    efficiency,
    datatypes: { weights, activations, kv },
    compute,
    attention,
    warnings,
  };
}

/** The rate attention's products run at: the KV datatype's (at least 8-bit), else the GEMMs' with a warning. */
function attentionRate(chip: Chip, kv: Datatype, gemm: ComputeRate): ComputeRate {
  try {
    const widened = kv.width >= MIN_ATTENTION_WIDTH_BITS ? kv : datatype(MIN_ATTENTION_DATATYPE, "datatypes.kv");
    return computeRate(chip, widened);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { ...gemm, warning: `${chip.id} has no ${kv.id} compute; attention runs at its ${gemm.datatype} rate` };
  }
}
