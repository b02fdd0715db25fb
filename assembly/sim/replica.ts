// One replica's iteration-level scheduling: continuous batching with chunked prefill over a
// paged KV cache. A step is built (admissions, decode, prefill chunks), costed, and its effects
// applied at its end: tokens out, sequences finished or handed to a decode pool.
import {
  admittedAtOf, doneOf, firstTokenOf, generatedOf, histBatch, histItl, histKv, nextOf, outputOf, planChunks,
  planIds, setBlocks, setDone, setFinish, setFirstToken, setGenerated, setJoinCtx, setStatus,
  setTransferSeconds, swappedOf,
} from "./columns";
import { addRep, addSim, getI, poolOf, rep, setBusy, setI, setRep, setSim, simParam } from "./state";
import { allocate, available, blocksFor, free, release } from "./kv-cache";
import { listHead, listRemove } from "./lists";
import {
  TIME_HEAP_TRANSFERS, replicaHeapPop, replicaHeapTopId, replicaHeapTopKey, replicaHeapTopTag, stepPop, stepPush,
  timePush,
} from "./heap";
import { histogramAdd } from "./histogram";
import { released } from "./arrivals";
import { advanceBucketCursor, blocksCrossed, joinDecode, leaveDecode, liveEntry } from "./decode-batch";
import {
  ADMIT_NONE, admitHead, beginAdmissions, preemptLast, prefillReady, roundPrior, roundTarget, swappedInSeconds, unreserve,
} from "./admission";
import { addChunk, batchPrefillTokens, lastStepPowerShare, loadBatch, resetBatch, saveBatch, stepSeconds } from "./step-cost";
import {
  ENTRY_WINDOW, KV_NONE, PL_CHUNK_TOKENS, PL_FIRST_REPLICA, PL_KV_BLOCKS, PL_LOCKSTEP, PL_PRIORITY, PL_ROLE,
  PL_SPEC_TOKENS_PER_STEP, PRIORITY_PREFILL_FIRST, ROLE_PREFILL, RS_BELOW_WINDOW, RS_BUSY, RS_BUSY_SECONDS,
  RS_CONTEXT_SUM, RS_COUNTER, RS_DECODE_COUNT, RS_OUTSTANDING, RS_PLAN_COUNT, RS_POOL_PARAMS, RS_POWER_SECONDS,
  RS_PREFILL_HEAD, RS_PREFILL_TAIL, RS_RUNNING, RS_STEP_ADVANCE, RS_STEP_DECODES, RS_STEP_POWER,
  RS_STEP_START, RS_STEP_TOKENS, RS_BATCH_DECODE_CONTEXT, RS_BATCH_DECODE_WINDOWED, RS_BATCH_PREFILL_TOKENS,
  RS_BATCH_SEQUENCES, RS_BATCH_STALL, RS_TOKENS, RS_TOKEN_CREDIT, RS_WAIT_HEAD, RS_WINDOWED_SUM, STATUS_FINISHED, STATUS_TRANSFERRING,
  S_KV_TRANSFER_BYTES_PER_TOKEN, S_LAYERS, S_LINK_BYTES_PER_SECOND, S_LINK_FREE_AT, S_LINK_LATENCY,
  S_LINK_OVERLAP, S_PLAN_STRIDE, S_STEPS,
} from "./layout";

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

