// GEMM time with tile and wave quantisation over the chip's compute units.
import { D_INV_FLOP_RATE, P_TILES, P_TILE_COUNT, P_UNITS } from "./params";
import { param } from "./block";

// Seconds for `groups` GEMMs of M×N×K (M = tokens) run as one grouped kernel with tile `t`:
// tiles are padded to whole tiles (tile quantisation), spread over the compute units with
// split-K when there are too few of them, and rounded up to whole waves (wave quantisation).
// @ts-ignore: decorator
@inline function tileSeconds(b: usize, t: i32, m: f64, n: f64, k: f64, groups: f64): f64 {
  const units = param(b, P_UNITS);
  const tm = param(b, P_TILES + t * 3);
  const tn = param(b, P_TILES + t * 3 + 1);
  const tk = param(b, P_TILES + t * 3 + 2);
  const tiles = groups * Math.ceil(m / tm) * Math.ceil(n / tn);
  const kTiles = Math.ceil(k / tk);
  const split = Math.min(Math.max(Math.floor(units / tiles), 1), kTiles);
  const waves = Math.ceil((tiles * split) / units);
  const kPerSplit = Math.ceil(kTiles / split) * tk;
  return waves * 2 * tm * tn * kPerSplit * units * param(b, D_INV_FLOP_RATE);
}

// The fastest tile wins, as a kernel autotuner would pick it.
export function gemmSeconds(b: usize, m: f64, n: f64, k: f64, groups: f64): f64 {
  if (m <= 0 || groups <= 0) return 0;
  const tileCount = <i32>param(b, P_TILE_COUNT);
  let best = Infinity;
  for (let t = 0; t < tileCount; t++) {
    const seconds = tileSeconds(b, t, m, n, k, groups);
    if (seconds < best) best = seconds;
  }
  return best;
}

// An upper bound on gemmSeconds from the last (smallest) tile alone: when it is below the
// operator's memory time, the exact figure cannot change max(compute, memory).
export function gemmUpperSeconds(b: usize, m: f64, n: f64, k: f64, groups: f64): f64 {
  if (m <= 0 || groups <= 0) return 0;
  return tileSeconds(b, <i32>param(b, P_TILE_COUNT) - 1, m, n, k, groups);
}
