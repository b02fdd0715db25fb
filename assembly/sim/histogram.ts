// Log-spaced histograms: distributions of step durations, batch sizes and KV usage without
// keeping every sample. A bin is an octave (the f64 exponent) split into HIST_PER_OCTAVE equal
// parts by the top mantissa bits: relative width at most 1/HIST_PER_OCTAVE, and no log() call.
import { HIST_BINS, HIST_MIN_EXP, HIST_PER_OCTAVE_BITS } from "./layout";
import { getF, setF } from "./state";

export function histogramAdd(base: usize, value: f64, weight: f64): void {
  if (!(value > 0) || weight <= 0) return;
  const bits = reinterpret<u64>(value);
  const exponent = <i32>((bits >> 52) & 0x7ff) - 1023;
  const fraction = <i32>((bits >> (52 - HIST_PER_OCTAVE_BITS)) & ((1 << HIST_PER_OCTAVE_BITS) - 1));
  let bin = ((exponent - HIST_MIN_EXP) << HIST_PER_OCTAVE_BITS) + fraction;
  if (bin < 0) bin = 0;
  if (bin >= HIST_BINS) bin = HIST_BINS - 1;
  setF(base, bin, getF(base, bin) + weight);
}
