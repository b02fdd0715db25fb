// GEMM time with tile and wave quantisation over the chip's compute units.
import {
  D_BOUND_FLOOR, D_BOUND_SCALE, D_BOUND_TILE_K, D_BOUND_TILE_M, D_BOUND_TILE_N, D_INV_FLOP_RATE, D_INV_MEMO_ROWS,
  D_INV_TILES, D_INV_UNITS, D_MEMO_ROWS, P_TILES, P_TILE_COUNT, P_UNITS, TILE_FIELDS, TILE_K, TILE_M, TILE_N,
} from "./params";
import { param, preparedBlockCount, setParam } from "./block";
import { mixKey } from "./memo-hash";

// ⌈x / d⌉ through a precomputed reciprocal, corrected so it equals the exact quotient's ceiling
// (x · (1/d) may round across an integer).
// @ts-ignore: decorator
@inline function ceilDiv(x: f64, d: f64, inverse: f64): f64 {
  let q = Math.ceil(x * inverse);
  if ((q - 1) * d >= x) q -= 1;
  else if (q * d < x) q += 1;
  return q;
}

// Derives the reciprocals of the tile dimensions and unit count, and gemmBoundSeconds's constants
// (after D_INV_FLOP_RATE).
export function prepareGemm(b: usize): void {
  const tileCount = <i32>param(b, P_TILE_COUNT);
  for (let i = 0; i < TILE_FIELDS * tileCount; i++) setParam(b, D_INV_TILES + i, 1 / param(b, P_TILES + i));
  const units = param(b, P_UNITS);
  setParam(b, D_INV_UNITS, 1 / units);
  const at = P_TILES + (tileCount - 1) * TILE_FIELDS;
  const tm = param(b, at + TILE_M);
  const tn = param(b, at + TILE_N);
  const tk = param(b, at + TILE_K);
  const invFlopRate = param(b, D_INV_FLOP_RATE);
  setParam(b, D_BOUND_TILE_M, tm);
  setParam(b, D_BOUND_TILE_N, tn);
  setParam(b, D_BOUND_TILE_K, tk);
  setParam(b, D_BOUND_SCALE, 4 * invFlopRate);
  setParam(b, D_BOUND_FLOOR, 4 * units * tk * tm * tn * invFlopRate);
  let rows = Infinity;
  for (let t = 0; t < tileCount; t++) rows = Math.min(rows, param(b, P_TILES + t * TILE_FIELDS + TILE_M));
  for (let t = 0; t < tileCount; t++) {
    if (param(b, P_TILES + t * TILE_FIELDS + TILE_M) % rows != 0) rows = 0;
  }
  setParam(b, D_MEMO_ROWS, rows);
  setParam(b, D_INV_MEMO_ROWS, rows > 0 ? 1 / rows : 0);
}

// Seconds for `groups` GEMMs of M×N×K (M = tokens) run as one grouped kernel with tile `t`:
// tiles are padded to whole tiles (tile quantisation), spread over the compute units with
// split-K when there are too few of them, and rounded up to whole waves (wave quantisation).
// @ts-ignore: decorator
@inline function tileSeconds(b: usize, t: i32, m: f64, n: f64, k: f64, groups: f64): f64 {
  const units = param(b, P_UNITS);
  const at = t * TILE_FIELDS;
  const tm = param(b, P_TILES + at + TILE_M);
  const tn = param(b, P_TILES + at + TILE_N);
  const tk = param(b, P_TILES + at + TILE_K);
  const tiles = groups * ceilDiv(m, tm, param(b, D_INV_TILES + at + TILE_M)) * ceilDiv(n, tn, param(b, D_INV_TILES + at + TILE_N));
  const kTiles = ceilDiv(k, tk, param(b, D_INV_TILES + at + TILE_K));
  const split = Math.min(Math.max(Math.floor(units / tiles), 1), kTiles);
  const waves = ceilDiv(tiles * split, units, param(b, D_INV_UNITS));
  const kPerSplit = Math.ceil(kTiles / split) * tk;
  return waves * 2 * tm * tn * kPerSplit * units * param(b, D_INV_FLOP_RATE);
}

