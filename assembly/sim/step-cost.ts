// The cost of the step being built: its prefill aggregates (see src/engine/batch.ts), its seconds
// through the pool's step-cost blocks, and the power share its compute share implies.
import { evaluateDecodeStep, hasPrefill, keptPrefillStep } from "../step-table";
import { lastStepFlopSeconds } from "../step-parts";
import { param } from "../block";
import { R_INTERVAL } from "../params";
import { rep, setRep, simParam } from "./state";
import {
  PL_FFN_HOP_LATENCY, PL_FFN_HOP_SECONDS_PER_TOKEN, PL_FFN_SHARE, PL_LAYERS, PL_POWER_FLOOR, PL_POWER_KNEE, PL_PP,
  PL_SPEC_DRAFT_COST, PL_SPEC_DRAFT_TOKENS, PL_STEP_BLOCK, PL_STEP_BLOCK_FFN, RS_BATCH_CONTEXT, RS_BATCH_CONTEXT_WINDOWED,
  RS_BATCH_PAIRS, RS_BATCH_PAIRS_WINDOWED, RS_BATCH_PREFILL_SEQS, RS_BATCH_PREFILL_TOKENS, S_WINDOW,
} from "./layout";

// batch aggregates of the step being built (see src/engine/batch.ts)
let prefillTokens: f64 = 0;
let prefillSeqs: f64 = 0;
let prefillPairs: f64 = 0;
let prefillPairsWindowed: f64 = 0;
let prefillContext: f64 = 0;
let prefillContextWindowed: f64 = 0;

// Starts the aggregates of a new step.
export function resetBatch(): void {
  prefillTokens = 0; prefillSeqs = 0; prefillPairs = 0; prefillPairsWindowed = 0; prefillContext = 0; prefillContextWindowed = 0;
}

// Keeps the prefill aggregates built for replica r in its state (RS_BATCH_*).
export function saveBatch(r: i32): void {
  setRep(r, RS_BATCH_PREFILL_TOKENS, prefillTokens); setRep(r, RS_BATCH_PREFILL_SEQS, prefillSeqs);
  setRep(r, RS_BATCH_PAIRS, prefillPairs); setRep(r, RS_BATCH_PAIRS_WINDOWED, prefillPairsWindowed);
  setRep(r, RS_BATCH_CONTEXT, prefillContext); setRep(r, RS_BATCH_CONTEXT_WINDOWED, prefillContextWindowed);
}

// Makes the prefill aggregates kept for replica r, `copies` times over, the step's.
export function loadBatch(r: i32, copies: f64): void {
  prefillTokens = copies * rep(r, RS_BATCH_PREFILL_TOKENS); prefillSeqs = copies * rep(r, RS_BATCH_PREFILL_SEQS);
  prefillPairs = copies * rep(r, RS_BATCH_PAIRS); prefillPairsWindowed = copies * rep(r, RS_BATCH_PAIRS_WINDOWED);
  prefillContext = copies * rep(r, RS_BATCH_CONTEXT); prefillContextWindowed = copies * rep(r, RS_BATCH_CONTEXT_WINDOWED);
}

// Prompt tokens in the step built so far.
export function batchPrefillTokens(): f64 {
  return prefillTokens;
}

// Σ_{i=a+1}^{b} min(i, window)
function cappedPairs(a: f64, b: f64, window: f64): f64 {
  if (window <= 0 || b <= window) return (b * (b + 1)) / 2 - (a * (a + 1)) / 2;
  if (a >= window) return (b - a) * window;
  return (window * (window + 1)) / 2 - (a * (a + 1)) / 2 + (b - window) * window;
}

export function addChunk(priorTokens: f64, chunk: f64): void {
  const window = simParam(S_WINDOW);
  prefillTokens += chunk;
  prefillSeqs += 1;
  prefillPairs += cappedPairs(priorTokens, priorTokens + chunk, 0);
  prefillPairsWindowed += cappedPairs(priorTokens, priorTokens + chunk, window);
  prefillContext += priorTokens + chunk;
  prefillContextWindowed += window > 0 ? Math.min(priorTokens + chunk, window - 1 + chunk) : priorTokens + chunk;
}

