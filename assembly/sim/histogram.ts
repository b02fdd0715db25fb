// Log-spaced histograms (HIST_PER_OCTAVE bins per factor of two): distributions of step
// durations, batch sizes and KV usage without keeping every sample.
import { HIST_BINS, HIST_MIN_EXP, HIST_PER_OCTAVE } from "./layout";
import { getF, setF } from "./columns";

export function histogramAdd(base: usize, value: f64, weight: f64): void {
  if (!(value > 0) || weight <= 0) return;
  let bin = <i32>Math.floor((Math.log2(value) - <f64>HIST_MIN_EXP) * <f64>HIST_PER_OCTAVE);
  if (bin < 0) bin = 0;
  if (bin >= HIST_BINS) bin = HIST_BINS - 1;
  setF(base, bin, getF(base, bin) + weight);
}
