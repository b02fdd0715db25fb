// Admission to a replica: which waiting request starts next, whether the KV cache can take it
// (optimistic or reserve admission), and preemption when decode outgrows the cache.
import {
  admittedAtOf, countPreemption, generatedOf, inputOf, joinCtxOf, joinOf, outputOf, predecessorOf, prefixOf,
  prefixHitOf, setAdmittedAt, setBlocks, setDecodeAdmittedAt, setDone, setGenerated, setJoinCtx, setPrefixHit,
  setStatus, setSwapped, swappedOf,
} from "./columns";
import { addRep, addSim, poolOf, rep, setRep } from "./state";
import { allocate, available, blocksFor, cachedPrefixBlocks, claimPrefix, free } from "./kv-cache";
import { listHead, listPushBack, listPushFront, listRemove } from "./lists";
import { contextOf, joinDecode, leaveDecode } from "./decode-batch";
import {
  ADMISSION_RESERVE, KV_IN_HOST, KV_NONE, PL_ADMISSION, PL_BLOCK_TOKENS, PL_MAX_SEQUENCES, PL_PREEMPTION, PL_ROLE,
  PL_SWAP_SECONDS_PER_TOKEN, PREEMPT_SWAP, ROLE_PREFILL, RS_COUNTER, RS_DECODE_TAIL, RS_OUTSTANDING, RS_PREFILL_HEAD,
  RS_PREFILL_TAIL, RS_RESERVED, RS_RUNNING, RS_WAITING, RS_WAIT_HEAD, RS_WAIT_TAIL, STATUS_PREFILLING,
  STATUS_WAITING, S_PREFIX_HIT_TOKENS, S_PROMPT_TOKENS, S_RECOMPUTES, S_SWAPS, S_WAITING,
} from "./layout";

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
export function unreserve(r: i32, blocks: f64): void {
  const reserved = rep(r, RS_RESERVED);
  setRep(r, RS_RESERVED, blocks < reserved ? reserved - blocks : 0);
}

// Preempts the most recently admitted decoding sequence (as vLLM does): its blocks are freed
// and it waits at the front of the queue to be recomputed, or its KV is swapped to host memory.
export function preemptLast(r: i32): f64 {
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

export const ADMIT_NONE: i32 = -1;
const ADMIT_SWAPPED_IN: i32 = -2;
// seconds of KV swapped back in during the step being built
let swapInSeconds: f64 = 0;

// Starts the admissions of a new step.
export function beginAdmissions(): void {
  swapInSeconds = 0;
}

// Seconds of KV the step's admissions swapped back in from host memory.
export function swappedInSeconds(): f64 {
  return swapInSeconds;
}

// Tries to admit the head of the waiting queue: returns its id when it starts a prefill,
// ADMIT_SWAPPED_IN when its swapped KV came back (it rejoins decode), ADMIT_NONE when it must wait.
export function admitHead(r: i32, now: f64, budget: i32): i32 {
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
  setDone(id, 0);
  setBlocks(id, need + hitBlocks);
  setStatus(id, STATUS_PREFILLING);
  listPushBack(r, RS_PREFILL_HEAD, RS_PREFILL_TAIL, id);
  return id;
}

// A prefill round, while it runs (generatedOf changes only at its end): the prompt tokens it must
// hold in KV at its end (the input, and on a recompute every token generated before), and those
// already there when it began (a first round's prefix-cache hit; a recompute reuses none). Derived,
// not kept in columns of their own: 8 bytes less per request.
// @ts-ignore: decorator
@inline export function roundTarget(id: i32): i32 { return inputOf(id) + generatedOf(id); }
// @ts-ignore: decorator
@inline export function roundPrior(id: i32): i32 { return generatedOf(id) > 0 ? 0 : prefixHitOf(id); }

function dequeue(r: i32, id: i32, now: f64): void {
  listRemove(r, RS_WAIT_HEAD, RS_WAIT_TAIL, id);
  addRep(r, RS_WAITING, -1);
  addSim(S_WAITING, -1);
  addRep(r, RS_RUNNING, 1);
  if (isNaN(admittedAtOf(id))) setAdmittedAt(id, now);
}

// Whether a prefill could run now: one in progress, or the queue head fits.
export function prefillReady(r: i32): bool {
  if (listHead(r, RS_PREFILL_HEAD) >= 0) return true;
  const id = listHead(r, RS_WAIT_HEAD);
  if (id < 0 || rep(r, RS_RUNNING) >= poolOf(r, PL_MAX_SEQUENCES)) return false;
  // as admitHead decides: the KV it brings or its prompt, and under reserve admission its future tokens
  const held = swappedOf(id) != KV_NONE;
  const tokens = <f64>(held ? joinCtxOf(id) : inputOf(id) + generatedOf(id));
  const toCome = <f64>(outputOf(id) - generatedOf(id)) - (held ? 0 : 1);
  return admissible(r) >= <f64>blocksFor(r, tokens) + futureBlocks(r, tokens, toCome);
}
