// The time of one forward step of a batch, from its aggregates, in O(layer kinds): the parts its
// sizes fix (prepareStepParts), finished for its decode context (step-parts.ts).
//
// A batch is described by sums, never by its sequences:
//   prefill: new tokens, sequences, causal query-key pairs and context tokens whose KV is read,
//   decode: sequences and the sum of their context lengths;
// the *Windowed variants are the same sums with each sequence's context capped at the sliding
// window, used by sliding-window layers.
import {
  ALGO_MESH_2D, D_INV_ACT_RATE, D_INV_ATTN_RATE, D_INV_FLOP_RATE, D_INV_KV_RATE, D_INV_TP_RATE, D_INV_WEIGHT_RATE,
  D_ACTIVE_KINDS, D_LOG_EXPERT_MISS, D_TWO_LOG_EP, LAYER_KINDS, OPS, OP_EP_ALLTOALL, OP_EXPERTS, OP_FFN, OP_FIELDS, OP_LM_HEAD, OP_NORMS,
  OP_OUT_PROJ, OP_PP_TRANSFER, OP_QKV, OP_ROUTER, OP_TP_ALLREDUCE, PART_ATTENTION, PART_FFN, P_ACT_BYTES, P_ACT_TIER,
  P_ATTN_DP, P_ATTN_KV_EFF, P_ATTN_PEAK_FLOPS, P_ATTN_SAT_PAIRS, P_CCL_FUSED, P_CCL_OVERLAP, P_CCL_OVERLAP_PREFILL,
  P_COMPUTE_EFF, P_EP, P_EXPERTS, P_EXPERT_FFN_PER_CHIP, P_FFN_MATRICES, P_FFN_PER_CHIP, P_HEADS_PER_CHIP, P_HEAD_DIM,
  P_HIDDEN, P_HIDDEN_SPLIT, P_KV_BYTES, P_KV_HEADS_PER_CHIP, P_KV_LORA, P_KV_TIER, P_MEM_EFF, P_MLA, P_MOE_IMBALANCE,
  P_NOPE_DIM, P_OP_OVERHEAD, P_PART, P_PATH_LAYERS, P_PEAK_FLOPS, P_PP_BW_OUT, P_PP_BW_UP, P_PP_EFF_OUT, P_PP_EFF_UP,
  P_PP_HOPS_OUT, P_PP_HOPS_UP, P_PP_LAT_OUT, P_PP_LAT_UP, P_PREFILL_OP_OVERHEAD, P_Q_LORA, P_ROPE_DIM,
  P_SHARED_FFN_PER_CHIP, P_TIER_BW, P_TOP_K, P_TP_ALGO, P_TP_BW, P_TP_COLS, P_TP_EFF, P_TP_ROWS, P_VOCAB_PER_CHIP,
  P_V_DIM, P_WEIGHT_BYTES, P_WEIGHT_TIER, R_BREAKDOWN, R_INTERVAL, R_LATENCY,
} from "./params";
import { countPreparedBlock, param, setParam } from "./block";
import { recordCharge, recordNetwork } from "./breakdown";
import {
  K_ACT_BYTES, K_ATTENTION, K_ATTN_TOKENS, K_BEFORE, K_CONTEXT_FIXED, K_FFN, K_FLOPS, K_MEMORY_FIXED, K_NORMS, K_OUT_PROJ,
  K_PREFILL_CONTEXT, K_SLOWDOWN, K_TOKEN_BYTES, K_TP, K_WEIGHT_BYTES, KIND_STRIDE, PARTS_SLOTS, S_DECODE_SHARE, S_HOP_OUT, S_PREFILL_SHARE,
  S_HOP_UP, S_KINDS, S_LM_HEAD, S_OP_OVERHEAD, S_TERMS, S_TERM_COUNT, finishStep, part, setPart,
} from "./step-parts";
import { gemmBoundSeconds, gemmSeconds, gemmUpperSeconds, prepareGemm } from "./gemm";
import {
  allReduceSeconds, allReduceTraffic, allToAllBytes, allToAllSeconds, axisAllReduceSeconds, axisAllReduceTraffic, hopSeconds,
} from "./collectives";

