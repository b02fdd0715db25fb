// Routing a request to a replica of a pool.
import { blocksOf, predecessorOf, replicaOf, statusOf } from "./columns";
import { poolAt, rep, setPoolAt } from "./state";
import {
  PL_FIRST_REPLICA, PL_REPLICAS, PL_ROUND_ROBIN, PL_ROUTER, ROUTER_LEAST_KV, ROUTER_PREFIX_AFFINITY, ROUTER_ROUND_ROBIN,
  RS_CACHED_BLOCKS, RS_FREE_BLOCKS, RS_OUTSTANDING, STATUS_FINISHED,
} from "./layout";

export function route(id: i32, pool: i32): i32 {
  const first = <i32>poolAt(pool, PL_FIRST_REPLICA);
  const replicas = <i32>poolAt(pool, PL_REPLICAS);
  if (replicas == 1) return first;
  const policy = <i32>poolAt(pool, PL_ROUTER);
  if (policy == ROUTER_ROUND_ROBIN) {
    const next = <i32>poolAt(pool, PL_ROUND_ROBIN);
    setPoolAt(pool, PL_ROUND_ROBIN, <f64>((next + 1) % replicas));
    return first + next;
  }
  if (policy == ROUTER_LEAST_KV) return mostFreeKv(first, replicas);
  if (policy == ROUTER_PREFIX_AFFINITY) {
    // the replica that holds the previous turn's context, while it still holds it
    const before = predecessorOf(id);
    if (before >= 0 && statusOf(before) == STATUS_FINISHED && blocksOf(before) > 0) {
      const r = replicaOf(before);
      if (r >= first && r < first + replicas) return r;
    }
  }
  return leastOutstanding(first, replicas);
}

// fewest tokens still to process; ties go to the lowest index
function leastOutstanding(first: i32, replicas: i32): i32 {
  let best = first;
  let bestValue = Infinity;
  for (let r = first; r < first + replicas; r++) {
    const value = rep(r, RS_OUTSTANDING);
    if (value < bestValue) { bestValue = value; best = r; }
  }
  return best;
}

// most blocks free or evictable
function mostFreeKv(first: i32, replicas: i32): i32 {
  let best = first;
  let bestFree = -Infinity;
  for (let r = first; r < first + replicas; r++) {
    const free = rep(r, RS_FREE_BLOCKS) + rep(r, RS_CACHED_BLOCKS);
    if (free > bestFree) { bestFree = free; best = r; }
  }
  return best;
}