// A direct-mapped memo of GEMM times: a serving run evaluates the same few shapes (the same
// batch sizes) over and over. Entries: block, the prepared-block count it was filled at (so a
// block repacked, or another prepared, forgets it, as the step table does), M's key, n, k, groups, seconds.
const MEMO_ENTRIES: i32 = 4096;
const MEMO_STRIDE: i32 = 7;
const memo = memory.data(MEMO_ENTRIES * MEMO_STRIDE * 8);

// @ts-ignore: decorator
@inline function memoSlot(b: usize, m: f64, n: f64, k: f64, groups: f64): usize {
  const h = mixKey(reinterpret<u64>(m) ^ (reinterpret<u64>(n + 3 * k + 7 * groups) * 0x9e3779b97f4a7c15) ^ (<u64>b << 20));
  return memo + (<usize>(<i32>(h & <u64>(MEMO_ENTRIES - 1)) * MEMO_STRIDE) << 3);
}

// M enters a tile's time only through ⌈M / tile rows⌉; where every tile's rows are a multiple r·u
// of the smallest tile's u, that is ⌈⌈M / u⌉ / r⌉, so every M with the same ⌈M / u⌉ (a prefill
// chunk and the decodes beside it, give or take a few) has the same time and shares an entry.
function memoised(b: usize, m: f64, n: f64, k: f64, groups: f64): f64 {
  const rows = param(b, D_MEMO_ROWS);
  const key = rows > 0 ? ceilDiv(m, rows, param(b, D_INV_MEMO_ROWS)) : m;
  const at = memoSlot(b, key, n, k, groups);
  const prepared = <f64>preparedBlockCount();
  if (load<f64>(at) == <f64>b && load<f64>(at, 8) == prepared && load<f64>(at, 16) == key && load<f64>(at, 24) == n &&
      load<f64>(at, 32) == k && load<f64>(at, 40) == groups) {
    return load<f64>(at, 48);
  }
  // the fastest tile wins, as a kernel autotuner would pick it
  let seconds = Infinity;
  const tileCount = <i32>param(b, P_TILE_COUNT);
  for (let t = 0; t < tileCount; t++) seconds = Math.min(seconds, tileSeconds(b, t, m, n, k, groups));
  store<f64>(at, <f64>b);
  store<f64>(at, prepared, 8);
  store<f64>(at, key, 16);
  store<f64>(at, n, 24);
  store<f64>(at, k, 32);
  store<f64>(at, groups, 40);
  store<f64>(at, seconds, 48);
  return seconds;
}

// Seconds of the GEMM with the best of the chip's tiles.
export function gemmSeconds(b: usize, m: f64, n: f64, k: f64, groups: f64): f64 {
  if (m <= 0 || groups <= 0) return 0;
  return memoised(b, m, n, k, groups);
}

// A bound on gemmSeconds in a few multiply-adds, no tile search: the last (smallest) tile's time,
// waves · ⌈K/split⌉ · tk · 2·tm·tn·units / rate (tileSeconds), is at most (2·K·T/units + 1) times
// tk · 2·tm·tn·units / rate for T tiles of M×N and K of depth, whatever the split (below `units`
// tiles split ≥ units / 2T and one wave; above, no split and at most 2T / units waves), and
// K·tk < k + tk, T < groups·(m + tm)(n + tn) / (tm·tn). One more unit of that term (the floor's
// second half) keeps the bound above the exact time by far more than the rounding of either.
// @ts-ignore: decorator
@inline export function gemmBoundSeconds(b: usize, m: f64, n: f64, k: f64, groups: f64): f64 {
  return groups * (k + param(b, D_BOUND_TILE_K)) * (m + param(b, D_BOUND_TILE_M)) * (n + param(b, D_BOUND_TILE_N)) *
    param(b, D_BOUND_SCALE) + param(b, D_BOUND_FLOOR);
}

// An upper bound on gemmSeconds from the last (smallest) tile alone: when it is below the
// operator's memory time, the exact figure cannot change max(compute, memory).
export function gemmUpperSeconds(b: usize, m: f64, n: f64, k: f64, groups: f64): f64 {
  if (m <= 0 || groups <= 0) return 0;
  // one tile costs about what a memo lookup does: computed directly
  return tileSeconds(b, <i32>param(b, P_TILE_COUNT) - 1, m, n, k, groups);
}