// Whether the current evaluation records its breakdown, the weight (layers along the pipeline)
// of the operators being charged, and the parts record (step-parts.ts) being written. Module state
// keeps the hot-path signatures short.
let recording = false;
let weight: f64 = 0;
let parts: usize = 0;
let termCount: i32 = 0;
// Per-operator overhead of the step being evaluated: the chip's, plus its prefill dispatch when
// the step carries prefill.
let opOverhead: f64 = 0;
// Whether the step being evaluated has no prefill (which order gemmPairSeconds tries its bounds in).
let decodeOnly = true;
// Seconds of the matmuls of the layer being evaluated: the time a runtime's collectives may hide under,
// and the share of their time that may hide there in this step (decode steps only: the runtimes that
// overlap them do it with a weight prefetcher that only their traced decode runs).
let layerGemmSeconds: f64 = 0;
let overlapShare: f64 = 0;
// Tokens the routed experts see in the step being evaluated: the batch's own, or, for one attention
// group of a DEP replica, the whole replica's (its groups meet at every MoE layer's all-to-all).
let expertTokens: f64 = 0;
// and the busiest expert-parallel chip's share of their load relative to the mean (expertImbalance)
let routedImbalance: f64 = 0;
// parts record of evaluateStep, finished at once
const scratchParts = memory.data(PARTS_SLOTS * 8);

// Appends an operator's weighted FLOPs (or a layer kind's attention marker) to the record's terms.
// @ts-ignore: decorator
@inline function addTerm(term: f64): void {
  setPart(parts, S_TERMS + termCount, term);
  termCount++;
}

// Seconds to stream an operator's bytes: weights from the weight tier, activations from the
// activation tier, KV cache from the KV tier.
function memorySeconds(b: usize, weightBytes: f64, kvBytes: f64, activationBytes: f64): f64 {
  return weightBytes * param(b, D_INV_WEIGHT_RATE) + activationBytes * param(b, D_INV_ACT_RATE) + kvBytes * param(b, D_INV_KV_RATE);
}

// 1 / (bandwidth × memory efficiency) of the tier whose index is in `slot`.
function inverseTierRate(b: usize, slot: i32): f64 {
  const rate = param(b, P_TIER_BW + <i32>param(b, slot)) * param(b, P_MEM_EFF);
  return rate > 0 ? 1 / rate : 0;
}

// Derives the reciprocals the hot path multiplies by; call after writing a block's parameters.
export function prepareBlock(b: usize): void {
  countPreparedBlock();
  setParam(b, D_INV_WEIGHT_RATE, inverseTierRate(b, P_WEIGHT_TIER));
  setParam(b, D_INV_ACT_RATE, inverseTierRate(b, P_ACT_TIER));
  setParam(b, D_INV_KV_RATE, inverseTierRate(b, P_KV_TIER));
  setParam(b, D_INV_FLOP_RATE, 1 / (param(b, P_PEAK_FLOPS) * param(b, P_COMPUTE_EFF)));
  setParam(b, D_INV_ATTN_RATE, 1 / (param(b, P_ATTN_PEAK_FLOPS) * param(b, P_COMPUTE_EFF)));
  const tpRate = param(b, P_TP_BW) * param(b, P_TP_EFF);
  setParam(b, D_INV_TP_RATE, tpRate > 0 ? 1 / tpRate : 0);
  const experts = param(b, P_EXPERTS);
  setParam(b, D_LOG_EXPERT_MISS, experts > 0 ? Math.log(1 - param(b, P_TOP_K) / experts) : 0);
  setParam(b, D_TWO_LOG_EP, 2 * Math.log(param(b, P_EP)));
  let active = 0;
  for (let kind = 0; kind < LAYER_KINDS; kind++) if (param(b, P_PATH_LAYERS + kind) > 0) active |= 1 << kind;
  setParam(b, D_ACTIVE_KINDS, <f64>active);
  prepareGemm(b);
}

// Seconds of one compute/memory operator: max(compute, memory) plus a launch overhead.
function chargeOp(b: usize, op: i32, computeSeconds: f64, flops: f64, weightBytes: f64, kvBytes: f64, activationBytes: f64): f64 {
  return chargeWithMemory(b, op, computeSeconds, memorySeconds(b, weightBytes, kvBytes, activationBytes), flops, weightBytes, kvBytes, activationBytes);
}

function chargeWithMemory(
  b: usize, op: i32, computeSeconds: f64, memory: f64, flops: f64, weightBytes: f64, kvBytes: f64, activationBytes: f64,
): f64 {
  if (flops <= 0 && weightBytes + kvBytes + activationBytes <= 0) return 0;
  addTerm(weight * flops);
  const seconds = Math.max(computeSeconds, memory) + opOverhead;
  if (recording) recordCharge(b, op, weight, seconds, flops, weightBytes, kvBytes, activationBytes, computeSeconds, memory, opOverhead);
  return seconds;
}

