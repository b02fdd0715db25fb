/**
 * Validates a model × hardware × layout × datatypes choice, places weights and KV cache in the
 * chip's memory tiers, and packs everything the kernels need into a parameter block.
 * Data flows one way: this is the only place that turns names into numbers for the kernels.
 */
import * as P from "#params";
import * as catalog from "../catalog/index.js";
import { computeDatatype, computeRate, datatype, type ComputeRate, type Datatype } from "../catalog/datatypes.js";
import { efficiencyAt, efficiencyCases, type EfficiencyCase } from "../catalog/efficiency.js";
import type { Chip, System } from "../catalog/schema.js";
import { InputError } from "../errors.js";
import { LAYER_KINDS, ffnMatrices, type ModelSpec } from "../model/spec.js";
import { embeddingElementsPerChip, layerWeightElementsPerChip, memoryPlan, type MemoryPlan } from "./capacity.js";
import { splitStages, type StageGroup } from "./stages.js";

/** A parallel layout of one replica: tensor, pipeline and expert parallelism. */
export interface Layout {
  /** Tensor-parallel degree: chips sharing each layer's matrices. */
  tp: number;
  /** Pipeline stages: layers split over this many groups of chips. */
  pp: number;
  /** Expert parallelism: experts spread over this many attention groups, which run attention data-parallel. */
  ep: number;
}

/** What to configure: a model on a chip or system with a layout and datatypes. */
export interface HardwareChoice {
  /** Catalog model id or alias, or a spec from {@link loadHfConfig}. */
  model: string | ModelSpec;
  /** Catalog chip id or alias; the chip's default system supplies its links. */
  chip?: string;
  /** Catalog system id or alias; its chip is used. */
  system?: string;
  /** Chips in the pool; a multiple of tp × pp × ep. Defaults to one replica. */
  count?: number;
  tp?: number;
  pp?: number;
  ep?: number;
  /** Datatype ids for weights, activations and KV cache. */
  datatypes?: { weights?: string; activations?: string; kv?: string };
  /** Load on the busiest expert-parallel chip relative to a perfectly balanced one (≥ 1). */
  moeImbalance?: number;
  /** Most tokens one step processes; sets the activation memory reserved per chip. */
  maxBatchTokens?: number;
  /**
   * Which half of each layer these chips run when decode is split per layer: `attention` (with the
   * KV cache, norms, embeddings and LM head) or `ffn` (the feed-forward or MoE block). Default `whole`.
   */
  part?: LayerPart;
  /**
   * Which of the chip's efficiencies to pack: its nominal values (default) or the `low` or `high`
   * end of their ranges (docs/uncertainty.md); a chip without a range packs its values in every case.
   */
  efficiency?: EfficiencyCase;
}

export const layerParts = ["whole", "attention", "ffn"] as const;
export type LayerPart = (typeof layerParts)[number];

export interface Configuration {
  model: ModelSpec;
  chip: Chip;
  system: System;
  layout: Layout;
  count: number;
  replicas: number;
  chipsPerReplica: number;
  datatypes: { weights: Datatype; activations: Datatype; kv: Datatype };
  compute: ComputeRate;
  /** The efficiency case packed, and the compute and memory efficiencies it gave this chip. */
  efficiency: { case: EfficiencyCase; compute: number; memory: number };
  stages: StageGroup[];
  memory: MemoryPlan;
  /** The packed parameter block (PARAM_SLOTS values) the kernels read. */
  params: Float64Array;
  warnings: string[];
}

const DEFAULT_MAX_BATCH_TOKENS = 8192;

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
      throw new InputError("chip", `${input.chip} is not the chip of system ${system.id} (${system.chip}); name one of them`);
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

