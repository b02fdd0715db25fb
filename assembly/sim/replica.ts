// One replica's iteration-level scheduling: continuous batching with chunked prefill, a paged KV
// cache with preemption, and the decode bookkeeping that keeps a step O(1) in the number of
// decoding sequences (they advance together; a heap says when one finishes, buckets say how many
// need a new KV block at each iteration).
import { evaluateStep, lastStepFlopSeconds } from "../step";
import { param } from "../block";
import { R_INTERVAL } from "../params";
import {
  addRep, addSim, buckets, countPreemption, doneOf, generatedOf, getI, inputOf, joinCtxOf, joinOf, outputOf,
  planChunks, planIds, priorOf, rep, setAdmittedAt, admittedAtOf, setDone, setGenerated, setI, setJoin, setJoinCtx, setPrior,
  setRep, setStatus, setSwapped, setTarget, simParam, swappedOf, targetOf, firstTokenOf, setFirstToken, statusOf,
  generationOf, bumpGeneration, setBlocks, prefixOf, predecessorOf, setPrefixHit, setFinish, nextOf, poolOf, setSim,
  setTransferSeconds, setDecodeAdmittedAt,
} from "./columns";
import { allocate, available, blocksFor, cachedPrefixBlocks, claimPrefix, free, release } from "./kv-cache";
import { listHead, listPushBack, listPushFront, listRemove } from "./lists";
import {
  replicaHeapCompact, replicaHeapPop, replicaHeapPush, replicaHeapTopId, replicaHeapTopKey, replicaHeapTopTag, TIME_HEAP_TRANSFERS, timePush,
} from "./heap";
import { histogramAdd } from "./histogram";
import {
  ENTRY_FINISH, ENTRY_WINDOW, KV_HANDED_OVER, KV_IN_HOST, KV_NONE, PL_BLOCK_TOKENS, PL_CHUNK_TOKENS, PL_FFN_HOP_LATENCY, PL_FFN_SHARE, PL_SPEC_DRAFT_TOKENS, PL_SPEC_TOKENS_PER_STEP, PL_SPEC_DRAFT_COST, RS_TOKEN_CREDIT, RS_STEP_ADVANCE, PL_LAYERS, RS_POOL_PARAMS, PL_POWER_FLOOR, PL_POWER_KNEE, RS_STEP_POWER, RS_POWER_SECONDS, PL_ADMISSION, ADMISSION_RESERVE, RS_RESERVED,
  PL_FFN_HOP_SECONDS_PER_TOKEN, PL_KV_BLOCKS, PL_MAX_SEQUENCES, PL_PP, PL_PREEMPTION, PL_PRIORITY, PL_ROLE, PL_STEP_BLOCK,
  PL_STEP_BLOCK_FFN, PL_SWAP_SECONDS_PER_TOKEN, PREEMPT_SWAP, PRIORITY_PREFILL_FIRST, ROLE_PREFILL, RS_BELOW_WINDOW, RS_BUSY,
  RS_BUSY_SECONDS, RS_CONTEXT_SUM, RS_COUNTER, RS_DECODE_COUNT, RS_DECODE_HEAD, RS_DECODE_TAIL, RS_OUTSTANDING, RS_PLAN_COUNT,
  RS_PREFILL_HEAD, RS_PREFILL_TAIL, RS_RUNNING, RS_STEP_DECODES, RS_STEP_END, RS_STEP_START, RS_TOKENS, RS_WAIT_HEAD,
  RS_WAIT_TAIL, RS_WINDOWED_SUM, RS_WAITING, S_BUCKET_STRIDE, S_HIST_BATCH, S_HIST_ITL, S_HIST_KV, S_KV_TRANSFER_BYTES_PER_TOKEN,
  S_LAYERS, S_LINK_BYTES_PER_SECOND, S_LINK_FREE_AT, S_LINK_LATENCY, S_LINK_OVERLAP, S_PLAN_STRIDE, S_PREFIX_HIT_TOKENS,
  S_PROMPT_TOKENS, S_RECOMPUTES, S_STEPS, S_SWAPS, S_WINDOW, STATUS_DECODING, STATUS_FINISHED, STATUS_PREFILLING,
  STATUS_TRANSFERRING, STATUS_WAITING, S_WAITING,
} from "./layout";
import { released } from "./arrivals";