// The cheap bound (gemmBoundSeconds) and the useful FLOPs at the achievable rate (a lower bound)
// of the GEMM pair of gemmPairSeconds.
// @ts-ignore: decorator
@inline function pairBound(b: usize, m: f64, groups: f64, n1: f64, k1: f64, n2: f64, k2: f64): f64 {
  return gemmBoundSeconds(b, m, n1, k1, groups) + (n2 > 0 ? gemmBoundSeconds(b, m, n2, k2, groups) : 0);
}

// @ts-ignore: decorator
@inline function pairLower(b: usize, m: f64, groups: f64, n1: f64, k1: f64, n2: f64, k2: f64): f64 {
  return 2 * m * groups * (n1 * k1 + n2 * k2) * param(b, D_INV_FLOP_RATE);
}

// Compute seconds of up to two GEMMs (groups each) that form one operator. Unless recording, the
// exact tile search is skipped when an upper bound already falls below the memory time: the
// caller's max(compute, memory) is then the memory time either way. A decode step's GEMMs are
// mostly memory-bound, which the cheap bound settles at once; a prefill step's mostly
// compute-bound, which the lower bound tells first; where neither settles it, the smallest tile's
// time may.
function gemmPairSeconds(
  b: usize, memory: f64, m: f64, groups: f64, n1: f64, k1: f64, n2: f64, k2: f64,
): f64 {
  if (!recording) {
    let computeBound: bool;
    if (decodeOnly) {
      const bound = pairBound(b, m, groups, n1, k1, n2, k2);
      if (bound <= memory) return bound;
      computeBound = pairLower(b, m, groups, n1, k1, n2, k2) >= memory;
    } else {
      computeBound = pairLower(b, m, groups, n1, k1, n2, k2) >= memory;
      if (!computeBound) {
        const bound = pairBound(b, m, groups, n1, k1, n2, k2);
        if (bound <= memory) return bound;
      }
    }
    if (!computeBound) {
      const upper = gemmUpperSeconds(b, m, n1, k1, groups) + (n2 > 0 ? gemmUpperSeconds(b, m, n2, k2, groups) : 0);
      if (upper <= memory) return upper;
    }
  }
  return gemmSeconds(b, m, n1, k1, groups) + (n2 > 0 ? gemmSeconds(b, m, n2, k2, groups) : 0);
}

// Seconds of a network operator (collective or transfer) whose exposed time is `networkSeconds`,
// that sends `bytes` per chip, and that is dispatched as an operator of its own unless `fused`.
function chargeNetwork(b: usize, op: i32, networkSeconds: f64, bytes: f64, fused: bool = false): f64 {
  if (networkSeconds <= 0 && bytes <= 0) return 0;
  const dispatch = fused ? 0 : opOverhead;
  const seconds = networkSeconds + dispatch;
  if (recording) recordNetwork(b, op, weight, seconds, bytes, dispatch);
  return seconds;
}

// 1 / the share of the KV tier's rate decode attention streams at with `pairs` (sequence, KV head)
// pairs on the chip: the runtime's kernel efficiency, reached once it has P_ATTN_SAT_PAIRS pairs to
// spread over its cores, proportionally fewer below that.
function decodeAttentionSlowdown(b: usize, pairs: f64): f64 {
  const saturating = param(b, P_ATTN_SAT_PAIRS);
  const occupancy = saturating > 0 && pairs < saturating ? Math.max(pairs, 1) / saturating : 1.0;
  const efficiency = param(b, P_ATTN_KV_EFF);
  return 1 / ((efficiency > 0 ? efficiency : 1.0) * occupancy);
}

// Ways each matmul's hidden dimension is split: the sub-mesh's rows under 2D sharding, else 1.
// @ts-ignore: decorator
@inline function hiddenSplit(b: usize): f64 {
  return Math.max(param(b, P_HIDDEN_SPLIT), 1);
}

// Attention groups `seqs` sequences spread over when attention runs data-parallel over `groups`:
// a sequence is never split, so fewer sequences than groups leave groups idle.
// @ts-ignore: decorator
@inline function spreadOver(groups: f64, seqs: f64): f64 {
  return Math.max(Math.min(groups, seqs), 1);
}

// Seconds of plain FLOPs at the chip's achievable GEMM rate.
// @ts-ignore: decorator
@inline function flopSeconds(b: usize, flops: f64): f64 {
  return flops * param(b, D_INV_FLOP_RATE);
}