/** Validates the choice, plans memory and packs the kernel parameters. */
export function configure(input: HardwareChoice): Configuration {
  const { spec: model, releasedWeights } = resolveModel(input.model);
  const { chip, system } = resolveHardware(input);
  const layout: Layout = {
    tp: positiveInteger(input.tp ?? 1, "tp"),
    pp: positiveInteger(input.pp ?? 1, "pp"),
    ep: positiveInteger(input.ep ?? 1, "ep"),
  };
  const chipsPerReplica = layout.tp * layout.pp * layout.ep;
  const count = positiveInteger(input.count ?? chipsPerReplica, "count");
  if (count % chipsPerReplica !== 0) {
    throw new InputError("count", `${count} chips is not a multiple of tp × pp × ep = ${layout.tp} × ${layout.pp} × ${layout.ep} = ${chipsPerReplica}`);
  }
  // the feed-forward half shards the FFN's columns, not attention heads
  if (input.part !== "ffn" && model.heads % layout.tp !== 0) {
    const divisors = [...Array(model.heads).keys()].map((i) => i + 1).filter((d) => model.heads % d === 0);
    throw new InputError("tp", `${layout.tp} does not divide the ${model.heads} query heads of ${model.id}`, divisors.map(String));
  }
  if (layout.ep > 1) {
    if (!model.moe) throw new InputError("ep", `${model.id} has no experts; expert parallelism needs a mixture-of-experts model`);
    if (model.moe.experts % layout.ep !== 0) {
      throw new InputError("ep", `${layout.ep} does not divide the ${model.moe.experts} experts of ${model.id}`);
    }
  }
  const moeImbalance = input.moeImbalance ?? 1;
  if (!(moeImbalance >= 1) || !Number.isFinite(moeImbalance)) throw new InputError("moeImbalance", `must be a finite number ≥ 1, got ${moeImbalance}`);
  const maxBatchTokens = positiveInteger(input.maxBatchTokens ?? DEFAULT_MAX_BATCH_TOKENS, "maxBatchTokens");
  const efficiencyCase = input.efficiency ?? "nominal";
  if (!efficiencyCases.includes(efficiencyCase)) throw new InputError("efficiency", `unknown efficiency case "${efficiencyCase}"`, efficiencyCases);
  const efficiency = {
    case: efficiencyCase,
    compute: efficiencyAt(chip.efficiency.compute, efficiencyCase),
    memory: efficiencyAt(chip.efficiency.memory, efficiencyCase),
  };

  const weights = datatype(input.datatypes?.weights ?? releasedWeights ?? "bf16", "datatypes.weights");
  const activations = datatype(input.datatypes?.activations ?? "bf16", "datatypes.activations");
  const kv = datatype(input.datatypes?.kv ?? activations.id, "datatypes.kv");
  const compute = computeRate(chip, computeDatatype(weights, activations));
  // attention kernels (FlashAttention and its kin) run at the KV cache's precision, at least 8-bit
  const attention = attentionRate(chip, kv, compute);
  const warnings = [...new Set([compute.warning, attention.warning].filter((w): w is string => w !== undefined))];

  const part = input.part ?? "whole";
  if (!layerParts.includes(part)) throw new InputError("part", `unknown layer part "${part}"`, layerParts);
  const embedding = embeddingElementsPerChip(model, layout, part);
  const stages = splitStages(model.layers, layout.pp, P.MAX_STAGE_GROUPS, {
    layerOfKind: layerWeightElementsPerChip(model, layout, part),
    embedding,
    lmHead: model.tiedEmbeddings && layout.pp === 1 ? 0 : embedding,
  });
  const memory = memoryPlan({ model, chip, layout, stages, weights, activations, kv, maxBatchTokens, part });
  const params = pack({ model, chip, system, layout, stages, memory, weights, activations, kv, compute, efficiency, moeImbalance, warnings });
  params[P.P_PART] = part === "attention" ? P.PART_ATTENTION : part === "ffn" ? P.PART_FFN : P.PART_WHOLE;
  params[P.P_ATTN_PEAK_FLOPS] = attention.flopsPerSecond;
  return {
    model, chip, system, layout, count, replicas: count / chipsPerReplica, chipsPerReplica,
    datatypes: { weights, activations, kv }, compute, efficiency, stages, memory, params, warnings,
  };
}

/** The rate attention's products run at: the KV datatype's (at least 8-bit), else the GEMMs' with a warning. */
function attentionRate(chip: Chip, kv: Datatype, gemm: ComputeRate): ComputeRate {
  try {
    return computeRate(chip, kv.width >= 8 ? kv : datatype("fp8", "datatypes.kv"));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { ...gemm, warning: `${chip.id} has no ${kv.id} compute; attention runs at its ${gemm.datatype} rate` };
  }
}