// Seconds for a step with the aggregates built so far. With PP stages, the batch runs as up to
// PP micro-batches: a round takes the longer of one micro-batch's trip through every stage and
// PP times the slowest stage. The routed experts see the batch's own tokens, or, where
// `expertPrefill` is not negative, that many prompt tokens and `expertDecodes` decoding sequences.
export function stepSeconds(
  pool: usize, decodeSeqs: f64, decodeContext: f64, decodeWindowed: f64, sequences: f64,
  expertPrefill: f64 = -1, expertDecodes: f64 = 0,
): f64 {
  const draftTokens = param(pool, PL_SPEC_DRAFT_TOKENS);
  let draftSeconds: f64 = 0;
  if (draftTokens > 0 && decodeSeqs > 0) {
    // speculative decoding: k draft steps, then the target verifies k + 1 tokens of every sequence,
    // each attending to its whole context
    draftSeconds = draftTokens * param(pool, PL_SPEC_DRAFT_COST) *
      evaluateDecodeStep(<usize>param(pool, PL_STEP_BLOCK), decodeSeqs, decodeContext, decodeWindowed, expertPrefill < 0 ? -1 : expertDecodes);
    decodeSeqs *= draftTokens + 1;
    decodeContext *= draftTokens + 1;
    decodeWindowed *= draftTokens + 1;
    expertDecodes *= draftTokens + 1;
  }
  const experts = expertPrefill < 0 ? -1 : expertPrefill + expertDecodes;
  return draftSeconds + targetSeconds(pool, decodeSeqs, decodeContext, decodeWindowed, sequences, experts);
}

// share of the last step's time its chips spent at the achievable FLOP rate (what power follows)
let computeShare: f64 = 0;

// Latency of a step of block `block` with the prefill aggregates divided by `m` and the given decode
// figures, through the parts kept for its sizes (step-table.ts): steps without prefill (most of a
// serving run) straight to the decode table.
function blockLatency(block: usize, m: f64, decodeSeqs: f64, decodeContext: f64, decodeWindowed: f64, experts: f64): f64 {
  if (!hasPrefill(prefillTokens, prefillSeqs, prefillPairs, prefillPairsWindowed, prefillContext, prefillContextWindowed)) {
    return evaluateDecodeStep(block, decodeSeqs, decodeContext, decodeWindowed, experts);
  }
  return keptPrefillStep(block, prefillTokens / m, prefillSeqs / m, prefillPairs / m, prefillPairsWindowed / m,
    prefillContext / m, prefillContextWindowed / m, decodeSeqs, decodeContext, decodeWindowed, experts);
}

function targetSeconds(pool: usize, decodeSeqs: f64, decodeContext: f64, decodeWindowed: f64, sequences: f64, experts: f64): f64 {
  const block = <usize>param(pool, PL_STEP_BLOCK);
  const m = Math.min(param(pool, PL_PP), Math.max(1, sequences));
  const latency = blockLatency(block, m, decodeSeqs / m, decodeContext / m, decodeWindowed / m, experts < 0 ? -1 : experts / m);
  let seconds = m <= 1 ? latency : Math.max(latency, m * param(block, R_INTERVAL));
  // each chip computes its stage's share of the m micro-batches' FLOPs within the step
  computeShare = seconds > 0 ? Math.min(1, (m * lastStepFlopSeconds(block)) / (param(pool, PL_PP) * seconds)) : 0;
  const ffnBlock = <usize>param(pool, PL_STEP_BLOCK_FFN);
  if (ffnBlock != 0) {
    // decode split per layer: the feed-forward half runs on other chips, and every layer's
    // activations cross to them and back
    // the feed-forward chips serve every attention replica in turn: their pipeline takes one more
    // batch per slowest-stage interval, so the others' batches add their intervals to this one's trip
    const ffnLatency = blockLatency(ffnBlock, 1, decodeSeqs, decodeContext, decodeWindowed, -1);
    seconds += ffnLatency + (param(pool, PL_FFN_SHARE) - 1) * param(ffnBlock, R_INTERVAL);
    const tokens = prefillTokens + decodeSeqs;
    seconds += 2 * param(pool, PL_LAYERS) * (tokens * param(pool, PL_FFN_HOP_SECONDS_PER_TOKEN) + param(pool, PL_FFN_HOP_LATENCY));
  }
  return seconds;
}

// Seconds of one step of a pool (parameters at `pool`, POOL_STRIDE slots) for a batch given by
// its aggregates: the analytic sweeps' entry to the same step rules the event loop uses.
export function poolStepSeconds(
  pool: usize, prefill: f64, prefillSequences: f64, pairs: f64, pairsWindowed: f64, context: f64, contextWindowed: f64,
  decodeSeqs: f64, decodeContext: f64, decodeWindowed: f64,
): f64 {
  prefillTokens = prefill; prefillSeqs = prefillSequences; prefillPairs = pairs; prefillPairsWindowed = pairsWindowed;
  prefillContext = context; prefillContextWindowed = contextWindowed;
  return stepSeconds(pool, decodeSeqs, decodeContext, decodeWindowed, decodeSeqs + prefillSequences);
}

// Share of the idle-to-max power range a pool's chips draw during the step last evaluated for it:
// PL_POWER_FLOOR with no arithmetic, rising linearly to 1 at a compute share of PL_POWER_KNEE.
export function lastStepPowerShare(pool: usize): f64 {
  const floor = param(pool, PL_POWER_FLOOR);
  if (floor >= 1) return 1;
  return floor + (1 - floor) * Math.min(1, computeShare / param(pool, PL_POWER_KNEE));
}
