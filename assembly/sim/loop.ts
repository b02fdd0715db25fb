// The discrete-event loop: arrivals and step completions in time order, one replica step at a
// time. Runs in slices of at most `maxEvents` events so the caller can report progress.
import { arrivedAtOf, bind, histBatch, histItl, histKv, predecessorOf, resetColumns } from "./columns";
import { poolAt, poolBase, setRep, setSim, simParam } from "./state";
import {
  TIME_HEAP_ARRIVALS, TIME_HEAP_TRANSFERS, loadHeapSizes, resetTimeHeaps, saveHeapSizes, stepTopReplica, stepTopTime,
  timePop, timeTop,
} from "./heap";
import { arrive, handOver } from "./arrivals";
import { finishGroupStep, readyToStep, startStep } from "./replica";
import {
  HIST_BINS, PL_FIRST_REPLICA, PL_KV_BLOCKS, PL_REPLICAS, REP_STRIDE, RS_FREE_BLOCKS, RS_LISTS_BEGIN, RS_LISTS_END,
  RS_POOL_PARAMS, S_COUNT, S_DONE_FLAG, S_HANDOVERS, S_LINK_FREE_AT, S_NOW, S_OPEN_NEXT, S_POOLS,
} from "./layout";

// Resets per-run state; the caller has written the inputs and zeroed every array.
export function initRun(s: usize): void {
  bind(s);
  resetColumns(<i32>simParam(S_COUNT), <i32>simParam(S_HANDOVERS));
  const pools = <i32>simParam(S_POOLS);
  for (let pool = 0; pool < pools; pool++) {
    const first = <i32>poolAt(pool, PL_FIRST_REPLICA);
    for (let r = first; r < first + <i32>poolAt(pool, PL_REPLICAS); r++) {
      for (let slot = 0; slot < REP_STRIDE; slot++) setRep(r, slot, 0);
      for (let slot = RS_LISTS_BEGIN; slot < RS_LISTS_END; slot++) setRep(r, slot, -1);
      setRep(r, RS_POOL_PARAMS, <f64>poolBase(pool));
      setRep(r, RS_FREE_BLOCKS, poolAt(pool, PL_KV_BLOCKS));
    }
  }
  memory.fill(histItl, 0, <usize>HIST_BINS << 3);
  memory.fill(histBatch, 0, <usize>HIST_BINS << 3);
  memory.fill(histKv, 0, <usize>HIST_BINS << 3);
  resetTimeHeaps();
  setSim(S_LINK_FREE_AT, 0);
  setSim(S_OPEN_NEXT, 0);
  setSim(S_DONE_FLAG, 0);
}

// The next request without a predecessor, at or after `from`.
function nextOpen(from: i32, n: i32): i32 {
  while (from < n && predecessorOf(from) >= 0) from++;
  return from;
}

// Processes up to `maxEvents` events; returns 1 when the run has drained.
export function runSlice(s: usize, maxEvents: f64): i32 {
  bind(s);
  loadHeapSizes();
  const n = <i32>simParam(S_COUNT);
  let open = nextOpen(<i32>simParam(S_OPEN_NEXT), n);
  for (let events: f64 = 0; events < maxEvents; events++) {
    const openTime = open < n ? arrivedAtOf(open) : Infinity;
    const pendingTime = timeTop(TIME_HEAP_ARRIVALS);
    const transferTime = timeTop(TIME_HEAP_TRANSFERS);
    // the busy replica whose step ends first (ties to the lowest index)
    const stepTime = stepTopTime();
    const stepReplica = stepTopReplica();
    const arrivalTime = Math.min(openTime, pendingTime);
    if (transferTime <= arrivalTime && transferTime < stepTime) {
      setSim(S_NOW, transferTime);
      const r = handOver(timePop(TIME_HEAP_TRANSFERS), transferTime);
      if (r >= 0 && readyToStep(r)) startStep(r, transferTime);
      continue;
    }
    if (arrivalTime == Infinity && stepReplica < 0) {
      setSim(S_OPEN_NEXT, <f64>open);
      setSim(S_DONE_FLAG, 1);
      saveHeapSizes();
      return 1;
    }
    if (arrivalTime < stepTime) {
      let id: i32;
      if (pendingTime <= openTime) id = timePop(TIME_HEAP_ARRIVALS);
      else {
        id = open;
        open = nextOpen(open + 1, n);
      }
      setSim(S_NOW, arrivalTime);
      const r = arrive(id, arrivalTime);
      if (r >= 0 && readyToStep(r)) startStep(r, arrivalTime);
    } else {
      setSim(S_NOW, stepTime);
      finishGroupStep(stepReplica, stepTime);
      startStep(stepReplica, stepTime);
    }
  }
  setSim(S_OPEN_NEXT, <f64>open);
  saveHeapSizes();
  return 0;
}