// @ts-ignore: decorator
@inline function histogram(slot: i32): usize { return <usize>simParam(slot); }

// tokens in KV of a decoding sequence after `counter` iterations
// @ts-ignore: decorator
@inline function contextOf(id: i32, counter: f64): f64 { return <f64>joinCtxOf(id) + (counter - joinOf(id)); }

// bucket of the decode iterations at which a sequence that joined at `join` with `context` tokens needs a new block
// @ts-ignore: decorator
@inline function bucketOf(r: i32, join: f64, context: f64): i32 {
  const blockTokens = <i64>poolOf(r, PL_BLOCK_TOKENS);
  let key = (<i64>join + 1 - <i64>context) % blockTokens;
  if (key < 0) key += blockTokens;
  return <i32>key;
}

// @ts-ignore: decorator
@inline function bucketAdd(r: i32, key: i32, delta: i32): void {
  const at = r * <i32>simParam(S_BUCKET_STRIDE) + key;
  setI(buckets, at, getI(buckets, at) + delta);
}

function liveEntry(id: i32, tag: i32): bool {
  return statusOf(id) == STATUS_DECODING && generationOf(id) == (tag >> 1);
}

function heapPush(r: i32, key: f64, id: i32, kind: i32): void {
  const tag = (generationOf(id) << 1) | kind;
  if (!replicaHeapPush(r, key, id, tag)) {
    replicaHeapCompact(r, liveEntry);
    replicaHeapPush(r, key, id, tag);
  }
}

// A sequence whose prompt is in KV (and whose last sampled token is not) joins the decode batch.
function joinDecode(r: i32, id: i32, context: f64): void {
  const counter = rep(r, RS_COUNTER);
  const window = simParam(S_WINDOW);
  setStatus(id, STATUS_DECODING);
  setJoin(id, counter);
  setJoinCtx(id, <i32>context);
  listPushBack(r, RS_DECODE_HEAD, RS_DECODE_TAIL, id);
  addRep(r, RS_DECODE_COUNT, 1);
  addRep(r, RS_CONTEXT_SUM, context);
  addRep(r, RS_WINDOWED_SUM, window > 0 && context > window ? window : context);
  if (window > 0 && context < window) {
    addRep(r, RS_BELOW_WINDOW, 1);
    heapPush(r, counter + (window - context), id, ENTRY_WINDOW);
  }
  bucketAdd(r, bucketOf(r, counter, context), 1);
  heapPush(r, counter + <f64>(outputOf(id) - generatedOf(id)), id, ENTRY_FINISH);
}

// Removes a decoding sequence from the batch aggregates; returns the blocks it holds.
function leaveDecode(r: i32, id: i32): i32 {
  const counter = rep(r, RS_COUNTER);
  const context = contextOf(id, counter);
  const window = simParam(S_WINDOW);
  listRemove(r, RS_DECODE_HEAD, RS_DECODE_TAIL, id);
  addRep(r, RS_DECODE_COUNT, -1);
  addRep(r, RS_CONTEXT_SUM, -context);
  addRep(r, RS_WINDOWED_SUM, -(window > 0 && context > window ? window : context));
  if (window > 0 && context < window) addRep(r, RS_BELOW_WINDOW, -1);
  bucketAdd(r, bucketOf(r, joinOf(id), <f64>joinCtxOf(id)), -1);
  bumpGeneration(id);
  return blocksFor(r, context);
}

function finishRequest(r: i32, id: i32, time: f64, blocks: i32): void {
  setStatus(id, STATUS_FINISHED);
  setFinish(id, time);
  addRep(r, RS_RUNNING, -1);
  release(r, id, blocks);
  released(id, time);
}

