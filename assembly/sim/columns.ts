// The simulation block and its arrays, bound once per run into globals so the hot path reads
// pointers without reloading them from the block.
import { param, setParam } from "../block";
import {
  REP_STRIDE, S_ADMITTED_AT, S_ARRIVAL, S_ARRIVED_AT, S_BLOCKS, S_BUCKETS, S_DONE, S_FINISH, S_FIRST_TOKEN, S_GAP,
  S_GENERATED, S_GENERATION, S_HEAP_CAPACITY, S_HEAP_IDS, S_HEAP_KEYS, S_HEAP_TAGS, S_INPUT, S_JOIN, S_JOIN_CTX,
  S_NEXT, S_OUTPUT, S_PENDING_IDS, S_PENDING_KEYS, S_PLAN_CHUNKS, S_PLAN_IDS, S_PREDECESSOR, S_PREEMPTIONS, S_PREFIX,
  S_PREFIX_HIT, S_PREV, S_PRIOR, S_REPLICA_OF, S_REPLICA_STATE, S_STATUS, S_SUCCESSOR, S_SWAPPED, S_TARGET,
  S_TRANSFER_KEYS, S_TRANSFER_IDS, S_TRANSFER_SECONDS, S_DECODE_ADMITTED_AT, S_POOL_PARAMS, POOL_STRIDE, RS_POOL_PARAMS,
} from "./layout";

export let sim: usize = 0;
let arrival: usize = 0;
let input: usize = 0;
let output: usize = 0;
let successor: usize = 0;
let predecessor: usize = 0;
let gap: usize = 0;
let prefix: usize = 0;
let arrivedAt: usize = 0;
let admittedAt: usize = 0;
let firstToken: usize = 0;
let finishAt: usize = 0;
let status: usize = 0;
let preemptions: usize = 0;
let replicaOf: usize = 0;
let prefixHit: usize = 0;
let next: usize = 0;
let prev: usize = 0;
let done: usize = 0;
let target: usize = 0;
let prior: usize = 0;
let generated: usize = 0;
let join: usize = 0;
let joinCtx: usize = 0;
let generation: usize = 0;
let blocks: usize = 0;
let swapped: usize = 0;
export let replicaState: usize = 0;
export let heapKeys: usize = 0;
export let heapIds: usize = 0;
export let heapTags: usize = 0;
export let heapCapacity: i32 = 0;
export let buckets: usize = 0;
export let planIds: usize = 0;
export let planChunks: usize = 0;
export let pendingKeys: usize = 0;
export let pendingIds: usize = 0;
export let transferKeys: usize = 0;
export let transferIds: usize = 0;
let transferSeconds: usize = 0;
let decodeAdmittedAt: usize = 0;
let poolParams: usize = 0;

// @ts-ignore: decorator
@inline function pointer(slot: i32): usize {
  return <usize>param(sim, slot);
}

export function bind(s: usize): void {
  sim = s;
  arrival = pointer(S_ARRIVAL);
  input = pointer(S_INPUT);
  output = pointer(S_OUTPUT);
  successor = pointer(S_SUCCESSOR);
  predecessor = pointer(S_PREDECESSOR);
  gap = pointer(S_GAP);
  prefix = pointer(S_PREFIX);
  arrivedAt = pointer(S_ARRIVED_AT);
  admittedAt = pointer(S_ADMITTED_AT);
  firstToken = pointer(S_FIRST_TOKEN);
  finishAt = pointer(S_FINISH);
  status = pointer(S_STATUS);
  preemptions = pointer(S_PREEMPTIONS);
  replicaOf = pointer(S_REPLICA_OF);
  prefixHit = pointer(S_PREFIX_HIT);
  next = pointer(S_NEXT);
  prev = pointer(S_PREV);
  done = pointer(S_DONE);
  target = pointer(S_TARGET);
  prior = pointer(S_PRIOR);
  generated = pointer(S_GENERATED);
  join = pointer(S_JOIN);
  joinCtx = pointer(S_JOIN_CTX);
  generation = pointer(S_GENERATION);
  blocks = pointer(S_BLOCKS);
  swapped = pointer(S_SWAPPED);
  replicaState = pointer(S_REPLICA_STATE);
  heapKeys = pointer(S_HEAP_KEYS);
  heapIds = pointer(S_HEAP_IDS);
  heapTags = pointer(S_HEAP_TAGS);
  heapCapacity = <i32>param(sim, S_HEAP_CAPACITY);
  buckets = pointer(S_BUCKETS);
  planIds = pointer(S_PLAN_IDS);
  planChunks = pointer(S_PLAN_CHUNKS);
  pendingKeys = pointer(S_PENDING_KEYS);
  pendingIds = pointer(S_PENDING_IDS);
  transferKeys = pointer(S_TRANSFER_KEYS);
  transferIds = pointer(S_TRANSFER_IDS);
  transferSeconds = pointer(S_TRANSFER_SECONDS);
  decodeAdmittedAt = pointer(S_DECODE_ADMITTED_AT);
  poolParams = pointer(S_POOL_PARAMS);
}

