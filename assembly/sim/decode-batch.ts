// The decode batch of a replica: sequences join and leave it, and the aggregates that keep a step
// O(1) in the number of decoding sequences follow (they advance together; a heap says when one
// finishes or outgrows the sliding window, buckets say how many need a new KV block at each iteration).
import {
  buckets, bumpGeneration, generatedOf, generationOf, joinCtxOf, joinOf, outputOf, setJoin, setJoinCtx, setStatus,
  statusOf,
} from "./columns";
import { addRep, getI, poolOf, rep, setI, setRep, simParam } from "./state";
import { blocksFor } from "./kv-cache";
import { listPushBack, listRemove } from "./lists";
import { replicaHeapCompact, replicaHeapPush } from "./heap";
import {
  ENTRY_FINISH, ENTRY_WINDOW, PL_BLOCK_TOKENS, RS_BELOW_WINDOW, RS_BUCKET_CURSOR, RS_CONTEXT_SUM, RS_COUNTER, RS_DECODE_COUNT,
  RS_DECODE_HEAD, RS_DECODE_TAIL, RS_WINDOWED_SUM, STATUS_DECODING, S_BUCKET_STRIDE, S_WINDOW,
} from "./layout";

// tokens in KV of a decoding sequence after `counter` iterations
// @ts-ignore: decorator
@inline export function contextOf(id: i32, counter: f64): f64 { return <f64>joinCtxOf(id) + (counter - joinOf(id)); }

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

// KV blocks the decoding sequences need when they advance `advance` tokens: the buckets of the
// next `advance` iterations. RS_BUCKET_CURSOR holds the counter modulo the block size, so no
// 64-bit division runs per step.
export function blocksCrossed(r: i32, advance: f64): f64 {
  const blockTokens = <i32>poolOf(r, PL_BLOCK_TOKENS);
  const base = r * <i32>simParam(S_BUCKET_STRIDE);
  let at = <i32>rep(r, RS_BUCKET_CURSOR);
  let need: f64 = 0;
  for (let j = 1; j <= <i32>advance; j++) {
    if (++at == blockTokens) at = 0;
    need += <f64>getI(buckets, base + at);
  }
  return need;
}

// Keeps RS_BUCKET_CURSOR equal to RS_COUNTER modulo the block size as the counter advances.
export function advanceBucketCursor(r: i32, advance: f64): void {
  const blockTokens = <i32>poolOf(r, PL_BLOCK_TOKENS);
  let at = <i32>rep(r, RS_BUCKET_CURSOR) + <i32>advance;
  while (at >= blockTokens) at -= blockTokens;
  setRep(r, RS_BUCKET_CURSOR, <f64>at);
}

export function liveEntry(id: i32, tag: i32): bool {
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
export function joinDecode(r: i32, id: i32, context: f64): void {
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
export function leaveDecode(r: i32, id: i32): i32 {
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