// A GEMM of M tokens by an N×K weight matrix: its FLOPs, weight bytes and activation bytes.
function chargeGemm(b: usize, op: i32, m: f64, n: f64, k: f64): f64 {
  if (m <= 0) return 0;
  const wBytes = param(b, P_WEIGHT_BYTES);
  const aBytes = param(b, P_ACT_BYTES);
  const weightBytes = n * k * wBytes;
  const activationBytes = m * (n + k) * aBytes;
  const memory = memorySeconds(b, weightBytes, 0, activationBytes);
  const seconds = chargeWithMemory(b, op, gemmPairSeconds(b, memory, m, 1, n, k, 0, 0), memory, 2 * m * n * k, weightBytes, 0, activationBytes);
  layerGemmSeconds += seconds;
  return seconds;
}

// One dense feed-forward block of `intermediate` columns per chip over `tokens` tokens (its rows of
// the hidden dimension split P_HIDDEN_SPLIT ways under 2D sharding).
function chargeFfn(b: usize, op: i32, tokens: f64, intermediate: f64): f64 {
  if (tokens <= 0 || intermediate <= 0) return 0;
  const hidden = param(b, P_HIDDEN) / hiddenSplit(b);
  const inputMatrices = param(b, P_FFN_MATRICES) - 1;
  const wBytes = param(b, P_WEIGHT_BYTES);
  const aBytes = param(b, P_ACT_BYTES);
  const matrices = inputMatrices + 1;
  const weightBytes = matrices * hidden * intermediate * wBytes;
  const activationBytes = tokens * (2 * hidden + matrices * intermediate) * aBytes;
  const memory = memorySeconds(b, weightBytes, 0, activationBytes);
  const compute = gemmPairSeconds(b, memory, tokens, 1, inputMatrices * intermediate, hidden, hidden, intermediate);
  const seconds = chargeWithMemory(b, op, compute, memory, 2 * tokens * matrices * hidden * intermediate, weightBytes, 0, activationBytes);
  layerGemmSeconds += seconds;
  return seconds;
}

// Writes the subexpressions of a layer kind's attention products (record at `k`, K_ATTN_TOKENS
// written) that this chip's share of the prefill's causal pairs and context fix: the products'
// prefill FLOPs and the context read at the full rate.
function setPrefillAttention(b: usize, k: usize, prefillPairs: f64, prefillContext: f64): void {
  if (param(b, P_MLA) > 0) {
    // expand the context's latents into keys and values, then ordinary attention
    const heads = param(b, P_HEADS_PER_CHIP);
    const kvLora = param(b, P_KV_LORA);
    const rope = param(b, P_ROPE_DIM);
    const nope = param(b, P_NOPE_DIM);
    const vDim = param(b, P_V_DIM);
    setPart(k, K_FLOPS + 4, 2 * prefillContext * kvLora * heads * (nope + vDim) + prefillPairs * heads * (2 * (nope + rope) + 2 * vDim));
  } else {
    setPart(k, K_FLOPS + 1, prefillPairs);
  }
  setPart(k, K_CONTEXT_FIXED, prefillContext + part(k, K_ATTN_TOKENS));
  setPart(k, K_PREFILL_CONTEXT, prefillContext);
}

// Rewrites the prefill subexpressions of the step record at `s` (written by prepareStepParts for
// the same prefill tokens, prefill sequences, decode sequences and expert tokens) for other causal
// pairs and context: a chunk of the same size at another point of its prompt.
export function setPrefillParts(
  b: usize, s: usize, prefillPairs: f64, prefillPairsWindowed: f64, prefillContext: f64, prefillContextWindowed: f64,
): void {
  const share = part(s, S_PREFILL_SHARE);
  for (let kinds = <i32>param(b, D_ACTIVE_KINDS); kinds != 0; kinds &= kinds - 1) {
    const kind = ctz(kinds);
    const k = s + (<usize>(S_KINDS + kind * KIND_STRIDE) << 3);
    if (part(k, K_ATTENTION) <= 0) continue;
    // as prepareStepParts passes them to prepareLayer
    const sliding = (kind & 1) != 0;
    setPrefillAttention(
      b, k, (sliding ? prefillPairsWindowed : prefillPairs) * share, (sliding ? prefillContextWindowed : prefillContext) * share,
    );
  }
}

