// Binary min-heaps in preallocated memory: one per replica over decode iterations (when a
// sequence finishes or leaves the sliding window), and over time: released arrivals, KV transfers
// in flight, and the busy replicas' step ends.
import {
  heapCapacity, heapIds, heapKeys, heapTags, pendingIds, pendingKeys, stepIds, stepKeys, transferIds, transferKeys,
} from "./columns";
import { getF, getI, rep, setF, setI, setRep, setSim, simParam } from "./state";
import { RS_HEAP_SIZE, S_PENDING_HEAP_SIZE, S_STEP_HEAP_SIZE, S_TRANSFER_HEAP_SIZE } from "./layout";

// @ts-ignore: decorator
@inline function swap(keys: usize, ids: usize, tags: usize, a: i32, b: i32): void {
  const k = getF(keys, a); setF(keys, a, getF(keys, b)); setF(keys, b, k);
  const i = getI(ids, a); setI(ids, a, getI(ids, b)); setI(ids, b, i);
  if (tags) { const t = getI(tags, a); setI(tags, a, getI(tags, b)); setI(tags, b, t); }
}

function siftUp(keys: usize, ids: usize, tags: usize, at: i32): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (getF(keys, parent) <= getF(keys, at)) break;
    swap(keys, ids, tags, parent, at);
    at = parent;
  }
}

function siftDown(keys: usize, ids: usize, tags: usize, at: i32, size: i32): void {
  while (true) {
    const left = 2 * at + 1;
    if (left >= size) break;
    let child = left;
    if (left + 1 < size && getF(keys, left + 1) < getF(keys, left)) child = left + 1;
    if (getF(keys, at) <= getF(keys, child)) break;
    swap(keys, ids, tags, at, child);
    at = child;
  }
}

// replica heaps: region r × heapCapacity of the shared arrays
// @ts-ignore: decorator
@inline function region(base: usize, r: i32, shift: i32): usize { return base + ((<usize>(r * heapCapacity)) << shift); }

export function replicaHeapSize(r: i32): i32 { return <i32>rep(r, RS_HEAP_SIZE); }

// Returns false when the heap is full (the caller compacts stale entries and retries).
export function replicaHeapPush(r: i32, key: f64, id: i32, tag: i32): bool {
  const size = replicaHeapSize(r);
  if (size >= heapCapacity) return false;
  const keys = region(heapKeys, r, 3), ids = region(heapIds, r, 2), tags = region(heapTags, r, 2);
  setF(keys, size, key); setI(ids, size, id); setI(tags, size, tag);
  siftUp(keys, ids, tags, size);
  setRep(r, RS_HEAP_SIZE, size + 1);
  return true;
}

export function replicaHeapTopKey(r: i32): f64 {
  return replicaHeapSize(r) > 0 ? getF(region(heapKeys, r, 3), 0) : Infinity;
}
export function replicaHeapTopId(r: i32): i32 { return getI(region(heapIds, r, 2), 0); }
export function replicaHeapTopTag(r: i32): i32 { return getI(region(heapTags, r, 2), 0); }

export function replicaHeapPop(r: i32): void {
  const size = replicaHeapSize(r) - 1;
  const keys = region(heapKeys, r, 3), ids = region(heapIds, r, 2), tags = region(heapTags, r, 2);
  swap(keys, ids, tags, 0, size);
  setRep(r, RS_HEAP_SIZE, size);
  siftDown(keys, ids, tags, 0, size);
}

// Keeps only entries `live` accepts and restores heap order: O(capacity), rare.
export function replicaHeapCompact(r: i32, live: (id: i32, tag: i32) => bool): void {
  const keys = region(heapKeys, r, 3), ids = region(heapIds, r, 2), tags = region(heapTags, r, 2);
  const size = replicaHeapSize(r);
  let kept = 0;
  for (let i = 0; i < size; i++) {
    if (!live(getI(ids, i), getI(tags, i))) continue;
    setF(keys, kept, getF(keys, i)); setI(ids, kept, getI(ids, i)); setI(tags, kept, getI(tags, i));
    kept++;
  }
  for (let i = (kept >> 1) - 1; i >= 0; i--) siftDown(keys, ids, tags, i, kept);
  setRep(r, RS_HEAP_SIZE, kept);
}

