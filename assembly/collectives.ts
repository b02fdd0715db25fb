// Collective communication times (alpha-beta model: hops × latency + bytes / achievable bandwidth).
import {
  ALGO_MESH, ALGO_SWITCH, P_EP, P_EP_BW, P_EP_EFF, P_EP_HOPS, P_EP_LAT, P_TP, P_TP_ALGO, P_TP_COLS, P_TP_LAT, P_TP_ROWS, D_INV_TP_RATE,
} from "./params";
import { param } from "./block";

// Bytes each chip sends in an all-reduce of `bytes` over the whole tensor-parallel group.
// switch and ring: 2(p-1)/p × bytes (reduce-scatter, all-gather); mesh: that per axis of a rows × cols
// group, the second axis on the 1/cols share the first left.
export function allReduceTraffic(b: usize, bytes: f64): f64 {
  const p = param(b, P_TP);
  if (p <= 1 || bytes <= 0) return 0;
  if (<i32>param(b, P_TP_ALGO) == ALGO_MESH) {
    const rows = param(b, P_TP_ROWS);
    const cols = param(b, P_TP_COLS);
    return ((2 * (cols - 1)) / cols) * bytes + ((2 * (rows - 1)) / rows) * (bytes / cols);
  }
  return ((2 * (p - 1)) / p) * bytes;
}

// All-reduce of `bytes` over the tensor-parallel group: its traffic at the link rate plus its hops
// (two through a switch, 2(p-1) round a ring, 2(n-1) along each axis of a mesh).
export function allReduceSeconds(b: usize, bytes: f64): f64 {
  const p = param(b, P_TP);
  if (p <= 1 || bytes <= 0) return 0;
  const algo = <i32>param(b, P_TP_ALGO);
  const hops = algo == ALGO_MESH
    ? 2 * (param(b, P_TP_COLS) - 1) + 2 * (param(b, P_TP_ROWS) - 1)
    : algo == ALGO_SWITCH ? 2.0 : 2 * (p - 1);
  return allReduceTraffic(b, bytes) * param(b, D_INV_TP_RATE) + hops * param(b, P_TP_LAT);
}

// Bytes each chip sends in an all-reduce of `bytes` along one axis of `n` chips (2D sharding).
// @ts-ignore: decorator
@inline export function axisAllReduceTraffic(bytes: f64, n: f64): f64 {
  return n > 1 ? ((2 * (n - 1)) / n) * bytes : 0;
}

// An all-reduce of `bytes` along one axis of `n` chips of the sub-mesh: reduce-scatter and all-gather
// along a line, 2(n-1) hops.
export function axisAllReduceSeconds(b: usize, bytes: f64, n: f64): f64 {
  if (n <= 1 || bytes <= 0) return 0;
  return axisAllReduceTraffic(bytes, n) * param(b, D_INV_TP_RATE) + 2 * (n - 1) * param(b, P_TP_LAT);
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