// A prefill pool's request whose prompt is done: its KV cache crosses the link to the decode pool
// (FIFO behind other transfers; layer by layer from its first chunk when the link overlaps the
// prefill, so only the last layer's share waits for the prefill's end).
function handOff(r: i32, id: i32, end: f64, context: f64): void {
  addRep(r, RS_RUNNING, -1);
  free(r, <f64>blocksFor(r, context));
  setBlocks(id, 0);
  const rate = simParam(S_LINK_BYTES_PER_SECOND);
  const bytes = context * simParam(S_KV_TRANSFER_BYTES_PER_TOKEN);
  const overlap = simParam(S_LINK_OVERLAP) > 0;
  const start = Math.max(overlap ? admittedAtOf(id) : end, simParam(S_LINK_FREE_AT));
  let done = start + bytes / rate;
  if (overlap) done = Math.max(done, end + bytes / (simParam(S_LAYERS) * rate));
  setSim(S_LINK_FREE_AT, done);
  done += simParam(S_LINK_LATENCY);
  setTransferSeconds(id, done - end);
  setJoinCtx(id, <i32>context);
  setStatus(id, STATUS_TRANSFERRING);
  timePush(TIME_HEAP_TRANSFERS, done, id);
}

// Reserve admission: blocks a sequence's KV still grows by from `context` tokens until its last
// token (0 under optimistic admission, and in a prefill pool, whose sequences leave at their prompt).
function futureBlocks(r: i32, context: f64, tokensToCome: f64): f64 {
  if (<i32>poolOf(r, PL_ADMISSION) != ADMISSION_RESERVE || <i32>poolOf(r, PL_ROLE) == ROLE_PREFILL || tokensToCome <= 0) return 0;
  return <f64>(blocksFor(r, context + tokensToCome) - blocksFor(r, context));
}

// Blocks an admission may take: all that are free or evictable, less those promised to running sequences.
function admissible(r: i32): f64 {
  // nothing running, nothing promised (guards the tally against any drift)
  if (rep(r, RS_RUNNING) <= 0) setRep(r, RS_RESERVED, 0);
  return available(r) - rep(r, RS_RESERVED);
}

// Promised blocks a sequence no longer needs (it grew into them, or left).
function unreserve(r: i32, blocks: f64): void {
  const reserved = rep(r, RS_RESERVED);
  setRep(r, RS_RESERVED, blocks < reserved ? reserved - blocks : 0);
}

// Preempts the most recently admitted decoding sequence (as vLLM does): its blocks are freed
// and it waits at the front of the queue to be recomputed, or its KV is swapped to host memory.
function preemptLast(r: i32): f64 {
  const id = listHead(r, RS_DECODE_TAIL);
  const counter = rep(r, RS_COUNTER);
  const context = contextOf(id, counter);
  // what it had been promised for the tokens it will no longer grow by here
  unreserve(r, futureBlocks(r, context, <f64>(outputOf(id) - generatedOf(id)) - (counter - joinOf(id))));
  const generated = generatedOf(id) + <i32>(counter - joinOf(id));
  const blocks = leaveDecode(r, id);
  free(r, <f64>blocks);
  setGenerated(id, generated);
  countPreemption(id);
  addRep(r, RS_RUNNING, -1);
  setStatus(id, STATUS_WAITING);
  listPushFront(r, RS_WAIT_HEAD, RS_WAIT_TAIL, id);
  addRep(r, RS_WAITING, 1);
  addSim(S_WAITING, 1);
  if (<i32>poolOf(r, PL_PREEMPTION) == PREEMPT_SWAP) {
    setSwapped(id, KV_IN_HOST);
    setJoinCtx(id, <i32>context);
    addSim(S_SWAPS, 1);
    return context * poolOf(r, PL_SWAP_SECONDS_PER_TOKEN);
  }
  // recompute: the prompt and every generated token are prefilled again
  setSwapped(id, KV_NONE);
  addRep(r, RS_OUTSTANDING, context);
  addSim(S_RECOMPUTES, 1);
  return 0;
}

// batch aggregates of the step being built (see src/engine/batch.ts)
let prefillTokens: f64 = 0;
let prefillSeqs: f64 = 0;
let prefillPairs: f64 = 0;
let prefillPairsWindowed: f64 = 0;
let prefillContext: f64 = 0;
let prefillContextWindowed: f64 = 0;

