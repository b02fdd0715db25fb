/**
 * Memory feasibility and placement: weights per chip (worst pipeline stage), activations, and the
 * KV cache that fits beside them. Weights go in the fastest working tier that holds them with the
 * activation reserve; the KV cache shares that tier. Activations stream from a faster working tier
 * where one holds the step's activations on its own (Tensix L1 beside GDDR6, SambaNova's PMU SRAM
 * beside HBM), as those runtimes keep them, else from the weights' tier. A layout that does not
 * fit is an error that says what does not fit and by how much.
 */
import type { Datatype } from "../catalog/datatypes.js";
import type { Chip } from "../catalog/schema.js";
import { InputError } from "../errors.js";
import {
  LAYER_KINDS,
  attentionWeightElements,
  ffnMatrices,
  kvElementsPerTokenPerLayer,
  type ModelSpec,
} from "../model/spec.js";
import type { LayerPart, Layout } from "./layout.js";
import { kvHeadsPerChip, type Sharding } from "./sharding.js";
import type { StageGroup } from "./stages.js";

export interface MemoryPlan {
  /** Index in chip.memory of the tier holding weights. */
  weightTier: number;
  /** Index in chip.memory of the tier activations stream from (the weight tier unless a faster one holds them). */
  activationTier: number;
  /** Index in chip.memory of the tier holding the KV cache. */
  kvTier: number;
  /** Usable bytes of the weight tier per chip. */
  usableBytesPerChip: number;
  /** Weight bytes on the most loaded chip (the heaviest pipeline stage). */
  weightBytesPerChip: number;
  /** Activation bytes reserved per chip for a step of maxBatchTokens tokens. */
  activationBytesPerChip: number;
  /** Bytes left for the KV cache on the most loaded chip. */
  kvBytesPerChip: number;
  /** KV bytes per token per chip over full-attention layers (heaviest stage). */
  kvBytesPerTokenPerChip: number;
  /** KV bytes per token per chip over sliding-window layers; a sequence holds at most the window there. */
  slidingKvBytesPerTokenPerChip: number;
  /** KV bytes per token for the whole model, every layer, before sharding (what crosses a link). */
  kvBytesPerToken: number;
  /** Tokens whose KV cache fits in one replica, counting sliding layers in full (short contexts). */
  kvTokensPerReplica: number;
}

interface PlanInput {
  model: ModelSpec;
  chip: Chip;
  layout: Layout;
  sharding: Sharding;
  stages: StageGroup[];
  weights: Datatype;
  activations: Datatype;
  kv: Datatype;
  maxBatchTokens: number;
  part: LayerPart;
}

/** Ways the KV heads split: over the columns under 2D sharding (each row holds them once), over the TP group under 1D. */
const kvShards = (layout: Layout, s: Sharding): number => (s.kind === "2d" ? s.cols : layout.tp);

/** Groups of a TP group that run attention data-parallel, each over its own sequences: the rows under 2D sharding. */
export const attentionGroups = (s: Sharding): number => (s.kind === "2d" ? s.rows : 1);

/** Weight elements per chip of one layer of each kind (only the half `part` names, when decode is split per layer). */
export function layerWeightElementsPerChip(m: ModelSpec, layout: Layout, s: Sharding, part: LayerPart): number[] {
  const h = m.hidden;
  const shards = kvShards(layout, s);
  let attention = attentionWeightElements(m) / layout.tp;
  if (m.attention.kind === "mla") {
    // the down-projections into the latents are small and kept whole on every TP rank
    const a = m.attention;
    const replicated = h * (a.kvLoraRank + a.ropeDim) + h * a.qLoraRank;
    attention += replicated * (1 - 1 / layout.tp);
  } else if (m.kvHeads < shards) {
    // KV heads replicated so every head group has one
    attention += (h * 2 * m.headDim * (shards - m.kvHeads)) / layout.tp;
  }
  const dense =
    s.kind === "2d"
      ? ffnMatrices(m) * (h / s.rows) * Math.ceil(m.ffn.intermediate / s.cols)
      : ffnMatrices(m) * h * Math.ceil(m.ffn.intermediate / layout.tp);
  const moe = m.moe
    ? (m.moe.experts / layout.ep) * ffnMatrices(m) * h * Math.ceil(m.moe.expertIntermediate / layout.tp) +
      ffnMatrices(m) * h * Math.ceil((m.moe.sharedExperts * m.moe.expertIntermediate) / layout.tp) +
      h * m.moe.experts
    : 0;
  // the weight vectors of the two norms, before attention and before the FFN
  const norms = 2 * h;
  const attentionHalf = part === "ffn" ? 0 : attention + norms;
  return Array.from(
    { length: LAYER_KINDS },
    (_, kind) => attentionHalf + (part === "attention" ? 0 : kind & 2 ? moe : dense),
  );
}

/** Elements of the embedding table (and of the LM head) per chip; the feed-forward half holds neither. */
export const embeddingElementsPerChip = (m: ModelSpec, layout: Layout, part: LayerPart): number =>
  part === "ffn" ? 0 : Math.ceil(m.vocab / layout.tp) * m.hidden;

/** KV elements per token per chip of one layer: GQA shards KV heads over TP (the columns under 2D); MLA's latent is whole on each rank. */
function kvElementsPerTokenPerChip(m: ModelSpec, layout: Layout, s: Sharding): number {
  if (m.attention.kind === "mla") return kvElementsPerTokenPerLayer(m);
  return 2 * kvHeadsPerChip(m, kvShards(layout, s)) * m.headDim;
}