// Attention of one layer: projections, the score/value products over the context, the output
// projection. Grouped-query attention shards heads over TP; multi-head latent attention (MLA)
// caches one latent per token shared by all heads and, in decode, absorbs the up-projections.
// The projections see the TP group's `tokens`; the products see the `attnTokens` of this chip's
// sequences (fewer where attention runs data-parallel inside the group), `decodeSeqs` of them
// decoding. The products' time depends on the decode context: this writes the parts of it that do
// not to the layer kind's record at `k`, and finishStep charges the products.
function prepareAttention(
  b: usize, k: usize, kind: i32, tokens: f64, attnTokens: f64, decodeSeqs: f64, prefillPairs: f64, prefillContext: f64,
): void {
  const hidden = param(b, P_HIDDEN);
  const hiddenShard = hidden / hiddenSplit(b);
  const heads = param(b, P_HEADS_PER_CHIP);
  const wBytes = param(b, P_WEIGHT_BYTES);
  const aBytes = param(b, P_ACT_BYTES);
  const kvBytes = param(b, P_KV_BYTES);
  let before: f64 = 0;
  let weightBytes: f64 = 0;
  let activationBytes: f64 = 0;
  let memoryFixed: f64;
  let tokenBytes: f64;
  let slowdown: f64;
  let outRows: f64;
  let outColumns: f64;
  if (param(b, P_MLA) > 0) {
    const qLora = param(b, P_Q_LORA);
    const kvLora = param(b, P_KV_LORA);
    const rope = param(b, P_ROPE_DIM);
    const nope = param(b, P_NOPE_DIM);
    const vDim = param(b, P_V_DIM);
    if (qLora > 0) {
      before += chargeGemm(b, OP_QKV, tokens, qLora, hidden);
      before += chargeGemm(b, OP_QKV, tokens, heads * (nope + rope), qLora);
    } else {
      before += chargeGemm(b, OP_QKV, tokens, heads * (nope + rope), hidden);
    }
    before += chargeGemm(b, OP_QKV, tokens, kvLora + rope, hidden);
    // decode: absorbed W_UK into the query and W_UV into the output, attention over the latent:
    // 2·seqs·heads·nope·kvLora + context·heads·(4·kvLora + 2·rope) + 2·seqs·heads·kvLora·vDim
    setPart(k, K_FLOPS, 2 * decodeSeqs * heads * nope * kvLora);
    setPart(k, K_FLOPS + 1, heads);
    setPart(k, K_FLOPS + 2, 4 * kvLora + 2 * rope);
    setPart(k, K_FLOPS + 3, 2 * decodeSeqs * heads * kvLora * vDim);
    // one latent per token: a sequence is one (sequence, KV head) pair
    tokenBytes = (kvLora + rope) * kvBytes;
    weightBytes = attnTokens > 0 ? kvLora * heads * (nope + vDim) * wBytes : 0;
    activationBytes = attnTokens * heads * (nope + rope + vDim) * aBytes;
    memoryFixed = weightBytes * param(b, D_INV_WEIGHT_RATE) + activationBytes * param(b, D_INV_ACT_RATE);
    slowdown = decodeAttentionSlowdown(b, decodeSeqs);
    outRows = hidden;
    outColumns = heads * vDim;
  } else {
    const headDim = param(b, P_HEAD_DIM);
    const kvHeads = param(b, P_KV_HEADS_PER_CHIP);
    before += chargeGemm(b, OP_QKV, tokens, (heads + 2 * kvHeads) * headDim, hiddenShard);
    // 4·heads·dim·(prefill pairs + context)
    setPart(k, K_FLOPS, 4 * heads * headDim);
    tokenBytes = 2 * kvHeads * headDim * kvBytes;
    activationBytes = 2 * attnTokens * heads * headDim * aBytes;
    memoryFixed = activationBytes * param(b, D_INV_ACT_RATE);
    slowdown = decodeAttentionSlowdown(b, decodeSeqs * kvHeads);
    outRows = hiddenShard;
    outColumns = heads * headDim;
  }
  setPart(k, K_ATTENTION, 1);
  setPart(k, K_BEFORE, before);
  setPart(k, K_MEMORY_FIXED, memoryFixed);
  setPart(k, K_SLOWDOWN, slowdown);
  setPart(k, K_TOKEN_BYTES, tokenBytes);
  setPart(k, K_WEIGHT_BYTES, weightBytes);
  setPart(k, K_ACT_BYTES, activationBytes);
  setPart(k, K_ATTN_TOKENS, attnTokens);
  setPrefillAttention(b, k, prefillPairs, prefillContext);
  // the products are charged here in the kernel's order of operators
  addTerm(-<f64>(kind + 1));
  setPart(k, K_OUT_PROJ, chargeGemm(b, OP_OUT_PROJ, tokens, outRows, outColumns));
}