// Σ_{i=a+1}^{b} min(i, window)
function cappedPairs(a: f64, b: f64, window: f64): f64 {
  if (window <= 0 || b <= window) return (b * (b + 1)) / 2 - (a * (a + 1)) / 2;
  if (a >= window) return (b - a) * window;
  return (window * (window + 1)) / 2 - (a * (a + 1)) / 2 + (b - window) * window;
}

function addChunk(priorTokens: f64, chunk: f64): void {
  const window = simParam(S_WINDOW);
  prefillTokens += chunk;
  prefillSeqs += 1;
  prefillPairs += cappedPairs(priorTokens, priorTokens + chunk, 0);
  prefillPairsWindowed += cappedPairs(priorTokens, priorTokens + chunk, window);
  prefillContext += priorTokens + chunk;
  prefillContextWindowed += window > 0 ? Math.min(priorTokens + chunk, window - 1 + chunk) : priorTokens + chunk;
}

function planChunk(r: i32, id: i32, chunk: i32): void {
  const n = <i32>rep(r, RS_PLAN_COUNT);
  const at = r * <i32>simParam(S_PLAN_STRIDE) + n;
  setI(planIds, at, id);
  setI(planChunks, at, chunk);
  setRep(r, RS_PLAN_COUNT, n + 1);
  addChunk(<f64>(priorOf(id) + doneOf(id)), <f64>chunk);
}

const ADMIT_NONE: i32 = -1;
const ADMIT_SWAPPED_IN: i32 = -2;
// seconds of KV swapped back in during the step being built
let swapInSeconds: f64 = 0;

// Tries to admit the head of the waiting queue: returns its id when it starts a prefill,
// ADMIT_SWAPPED_IN when its swapped KV came back (it rejoins decode), ADMIT_NONE when it must wait.
function admitHead(r: i32, now: f64, budget: i32): i32 {
  const id = listHead(r, RS_WAIT_HEAD);
  if (rep(r, RS_RUNNING) >= poolOf(r, PL_MAX_SEQUENCES)) return ADMIT_NONE;
  const where = swappedOf(id);
  if (where != KV_NONE) {
    // its KV cache exists: swapped out to host memory, or handed over by a prefill pool
    const context = <f64>joinCtxOf(id);
    const blocks = blocksFor(r, context);
    const future = futureBlocks(r, context, <f64>(outputOf(id) - generatedOf(id)));
    if (admissible(r) < <f64>blocks + future) return ADMIT_NONE;
    allocate(r, <f64>blocks);
    addRep(r, RS_RESERVED, future);
    dequeue(r, id, now);
    if (where == KV_IN_HOST) swapInSeconds += context * poolOf(r, PL_SWAP_SECONDS_PER_TOKEN);
    else setDecodeAdmittedAt(id, now);
    setSwapped(id, KV_NONE);
    joinDecode(r, id, context);
    return ADMIT_SWAPPED_IN;
  }
  const generated = generatedOf(id);
  // a fresh request prefills its prompt; a recomputed one its prompt and the tokens it generated
  const promptTokens = generated > 0 ? inputOf(id) + generated : inputOf(id);
  const hitBlocks = generated > 0 ? 0 : cachedPrefixBlocks(r, predecessorOf(id), prefixOf(id));
  const need = blocksFor(r, <f64>promptTokens) - hitBlocks;
  // its decode grows the KV from the prompt by the output tokens after the one its prefill samples
  const future = futureBlocks(r, <f64>promptTokens, <f64>(outputOf(id) - generated - 1));
  // the claimed prefix blocks leave the evictable pool too
  if (budget <= 0 || admissible(r) < <f64>(need + hitBlocks) + future) return ADMIT_NONE;
  if (hitBlocks > 0) claimPrefix(r, predecessorOf(id), hitBlocks);
  allocate(r, <f64>need);
  addRep(r, RS_RESERVED, future);
  dequeue(r, id, now);
  const hitTokens = hitBlocks * <i32>poolOf(r, PL_BLOCK_TOKENS);
  if (generated == 0) {
    setPrefixHit(id, hitTokens);
    addSim(S_PREFIX_HIT_TOKENS, <f64>hitTokens);
    addSim(S_PROMPT_TOKENS, <f64>promptTokens);
    addRep(r, RS_OUTSTANDING, -<f64>hitTokens);
  }
  setTarget(id, promptTokens);
  setPrior(id, hitTokens);
  setDone(id, 0);
  setBlocks(id, need + hitBlocks);
  setStatus(id, STATUS_PREFILLING);
  listPushBack(r, RS_PREFILL_HEAD, RS_PREFILL_TAIL, id);
  return id;
}

