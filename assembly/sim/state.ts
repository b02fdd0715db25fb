// Access to the simulation block's scalars, the replica state and the pool parameters, and raw
// f64/i32 array access for the modules that own other arrays (heaps, histograms, plans).
import { param, setParam } from "../block";
import { busyList, poolParams, replicaState, sim } from "./columns";
import { POOL_STRIDE, REP_STRIDE, RS_BUSY, RS_BUSY_AT, RS_POOL_PARAMS, S_BUSY_COUNT } from "./layout";

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

// Marks replica r busy (a step in flight) or idle, keeping busyList (the replicas the loop seeks
// the next step end among) in step: added at the end, removed by moving the last into its place.
export function setBusy(r: i32, busy: bool): void {
  const was = rep(r, RS_BUSY) > 0;
  if (busy == was) return;
  let count = <i32>simParam(S_BUSY_COUNT);
  if (busy) {
    store<i32>(busyList + (<usize>count << 2), r);
    setRep(r, RS_BUSY_AT, <f64>count);
    count++;
  } else {
    count--;
    const at = <i32>rep(r, RS_BUSY_AT);
    const last = load<i32>(busyList + (<usize>count << 2));
    store<i32>(busyList + (<usize>at << 2), last);
    setRep(last, RS_BUSY_AT, <f64>at);
  }
  setSim(S_BUSY_COUNT, <f64>count);
  setRep(r, RS_BUSY, busy ? 1 : 0);
}

// The replicas with a step in flight: how many, and the i-th (in no order).
// @ts-ignore: decorator
@inline export function busyCount(): i32 { return <i32>simParam(S_BUSY_COUNT); }
// @ts-ignore: decorator
@inline export function busyAt(i: i32): i32 { return load<i32>(busyList + (<usize>i << 2)); }