// Load on the busiest of the P_EP chips relative to the mean, for `tokens` routed tokens: the
// packed figure, or, where none is packed (0), uniform routing's: each of tokens × top-k
// assignments lands on a chip with probability 1/ep, and the busiest of ep chips carries at most
// the mean plus sqrt(2 ln ep) standard deviations (the Gaussian bound on the largest of ep draws),
// never more than every token's experts fitting on it.
function expertImbalance(b: usize, tokens: f64): f64 {
  const given = param(b, P_MOE_IMBALANCE);
  if (given > 0) return given;
  const ep = param(b, P_EP);
  const topK = param(b, P_TOP_K);
  const mean = (tokens * topK) / ep;
  if (ep <= 1 || mean <= 0) return 1;
  const busiest = mean + Math.sqrt(param(b, D_TWO_LOG_EP) * mean * (1 - 1 / ep));
  return Math.min(busiest, tokens * Math.min(topK, param(b, P_EXPERTS) / ep)) / mean;
}

// Mixture-of-experts block: router, routed experts (only those the batch touches), shared
// experts, and the expert-parallel all-to-all that dispatches and combines tokens. `imbalance` is
// expertImbalance of `replicaTokens`, worked out once per step.
function chargeMoe(b: usize, tokens: f64, replicaTokens: f64, imbalance: f64): f64 {
  const hidden = param(b, P_HIDDEN);
  const experts = param(b, P_EXPERTS);
  const topK = param(b, P_TOP_K);
  const ep = param(b, P_EP);
  const expertFfn = param(b, P_EXPERT_FFN_PER_CHIP);
  const inputMatrices = param(b, P_FFN_MATRICES) - 1;
  const matrices = inputMatrices + 1;
  const wBytes = param(b, P_WEIGHT_BYTES);
  const aBytes = param(b, P_ACT_BYTES);
  let seconds = chargeGemm(b, OP_ROUTER, tokens, experts, hidden);
  if (replicaTokens > 0) {
    // expected experts touched by the replica's tokens, and this chip's share of them and of the load
    const touched = experts * (1 - Math.exp(replicaTokens * param(b, D_LOG_EXPERT_MISS)));
    const touchedHere = touched / ep;
    const load = ((replicaTokens * topK) / ep) * imbalance;
    const perExpert = load / touchedHere;
    const weightBytes = touchedHere * matrices * hidden * expertFfn * wBytes;
    const activationBytes = load * (2 * hidden + matrices * expertFfn) * aBytes;
    const memory = memorySeconds(b, weightBytes, 0, activationBytes);
    const compute = gemmPairSeconds(b, memory, perExpert, touchedHere, inputMatrices * expertFfn, hidden, hidden, expertFfn);
    seconds += chargeWithMemory(b, OP_EXPERTS, compute, memory, 2 * load * matrices * hidden * expertFfn, weightBytes, 0, activationBytes);
    const sent = allToAllBytes(b, tokens, topK, hidden * aBytes);
    seconds += chargeNetwork(b, OP_EP_ALLTOALL, 2 * allToAllSeconds(b, sent), 2 * sent);
  }
  seconds += chargeFfn(b, OP_FFN, tokens, param(b, P_SHARED_FFN_PER_CHIP));
  return seconds;
}

// Seconds of the TP collectives that close a layer's halves, of which the runtime hides a share
// (P_CCL_OVERLAP in decode, P_CCL_OVERLAP_PREFILL in a step with prefill) under the layer's matmuls. 1D sharding: one all-reduce of the hidden state per
// half. 2D sharding: each matmul reduces along one axis of the rows × cols sub-mesh, on the slice
// of its output the other axis leaves: QKV and the FFN's input matrices along the rows, the output
// projection and the FFN's output matrix along the columns.
function chargeTpCollectives(b: usize, tokens: f64, attention: bool, ffn: bool, ffnPerChip: f64): f64 {
  const aBytes = param(b, P_ACT_BYTES);
  const hidden = param(b, P_HIDDEN);
  let seconds: f64 = 0;
  let traffic: f64 = 0;
  if (<i32>param(b, P_TP_ALGO) == ALGO_MESH_2D) {
    const rows = param(b, P_TP_ROWS);
    const cols = param(b, P_TP_COLS);
    const sliceBytes = tokens * (hidden / hiddenSplit(b)) * aBytes;
    if (attention) {
      const qkvBytes = tokens * (param(b, P_HEADS_PER_CHIP) + 2 * param(b, P_KV_HEADS_PER_CHIP)) * param(b, P_HEAD_DIM) * aBytes;
      seconds += axisAllReduceSeconds(b, qkvBytes, rows) + axisAllReduceSeconds(b, sliceBytes, cols);
      traffic += axisAllReduceTraffic(qkvBytes, rows) + axisAllReduceTraffic(sliceBytes, cols);
    }
    if (ffn) {
      const inputBytes = tokens * (param(b, P_FFN_MATRICES) - 1) * ffnPerChip * aBytes;
      seconds += axisAllReduceSeconds(b, inputBytes, rows) + axisAllReduceSeconds(b, sliceBytes, cols);
      traffic += axisAllReduceTraffic(inputBytes, rows) + axisAllReduceTraffic(sliceBytes, cols);
    }
  } else {
    const reduceBytes = tokens * hidden * aBytes;
    const reductions: f64 = (attention ? 1 : 0) + (ffn ? 1 : 0);
    seconds = reductions * allReduceSeconds(b, reduceBytes);
    traffic = reductions * allReduceTraffic(b, reduceBytes);
  }
  const exposed = seconds - Math.min(overlapShare * seconds, layerGemmSeconds);
  return chargeNetwork(b, OP_TP_ALLREDUCE, exposed, traffic, param(b, P_CCL_FUSED) > 0);
}

