// The paged KV cache of one replica: fixed-size blocks, free or held by a request, and an LRU of
// blocks kept by ended requests (the prefix cache) that are evicted when room is needed.
import { blocksOf, replicaOf, setBlocks, statusOf } from "./columns";
import { addRep, poolOf, rep, setRep } from "./state";
import { listHead, listPushBack, listRemove } from "./lists";
import {
  RS_CACHED_BLOCKS, RS_FREE_BLOCKS, RS_LRU_HEAD, RS_LRU_TAIL, RS_PEAK_BLOCKS, PL_BLOCK_TOKENS, PL_KV_BLOCKS, PL_PREFIX_CACHE,
  STATUS_FINISHED,
} from "./layout";

// Blocks of replica r's pool that hold `tokens` tokens.
// @ts-ignore: decorator
@inline export function blocksFor(r: i32, tokens: f64): i32 {
  return <i32>Math.ceil(tokens / poolOf(r, PL_BLOCK_TOKENS));
}

// Blocks a replica could hand out now: free ones plus evictable cached ones.
// @ts-ignore: decorator
@inline export function available(r: i32): f64 {
  return rep(r, RS_FREE_BLOCKS) + rep(r, RS_CACHED_BLOCKS);
}

function evictOldest(r: i32): void {
  const id = listHead(r, RS_LRU_HEAD);
  if (id < 0) unreachable();
  listRemove(r, RS_LRU_HEAD, RS_LRU_TAIL, id);
  const held = blocksOf(id);
  if (held <= 0) unreachable();
  setBlocks(id, 0);
  addRep(r, RS_CACHED_BLOCKS, -held);
  addRep(r, RS_FREE_BLOCKS, held);
}

// Takes `count` blocks, evicting cached prefixes oldest first. The caller checked available().
export function allocate(r: i32, count: f64): void {
  while (rep(r, RS_FREE_BLOCKS) < count) evictOldest(r);
  addRep(r, RS_FREE_BLOCKS, -count);
  const used = poolOf(r, PL_KV_BLOCKS) - rep(r, RS_FREE_BLOCKS) - rep(r, RS_CACHED_BLOCKS);
  if (used > rep(r, RS_PEAK_BLOCKS)) setRep(r, RS_PEAK_BLOCKS, used);
}

// Returns an ended request's blocks: kept as a cached prefix when the prefix cache is on.
export function release(r: i32, id: i32, count: i32): void {
  if (poolOf(r, PL_PREFIX_CACHE) > 0 && count > 0) {
    setBlocks(id, count);
    addRep(r, RS_CACHED_BLOCKS, count);
    listPushBack(r, RS_LRU_HEAD, RS_LRU_TAIL, id);
  } else {
    setBlocks(id, 0);
    addRep(r, RS_FREE_BLOCKS, count);
  }
}

// Frees blocks outright (a preempted sequence's, which hold no reusable prefix).
export function free(r: i32, count: f64): void {
  addRep(r, RS_FREE_BLOCKS, count);
}

// Whole blocks of `predecessor`'s cached context reusable as the first `prefixTokens` of a new
// prompt on replica `r`; 0 when it is not cached there.
export function cachedPrefixBlocks(r: i32, predecessor: i32, prefixTokens: i32): i32 {
  if (predecessor < 0 || poolOf(r, PL_PREFIX_CACHE) <= 0) return 0;
  if (statusOf(predecessor) != STATUS_FINISHED || replicaOf(predecessor) != r) return 0;
  const held = blocksOf(predecessor);
  if (held <= 0) return 0;
  const whole = <i32>Math.floor(<f64>prefixTokens / poolOf(r, PL_BLOCK_TOKENS));
  return whole < held ? whole : held;
}

// Moves `count` cached blocks of `predecessor` to a new request; the rest become free.
export function claimPrefix(r: i32, predecessor: i32, count: i32): void {
  const held = blocksOf(predecessor);
  if (count > held || held <= 0) unreachable();
  listRemove(r, RS_LRU_HEAD, RS_LRU_TAIL, predecessor);
  setBlocks(predecessor, 0);
  addRep(r, RS_CACHED_BLOCKS, -held);
  addRep(r, RS_FREE_BLOCKS, held - count);
}