// time-ordered heaps: released arrivals (TIME_HEAP_ARRIVALS) and KV transfers in flight (TIME_HEAP_TRANSFERS)
export const TIME_HEAP_ARRIVALS: i32 = 0;
export const TIME_HEAP_TRANSFERS: i32 = 1;
// Sizes of the three time-ordered heaps, in globals while a slice runs (read on every event) and
// in the simulation block between slices (loadHeapSizes, saveHeapSizes).
let arrivalsSize: i32 = 0;
let transfersSize: i32 = 0;
let stepsSize: i32 = 0;

export function loadHeapSizes(): void {
  arrivalsSize = <i32>simParam(S_PENDING_HEAP_SIZE);
  transfersSize = <i32>simParam(S_TRANSFER_HEAP_SIZE);
  stepsSize = <i32>simParam(S_STEP_HEAP_SIZE);
}

export function saveHeapSizes(): void {
  setSim(S_PENDING_HEAP_SIZE, <f64>arrivalsSize);
  setSim(S_TRANSFER_HEAP_SIZE, <f64>transfersSize);
  setSim(S_STEP_HEAP_SIZE, <f64>stepsSize);
}

// @ts-ignore: decorator
@inline function timeKeys(heap: i32): usize { return heap == TIME_HEAP_ARRIVALS ? pendingKeys : transferKeys; }
// @ts-ignore: decorator
@inline function timeIds(heap: i32): usize { return heap == TIME_HEAP_ARRIVALS ? pendingIds : transferIds; }

// @ts-ignore: decorator
@inline function timeSize(heap: i32): i32 { return heap == TIME_HEAP_ARRIVALS ? arrivalsSize : transfersSize; }
// @ts-ignore: decorator
@inline function setTimeSize(heap: i32, size: i32): void {
  if (heap == TIME_HEAP_ARRIVALS) arrivalsSize = size;
  else transfersSize = size;
}

export function resetTimeHeaps(): void {
  arrivalsSize = 0;
  transfersSize = 0;
  stepsSize = 0;
  saveHeapSizes();
}

export function timePush(heap: i32, time: f64, id: i32): void {
  const size = timeSize(heap);
  setF(timeKeys(heap), size, time); setI(timeIds(heap), size, id);
  siftUp(timeKeys(heap), timeIds(heap), 0, size);
  setTimeSize(heap, size + 1);
}

export function timeTop(heap: i32): f64 { return timeSize(heap) > 0 ? getF(timeKeys(heap), 0) : Infinity; }

export function timePop(heap: i32): i32 {
  const keys = timeKeys(heap), ids = timeIds(heap);
  const id = getI(ids, 0);
  const size = timeSize(heap) - 1;
  swap(keys, ids, 0, 0, size);
  siftDown(keys, ids, 0, 0, size);
  setTimeSize(heap, size);
  return id;
}

// The busy replicas by the end of their step in flight, ties to the lower index (the order a scan
// of every replica would pick them in): the loop's next step is the top, O(1) to read and
// O(log replicas) to keep, where a scan of the busy replicas cost O(replicas) on every event.
// @ts-ignore: decorator
@inline function stepBefore(a: i32, b: i32): bool {
  const ka = getF(stepKeys, a), kb = getF(stepKeys, b);
  return ka < kb || (ka == kb && getI(stepIds, a) < getI(stepIds, b));
}

// @ts-ignore: decorator
@inline function stepSwap(a: i32, b: i32): void {
  const k = getF(stepKeys, a); setF(stepKeys, a, getF(stepKeys, b)); setF(stepKeys, b, k);
  const i = getI(stepIds, a); setI(stepIds, a, getI(stepIds, b)); setI(stepIds, b, i);
}

// Replica r's step ends at `end` (r holds no other entry: its last step was popped, or it was idle).
export function stepPush(end: f64, r: i32): void {
  let at = stepsSize++;
  setF(stepKeys, at, end); setI(stepIds, at, r);
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!stepBefore(at, parent)) break;
    stepSwap(parent, at);
    at = parent;
  }
}

export function stepTopTime(): f64 { return stepsSize > 0 ? getF(stepKeys, 0) : Infinity; }
export function stepTopReplica(): i32 { return stepsSize > 0 ? getI(stepIds, 0) : -1; }

// Removes the top: the replica whose step ends first.
export function stepPop(): void {
  const size = --stepsSize;
  stepSwap(0, size);
  let at = 0;
  while (true) {
    const left = 2 * at + 1;
    if (left >= size) break;
    let child = left;
    if (left + 1 < size && stepBefore(left + 1, left)) child = left + 1;
    if (!stepBefore(child, at)) break;
    stepSwap(at, child);
    at = child;
  }
}
