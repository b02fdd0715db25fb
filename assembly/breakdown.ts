// The per-operator breakdown a recorded step fills: a row per operator kind (params.ts, R_BREAKDOWN),
// each charge added `weight` times, once for every layer along the pipeline that runs it.
import {
  F_COMPUTE_SECONDS, F_DISPATCH_SECONDS, F_FLOPS, F_MEMORY_SECONDS, F_NETWORK_BYTES, F_SECONDS, F_TIER_BYTES, OP_FIELDS, P_ACT_TIER, P_KV_TIER,
  P_WEIGHT_TIER, R_BREAKDOWN,
} from "./params";
import { addParam, param } from "./block";

// Adds one compute/memory operator's charge to its row.
export function recordCharge(
  b: usize, op: i32, weight: f64, seconds: f64, flops: f64, weightBytes: f64, kvBytes: f64, activationBytes: f64,
  computeSeconds: f64, memorySeconds: f64, dispatchSeconds: f64,
): void {
  const row = R_BREAKDOWN + op * OP_FIELDS;
  addParam(b, row + F_SECONDS, weight * seconds);
  addParam(b, row + F_FLOPS, weight * flops);
  addParam(b, row + F_TIER_BYTES + <i32>param(b, P_WEIGHT_TIER), weight * weightBytes);
  addParam(b, row + F_TIER_BYTES + <i32>param(b, P_ACT_TIER), weight * activationBytes);
  addParam(b, row + F_TIER_BYTES + <i32>param(b, P_KV_TIER), weight * kvBytes);
  addParam(b, row + F_COMPUTE_SECONDS, weight * computeSeconds);
  addParam(b, row + F_MEMORY_SECONDS, weight * memorySeconds);
  addParam(b, row + F_DISPATCH_SECONDS, weight * dispatchSeconds);
}

// Adds one network operator's charge (collective or transfer, `bytes` sent per chip) to its row.
export function recordNetwork(b: usize, op: i32, weight: f64, seconds: f64, bytes: f64, dispatchSeconds: f64): void {
  const row = R_BREAKDOWN + op * OP_FIELDS;
  addParam(b, row + F_SECONDS, weight * seconds);
  addParam(b, row + F_NETWORK_BYTES, weight * bytes);
  addParam(b, row + F_DISPATCH_SECONDS, weight * dispatchSeconds);
}
