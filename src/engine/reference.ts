/**
 * The TypeScript reference of the step-cost kernels (assembly/step.ts, gemm.ts, collectives.ts):
 * the same formulas over the same packed parameters, written for reading. It is the oracle the
 * differential tests hold the WASM kernels to; it is not used on any hot path.
 */
import * as P from "#params";
import type { BatchAggregates } from "./batch.js";

export interface ReferenceResult {
  latencySeconds: number;
  intervalSeconds: number;
  /** OPS × OP_FIELDS values, laid out as the kernel's R_BREAKDOWN. */
  breakdown: Float64Array;
}

/** GEMM seconds with tile and wave quantisation (see assembly/gemm.ts). */
export function referenceGemmSeconds(p: Float64Array, m: number, n: number, k: number, groups: number): number {
  if (m <= 0 || groups <= 0) return 0;
  const units = p[P.P_UNITS];
  const flopsPerUnitSecond = (p[P.P_PEAK_FLOPS] * p[P.P_COMPUTE_EFF]) / units;
  let best = Infinity;
  for (let t = 0; t < p[P.P_TILE_COUNT]; t++) {
    const at = P.P_TILES + P.TILE_FIELDS * t;
    const [tm, tn, tk] = [p[at + P.TILE_M], p[at + P.TILE_N], p[at + P.TILE_K]];
    const tiles = groups * Math.ceil(m / tm) * Math.ceil(n / tn);
    const kTiles = Math.ceil(k / tk);
    const split = Math.min(Math.max(Math.floor(units / tiles), 1), kTiles);
    const waves = Math.ceil((tiles * split) / units);
    const kPerSplit = Math.ceil(kTiles / split) * tk;
    best = Math.min(best, (waves * 2 * tm * tn * kPerSplit) / flopsPerUnitSecond);
  }
  return best;
}

/** Bytes each chip sends, and seconds, of an all-reduce of `bytes` over the whole TP group. */
function allReduce(p: Float64Array, bytes: number): { traffic: number; seconds: number } {
  const peers = p[P.P_TP];
  if (peers <= 1 || bytes <= 0) return { traffic: 0, seconds: 0 };
  const bandwidth = p[P.P_TP_BW] * p[P.P_TP_EFF];
  const hop = p[P.P_TP_LAT];
  if (p[P.P_TP_ALGO] === P.ALGO_MESH) {
    const rows = p[P.P_TP_ROWS];
    const cols = p[P.P_TP_COLS];
    const traffic = ((2 * (cols - 1)) / cols) * bytes + ((2 * (rows - 1)) / rows) * (bytes / cols);
    return { traffic, seconds: traffic / bandwidth + (2 * (cols - 1) + 2 * (rows - 1)) * hop };
  }
  const traffic = ((2 * (peers - 1)) / peers) * bytes;
  const hops = p[P.P_TP_ALGO] === P.ALGO_SWITCH ? 2 : 2 * (peers - 1);
  return { traffic, seconds: traffic / bandwidth + hops * hop };
}

/** The same along one axis of `n` chips of the sub-mesh (2D sharding): a line of 2(n − 1) hops. */
function axisAllReduce(p: Float64Array, bytes: number, n: number): { traffic: number; seconds: number } {
  if (n <= 1 || bytes <= 0) return { traffic: 0, seconds: 0 };
  const traffic = ((2 * (n - 1)) / n) * bytes;
  return { traffic, seconds: traffic / (p[P.P_TP_BW] * p[P.P_TP_EFF]) + 2 * (n - 1) * p[P.P_TP_LAT] };
}

function allToAllBytes(p: Float64Array, tokens: number, topK: number, rowBytes: number): number {
  const peers = p[P.P_EP];
  return peers <= 1 ? 0 : tokens * topK * rowBytes * ((peers - 1) / peers);
}

function allToAllSeconds(p: Float64Array, bytes: number): number {
  if (p[P.P_EP] <= 1 || bytes <= 0) return 0;
  return bytes / (p[P.P_EP_BW] * p[P.P_EP_EFF]) + p[P.P_EP_HOPS] * p[P.P_EP_LAT];
}