interface PackInput {
  model: ModelSpec;
  chip: Chip;
  system: System;
  layout: Layout;
  stages: StageGroup[];
  memory: MemoryPlan;
  weights: Datatype;
  activations: Datatype;
  kv: Datatype;
  compute: ComputeRate;
  efficiency: { compute: number; memory: number };
  moeImbalance: number;
  warnings: string[];
}

function pack(c: PackInput): Float64Array {
  const { model, chip, system, layout } = c;
  const p = new Float64Array(P.PARAM_SLOTS);
  p[P.P_TP] = layout.tp;
  p[P.P_EP] = layout.ep;
  p[P.P_PP] = layout.pp;

  p[P.P_HIDDEN] = model.hidden;
  p[P.P_HEADS_PER_CHIP] = model.heads / layout.tp;
  // more TP ranks than KV heads: each rank keeps a replica of one KV head
  p[P.P_KV_HEADS_PER_CHIP] = Math.max(model.kvHeads, layout.tp) / layout.tp;
  p[P.P_HEAD_DIM] = model.headDim;
  p[P.P_VOCAB_PER_CHIP] = Math.ceil(model.vocab / layout.tp);
  if (model.attention.kind === "mla") {
    p[P.P_MLA] = 1;
    p[P.P_Q_LORA] = model.attention.qLoraRank;
    p[P.P_KV_LORA] = model.attention.kvLoraRank;
    p[P.P_ROPE_DIM] = model.attention.ropeDim;
    p[P.P_NOPE_DIM] = model.attention.nopeDim;
    p[P.P_V_DIM] = model.attention.vHeadDim;
  }
  p[P.P_FFN_PER_CHIP] = Math.ceil(model.ffn.intermediate / layout.tp);
  p[P.P_FFN_MATRICES] = ffnMatrices(model);
  if (model.moe) {
    p[P.P_EXPERTS] = model.moe.experts;
    p[P.P_TOP_K] = model.moe.expertsPerToken;
    p[P.P_EXPERT_FFN_PER_CHIP] = Math.ceil(model.moe.expertIntermediate / layout.tp);
    p[P.P_SHARED_FFN_PER_CHIP] = Math.ceil((model.moe.sharedExperts * model.moe.expertIntermediate) / layout.tp);
    p[P.P_MOE_IMBALANCE] = c.moeImbalance;
  }

  p[P.P_WEIGHT_BYTES] = c.weights.bytesPerElement;
  p[P.P_ACT_BYTES] = c.activations.bytesPerElement;
  p[P.P_KV_BYTES] = c.kv.bytesPerElement;

  p[P.P_PEAK_FLOPS] = c.compute.flopsPerSecond;
  p[P.P_COMPUTE_EFF] = c.efficiency.compute;
  p[P.P_UNITS] = chip.computeUnits.count.value;
  p[P.P_TILE_COUNT] = chip.gemmTiles.tiles.length;
  chip.gemmTiles.tiles.forEach((tile, i) => p.set(tile, P.P_TILES + 3 * i));
  chip.memory.forEach((tier, i) => (p[P.P_TIER_BW + i] = tier.bytesPerSecond.value));
  p[P.P_MEM_EFF] = c.efficiency.memory;
  p[P.P_WEIGHT_TIER] = c.memory.weightTier;
  p[P.P_KV_TIER] = c.memory.kvTier;
  p[P.P_ACT_TIER] = c.memory.activationTier;
  p[P.P_OP_OVERHEAD] = chip.overheads.operatorSeconds.value;
  p[P.P_STEP_OVERHEAD] = chip.overheads.stepSeconds.value;
  p[P.P_PREFILL_OP_OVERHEAD] = chip.overheads.prefillOperatorSeconds?.value ?? 0;

  packNetwork(p, system, layout, c.warnings);

  c.stages.forEach((stage, g) => {
    const at = P.P_STAGES + g * P.STAGE_STRIDE;
    p[at] = stage.multiplicity;
    p[at + 1] = stage.last ? 1 : 0;
    for (let kind = 0; kind < LAYER_KINDS; kind++) {
      p[at + 2 + kind] = stage.layersPerKind[kind];
      p[P.P_PATH_LAYERS + kind] += stage.multiplicity * stage.layersPerKind[kind];
    }
  });
  p[P.P_STAGE_GROUPS] = c.stages.length;
  return p;
}