function planChunk(r: i32, id: i32, chunk: i32): void {
  const n = <i32>rep(r, RS_PLAN_COUNT);
  const at = r * <i32>simParam(S_PLAN_STRIDE) + n;
  setI(planIds, at, id);
  setI(planChunks, at, chunk);
  setRep(r, RS_PLAN_COUNT, n + 1);
  addChunk(<f64>(roundPrior(id) + doneOf(id)), <f64>chunk);
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

// Builds and starts the next step of replica r at `now` (with the rest of its lock-step group, if
// it has one); returns false when it has nothing to do.
export function startStep(r: i32, now: f64): bool {
  const lockstep = <i32>poolOf(r, PL_LOCKSTEP);
  if (lockstep <= 1) {
    if (!buildStep(r, now)) return false;
    commitStep(r, now, costStep(r, 1, -1, 0));
    return true;
  }
  // the attention groups of a DEP replica, each with its own sequences, admission and KV cache,
  // meet at every MoE layer's all-to-all: the routed experts see all their tokens, and the step
  // lasts as long as the slowest group's
  const first = groupFirst(r, lockstep);
  let prompts: f64 = 0;
  let decodes: f64 = 0;
  for (let m = first; m < first + lockstep; m++) {
    if (!buildStep(m, now)) continue;
    prompts += rep(m, RS_BATCH_PREFILL_TOKENS);
    decodes += rep(m, RS_STEP_DECODES);
  }
  let slowest: f64 = -1;
  for (let m = first; m < first + lockstep; m++) {
    if (rep(m, RS_BUSY) > 0) slowest = Math.max(slowest, costStep(m, <f64>lockstep, prompts, decodes));
  }
  if (slowest < 0) return false;
  for (let m = first; m < first + lockstep; m++) {
    if (rep(m, RS_BUSY) > 0) commitStep(m, now, slowest);
  }
  return true;
}

// First replica of r's lock-step group of `lockstep` replicas (groups start at the pool's first replica).
export function groupFirst(r: i32, lockstep: i32): i32 {
  const base = <i32>poolOf(r, PL_FIRST_REPLICA);
  return base + ((r - base) / lockstep) * lockstep;
}

// Whether replica r can start a step now: it is idle, and so is every replica of its lock-step group.
export function readyToStep(r: i32): bool {
  const lockstep = <i32>poolOf(r, PL_LOCKSTEP);
  if (lockstep <= 1) return rep(r, RS_BUSY) == 0;
  const first = groupFirst(r, lockstep);
  for (let m = first; m < first + lockstep; m++) {
    if (rep(m, RS_BUSY) > 0) return false;
  }
  return true;
}

// Ends the step of replica r at `end`, and of the rest of its lock-step group (they end together);
// the caller then calls startStep(r), which builds every replica this finished.
export function finishGroupStep(r: i32, end: f64): void {
  const lockstep = <i32>poolOf(r, PL_LOCKSTEP);
  if (lockstep <= 1) {
    finishStep(r, end);
    return;
  }
  const first = groupFirst(r, lockstep);
  for (let m = first; m < first + lockstep; m++) {
    if (rep(m, RS_BUSY) > 0) finishStep(m, end);
  }
}

// Builds replica r's next step at `now` (admissions, decode, prefill chunks) and keeps its
// aggregates (RS_BATCH_*, RS_STEP_*); returns false (and leaves r idle) when it has nothing to do.
function buildStep(r: i32, now: f64): bool {
  resetBatch();
  setRep(r, RS_PLAN_COUNT, 0);
  const prefillFirst = <i32>poolOf(r, PL_PRIORITY) == PRIORITY_PREFILL_FIRST;
  // sequences whose KV cache exists (swapped out, or handed over by a prefill pool) rejoin decode
  // first, so the blocks of this iteration are counted for them too
  beginAdmissions();
  while (listHead(r, RS_WAIT_HEAD) >= 0 && swappedOf(listHead(r, RS_WAIT_HEAD)) != KV_NONE) {
    if (admitHead(r, now, 0) == ADMIT_NONE) break;
  }
  let stall = swappedInSeconds();
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
    const remaining = roundTarget(id) - roundPrior(id) - doneOf(id);
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
    const remaining = roundTarget(admitted) - roundPrior(admitted);
    const chunk = remaining < budget ? remaining : budget;
    planChunk(r, admitted, chunk);
    budget -= chunk;
  }
  const planned = rep(r, RS_PLAN_COUNT);
  if (!runDecode && planned == 0) {
    setBusy(r, false);
    return false;
  }
  const decodeSeqs = runDecode ? decodes : 0;
  saveBatch(r);
  setRep(r, RS_BATCH_DECODE_CONTEXT, runDecode ? rep(r, RS_CONTEXT_SUM) + decodes : 0);
  setRep(r, RS_BATCH_DECODE_WINDOWED, runDecode ? rep(r, RS_WINDOWED_SUM) + rep(r, RS_BELOW_WINDOW) : 0);
  setRep(r, RS_BATCH_SEQUENCES, decodeSeqs + planned);
  setRep(r, RS_BATCH_STALL, stall);
  setRep(r, RS_STEP_TOKENS, batchPrefillTokens() + decodeSeqs);
  setRep(r, RS_STEP_DECODES, decodeSeqs);
  setRep(r, RS_STEP_ADVANCE, advance);
  setBusy(r, true);
  return true;
}

