// GEMM time with tile and wave quantisation over the chip's compute units.
import { P_COMPUTE_EFF, P_PEAK_FLOPS, P_TILES, P_TILE_COUNT, P_UNITS } from "./params";
import { param } from "./block";

// Seconds for `groups` GEMMs of M×N×K (M = tokens) run as one grouped kernel. For each tile the
// library may pick, tiles are padded to whole tiles (tile quantisation), spread over the compute
// units with split-K when there are too few of them, and rounded up to whole waves (wave
// quantisation); the fastest tile wins, as a kernel autotuner would pick it.
export function gemmSeconds(b: usize, m: f64, n: f64, k: f64, groups: f64): f64 {
  if (m <= 0 || groups <= 0) return 0;
  const units = param(b, P_UNITS);
  const flopsPerUnitSecond = (param(b, P_PEAK_FLOPS) * param(b, P_COMPUTE_EFF)) / units;
  const tileCount = <i32>param(b, P_TILE_COUNT);
  let best = Infinity;
  for (let t = 0; t < tileCount; t++) {
    const tm = param(b, P_TILES + t * 3);
    const tn = param(b, P_TILES + t * 3 + 1);
    const tk = param(b, P_TILES + t * 3 + 2);
    const tiles = groups * Math.ceil(m / tm) * Math.ceil(n / tn);
    const kTiles = Math.ceil(k / tk);
    const split = Math.min(Math.max(Math.floor(units / tiles), 1), kTiles);
    const waves = Math.ceil((tiles * split) / units);
    const kPerSplit = Math.ceil(kTiles / split) * tk;
    const seconds = (waves * 2 * tm * tn * kPerSplit) / flopsPerUnitSecond;
    if (seconds < best) best = seconds;
  }
  return best;
}