function dequeue(r: i32, id: i32, now: f64): void {
  listRemove(r, RS_WAIT_HEAD, RS_WAIT_TAIL, id);
  addRep(r, RS_WAITING, -1);
  addSim(S_WAITING, -1);
  addRep(r, RS_RUNNING, 1);
  if (isNaN(admittedAtOf(id))) setAdmittedAt(id, now);
}

// Whether a prefill could run now: one in progress, or the queue head fits.
function prefillReady(r: i32): bool {
  if (listHead(r, RS_PREFILL_HEAD) >= 0) return true;
  const id = listHead(r, RS_WAIT_HEAD);
  if (id < 0 || rep(r, RS_RUNNING) >= poolOf(r, PL_MAX_SEQUENCES)) return false;
  // as admitHead decides: the KV it brings or its prompt, and under reserve admission its future tokens
  const held = swappedOf(id) != KV_NONE;
  const tokens = <f64>(held ? joinCtxOf(id) : inputOf(id) + generatedOf(id));
  const toCome = <f64>(outputOf(id) - generatedOf(id)) - (held ? 0 : 1);
  return admissible(r) >= <f64>blocksFor(r, tokens) + futureBlocks(r, tokens, toCome);
}

// Seconds for a step with the aggregates built so far. With PP stages, the batch runs as up to
// PP micro-batches: a round takes the longer of one micro-batch's trip through every stage and
// PP times the slowest stage.
function stepSeconds(pool: usize, decodeSeqs: f64, decodeContext: f64, decodeWindowed: f64, sequences: f64): f64 {
  const draftTokens = param(pool, PL_SPEC_DRAFT_TOKENS);
  let draftSeconds: f64 = 0;
  if (draftTokens > 0 && decodeSeqs > 0) {
    // speculative decoding: k draft steps, then the target verifies k + 1 tokens of every sequence,
    // each attending to its whole context
    draftSeconds = draftTokens * param(pool, PL_SPEC_DRAFT_COST) *
      evaluateStep(<usize>param(pool, PL_STEP_BLOCK), 0, 0, 0, 0, 0, 0, decodeSeqs, decodeContext, decodeWindowed, 0);
    decodeSeqs *= draftTokens + 1;
    decodeContext *= draftTokens + 1;
    decodeWindowed *= draftTokens + 1;
  }
  return draftSeconds + targetSeconds(pool, decodeSeqs, decodeContext, decodeWindowed, sequences);
}

// share of the last step's time its chips spent at the achievable FLOP rate (what power follows)
let computeShare: f64 = 0;

