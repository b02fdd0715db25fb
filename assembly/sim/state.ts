// Access to the simulation block's scalars, the replica state and the pool parameters, and raw
// f64/i32 array access for the modules that own other arrays (heaps, histograms, plans).
import { param, setParam } from "../block";
import { poolParams, replicaState, sim } from "./columns";
import { POOL_STRIDE, REP_STRIDE, RS_BUSY, RS_POOL_PARAMS } from "./layout";

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

// Marks replica r busy (a step in flight) or idle.
// @ts-ignore: decorator
@inline export function setBusy(r: i32, busy: bool): void { setRep(r, RS_BUSY, busy ? 1 : 0); }
