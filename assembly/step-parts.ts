// A step in two halves. The first (step.ts, prepareStepParts) charges everything the batch's sizes
// fix: every GEMM, collective, norm and transfer, and the subexpressions of each layer kind's
// attention products that hold no decode context (those the prefill's pairs and context fix are
// written apart, by setPrefillParts). It writes them to a parts record. The second (finishStep,
// here) charges the attention products for the decode context sums, each with its own
// max(compute, memory), and totals the step, evaluating the same expressions in the same order as
// one pass over the step would. So a record kept for a step's sizes (step-table.ts) and finished
// for any sums gives what a fresh evaluation gives, to the last bit.
import {
  D_ACTIVE_KINDS, D_INV_ATTN_RATE, D_INV_FLOP_RATE, D_INV_KV_RATE, LAYER_KINDS, OP_ATTENTION, OP_FIELDS, OP_STEP_OVERHEAD, F_SECONDS, P_MLA,
  P_PATH_LAYERS, P_STAGES, P_STAGE_GROUPS, P_STEP_OVERHEAD, R_BREAKDOWN, R_INTERVAL, R_KIND_SECONDS, R_LATENCY, STAGE_LAYERS,
  STAGE_LM_HEAD, STAGE_STRIDE,
} from "./params";
import { addParam, param, setParam } from "./block";
import { recordCharge } from "./breakdown";

// the record's header
export const S_DECODE_SHARE: i32 = 0; // share of the decode context one chip's attention reads
export const S_OP_OVERHEAD: i32 = 1; // per-operator dispatch seconds of the step
export const S_LM_HEAD: i32 = 2; // seconds of the LM head
export const S_HOP_UP: i32 = 3; // seconds of all pipeline hops inside a system
export const S_HOP_OUT: i32 = 4; // and between systems
export const S_TERM_COUNT: i32 = 5;
export const S_PREFILL_SHARE: i32 = 6; // share of the prefill's pairs and context one chip's attention reads
export const S_KINDS: i32 = 7; // LAYER_KINDS × KIND_STRIDE

// one layer kind's parts; the attention products' FLOPs and memory seconds are kept as the
// subexpressions of the kernel's formulas that hold no decode context
export const K_ATTENTION: i32 = 0; // 1 where the block charges attention
export const K_BEFORE: i32 = 1; // seconds of the projections before the products
export const K_OUT_PROJ: i32 = 2;
export const K_FFN: i32 = 3; // dense or MoE block, with its all-to-all
export const K_NORMS: i32 = 4;
export const K_TP: i32 = 5; // exposed TP collectives
export const K_FLOPS: i32 = 6; // 5 coefficients; see attentionFlops
export const K_MEMORY_FIXED: i32 = 11; // seconds of the products' weight and activation bytes
export const K_CONTEXT_FIXED: i32 = 12; // tokens whose KV is read at the full rate (prefill context, new tokens)
export const K_SLOWDOWN: i32 = 13; // decode attention's 1 / (efficiency × occupancy)
export const K_TOKEN_BYTES: i32 = 14; // KV bytes per token of context
// what only a recorded breakdown needs
export const K_WEIGHT_BYTES: i32 = 15;
export const K_ACT_BYTES: i32 = 16;
export const K_PREFILL_CONTEXT: i32 = 17;
export const K_ATTN_TOKENS: i32 = 18;
export const KIND_STRIDE: i32 = 19;

// FLOPs of every compute operator in the order the kernel charges them, weighted by layers, kept one
// by one so that their sum rounds as the running sum over the operators does; a layer kind's
// attention products, which depend on the context, are a negative marker: -(kind + 1)
export const S_TERMS: i32 = S_KINDS + LAYER_KINDS * KIND_STRIDE;
export const MAX_TERMS: i32 = 40; // per kind at most 3 projections, products, output projection, router, experts, shared FFN, norms; and the LM head
export const PARTS_SLOTS: i32 = S_TERMS + MAX_TERMS;

// @ts-ignore: decorator
@inline export function part(s: usize, slot: i32): f64 {
  return load<f64>(s + (<usize>slot << 3));
}

// @ts-ignore: decorator
@inline export function setPart(s: usize, slot: i32, value: f64): void {
  store<f64>(s + (<usize>slot << 3), value);
}

// FLOPs per chip of the whole step last finished
let stepFlops: f64 = 0;
// weighted FLOPs of each layer kind's attention products in the step being finished
const attentionTerms = memory.data(LAYER_KINDS * 8);

// FLOPs per chip of the last finished step, and their restoring where a finished step is kept whole (step-table.ts).
export function lastStepFlops(): f64 {
  return stepFlops;
}

export function setLastStepFlops(flops: f64): void {
  stepFlops = flops;
}

// Seconds the last finished step's FLOPs take at the chip's achievable rate.
export function lastStepFlopSeconds(b: usize): f64 {
  return stepFlops * param(b, D_INV_FLOP_RATE);
}