// The parts of one layer of `kind` (bit 0 sliding window, bit 1 MoE) for the batch, to its record at `k`.
function prepareLayer(
  b: usize, k: usize, kind: i32, prefillTokens: f64, prefillPairs: f64, prefillContext: f64, decodeSeqs: f64,
  prefillShare: f64, decodeShare: f64,
): void {
  const ep = param(b, P_EP);
  const hidden = param(b, P_HIDDEN);
  const aBytes = param(b, P_ACT_BYTES);
  layerGemmSeconds = 0;
  // attention runs data-parallel over the EP groups: each sees 1/ep of the batch
  const tokens = (prefillTokens + decodeSeqs) / ep;
  // with the decode split per layer, a block costs only its half of each layer
  const half = <i32>param(b, P_PART);
  const attention = half != PART_FFN;
  const ffn = half != PART_ATTENTION;
  if (attention) {
    prepareAttention(
      b, k, kind, tokens, prefillTokens * prefillShare + decodeSeqs * decodeShare, decodeSeqs * decodeShare,
      prefillPairs * prefillShare, prefillContext * prefillShare,
    );
  } else {
    setPart(k, K_ATTENTION, 0);
    setPart(k, K_BEFORE, 0);
    setPart(k, K_OUT_PROJ, 0);
  }
  let ffnSeconds: f64 = 0;
  let intermediateBytes: f64 = 0;
  let ffnPerChip: f64 = 0;
  if (ffn && (kind & 2) != 0) {
    ffnSeconds = chargeMoe(b, tokens, expertTokens, routedImbalance);
    const load = (expertTokens * param(b, P_TOP_K) * routedImbalance) / ep;
    intermediateBytes = (load * param(b, P_EXPERT_FFN_PER_CHIP) + tokens * param(b, P_SHARED_FFN_PER_CHIP)) * aBytes;
  } else if (ffn) {
    ffnPerChip = param(b, P_FFN_PER_CHIP);
    ffnSeconds = chargeFfn(b, OP_FFN, tokens, ffnPerChip);
    intermediateBytes = tokens * ffnPerChip * aBytes;
  }
  setPart(k, K_FFN, ffnSeconds);
  // two RMSNorms and two residual adds (read and write the hidden state, its 1/rows slice under 2D
  // sharding) with attention, the gated activation with the FFN
  const hiddenShard = hidden / hiddenSplit(b);
  const normBytes = (attention ? 8 * tokens * hiddenShard * aBytes : 0) + 3 * intermediateBytes;
  const normFlops = attention ? 10 * tokens * hiddenShard : 0;
  setPart(k, K_NORMS, chargeOp(b, OP_NORMS, flopSeconds(b, normFlops), normFlops, 0, 0, normBytes));
  setPart(k, K_TP, chargeTpCollectives(b, tokens, attention, ffn, ffnPerChip));
}

