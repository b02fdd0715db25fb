// Arrivals: a request arrives (from the table, or released by its predecessor's end), is
// rejected when it can never be served, or is routed to a replica's queue.
import {
  addRep, addSim, gapOf, inputOf, outputOf, setArrivedAt, setReplicaOf, setStatus, simParam, successorOf, setSim,
  rep, setFinish,
} from "./columns";
import { pendingPush } from "./heap";
import { blocksFor } from "./kv-cache";
import { listPushBack } from "./lists";
import { route } from "./router";
import {
  RS_OUTSTANDING, RS_WAIT_HEAD, RS_WAIT_TAIL, RS_WAITING, S_CONTEXT_LIMIT, S_ISSUE_UNTIL, S_KV_BLOCKS, S_MAX_WAITING,
  S_NEED_MORE, S_OPEN_ENDED, S_WAITING, STATUS_NOT_ISSUED, STATUS_REJECTED_CONTEXT, STATUS_REJECTED_KV, STATUS_WAITING,
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
    pendingPush(at, next);
    return;
  }
  while (next >= 0) {
    setStatus(next, STATUS_NOT_ISSUED);
    next = successorOf(next);
  }
}

// Returns the replica the request was routed to, or -1 when it was rejected.
export function arrive(id: i32, time: f64): i32 {
  setArrivedAt(id, time);
  const tokens = inputOf(id) + outputOf(id);
  const limit = simParam(S_CONTEXT_LIMIT);
  if (limit > 0 && <f64>tokens > limit) return reject(id, time, STATUS_REJECTED_CONTEXT);
  if (<f64>blocksFor(<f64>tokens) > simParam(S_KV_BLOCKS)) return reject(id, time, STATUS_REJECTED_KV);
  const r = route(id);
  setReplicaOf(id, r);
  setStatus(id, STATUS_WAITING);
  listPushBack(r, RS_WAIT_HEAD, RS_WAIT_TAIL, id);
  addRep(r, RS_WAITING, 1);
  addRep(r, RS_OUTSTANDING, <f64>tokens);
  addSim(S_WAITING, 1);
  if (simParam(S_WAITING) > simParam(S_MAX_WAITING)) setSim(S_MAX_WAITING, simParam(S_WAITING));
  return r;
}

function reject(id: i32, time: f64, reason: i32): i32 {
  setStatus(id, reason);
  setFinish(id, time);
  released(id, time);
  return -1;
}