// FLOPs of one layer's attention products over `context` decode tokens (this chip's share).
// Grouped-query: 4·heads·dim·(prefill pairs + context). MLA: the absorbed decode products,
// ((a + context·heads·x) + c) + prefill FLOPs.
// @ts-ignore: decorator
@inline function attentionFlops(b: usize, k: usize, context: f64): f64 {
  if (param(b, P_MLA) > 0) {
    return ((part(k, K_FLOPS) + context * part(k, K_FLOPS + 1) * part(k, K_FLOPS + 2)) + part(k, K_FLOPS + 3)) + part(k, K_FLOPS + 4);
  }
  return part(k, K_FLOPS) * (part(k, K_FLOPS + 1) + context);
}

// Seconds of one layer's attention products over `context` decode tokens: max(compute at the KV
// datatype's achievable rate, memory) plus the dispatch, the bound chosen anew for every context.
function attentionSeconds(b: usize, s: usize, k: usize, kind: i32, context: f64, layers: f64, record: bool): f64 {
  const flops = attentionFlops(b, k, context);
  const tokenBytes = part(k, K_TOKEN_BYTES);
  const memory = part(k, K_MEMORY_FIXED) + (part(k, K_CONTEXT_FIXED) + context * part(k, K_SLOWDOWN)) * tokenBytes * param(b, D_INV_KV_RATE);
  store<f64>(attentionTerms + (<usize>kind << 3), layers * flops);
  if (flops <= 0) {
    // an empty batch charges nothing
    const kvBytes = (part(k, K_PREFILL_CONTEXT) + context + part(k, K_ATTN_TOKENS)) * tokenBytes;
    if (part(k, K_WEIGHT_BYTES) + kvBytes + part(k, K_ACT_BYTES) <= 0) return 0;
  }
  const compute = flops * param(b, D_INV_ATTN_RATE);
  const overhead = part(s, S_OP_OVERHEAD);
  const seconds = Math.max(compute, memory) + overhead;
  if (record) {
    const kvBytes = (part(k, K_PREFILL_CONTEXT) + context + part(k, K_ATTN_TOKENS)) * tokenBytes;
    recordCharge(b, OP_ATTENTION, layers, seconds, flops, part(k, K_WEIGHT_BYTES), kvBytes, part(k, K_ACT_BYTES), compute, memory, overhead);
  }
  return seconds;
}

// Finishes the step whose parts are at `s` for its decode context sums (all and windowed); writes
// R_LATENCY and R_INTERVAL (and the attention and overhead rows of the breakdown when `record`) and
// returns the latency, as evaluateStep does.
export function finishStep(b: usize, s: usize, decodeContext: f64, decodeContextWindowed: f64, record: bool): f64 {
  const share = part(s, S_DECODE_SHARE);
  // the kinds the path has layers of, in order; the others would add 0 to every sum below
  const active = <i32>param(b, D_ACTIVE_KINDS);
  let latency: f64 = 0;
  for (let kinds = active; kinds != 0; kinds &= kinds - 1) {
    const kind = ctz(kinds);
    const layers = param(b, P_PATH_LAYERS + kind);
    const k = s + (<usize>(S_KINDS + kind * KIND_STRIDE) << 3);
    // the sums in the kernel's order, so that each rounds as it did there
    let seconds = part(k, K_BEFORE);
    if (part(k, K_ATTENTION) > 0) {
      const context = ((kind & 1) != 0 ? decodeContextWindowed : decodeContext) * share;
      seconds += attentionSeconds(b, s, k, kind, context, layers, record);
    }
    seconds += part(k, K_OUT_PROJ);
    seconds += part(k, K_FFN);
    seconds += part(k, K_NORMS);
    seconds += part(k, K_TP);
    setParam(b, R_KIND_SECONDS + kind, seconds);
    latency += layers * seconds;
  }
  const lmHead = part(s, S_LM_HEAD);
  latency += lmHead;

  // slowest stage sets the interval between batches once the pipeline is full
  let slowest: f64 = 0;
  const groups = <i32>param(b, P_STAGE_GROUPS);
  for (let g = 0; g < groups; g++) {
    const at = P_STAGES + g * STAGE_STRIDE;
    let stage = param(b, at + STAGE_LM_HEAD) > 0 ? lmHead : 0;
    for (let kinds = active; kinds != 0; kinds &= kinds - 1) {
      const kind = ctz(kinds);
      stage += param(b, at + STAGE_LAYERS + kind) * param(b, R_KIND_SECONDS + kind);
    }
    if (stage > slowest) slowest = stage;
  }
  latency += part(s, S_HOP_UP);
  latency += part(s, S_HOP_OUT);

  let flops: f64 = 0;
  const terms = <i32>part(s, S_TERM_COUNT);
  for (let i = 0; i < terms; i++) {
    const term = part(s, S_TERMS + i);
    flops += term >= 0 ? term : load<f64>(attentionTerms + (<usize>(<i32>(-term) - 1) << 3));
  }
  stepFlops = flops;

  const overhead = param(b, P_STEP_OVERHEAD);
  if (record) addParam(b, R_BREAKDOWN + OP_STEP_OVERHEAD * OP_FIELDS + F_SECONDS, overhead);
  latency += overhead;
  setParam(b, R_LATENCY, latency);
  setParam(b, R_INTERVAL, slowest + overhead);
  return latency;
}
