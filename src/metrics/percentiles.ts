/**
 * Summary statistics without a full sort: nearest-rank percentiles by selection (linear time),
 * and percentiles read from the simulator's log-spaced histograms.
 */
import * as P from "#params";

/** Mean and nearest-rank percentiles. `null` fields when there are no samples. */
export interface Distribution {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export const emptyDistribution = (): Distribution => ({ mean: null, p50: null, p90: null, p99: null });

/** Rearranges `a[lo..hi]` so that a[k] holds the value it would hold sorted (Hoare selection, median-of-three pivot). */
function select(a: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot: deterministic, and robust on sorted input
    const x = a[lo],
      y = a[mid],
      z = a[hi];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Mean, p50, p90, p99 of `values` (reordered in place). Nearest rank: the ⌈p/100 · n⌉-th smallest. */
export function distribution(values: Float64Array): Distribution {
  const n = values.length;
  if (n === 0) return emptyDistribution();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  // selecting in ascending rank order keeps each later selection inside a shrinking range
  const rank = (p: number) => Math.max(0, Math.ceil((p / 100) * n) - 1);
  const p50 = select(values, rank(50), 0, n - 1);
  const p90 = select(values, rank(90), rank(50), n - 1);
  const p99 = select(values, rank(99), rank(90), n - 1);
  return { mean: sum / n, p50, p90, p99 };
}

/** Value at the centre of histogram bin `bin`: octave 2^e split into HIST_PER_OCTAVE equal parts (assembly/sim/histogram.ts). */
const binValue = (bin: number): number => {
  const octave = Math.floor(bin / P.HIST_PER_OCTAVE);
  const part = bin - octave * P.HIST_PER_OCTAVE;
  return 2 ** (P.HIST_MIN_EXP + octave) * (1 + (part + 0.5) / P.HIST_PER_OCTAVE);
};

/** Weighted mean and percentiles from a log-spaced histogram (bins at most 1/64 ≈ 1.6% wide). */
export function histogramDistribution(bins: Float64Array): Distribution {
  let total = 0;
  let weighted = 0;
  for (let b = 0; b < bins.length; b++) {
    total += bins[b];
    weighted += bins[b] * binValue(b);
  }
  if (total <= 0) return emptyDistribution();
  const at = (p: number) => {
    const target = (p / 100) * total;
    let seen = 0;
    for (let b = 0; b < bins.length; b++) {
      seen += bins[b];
      if (seen >= target && bins[b] > 0) return binValue(b);
    }
    return binValue(bins.length - 1);
  };
  return { mean: weighted / total, p50: at(50), p90: at(90), p99: at(99) };
}
