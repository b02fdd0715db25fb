/**
 * Writes the parameter block the kernels read: one configuration's model shapes per chip, datatype
 * widths, compute and memory rates, memory placement, collectives and pipeline stages, at the
 * slots `#params` names. The only place that turns a configuration into numbers for the kernels.
 */
import * as P from "#params";
import { LAYER_KINDS, ffnMatrices } from "../model/spec.js";
import { attentionGroups, type MemoryPlan } from "./capacity.js";
import type { LayerPart } from "./layout.js";
import type { ResolvedChoice } from "./resolve.js";
import { kvHeadsPerChip } from "./sharding.js";
import type { StageGroup } from "./stages.js";
import type { AllReduceAlgorithm, Collectives } from "./topology.js";

type Packed =
  | "model"
  | "chip"
  | "layout"
  | "sharding"
  | "part"
  | "datatypes"
  | "compute"
  | "attention"
  | "efficiency"
  | "moeImbalance";

export interface PackInput extends Pick<ResolvedChoice, Packed> {
  stages: StageGroup[];
  memory: MemoryPlan;
  network: Collectives;
}

const algorithmIds: Record<AllReduceAlgorithm, number> = {
  switch: P.ALGO_SWITCH,
  ring: P.ALGO_RING,
  mesh: P.ALGO_MESH,
  "mesh-2d": P.ALGO_MESH_2D,
};
const partIds: Record<LayerPart, number> = { whole: P.PART_WHOLE, attention: P.PART_ATTENTION, ffn: P.PART_FFN };

/** A fresh parameter block (PARAM_SLOTS values) holding `c`. */
export function pack(c: PackInput): Float64Array {
  const { model, chip, layout, sharding } = c;
  // under 2D sharding heads, KV heads and FFN columns split over the columns, the hidden dimension
  // over the rows; under 1D all of them over the TP group
  const twoD = sharding.kind === "2d";
  const headShards = twoD ? sharding.cols : layout.tp;
  const p = new Float64Array(P.PARAM_SLOTS);
  p[P.P_TP] = layout.tp;
  p[P.P_EP] = layout.ep;
  p[P.P_PP] = layout.pp;
  p[P.P_PART] = partIds[c.part];

  p[P.P_HIDDEN] = model.hidden;
  p[P.P_HEADS_PER_CHIP] = model.heads / headShards;
  // more head groups than KV heads: each keeps a replica of one KV head
  p[P.P_KV_HEADS_PER_CHIP] = kvHeadsPerChip(model, headShards);
  p[P.P_HIDDEN_SPLIT] = twoD ? sharding.rows : 1;
  p[P.P_ATTN_DP] = attentionGroups(sharding);
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
  p[P.P_FFN_PER_CHIP] = Math.ceil(model.ffn.intermediate / headShards);
  p[P.P_FFN_MATRICES] = ffnMatrices(model);
  if (model.moe) {
    p[P.P_EXPERTS] = model.moe.experts;
    p[P.P_TOP_K] = model.moe.expertsPerToken;
    p[P.P_EXPERT_FFN_PER_CHIP] = Math.ceil(model.moe.expertIntermediate / layout.tp);
    p[P.P_SHARED_FFN_PER_CHIP] = Math.ceil((model.moe.sharedExperts * model.moe.expertIntermediate) / layout.tp);
    p[P.P_MOE_IMBALANCE] = c.moeImbalance ?? 0;
  }

  p[P.P_WEIGHT_BYTES] = c.datatypes.weights.bytesPerElement;
  p[P.P_ACT_BYTES] = c.datatypes.activations.bytesPerElement;
  p[P.P_KV_BYTES] = c.datatypes.kv.bytesPerElement;

  p[P.P_PEAK_FLOPS] = c.compute.flopsPerSecond;
  p[P.P_ATTN_PEAK_FLOPS] = c.attention.flopsPerSecond;
  p[P.P_COMPUTE_EFF] = c.efficiency.compute;
  p[P.P_UNITS] = chip.computeUnits.count.value;
  p[P.P_TILE_COUNT] = chip.gemmTiles.tiles.length;
  for (const [i, [m, n, k]] of chip.gemmTiles.tiles.entries()) {
    const at = P.P_TILES + P.TILE_FIELDS * i;
    p[at + P.TILE_M] = m;
    p[at + P.TILE_N] = n;
    p[at + P.TILE_K] = k;
  }
  for (const [i, tier] of chip.memory.entries()) p[P.P_TIER_BW + i] = tier.bytesPerSecond.value;
  p[P.P_MEM_EFF] = c.efficiency.memory;
  p[P.P_WEIGHT_TIER] = c.memory.weightTier;
  p[P.P_KV_TIER] = c.memory.kvTier;
  p[P.P_ACT_TIER] = c.memory.activationTier;
  p[P.P_OP_OVERHEAD] = chip.overheads.operatorSeconds.value;
  p[P.P_STEP_OVERHEAD] = chip.overheads.stepSeconds.value;
  p[P.P_PREFILL_OP_OVERHEAD] = chip.overheads.prefillOperatorSeconds?.value ?? 0;
  p[P.P_ATTN_KV_EFF] = chip.decodeAttention?.kvEfficiency.value ?? 1;
  p[P.P_ATTN_SAT_PAIRS] = chip.decodeAttention?.saturatingPairs.value ?? 0;

  packCollectives(p, c.network);

  c.stages.forEach((stage, g) => {
    const at = P.P_STAGES + g * P.STAGE_STRIDE;
    p[at + P.STAGE_MULTIPLICITY] = stage.multiplicity;
    p[at + P.STAGE_LM_HEAD] = stage.last ? 1 : 0;
    for (let kind = 0; kind < LAYER_KINDS; kind++) {
      p[at + P.STAGE_LAYERS + kind] = stage.layersPerKind[kind];
      p[P.P_PATH_LAYERS + kind] += stage.multiplicity * stage.layersPerKind[kind];
    }
  });
  p[P.P_STAGE_GROUPS] = c.stages.length;
  return p;
}

function packCollectives(p: Float64Array, { tp, overlap, ep, pp }: Collectives): void {
  p[P.P_CCL_OVERLAP] = overlap.share;
  p[P.P_CCL_OVERLAP_PREFILL] = overlap.prefillShare;
  p[P.P_CCL_FUSED] = overlap.fused ? 1 : 0;
  p[P.P_TP_ALGO] = algorithmIds[tp.algorithm];
  p[P.P_TP_BW] = tp.bytesPerSecond;
  p[P.P_TP_LAT] = tp.latencySeconds;
  p[P.P_TP_EFF] = tp.efficiency;
  if (tp.mesh) {
    p[P.P_TP_ROWS] = tp.mesh.rows;
    p[P.P_TP_COLS] = tp.mesh.cols;
  }

  p[P.P_EP_BW] = ep.bytesPerSecond;
  p[P.P_EP_LAT] = ep.latencySeconds;
  p[P.P_EP_EFF] = ep.efficiency;
  p[P.P_EP_HOPS] = ep.hops;

  p[P.P_PP_HOPS_UP] = pp.up.hops;
  p[P.P_PP_BW_UP] = pp.up.bytesPerSecond;
  p[P.P_PP_LAT_UP] = pp.up.latencySeconds;
  p[P.P_PP_EFF_UP] = pp.up.efficiency;
  p[P.P_PP_HOPS_OUT] = pp.out.hops;
  p[P.P_PP_BW_OUT] = pp.out.bytesPerSecond;
  p[P.P_PP_LAT_OUT] = pp.out.latencySeconds;
  p[P.P_PP_EFF_OUT] = pp.out.efficiency;
}