function targetSeconds(pool: usize, decodeSeqs: f64, decodeContext: f64, decodeWindowed: f64, sequences: f64): f64 {
  const block = <usize>param(pool, PL_STEP_BLOCK);
  const m = Math.min(param(pool, PL_PP), Math.max(1, sequences));
  const latency = evaluateStep(block, prefillTokens / m, prefillSeqs / m, prefillPairs / m, prefillPairsWindowed / m,
    prefillContext / m, prefillContextWindowed / m, decodeSeqs / m, decodeContext / m, decodeWindowed / m, 0);
  let seconds = m <= 1 ? latency : Math.max(latency, m * param(block, R_INTERVAL));
  // each chip computes its stage's share of the m micro-batches' FLOPs within the step
  computeShare = seconds > 0 ? Math.min(1, (m * lastStepFlopSeconds(block)) / (param(pool, PL_PP) * seconds)) : 0;
  const ffnBlock = <usize>param(pool, PL_STEP_BLOCK_FFN);
  if (ffnBlock != 0) {
    // decode split per layer: the feed-forward half runs on other chips, and every layer's
    // activations cross to them and back
    // the feed-forward chips serve every attention replica in turn: their pipeline takes one more
    // batch per slowest-stage interval, so the others' batches add their intervals to this one's trip
    const ffnLatency = evaluateStep(ffnBlock, prefillTokens, prefillSeqs, prefillPairs, prefillPairsWindowed,
      prefillContext, prefillContextWindowed, decodeSeqs, decodeContext, decodeWindowed, 0);
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

// Tokens every decoding sequence advances in the next iteration: 1, or with speculative decoding
// the expected tokens per verification, spread over iterations so the running total stays exact.
function tokensThisIteration(r: i32): f64 {
  const expected = poolOf(r, PL_SPEC_TOKENS_PER_STEP);
  if (expected <= 1) return 1;
  const credit = rep(r, RS_TOKEN_CREDIT) + expected;
  const advance = Math.floor(credit);
  setRep(r, RS_TOKEN_CREDIT, credit - advance);
  return advance;
}

// KV blocks the decoding sequences need when they advance `advance` tokens.
function blocksCrossed(r: i32, advance: f64): f64 {
  const blockTokens = <i64>poolOf(r, PL_BLOCK_TOKENS);
  const base = r * <i32>simParam(S_BUCKET_STRIDE);
  const counter = <i64>rep(r, RS_COUNTER);
  let need: f64 = 0;
  for (let j: i64 = 1; j <= <i64>advance; j++) need += <f64>getI(buckets, base + <i32>((counter + j) % blockTokens));
  return need;
}

// Builds and starts the next step of replica r at `now`; returns false when it has nothing to do.
export function startStep(r: i32, now: f64): bool {
  prefillTokens = 0; prefillSeqs = 0; prefillPairs = 0; prefillPairsWindowed = 0; prefillContext = 0; prefillContextWindowed = 0;
  setRep(r, RS_PLAN_COUNT, 0);
  const prefillFirst = <i32>poolOf(r, PL_PRIORITY) == PRIORITY_PREFILL_FIRST;
  // sequences whose KV cache exists (swapped out, or handed over by a prefill pool) rejoin decode
  // first, so the blocks of this iteration are counted for them too
  swapInSeconds = 0;
  while (listHead(r, RS_WAIT_HEAD) >= 0 && swappedOf(listHead(r, RS_WAIT_HEAD)) != KV_NONE) {
    if (admitHead(r, now, 0) == ADMIT_NONE) break;
  }
  let stall = swapInSeconds;
  let decodes = rep(r, RS_DECODE_COUNT);
  let runDecode = decodes > 0 && !(prefillFirst && prefillReady(r));
  const advance = runDecode ? tokensThisIteration(r) : 0;
  if (runDecode) {
    // blocks the next iteration needs; preempt the newest sequences until they fit
    let need = blocksCrossed(r, advance);
    while (need > available(r) && rep(r, RS_DECODE_COUNT) > 0) {
      stall += preemptLast(r);
      need = blocksCrossed(r, advance);
    }
    decodes = rep(r, RS_DECODE_COUNT);
    runDecode = decodes > 0;
    if (runDecode) {
      allocate(r, need);
      unreserve(r, need);
    }
  }
  let budget = <i32>poolOf(r, PL_CHUNK_TOKENS) - (runDecode ? <i32>decodes : 0);
  if (prefillFirst && runDecode) budget = 0;
  // continue prompts already being prefilled, oldest first
  let id = listHead(r, RS_PREFILL_HEAD);
  while (id >= 0 && budget > 0) {
    const remaining = targetOf(id) - priorOf(id) - doneOf(id);
    const chunk = remaining < budget ? remaining : budget;
    planChunk(r, id, chunk);
    budget -= chunk;
    id = nextOf(id);
  }
  // admit prompts from the queue while the budget, the sequence cap and the KV cache allow; a
  // sequence with its KV cache waits for the next step's first phase
  while (listHead(r, RS_WAIT_HEAD) >= 0 && swappedOf(listHead(r, RS_WAIT_HEAD)) == KV_NONE) {
    const admitted = admitHead(r, now, budget);
    if (admitted == ADMIT_NONE) break;
    const remaining = targetOf(admitted) - priorOf(admitted);
    const chunk = remaining < budget ? remaining : budget;
    planChunk(r, admitted, chunk);
    budget -= chunk;
  }
  const planned = rep(r, RS_PLAN_COUNT);
  if (!runDecode && planned == 0) {
    setRep(r, RS_BUSY, 0);
    return false;
  }
  const decodeSeqs = runDecode ? decodes : 0;
  const below = rep(r, RS_BELOW_WINDOW);
  const seconds = stepSeconds(
    <usize>rep(r, RS_POOL_PARAMS),
    decodeSeqs,
    runDecode ? rep(r, RS_CONTEXT_SUM) + decodes : 0,
    runDecode ? rep(r, RS_WINDOWED_SUM) + below : 0,
    decodeSeqs + planned,
  ) + stall;
  setRep(r, RS_STEP_POWER, lastStepPowerShare(<usize>rep(r, RS_POOL_PARAMS)));
  setRep(r, RS_STEP_DECODES, decodeSeqs);
  setRep(r, RS_STEP_ADVANCE, advance);
  setRep(r, RS_STEP_START, now);
  setRep(r, RS_STEP_END, now + seconds);
  setRep(r, RS_BUSY, 1);
  addSim(S_STEPS, 1);
  const tokens = prefillTokens + decodeSeqs;
  addRep(r, RS_TOKENS, tokens);
  addRep(r, RS_OUTSTANDING, -tokens);
  histogramAdd(histogram(S_HIST_BATCH), tokens, 1);
  const kvBlocks = poolOf(r, PL_KV_BLOCKS);
  histogramAdd(histogram(S_HIST_KV), (kvBlocks - available(r)) / kvBlocks, seconds);
  if (decodeSeqs > 0) histogramAdd(histogram(S_HIST_ITL), seconds, decodeSeqs);
  return true;
}

// Applies the effects of replica r's step that ends at `end`.
export function finishStep(r: i32, end: f64): void {
  addRep(r, RS_BUSY_SECONDS, end - rep(r, RS_STEP_START));
  addRep(r, RS_POWER_SECONDS, (end - rep(r, RS_STEP_START)) * rep(r, RS_STEP_POWER));
  setRep(r, RS_BUSY, 0);
  const decodes = rep(r, RS_STEP_DECODES);
  if (decodes > 0) {
    // every decoding sequence advanced one token (or, speculating, the tokens its drafts earned)
    const advance = rep(r, RS_STEP_ADVANCE);
    const counter = rep(r, RS_COUNTER) + advance;
    setRep(r, RS_COUNTER, counter);
    addRep(r, RS_CONTEXT_SUM, decodes * advance);
    addRep(r, RS_WINDOWED_SUM, rep(r, RS_BELOW_WINDOW) * advance);
    while (replicaHeapTopKey(r) <= counter) {
      const id = replicaHeapTopId(r);
      const tag = replicaHeapTopTag(r);
      replicaHeapPop(r);
      if (!liveEntry(id, tag)) continue;
      if ((tag & 1) == ENTRY_WINDOW) {
        addRep(r, RS_BELOW_WINDOW, -1);
        continue;
      }
      const blocks = leaveDecode(r, id);
      finishRequest(r, id, end, blocks);
    }
  }
  // prompts whose last chunk ran: their first (or next, after a recompute) token is out
  const n = <i32>rep(r, RS_PLAN_COUNT);
  const base = r * <i32>simParam(S_PLAN_STRIDE);
  const handsOver = <i32>poolOf(r, PL_ROLE) == ROLE_PREFILL;
  for (let i = 0; i < n; i++) {
    const id = getI(planIds, base + i);
    const done = doneOf(id) + getI(planChunks, base + i);
    setDone(id, done);
    if (priorOf(id) + done < targetOf(id)) continue;
    listRemove(r, RS_PREFILL_HEAD, RS_PREFILL_TAIL, id);
    const generated = generatedOf(id) + 1;
    setGenerated(id, generated);
    const context = <f64>targetOf(id);
    if (handsOver) {
      handOff(r, id, end, context);
      continue;
    }
    if (isNaN(firstTokenOf(id))) setFirstToken(id, end);
    if (generated >= outputOf(id)) {
      finishRequest(r, id, end, blocksFor(r, context));
    } else {
      joinDecode(r, id, context);
    }
  }
  setRep(r, RS_PLAN_COUNT, 0);
}