// Writes to the record at `s` the parts of a step (step-parts.ts) that its prefill aggregates and
// decode sequences fix. `experts` is the tokens the routed experts see when they are not the
// batch's own (negative: the batch's own).
export function prepareStepParts(
  b: usize, s: usize,
  prefillTokens: f64, prefillSeqs: f64, prefillPairs: f64, prefillPairsWindowed: f64,
  prefillContext: f64, prefillContextWindowed: f64,
  decodeSeqs: f64, experts: f64, record: bool,
): void {
  recording = record;
  parts = s;
  termCount = 0;
  expertTokens = experts >= 0 ? experts : prefillTokens + decodeSeqs;
  routedImbalance = expertImbalance(b, expertTokens);
  decodeOnly = prefillTokens <= 0;
  opOverhead = param(b, P_OP_OVERHEAD) + (prefillTokens > 0 ? param(b, P_PREFILL_OP_OVERHEAD) : 0);
  overlapShare = prefillTokens > 0 ? param(b, P_CCL_OVERLAP_PREFILL) : param(b, P_CCL_OVERLAP);
  if (record) {
    for (let i = 0; i < OPS * OP_FIELDS; i++) setParam(b, R_BREAKDOWN + i, 0);
  }
  const hidden = param(b, P_HIDDEN);
  const aBytes = param(b, P_ACT_BYTES);
  const ep = param(b, P_EP);
  // attention runs data-parallel over the EP groups and, under 2D sharding, over the sub-mesh's
  // rows: the busiest row holds 1/rows of the sequences
  const attnDp = param(b, P_ATTN_DP);
  const prefillShare = 1 / (ep * spreadOver(attnDp, prefillSeqs / ep));
  const decodeShare = 1 / (ep * spreadOver(attnDp, decodeSeqs / ep));
  setPart(s, S_DECODE_SHARE, decodeShare);
  setPart(s, S_PREFILL_SHARE, prefillShare);
  setPart(s, S_OP_OVERHEAD, opOverhead);
  for (let kinds = <i32>param(b, D_ACTIVE_KINDS); kinds != 0; kinds &= kinds - 1) {
    const kind = ctz(kinds);
    weight = param(b, P_PATH_LAYERS + kind);
    const sliding = (kind & 1) != 0;
    prepareLayer(
      b, s + (<usize>(S_KINDS + kind * KIND_STRIDE) << 3), kind, prefillTokens,
      sliding ? prefillPairsWindowed : prefillPairs,
      sliding ? prefillContextWindowed : prefillContext,
      decodeSeqs, prefillShare, decodeShare,
    );
  }
  // logits for the last token of each sequence, on the last stage
  weight = 1;
  setPart(s, S_LM_HEAD,
    <i32>param(b, P_PART) == PART_FFN ? 0 : chargeGemm(b, OP_LM_HEAD, (prefillSeqs + decodeSeqs) / ep, param(b, P_VOCAB_PER_CHIP), hidden));

  // activations cross each stage boundary once
  const hopBytes = ((prefillTokens + decodeSeqs) / ep) * hidden * aBytes;
  const hopsUp = param(b, P_PP_HOPS_UP);
  const hopsOut = param(b, P_PP_HOPS_OUT);
  let hopUpSeconds: f64 = 0;
  let hopOutSeconds: f64 = 0;
  if (hopsUp > 0) {
    weight = hopsUp;
    hopUpSeconds = hopsUp * chargeNetwork(b, OP_PP_TRANSFER, hopSeconds(hopBytes, param(b, P_PP_BW_UP), param(b, P_PP_EFF_UP), param(b, P_PP_LAT_UP)), hopBytes);
  }
  if (hopsOut > 0) {
    weight = hopsOut;
    hopOutSeconds = hopsOut * chargeNetwork(b, OP_PP_TRANSFER, hopSeconds(hopBytes, param(b, P_PP_BW_OUT), param(b, P_PP_EFF_OUT), param(b, P_PP_LAT_OUT)), hopBytes);
  }
  setPart(s, S_HOP_UP, hopUpSeconds);
  setPart(s, S_HOP_OUT, hopOutSeconds);
  setPart(s, S_TERM_COUNT, termCount);
}

// Evaluates one step; writes R_LATENCY and R_INTERVAL (and the breakdown when `record`).
// Returns the latency: seconds for the batch to pass every pipeline stage. `experts` is the
// tokens the routed experts see when they are not the batch's own (negative: the batch's own).
export function evaluateStep(
  b: usize,
  prefillTokens: f64, prefillSeqs: f64, prefillPairs: f64, prefillPairsWindowed: f64,
  prefillContext: f64, prefillContextWindowed: f64,
  decodeSeqs: f64, decodeContext: f64, decodeContextWindowed: f64,
  experts: f64, record: i32,
): f64 {
  prepareStepParts(
    b, scratchParts, prefillTokens, prefillSeqs, prefillPairs, prefillPairsWindowed, prefillContext, prefillContextWindowed,
    decodeSeqs, experts, record != 0,
  );
  return finishStep(b, scratchParts, decodeContext, decodeContextWindowed, record != 0);
}
