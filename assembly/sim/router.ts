// Routing an arriving request to a replica of the pool.
import { rep, simParam, predecessorOf, replicaOfRequest, statusOf, blocksOf } from "./columns";
import {
  ROUTER_LEAST_KV, ROUTER_PREFIX_AFFINITY, ROUTER_ROUND_ROBIN, RS_CACHED_BLOCKS, RS_FREE_BLOCKS, RS_OUTSTANDING,
  S_REPLICAS, S_ROUTER, STATUS_FINISHED,
} from "./layout";

let roundRobin: i32 = 0;
export function resetRouter(): void { roundRobin = 0; }

// fewest tokens still to process; ties go to the lowest index
function leastOutstanding(replicas: i32): i32 {
  let best = 0;
  let bestValue = Infinity;
  for (let r = 0; r < replicas; r++) {
    const value = rep(r, RS_OUTSTANDING);
    if (value < bestValue) { bestValue = value; best = r; }
  }
  return best;
}

export function route(id: i32): i32 {
  const policy = <i32>simParam(S_ROUTER);
  const replicas = <i32>simParam(S_REPLICAS);
  if (replicas == 1) return 0;
  if (policy == ROUTER_ROUND_ROBIN) {
    const r = roundRobin;
    roundRobin = (roundRobin + 1) % replicas;
    return r;
  }
  if (policy == ROUTER_LEAST_KV) return leastKv(replicas);
  if (policy == ROUTER_PREFIX_AFFINITY) {
    // the replica that holds the previous turn's context, while it still holds it
    const before = predecessorOf(id);
    if (before >= 0 && statusOf(before) == STATUS_FINISHED && blocksOf(before) > 0) return replicaOfRequest(before);
  }
  return leastOutstanding(replicas);
}

// most blocks free or evictable
function leastKv(replicas: i32): i32 {
  let best = 0;
  let bestFree = -Infinity;
  for (let r = 0; r < replicas; r++) {
    const free = rep(r, RS_FREE_BLOCKS) + rep(r, RS_CACHED_BLOCKS);
    if (free > bestFree) { bestFree = free; best = r; }
  }
  return best;
}