// Seconds of the step built for replica r, its batch counted `copies` times (once per attention
// group of its replica, so that the block's split over them leaves this group's own sequences);
// the routed experts see `expertPrefill` prompt tokens and `expertDecodes` decoding sequences, or,
// with `expertPrefill` negative, the batch's own.
function costStep(r: i32, copies: f64, expertPrefill: f64, expertDecodes: f64): f64 {
  loadBatch(r, copies);
  const pool = <usize>rep(r, RS_POOL_PARAMS);
  const seconds = stepSeconds(
    pool,
    copies * rep(r, RS_STEP_DECODES),
    copies * rep(r, RS_BATCH_DECODE_CONTEXT),
    copies * rep(r, RS_BATCH_DECODE_WINDOWED),
    copies * rep(r, RS_BATCH_SEQUENCES),
    expertPrefill,
    expertDecodes,
  );
  setRep(r, RS_STEP_POWER, lastStepPowerShare(pool));
  return seconds + rep(r, RS_BATCH_STALL);
}

// Starts the step buildStep built for replica r at `now`, lasting `seconds` (its own, or its
// lock-step group's slowest).
function commitStep(r: i32, now: f64, seconds: f64): void {
  const decodeSeqs = rep(r, RS_STEP_DECODES);
  setRep(r, RS_STEP_START, now);
  stepPush(now + seconds, r);
  addSim(S_STEPS, 1);
  const tokens = rep(r, RS_STEP_TOKENS);
  addRep(r, RS_TOKENS, tokens);
  addRep(r, RS_OUTSTANDING, -tokens);
  histogramAdd(histBatch, tokens, 1);
  const kvBlocks = poolOf(r, PL_KV_BLOCKS);
  histogramAdd(histKv, (kvBlocks - available(r)) / kvBlocks, seconds);
  if (decodeSeqs > 0) histogramAdd(histItl, seconds, decodeSeqs);
}

// Applies the effects of replica r's step that ends at `end`, the top of the step heap (the
// members of a lock-step group end together and follow one another there, in index order). The
// replica stays marked busy: the caller starts its next step at once, and buildStep marks it busy
// or idle.
function finishStep(r: i32, end: f64): void {
  stepPop();
  addRep(r, RS_BUSY_SECONDS, end - rep(r, RS_STEP_START));
  addRep(r, RS_POWER_SECONDS, (end - rep(r, RS_STEP_START)) * rep(r, RS_STEP_POWER));
  const decodes = rep(r, RS_STEP_DECODES);
  if (decodes > 0) {
    // every decoding sequence advanced one token (or, speculating, the tokens its drafts earned)
    const advance = rep(r, RS_STEP_ADVANCE);
    const counter = rep(r, RS_COUNTER) + advance;
    setRep(r, RS_COUNTER, counter);
    advanceBucketCursor(r, advance);
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
    const target = roundTarget(id);
    if (roundPrior(id) + done < target) continue;
    listRemove(r, RS_PREFILL_HEAD, RS_PREFILL_TAIL, id);
    const generated = generatedOf(id) + 1;
    setGenerated(id, generated);
    const context = <f64>target;
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
