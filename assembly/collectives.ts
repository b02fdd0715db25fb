// Collective communication times (alpha-beta model: hops × latency + bytes / achievable bandwidth).
import {
  ALGO_MESH, ALGO_SWITCH, P_EP, P_EP_BW, P_EP_EFF, P_EP_HOPS, P_EP_LAT, P_TP, P_TP_ALGO, P_TP_COLS, P_TP_LAT, P_TP_ROWS, D_INV_TP_RATE,
} from "./params";
import { param } from "./block";

// All-reduce of `bytes` over the tensor-parallel group.
// switch: ring-equivalent traffic 2(p-1)/p × bytes, two hops through the switch (reduce-scatter, all-gather);
// ring: same traffic, 2(p-1) hops; mesh: reduce-scatter and all-gather per axis of a rows × cols group.
export function allReduceSeconds(b: usize, bytes: f64): f64 {
  const p = param(b, P_TP);
  if (p <= 1 || bytes <= 0) return 0;
  const inverseRate = param(b, D_INV_TP_RATE);
  const hop = param(b, P_TP_LAT);
  const algo = <i32>param(b, P_TP_ALGO);
  if (algo == ALGO_MESH) {
    const rows = param(b, P_TP_ROWS);
    const cols = param(b, P_TP_COLS);
    const traffic = ((2 * (cols - 1)) / cols) * bytes + ((2 * (rows - 1)) / rows) * (bytes / cols);
    return traffic * inverseRate + (2 * (cols - 1) + 2 * (rows - 1)) * hop;
  }
  const traffic = ((2 * (p - 1)) / p) * bytes;
  const hops = algo == ALGO_SWITCH ? 2.0 : 2 * (p - 1);
  return traffic * inverseRate + hops * hop;
}

// Bytes one chip sends in one expert-parallel all-to-all of `tokens` local tokens routed to `topK`
// experts each: the share that leaves the chip.
export function allToAllBytes(b: usize, tokens: f64, topK: f64, rowBytes: f64): f64 {
  const p = param(b, P_EP);
  if (p <= 1) return 0;
  return tokens * topK * rowBytes * ((p - 1) / p);
}

// One all-to-all (dispatch or combine) that sends `bytes` from each chip.
export function allToAllSeconds(b: usize, bytes: f64): f64 {
  if (param(b, P_EP) <= 1 || bytes <= 0) return 0;
  return bytes / (param(b, P_EP_BW) * param(b, P_EP_EFF)) + param(b, P_EP_HOPS) * param(b, P_EP_LAT);
}

// Point-to-point transfer of `bytes` over one hop.
export function hopSeconds(bytes: f64, bandwidth: f64, efficiency: f64, latency: f64): f64 {
  return bytes / (bandwidth * efficiency) + latency;
}