/**
 * Links used by each collective. Chips of a replica are laid out stage by stage; a TP or EP group
 * larger than one system, and pipeline boundaries between systems, use the scale-out network.
 */
function packNetwork(p: Float64Array, system: System, layout: Layout, warnings: string[]): void {
  const topology = system.topology;
  const up = system.scaleUp;
  const out = system.scaleOut;
  const perNeighbour = topology.kind === "mesh2d" ? topology.linksPerNeighbour : 1;

  if (layout.tp > system.chips) {
    warnings.push(`tp ${layout.tp} spans more than one ${system.id} (${system.chips} chips): tensor-parallel all-reduce runs over ${out.name}`);
    p[P.P_TP_ALGO] = P.ALGO_RING;
    p[P.P_TP_BW] = out.bytesPerSecondPerDirection.value;
    p[P.P_TP_LAT] = out.latencySeconds.value;
    p[P.P_TP_EFF] = out.efficiency.value;
  } else {
    p[P.P_TP_BW] = up.bytesPerSecondPerDirection.value * perNeighbour;
    p[P.P_TP_LAT] = up.latencySeconds.value;
    p[P.P_TP_EFF] = up.efficiency.value;
    if (topology.kind === "switch") p[P.P_TP_ALGO] = P.ALGO_SWITCH;
    else if (topology.kind === "mesh2d") {
      const [rows, cols] = meshGroupShape(layout.tp, topology.rows, topology.cols);
      p[P.P_TP_ALGO] = P.ALGO_MESH;
      p[P.P_TP_ROWS] = rows;
      p[P.P_TP_COLS] = cols;
    } else p[P.P_TP_ALGO] = P.ALGO_RING;
  }

  const expertGroup = layout.tp * layout.ep;
  const epInside = expertGroup <= system.chips;
  const epLink = epInside ? up : out;
  p[P.P_EP_BW] = epLink.bytesPerSecondPerDirection.value * (epInside ? perNeighbour : 1);
  p[P.P_EP_LAT] = epLink.latencySeconds.value;
  p[P.P_EP_EFF] = epLink.efficiency.value;
  // hops a message travels: one through a switch or a direct link; on a mesh the mean Manhattan distance
  p[P.P_EP_HOPS] = epInside && topology.kind === "mesh2d" ? (topology.rows + topology.cols) / 3 : epInside && topology.kind === "ring" ? layout.ep / 4 : 1;

  // each of a stage's tp chips sends its slice of the activations to the next stage
  const stageChips = expertGroup;
  let hopsOut = 0;
  for (let boundary = 1; boundary < layout.pp; boundary++) {
    const lastChip = boundary * stageChips - 1;
    if (Math.floor(lastChip / system.chips) !== Math.floor((lastChip + 1) / system.chips)) hopsOut++;
  }
  p[P.P_PP_HOPS_UP] = layout.pp - 1 - hopsOut;
  p[P.P_PP_BW_UP] = up.bytesPerSecondPerDirection.value * perNeighbour * layout.tp;
  p[P.P_PP_LAT_UP] = up.latencySeconds.value;
  p[P.P_PP_EFF_UP] = up.efficiency.value;
  p[P.P_PP_HOPS_OUT] = hopsOut;
  p[P.P_PP_BW_OUT] = out.bytesPerSecondPerDirection.value * layout.tp;
  p[P.P_PP_LAT_OUT] = out.latencySeconds.value;
  p[P.P_PP_EFF_OUT] = out.efficiency.value;
}

/** Shape of a TP group on a rows × cols mesh: along a row first, then whole rows. */
function meshGroupShape(tp: number, rows: number, cols: number): [number, number] {
  if (tp <= cols) {
    if (cols % tp !== 0) throw new InputError("tp", `${tp} chips do not tile a mesh row of ${cols}`, divisorsOf(cols * rows).map(String));
    return [1, tp];
  }
  if (tp % cols !== 0 || tp / cols > rows) {
    throw new InputError("tp", `${tp} chips do not form a sub-mesh of the ${rows} × ${cols} mesh`, divisorsOf(cols * rows).map(String));
  }
  return [tp / cols, cols];
}

const divisorsOf = (n: number): number[] => [...Array(n).keys()].map((i) => i + 1).filter((d) => n % d === 0);