/** The busiest expert-parallel chip's load / the mean: packed, or uniform routing's (expertImbalance in assembly/step.ts). */
function expertImbalance(p: Float64Array, tokens: number): number {
  if (p[P.P_MOE_IMBALANCE] > 0) return p[P.P_MOE_IMBALANCE];
  const ep = p[P.P_EP];
  const topK = p[P.P_TOP_K];
  const mean = (tokens * topK) / ep;
  if (ep <= 1 || mean <= 0) return 1;
  const busiest = mean + Math.sqrt(2 * Math.log(ep) * mean * (1 - 1 / ep));
  return Math.min(busiest, tokens * Math.min(topK, p[P.P_EXPERTS] / ep)) / mean;
}

/** Evaluates one step of `batch` on the configuration packed in `p`. */
export function referenceStep(p: Float64Array, batch: BatchAggregates): ReferenceResult {
  const breakdown = new Float64Array(P.OPS * P.OP_FIELDS);
  let weight = 0;
  const wBytes = p[P.P_WEIGHT_BYTES];
  const aBytes = p[P.P_ACT_BYTES];
  const kvBytes = p[P.P_KV_BYTES];
  const hidden = p[P.P_HIDDEN];
  const ep = p[P.P_EP];
  const flopSeconds = (flops: number) => flops / (p[P.P_PEAK_FLOPS] * p[P.P_COMPUTE_EFF]);
  const attentionSeconds = (flops: number) => flops / (p[P.P_ATTN_PEAK_FLOPS] * p[P.P_COMPUTE_EFF]);
  const hiddenShard = hidden / Math.max(p[P.P_HIDDEN_SPLIT], 1);
  const kvRate = p[P.P_TIER_BW + p[P.P_KV_TIER]] * p[P.P_MEM_EFF];
  // decode attention streams the KV cache at P_ATTN_KV_EFF of the tier's rate once the chip holds
  // P_ATTN_SAT_PAIRS (sequence, KV head) pairs, proportionally slower with fewer
  const decodeKvRate = (pairs: number) => {
    const saturating = p[P.P_ATTN_SAT_PAIRS];
    const occupancy = saturating > 0 && pairs < saturating ? Math.max(pairs, 1) / saturating : 1;
    return kvRate * (p[P.P_ATTN_KV_EFF] > 0 ? p[P.P_ATTN_KV_EFF] : 1) * occupancy;
  };
  let layerGemmSeconds = 0;

  const opOverhead = p[P.P_OP_OVERHEAD] + (batch.prefillTokens > 0 ? p[P.P_PREFILL_OP_OVERHEAD] : 0);
  const chargeOp = (
    op: number,
    computeSeconds: number,
    flops: number,
    weightBytes: number,
    kvTierBytes: number,
    activationBytes: number,
    kvSeconds = kvTierBytes / kvRate,
  ) => {
    if (flops <= 0 && weightBytes + kvTierBytes + activationBytes <= 0) return 0;
    const efficiency = p[P.P_MEM_EFF];
    const weightTier = p[P.P_WEIGHT_TIER];
    const activationTier = p[P.P_ACT_TIER];
    const kvTier = p[P.P_KV_TIER];
    const memorySeconds =
      weightBytes / (p[P.P_TIER_BW + weightTier] * efficiency) +
      activationBytes / (p[P.P_TIER_BW + activationTier] * efficiency) +
      kvSeconds;
    const seconds = Math.max(computeSeconds, memorySeconds) + opOverhead;
    const row = op * P.OP_FIELDS;
    breakdown[row + P.F_SECONDS] += weight * seconds;
    breakdown[row + P.F_FLOPS] += weight * flops;
    breakdown[row + P.F_TIER_BYTES + weightTier] += weight * weightBytes;
    breakdown[row + P.F_TIER_BYTES + activationTier] += weight * activationBytes;
    breakdown[row + P.F_TIER_BYTES + kvTier] += weight * kvTierBytes;
    breakdown[row + P.F_COMPUTE_SECONDS] += weight * computeSeconds;
    breakdown[row + P.F_MEMORY_SECONDS] += weight * memorySeconds;
    breakdown[row + P.F_DISPATCH_SECONDS] += weight * opOverhead;
    return seconds;
  };
  const chargeNetwork = (op: number, networkSeconds: number, bytes: number, fused = false) => {
    if (networkSeconds <= 0 && bytes <= 0) return 0;
    const dispatch = fused ? 0 : opOverhead;
    const seconds = networkSeconds + dispatch;
    breakdown[op * P.OP_FIELDS + P.F_SECONDS] += weight * seconds;
    breakdown[op * P.OP_FIELDS + P.F_NETWORK_BYTES] += weight * bytes;
    breakdown[op * P.OP_FIELDS + P.F_DISPATCH_SECONDS] += weight * dispatch;
    return seconds;
  };
  const gemm = (m: number, n: number, k: number, groups = 1) => referenceGemmSeconds(p, m, n, k, groups);
  const chargeGemm = (op: number, m: number, n: number, k: number) => {
    const seconds = m <= 0 ? 0 : chargeOp(op, gemm(m, n, k), 2 * m * n * k, n * k * wBytes, 0, m * (n + k) * aBytes);
    layerGemmSeconds += seconds;
    return seconds;
  };
  const chargeFfn = (op: number, tokens: number, intermediate: number) => {
    if (tokens <= 0 || intermediate <= 0) return 0;
    const inputMatrices = p[P.P_FFN_MATRICES] - 1;
    const matrices = inputMatrices + 1;
    const h = hiddenShard;
    const compute = gemm(tokens, inputMatrices * intermediate, h) + gemm(tokens, h, intermediate);
    const seconds = chargeOp(
      op,
      compute,
      2 * tokens * matrices * h * intermediate,
      matrices * h * intermediate * wBytes,
      0,
      tokens * (2 * h + matrices * intermediate) * aBytes,
    );
    layerGemmSeconds += seconds;
    return seconds;
  };

  const chargeAttention = (
    tokens: number,
    attnTokens: number,
    decodeTokens: number,
    prefillPairs: number,
    prefillContext: number,
    decodeContext: number,
  ) => {
    const heads = p[P.P_HEADS_PER_CHIP];
    let seconds = 0;
    if (p[P.P_MLA] > 0) {
      const [qLora, kvLora, rope, nope, vDim] = [
        p[P.P_Q_LORA],
        p[P.P_KV_LORA],
        p[P.P_ROPE_DIM],
        p[P.P_NOPE_DIM],
        p[P.P_V_DIM],
      ];
      if (qLora > 0) {
        seconds += chargeGemm(P.OP_QKV, tokens, qLora, hidden);
        seconds += chargeGemm(P.OP_QKV, tokens, heads * (nope + rope), qLora);
      } else {
        seconds += chargeGemm(P.OP_QKV, tokens, heads * (nope + rope), hidden);
      }
      seconds += chargeGemm(P.OP_QKV, tokens, kvLora + rope, hidden);
      const decodeFlops =
        2 * decodeTokens * heads * nope * kvLora +
        decodeContext * heads * (4 * kvLora + 2 * rope) +
        2 * decodeTokens * heads * kvLora * vDim;
      const prefillFlops =
        2 * prefillContext * kvLora * heads * (nope + vDim) + prefillPairs * heads * (2 * (nope + rope) + 2 * vDim);
      const flops = decodeFlops + prefillFlops;
      const latentBytes = (kvLora + rope) * kvBytes;
      seconds += chargeOp(
        P.OP_ATTENTION,
        attentionSeconds(flops),
        flops,
        attnTokens > 0 ? kvLora * heads * (nope + vDim) * wBytes : 0,
        (prefillContext + decodeContext + attnTokens) * latentBytes,
        attnTokens * heads * (nope + rope + vDim) * aBytes,
        ((prefillContext + attnTokens) * latentBytes) / kvRate +
          (decodeContext * latentBytes) / decodeKvRate(decodeTokens),
      );
      seconds += chargeGemm(P.OP_OUT_PROJ, tokens, hidden, heads * vDim);
    } else {
      const headDim = p[P.P_HEAD_DIM];
      const kvHeads = p[P.P_KV_HEADS_PER_CHIP];
      seconds += chargeGemm(P.OP_QKV, tokens, (heads + 2 * kvHeads) * headDim, hiddenShard);
      const flops = 4 * heads * headDim * (prefillPairs + decodeContext);
      const tokenKvBytes = 2 * kvHeads * headDim * kvBytes;
      seconds += chargeOp(
        P.OP_ATTENTION,
        attentionSeconds(flops),
        flops,
        0,
        (prefillContext + decodeContext + attnTokens) * tokenKvBytes,
        2 * attnTokens * heads * headDim * aBytes,
        ((prefillContext + attnTokens) * tokenKvBytes) / kvRate +
          (decodeContext * tokenKvBytes) / decodeKvRate(decodeTokens * kvHeads),
      );
      seconds += chargeGemm(P.OP_OUT_PROJ, tokens, hiddenShard, heads * headDim);
    }
    return seconds;
  };

  const chargeMoe = (tokens: number, replicaTokens: number) => {
    const experts = p[P.P_EXPERTS];
    const topK = p[P.P_TOP_K];
    const expertFfn = p[P.P_EXPERT_FFN_PER_CHIP];
    const inputMatrices = p[P.P_FFN_MATRICES] - 1;
    const matrices = inputMatrices + 1;
    let seconds = chargeGemm(P.OP_ROUTER, tokens, experts, hidden);
    if (replicaTokens > 0) {
      const touched = experts * (1 - (1 - topK / experts) ** replicaTokens);
      const touchedHere = touched / ep;
      const load = ((replicaTokens * topK) / ep) * expertImbalance(p, replicaTokens);
      const perExpert = load / touchedHere;
      const compute =
        gemm(perExpert, inputMatrices * expertFfn, hidden, touchedHere) +
        gemm(perExpert, hidden, expertFfn, touchedHere);
      seconds += chargeOp(
        P.OP_EXPERTS,
        compute,
        2 * load * matrices * hidden * expertFfn,
        touchedHere * matrices * hidden * expertFfn * wBytes,
        0,
        load * (2 * hidden + matrices * expertFfn) * aBytes,
      );
      const sent = allToAllBytes(p, tokens, topK, hidden * aBytes);
      seconds += chargeNetwork(P.OP_EP_ALLTOALL, 2 * allToAllSeconds(p, sent), 2 * sent);
    }
    seconds += chargeFfn(P.OP_FFN, tokens, p[P.P_SHARED_FFN_PER_CHIP]);
    return seconds;
  };

  // the TP collectives closing a layer's halves, a share hidden under the layer's matmuls (see
  // chargeTpCollectives in assembly/step.ts)
  const chargeTpCollectives = (tokens: number, attention: boolean, ffn: boolean, ffnPerChip: number) => {
    const parts: { traffic: number; seconds: number }[] = [];
    if (p[P.P_TP_ALGO] === P.ALGO_MESH_2D) {
      const [rows, cols] = [p[P.P_TP_ROWS], p[P.P_TP_COLS]];
      const sliceBytes = tokens * hiddenShard * aBytes;
      if (attention) {
        const qkvWidth = (p[P.P_HEADS_PER_CHIP] + 2 * p[P.P_KV_HEADS_PER_CHIP]) * p[P.P_HEAD_DIM];
        parts.push(axisAllReduce(p, tokens * qkvWidth * aBytes, rows), axisAllReduce(p, sliceBytes, cols));
      }
      if (ffn) {
        const inputBytes = tokens * (p[P.P_FFN_MATRICES] - 1) * ffnPerChip * aBytes;
        parts.push(axisAllReduce(p, inputBytes, rows), axisAllReduce(p, sliceBytes, cols));
      }
    } else {
      const one = allReduce(p, tokens * hidden * aBytes);
      if (attention) parts.push(one);
      if (ffn) parts.push(one);
    }
    const seconds = parts.reduce((sum, c) => sum + c.seconds, 0);
    const traffic = parts.reduce((sum, c) => sum + c.traffic, 0);
    const share = batch.prefillTokens > 0 ? p[P.P_CCL_OVERLAP_PREFILL] : p[P.P_CCL_OVERLAP];
    const exposed = seconds - Math.min(share * seconds, layerGemmSeconds);
    return chargeNetwork(P.OP_TP_ALLREDUCE, exposed, traffic, p[P.P_CCL_FUSED] > 0);
  };

  const layerSeconds = (moe: boolean, prefillPairs: number, prefillContext: number, decodeContext: number) => {
    layerGemmSeconds = 0;
    const replicaTokens = batch.prefillTokens + batch.decodeSequences;
    const tokens = replicaTokens / ep;
    const attention = p[P.P_PART] !== P.PART_FFN;
    const ffn = p[P.P_PART] !== P.PART_ATTENTION;
    let seconds = 0;
    if (attention) {
      // attention data-parallel over the EP groups and, under 2D sharding, the sub-mesh's rows
      const spread = (seqs: number) => Math.max(Math.min(p[P.P_ATTN_DP], seqs), 1);
      const prefillShare = 1 / (ep * spread(batch.prefillSequences / ep));
      const decodeShare = 1 / (ep * spread(batch.decodeSequences / ep));
      seconds += chargeAttention(
        tokens,
        batch.prefillTokens * prefillShare + batch.decodeSequences * decodeShare,
        batch.decodeSequences * decodeShare,
        prefillPairs * prefillShare,
        prefillContext * prefillShare,
        decodeContext * decodeShare,
      );
    }
    let intermediateBytes = 0;
    let ffnPerChip = 0;
    if (ffn && moe) {
      const expertTokens = batch.expertTokens ?? replicaTokens;
      seconds += chargeMoe(tokens, expertTokens);
      const load = (expertTokens * p[P.P_TOP_K] * expertImbalance(p, expertTokens)) / ep;
      intermediateBytes = (load * p[P.P_EXPERT_FFN_PER_CHIP] + tokens * p[P.P_SHARED_FFN_PER_CHIP]) * aBytes;
    } else if (ffn) {
      ffnPerChip = p[P.P_FFN_PER_CHIP];
      seconds += chargeFfn(P.OP_FFN, tokens, ffnPerChip);
      intermediateBytes = tokens * ffnPerChip * aBytes;
    }
    const normFlops = attention ? 10 * tokens * hiddenShard : 0;
    seconds += chargeOp(
      P.OP_NORMS,
      flopSeconds(normFlops),
      normFlops,
      0,
      0,
      (attention ? 8 * tokens * hiddenShard * aBytes : 0) + 3 * intermediateBytes,
    );
    seconds += chargeTpCollectives(tokens, attention, ffn, ffnPerChip);
    return seconds;
  };

  const kindSeconds = new Array<number>(P.LAYER_KINDS).fill(0);
  let latency = 0;
  for (let kind = 0; kind < P.LAYER_KINDS; kind++) {
    const layers = p[P.P_PATH_LAYERS + kind];
    if (layers <= 0) continue;
    weight = layers;
    const sliding = (kind & 1) !== 0;
    kindSeconds[kind] = layerSeconds(
      (kind & 2) !== 0,
      sliding ? batch.prefillPairsWindowed : batch.prefillPairs,
      sliding ? batch.prefillContextTokensWindowed : batch.prefillContextTokens,
      sliding ? batch.decodeContextTokensWindowed : batch.decodeContextTokens,
    );
    latency += layers * kindSeconds[kind];
  }
  weight = 1;
  const lmHead =
    p[P.P_PART] === P.PART_FFN
      ? 0
      : chargeGemm(P.OP_LM_HEAD, (batch.prefillSequences + batch.decodeSequences) / ep, p[P.P_VOCAB_PER_CHIP], hidden);
  latency += lmHead;

  let slowest = 0;
  for (let g = 0; g < p[P.P_STAGE_GROUPS]; g++) {
    const at = P.P_STAGES + g * P.STAGE_STRIDE;
    let stage = p[at + P.STAGE_LM_HEAD] > 0 ? lmHead : 0;
    for (let kind = 0; kind < P.LAYER_KINDS; kind++) stage += p[at + P.STAGE_LAYERS + kind] * kindSeconds[kind];
    slowest = Math.max(slowest, stage);
  }

  const hopBytes = ((batch.prefillTokens + batch.decodeSequences) / ep) * hidden * aBytes;
  for (const [hops, bandwidth, efficiency, hopLatency] of [
    [p[P.P_PP_HOPS_UP], p[P.P_PP_BW_UP], p[P.P_PP_EFF_UP], p[P.P_PP_LAT_UP]],
    [p[P.P_PP_HOPS_OUT], p[P.P_PP_BW_OUT], p[P.P_PP_EFF_OUT], p[P.P_PP_LAT_OUT]],
  ]) {
    if (hops <= 0) continue;
    weight = hops;
    latency += hops * chargeNetwork(P.OP_PP_TRANSFER, hopBytes / (bandwidth * efficiency) + hopLatency, hopBytes);
  }
  const overhead = p[P.P_STEP_OVERHEAD];
  breakdown[P.OP_STEP_OVERHEAD * P.OP_FIELDS + P.F_SECONDS] += overhead;
  return { latencySeconds: latency + overhead, intervalSeconds: slowest + overhead, breakdown };
}