/**
 * Activation memory reserved per token of a step, in values of the model's widths: an assumed
 * allowance (runtimes publish none) for the residual stream and attention's inputs and outputs at
 * the hidden width, and the gated FFN's intermediates at its (TP-sharded) intermediate width.
 */
const RESERVED_HIDDEN_VALUES_PER_TOKEN = 4;
const RESERVED_FFN_VALUES_PER_TOKEN = 3;

/** Decimal gigabytes, as chip memory is sold and as the fit errors quote it. */
const BYTES_PER_GB = 1e9;
const gigabytes = (bytes: number): string => `${(bytes / BYTES_PER_GB).toFixed(bytes < BYTES_PER_GB ? 3 : 1)} GB`;

export function memoryPlan(c: PlanInput): MemoryPlan {
  const { model, chip, layout } = c;
  const perKind = layerWeightElementsPerChip(model, layout, c.sharding, c.part);
  const embedding = embeddingElementsPerChip(model, layout, c.part);
  const kvPerLayer = c.part === "ffn" ? 0 : kvElementsPerTokenPerChip(model, layout, c.sharding) * c.kv.bytesPerElement;

  let weightBytesPerChip = 0;
  let kvFull = 0;
  let kvSliding = 0;
  for (const stage of c.stages) {
    let elements = 0;
    let full = 0;
    let sliding = 0;
    stage.layersPerKind.forEach((layers, kind) => {
      elements += layers * perKind[kind];
      if (kind & 1) sliding += layers * kvPerLayer;
      else full += layers * kvPerLayer;
    });
    // the embedding table on the first stage; the LM head (a second copy unless tied within one stage) on the last
    if (stage.first) elements += embedding;
    if (stage.last && !(model.tiedEmbeddings && stage.first) && embedding > 0) elements += embedding + model.hidden;
    const bytes = elements * c.weights.bytesPerElement;
    if (bytes > weightBytesPerChip) weightBytesPerChip = bytes;
    if (full + sliding > kvFull + kvSliding) {
      kvFull = full;
      kvSliding = sliding;
    }
  }

  // the widest FFN a token passes through: the dense one, or its routed and shared experts together
  const intermediate = model.moe
    ? Math.max(
        model.ffn.intermediate,
        model.moe.expertIntermediate * (model.moe.expertsPerToken + model.moe.sharedExperts),
      )
    : model.ffn.intermediate;
  const activationBytesPerChip =
    (c.maxBatchTokens / layout.ep) *
    (RESERVED_HIDDEN_VALUES_PER_TOKEN * model.hidden + (RESERVED_FFN_VALUES_PER_TOKEN * intermediate) / layout.tp) *
    c.activations.bytesPerElement;

  const working = chip.memory.map((tier, index) => ({ tier, index })).filter(({ tier }) => tier.role === "working");
  const usable = (i: number) => chip.memory[i].capacityBytes.value * (chip.memory[i].usableFraction?.value ?? 1);
  const need = weightBytesPerChip + activationBytesPerChip;
  const home = working.find(({ index }) => usable(index) >= need);
  if (!home) {
    const largest = working.reduce((a, b) => (usable(b.index) > usable(a.index) ? b : a), working[0]);
    const short = need - usable(largest.index);
    throw new InputError(
      "layout",
      `${model.id} does not fit on ${chip.id} with tp ${layout.tp} × pp ${layout.pp} × ep ${layout.ep}: ` +
        `each chip needs ${gigabytes(weightBytesPerChip)} of ${c.weights.id} weights + ${gigabytes(activationBytesPerChip)} of activations, ` +
        `but its largest working memory (${largest.tier.name}) has ${gigabytes(usable(largest.index))} usable — short by ${gigabytes(short)}; ` +
        `use more chips per replica (tp, pp, ep) or a narrower weight datatype`,
    );
  }
  // tiers are listed fastest first: a faster tier that holds the activations alone keeps them there
  const faster = working.find(({ index }) => index < home.index && usable(index) >= activationBytesPerChip);
  const activationTier = faster?.index ?? home.index;
  const kvBytesPerChip =
    usable(home.index) - weightBytesPerChip - (activationTier === home.index ? activationBytesPerChip : 0);
  const perToken = kvFull + kvSliding;
  if (perToken > 0 && kvBytesPerChip < perToken) {
    throw new InputError(
      "layout",
      `${model.id} on ${chip.id}: weights fit but leave no room for the KV cache of even one token`,
    );
  }
  const kvBytesPerToken =
    c.part === "ffn" ? 0 : model.layers.length * kvElementsPerTokenPerLayer(model) * c.kv.bytesPerElement;
  return {
    weightTier: home.index,
    activationTier,
    kvTier: home.index,
    usableBytesPerChip: usable(home.index),
    weightBytesPerChip,
    activationBytesPerChip,
    kvBytesPerChip,
    kvBytesPerTokenPerChip: kvFull,
    slidingKvBytesPerTokenPerChip: kvSliding,
    kvBytesPerToken,
    // attention groups (ep of them, times the rows under 2D sharding) each hold their own sequences' KV
    kvTokensPerReplica:
      perToken > 0 ? Math.floor(kvBytesPerChip / perToken) * layout.ep * attentionGroups(c.sharding) : Infinity,
  };
}