// pool parameters, by pool index or through a replica
// @ts-ignore: decorator
@inline export function poolBase(pool: i32): usize { return poolParams + ((<usize>(pool * POOL_STRIDE)) << 3); }
// @ts-ignore: decorator
@inline export function poolAt(pool: i32, slot: i32): f64 { return load<f64>(poolBase(pool) + (<usize>slot << 3)); }
// @ts-ignore: decorator
@inline export function setPoolAt(pool: i32, slot: i32, v: f64): void { store<f64>(poolBase(pool) + (<usize>slot << 3), v); }
// @ts-ignore: decorator
@inline export function poolOf(r: i32, slot: i32): f64 {
  return load<f64>(<usize>load<f64>(replicaState + ((<usize>(r * REP_STRIDE + RS_POOL_PARAMS)) << 3)) + (<usize>slot << 3));
}

// @ts-ignore: decorator
@inline export function getF(base: usize, i: i32): f64 { return load<f64>(base + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline export function setF(base: usize, i: i32, v: f64): void { store<f64>(base + (<usize>i << 3), v); }
// @ts-ignore: decorator
@inline export function getI(base: usize, i: i32): i32 { return load<i32>(base + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function setI(base: usize, i: i32, v: i32): void { store<i32>(base + (<usize>i << 2), v); }

// simulation parameters and outputs
// @ts-ignore: decorator
@inline export function simParam(slot: i32): f64 { return param(sim, slot); }
// @ts-ignore: decorator
@inline export function setSim(slot: i32, v: f64): void { setParam(sim, slot, v); }
// @ts-ignore: decorator
@inline export function addSim(slot: i32, v: f64): void { setParam(sim, slot, param(sim, slot) + v); }

// replica state
// @ts-ignore: decorator
@inline export function rep(r: i32, slot: i32): f64 { return load<f64>(replicaState + ((<usize>(r * REP_STRIDE + slot)) << 3)); }
// @ts-ignore: decorator
@inline export function setRep(r: i32, slot: i32, v: f64): void { store<f64>(replicaState + ((<usize>(r * REP_STRIDE + slot)) << 3), v); }
// @ts-ignore: decorator
@inline export function addRep(r: i32, slot: i32, v: f64): void { setRep(r, slot, rep(r, slot) + v); }

// request columns
// @ts-ignore: decorator
@inline export function arrivalOf(i: i32): f64 { return getF(arrival, i); }
// @ts-ignore: decorator
@inline export function inputOf(i: i32): i32 { return getI(input, i); }
// @ts-ignore: decorator
@inline export function outputOf(i: i32): i32 { return getI(output, i); }
// @ts-ignore: decorator
@inline export function successorOf(i: i32): i32 { return getI(successor, i); }
// @ts-ignore: decorator
@inline export function predecessorOf(i: i32): i32 { return getI(predecessor, i); }
// @ts-ignore: decorator
@inline export function gapOf(i: i32): f64 { return getF(gap, i); }
// @ts-ignore: decorator
@inline export function prefixOf(i: i32): i32 { return getI(prefix, i); }
// @ts-ignore: decorator
@inline export function setArrivedAt(i: i32, t: f64): void { setF(arrivedAt, i, t); }
// @ts-ignore: decorator
@inline export function admittedAtOf(i: i32): f64 { return getF(admittedAt, i); }
// @ts-ignore: decorator
@inline export function setAdmittedAt(i: i32, t: f64): void { setF(admittedAt, i, t); }
// @ts-ignore: decorator
@inline export function firstTokenOf(i: i32): f64 { return getF(firstToken, i); }
// @ts-ignore: decorator
@inline export function setFirstToken(i: i32, t: f64): void { setF(firstToken, i, t); }
// @ts-ignore: decorator
@inline export function setFinish(i: i32, t: f64): void { setF(finishAt, i, t); }
// @ts-ignore: decorator
@inline export function statusOf(i: i32): i32 { return getI(status, i); }
// @ts-ignore: decorator
@inline export function setStatus(i: i32, v: i32): void { setI(status, i, v); }
// @ts-ignore: decorator
@inline export function countPreemption(i: i32): void { setI(preemptions, i, getI(preemptions, i) + 1); }
// @ts-ignore: decorator
@inline export function replicaOfRequest(i: i32): i32 { return getI(replicaOf, i); }
// @ts-ignore: decorator
@inline export function setReplicaOf(i: i32, r: i32): void { setI(replicaOf, i, r); }
// @ts-ignore: decorator
@inline export function setPrefixHit(i: i32, v: i32): void { setI(prefixHit, i, v); }
// @ts-ignore: decorator
@inline export function nextOf(i: i32): i32 { return getI(next, i); }
// @ts-ignore: decorator
@inline export function setNext(i: i32, v: i32): void { setI(next, i, v); }
// @ts-ignore: decorator
@inline export function prevOf(i: i32): i32 { return getI(prev, i); }
// @ts-ignore: decorator
@inline export function setPrev(i: i32, v: i32): void { setI(prev, i, v); }
// @ts-ignore: decorator
@inline export function doneOf(i: i32): i32 { return getI(done, i); }
// @ts-ignore: decorator
@inline export function setDone(i: i32, v: i32): void { setI(done, i, v); }
// @ts-ignore: decorator
@inline export function targetOf(i: i32): i32 { return getI(target, i); }
// @ts-ignore: decorator
@inline export function setTarget(i: i32, v: i32): void { setI(target, i, v); }
// @ts-ignore: decorator
@inline export function priorOf(i: i32): i32 { return getI(prior, i); }
// @ts-ignore: decorator
@inline export function setPrior(i: i32, v: i32): void { setI(prior, i, v); }
// @ts-ignore: decorator
@inline export function generatedOf(i: i32): i32 { return getI(generated, i); }
// @ts-ignore: decorator
@inline export function setGenerated(i: i32, v: i32): void { setI(generated, i, v); }
// @ts-ignore: decorator
@inline export function joinOf(i: i32): f64 { return getF(join, i); }
// @ts-ignore: decorator
@inline export function setJoin(i: i32, v: f64): void { setF(join, i, v); }
// @ts-ignore: decorator
@inline export function joinCtxOf(i: i32): i32 { return getI(joinCtx, i); }
// @ts-ignore: decorator
@inline export function setJoinCtx(i: i32, v: i32): void { setI(joinCtx, i, v); }
// @ts-ignore: decorator
@inline export function generationOf(i: i32): i32 { return getI(generation, i); }
// @ts-ignore: decorator
@inline export function bumpGeneration(i: i32): void { setI(generation, i, getI(generation, i) + 1); }
// @ts-ignore: decorator
@inline export function blocksOf(i: i32): i32 { return getI(blocks, i); }
// @ts-ignore: decorator
@inline export function setBlocks(i: i32, v: i32): void { setI(blocks, i, v); }
// @ts-ignore: decorator
@inline export function swappedOf(i: i32): i32 { return getI(swapped, i); }
// @ts-ignore: decorator
@inline export function setSwapped(i: i32, v: i32): void { setI(swapped, i, v); }
// @ts-ignore: decorator
@inline export function setTransferSeconds(i: i32, v: f64): void { setF(transferSeconds, i, v); }
// @ts-ignore: decorator
@inline export function decodeAdmittedAtOf(i: i32): f64 { return getF(decodeAdmittedAt, i); }
// @ts-ignore: decorator
@inline export function setDecodeAdmittedAt(i: i32, v: f64): void { setF(decodeAdmittedAt, i, v); }
