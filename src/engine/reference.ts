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

function allReduceSeconds(p: Float64Array, bytes: number): number {
  const peers = p[P.P_TP];
  if (peers <= 1 || bytes <= 0) return 0;
  const bandwidth = p[P.P_TP_BW] * p[P.P_TP_EFF];
  const hop = p[P.P_TP_LAT];
  if (p[P.P_TP_ALGO] === P.ALGO_MESH) {
    const rows = p[P.P_TP_ROWS];
    const cols = p[P.P_TP_COLS];
    const traffic = ((2 * (cols - 1)) / cols) * bytes + ((2 * (rows - 1)) / rows) * (bytes / cols);
    return traffic / bandwidth + (2 * (cols - 1) + 2 * (rows - 1)) * hop;
  }
  const traffic = ((2 * (peers - 1)) / peers) * bytes;
  const hops = p[P.P_TP_ALGO] === P.ALGO_SWITCH ? 2 : 2 * (peers - 1);
  return traffic / bandwidth + hops * hop;
}

function allToAllBytes(p: Float64Array, tokens: number, topK: number, rowBytes: number): number {
  const peers = p[P.P_EP];
  return peers <= 1 ? 0 : tokens * topK * rowBytes * ((peers - 1) / peers);
}

function allToAllSeconds(p: Float64Array, bytes: number): number {
  if (p[P.P_EP] <= 1 || bytes <= 0) return 0;
  return bytes / (p[P.P_EP_BW] * p[P.P_EP_EFF]) + p[P.P_EP_HOPS] * p[P.P_EP_LAT];
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

  const opOverhead = p[P.P_OP_OVERHEAD] + (batch.prefillTokens > 0 ? p[P.P_PREFILL_OP_OVERHEAD] : 0);
  const chargeOp = (
    op: number,
    computeSeconds: number,
    flops: number,
    weightBytes: number,
    kvTierBytes: number,
    activationBytes: number,
  ) => {
    if (flops <= 0 && weightBytes + kvTierBytes + activationBytes <= 0) return 0;
    const efficiency = p[P.P_MEM_EFF];
    const weightTier = p[P.P_WEIGHT_TIER];
    const activationTier = p[P.P_ACT_TIER];
    const kvTier = p[P.P_KV_TIER];
    const memorySeconds =
      weightBytes / (p[P.P_TIER_BW + weightTier] * efficiency) +
      activationBytes / (p[P.P_TIER_BW + activationTier] * efficiency) +
      kvTierBytes / (p[P.P_TIER_BW + kvTier] * efficiency);
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
  const chargeNetwork = (op: number, networkSeconds: number, bytes: number) => {
    if (networkSeconds <= 0) return 0;
    const seconds = networkSeconds + opOverhead;
    breakdown[op * P.OP_FIELDS + P.F_SECONDS] += weight * seconds;
    breakdown[op * P.OP_FIELDS + P.F_NETWORK_BYTES] += weight * bytes;
    breakdown[op * P.OP_FIELDS + P.F_DISPATCH_SECONDS] += weight * opOverhead;
    return seconds;
  };
  const gemm = (m: number, n: number, k: number, groups = 1) => referenceGemmSeconds(p, m, n, k, groups);
  const chargeGemm = (op: number, m: number, n: number, k: number) =>
    m <= 0 ? 0 : chargeOp(op, gemm(m, n, k), 2 * m * n * k, n * k * wBytes, 0, m * (n + k) * aBytes);
  const chargeFfn = (op: number, tokens: number, intermediate: number) => {
    if (tokens <= 0 || intermediate <= 0) return 0;
    const inputMatrices = p[P.P_FFN_MATRICES] - 1;
    const matrices = inputMatrices + 1;
    const compute = gemm(tokens, inputMatrices * intermediate, hidden) + gemm(tokens, hidden, intermediate);
    return chargeOp(
      op,
      compute,
      2 * tokens * matrices * hidden * intermediate,
      matrices * hidden * intermediate * wBytes,
      0,
      tokens * (2 * hidden + matrices * intermediate) * aBytes,
    );
  };

  const chargeAttention = (
    tokens: number,
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
      seconds += chargeOp(
        P.OP_ATTENTION,
        attentionSeconds(flops),
        flops,
        tokens > 0 ? kvLora * heads * (nope + vDim) * wBytes : 0,
        (prefillContext + decodeContext + tokens) * (kvLora + rope) * kvBytes,
        tokens * heads * (nope + rope + vDim) * aBytes,
      );
      seconds += chargeGemm(P.OP_OUT_PROJ, tokens, hidden, heads * vDim);
    } else {
      const headDim = p[P.P_HEAD_DIM];
      const kvHeads = p[P.P_KV_HEADS_PER_CHIP];
      seconds += chargeGemm(P.OP_QKV, tokens, (heads + 2 * kvHeads) * headDim, hidden);
      const flops = 4 * heads * headDim * (prefillPairs + decodeContext);
      seconds += chargeOp(
        P.OP_ATTENTION,
        attentionSeconds(flops),
        flops,
        0,
        (prefillContext + decodeContext + tokens) * 2 * kvHeads * headDim * kvBytes,
        2 * tokens * heads * headDim * aBytes,
      );
      seconds += chargeGemm(P.OP_OUT_PROJ, tokens, hidden, heads * headDim);
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
      const load = ((replicaTokens * topK) / ep) * p[P.P_MOE_IMBALANCE];
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

  const layerSeconds = (moe: boolean, prefillPairs: number, prefillContext: number, decodeContext: number) => {
    const replicaTokens = batch.prefillTokens + batch.decodeSequences;
    const tokens = replicaTokens / ep;
    const attention = p[P.P_PART] !== P.PART_FFN;
    const ffn = p[P.P_PART] !== P.PART_ATTENTION;
    let seconds = attention
      ? chargeAttention(tokens, batch.decodeSequences / ep, prefillPairs / ep, prefillContext / ep, decodeContext / ep)
      : 0;
    let intermediateBytes = 0;
    if (ffn && moe) {
      seconds += chargeMoe(tokens, replicaTokens);
      const load = (replicaTokens * p[P.P_TOP_K] * p[P.P_MOE_IMBALANCE]) / ep;
      intermediateBytes = (load * p[P.P_EXPERT_FFN_PER_CHIP] + tokens * p[P.P_SHARED_FFN_PER_CHIP]) * aBytes;
    } else if (ffn) {
      seconds += chargeFfn(P.OP_FFN, tokens, p[P.P_FFN_PER_CHIP]);
      intermediateBytes = tokens * p[P.P_FFN_PER_CHIP] * aBytes;
    }
    const normFlops = attention ? 10 * tokens * hidden : 0;
    seconds += chargeOp(
      P.OP_NORMS,
      flopSeconds(normFlops),
      normFlops,
      0,
      0,
      (attention ? 8 * tokens * hidden * aBytes : 0) + 3 * intermediateBytes,
    );
    const reduceBytes = tokens * hidden * aBytes;
    const reductions = (attention ? 1 : 0) + (ffn ? 1 : 0);
    seconds += chargeNetwork(
      P.OP_TP_ALLREDUCE,
      reductions * allReduceSeconds(p, reduceBytes),
      reductions * reduceBytes,
    );
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
