// Arrivals: a request arrives (from the table, or released by its predecessor's end), is
// rejected when it can never be served, or is routed to a replica's queue; and a request whose
// KV cache crossed from a prefill pool is handed over to the decode pool.
import {
  gapOf, generatedOf, inputOf, outputOf, setArrivedAt, setFinish, setFirstToken, setReplica, setStatus, setSwapped,
  successorOf,
} from "./columns";
import { addRep, addSim, poolAt, rep, setSim, simParam } from "./state";
import { TIME_HEAP_ARRIVALS, timePush } from "./heap";
import { listPushBack } from "./lists";
import { route } from "./router";
import {
  KV_HANDED_OVER, PL_BLOCK_TOKENS, PL_KV_BLOCKS, PL_NEXT_POOL, RS_BUSY, RS_OUTSTANDING, RS_WAIT_HEAD, RS_WAIT_TAIL, RS_WAITING,
  S_CONTEXT_LIMIT, S_ENTRY_POOL, S_ISSUE_UNTIL, S_MAX_WAITING, S_NEED_MORE, S_OPEN_ENDED, S_WAITING, STATUS_FINISHED,
  STATUS_NOT_ISSUED, STATUS_REJECTED_CONTEXT, STATUS_REJECTED_KV, STATUS_WAITING,
} from "./layout";

// The end (finish or rejection) of `id` at `time` releases its successor after the think time,
// unless that falls after the run's duration: then the successor and its own chain are never issued.
export function released(id: i32, time: f64): void {
  let next = successorOf(id);
  if (next < 0) {
    // a closed-loop user ran out of generated requests before the duration ended
    if (simParam(S_OPEN_ENDED) > 0 && time <= simParam(S_ISSUE_UNTIL)) setSim(S_NEED_MORE, 1);
    return;
  }
  const at = time + gapOf(next);
  if (at <= simParam(S_ISSUE_UNTIL)) {
    timePush(TIME_HEAP_ARRIVALS, at, next);
    return;
  }
  while (next >= 0) {
    setStatus(next, STATUS_NOT_ISSUED);
    next = successorOf(next);
  }
}

// Whether `tokens` of KV fit in one replica of `pool` (when it can ever hold them).
function fits(pool: i32, tokens: f64): bool {
  return Math.ceil(tokens / poolAt(pool, PL_BLOCK_TOKENS)) <= poolAt(pool, PL_KV_BLOCKS);
}

function enqueue(r: i32, id: i32, outstandingTokens: f64): void {
  setReplica(id, r);
  setStatus(id, STATUS_WAITING);
  listPushBack(r, RS_WAIT_HEAD, RS_WAIT_TAIL, id);
  addRep(r, RS_WAITING, 1);
  addRep(r, RS_OUTSTANDING, outstandingTokens);
  addSim(S_WAITING, 1);
  if (simParam(S_WAITING) > simParam(S_MAX_WAITING)) setSim(S_MAX_WAITING, simParam(S_WAITING));
}

// Returns the replica the request was routed to, or -1 when it was rejected.
export function arrive(id: i32, time: f64): i32 {
  setArrivedAt(id, time);
  const tokens = <f64>(inputOf(id) + outputOf(id));
  const limit = simParam(S_CONTEXT_LIMIT);
  if (limit > 0 && tokens > limit) return reject(id, time, STATUS_REJECTED_CONTEXT);
  const pool = <i32>simParam(S_ENTRY_POOL);
  const next = <i32>poolAt(pool, PL_NEXT_POOL);
  if (!fits(pool, tokens) || (next >= 0 && !fits(next, tokens))) return reject(id, time, STATUS_REJECTED_KV);
  const r = route(id, pool);
  enqueue(r, id, tokens);
  return r;
}

// A request's KV cache has reached the decode pool at `time`: its first token is out. Returns the
// decode replica it waits on, or -1 when that token was its last.
export function handOver(id: i32, time: f64): i32 {
  setFirstToken(id, time);
  if (generatedOf(id) >= outputOf(id)) {
    setStatus(id, STATUS_FINISHED);
    setFinish(id, time);
    released(id, time);
    return -1;
  }
  const r = route(id, <i32>poolAt(<i32>simParam(S_ENTRY_POOL), PL_NEXT_POOL));
  setSwapped(id, KV_HANDED_OVER);
  enqueue(r, id, <f64>(outputOf(id) - generatedOf(id)));
  return rep(r, RS_BUSY) > 0 ? -1 : r;
}

function reject(id: i32, time: f64, reason: i32): i32 {
  setStatus(id, reason);
  setFinish(id, time);
  released(id, time);
  return -1;
}
