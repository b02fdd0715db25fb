/**
 * Summary statistics without a full sort: nearest-rank percentiles by a radix pass and selection
 * (linear time), and percentiles read from the simulator's log-spaced histograms.
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

/** Percentiles a Distribution reports, ascending. */
const PERCENTILES = [50, 90, 99] as const;

/** Nearest rank: the ⌈p/100 · n⌉-th smallest of n values, as a 0-based index. */
const rank = (p: number, n: number) => Math.max(0, Math.ceil((p / 100) * n) - 1);

/** The nearest-rank p-th percentile of `values` (left as they are), by selection; null for none. */
export function percentile(values: Float64Array, p: number): number | null {
  if (values.length === 0) return null;
  const a = values.slice();
  return select(a, rank(p, a.length), 0, a.length - 1);
}

/** Below this many values, selection costs less than walking the radix histogram's 2^16 digits. */
const RADIX_MIN_VALUES = 1 << 16;
const RADIX_BITS = 16;
const counts = new Uint32Array(1 << RADIX_BITS);
const slotOf = new Int8Array(1 << RADIX_BITS).fill(-1);
/** Index of an f64's high 32-bit word in a Uint32Array over the same bytes. */
const HIGH_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The radix digit of an f64, from its high word h: the top bits of a key that orders as the
 * numbers do (sign bit flipped for positives, every bit flipped for negatives), written out in
 * both loops below as ((h ^ ((h >> 31) | 0x80000000)) >>> 16) since a call costs a cold run.
 */
const DIGIT_SHIFT = 32 - RADIX_BITS;

/**
 * Sum and the values at `ranks` (ascending) of `values`, which stays untouched: one pass counts
 * the values per radix digit (sign, exponent and leading mantissa bits), a second copies the few
 * digits that hold a wanted rank, and a selection within each copy finds the exact value.
 */
function radixRanks(values: Float64Array, ranks: readonly number[]): { sum: number; at: number[] } {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  counts.fill(0);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    const h = words[2 * i + HIGH_WORD];
    counts[(h ^ ((h >> 31) | 0x80000000)) >>> DIGIT_SHIFT]++;
  }
  // the digit holding each rank, and the rank within that digit's values
  const digits: number[] = [];
  const within: number[] = [];
  let below = 0;
  let d = 0;
  for (const r of ranks) {
    while (below + counts[d] <= r) below += counts[d++];
    digits.push(d);
    within.push(r - below);
  }
  const wanted = [...new Set(digits)];
  const copies = wanted.map((w, slot) => {
    slotOf[w] = slot;
    return new Float64Array(counts[w]);
  });
  const filled = wanted.map(() => 0);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + HIGH_WORD];
    const slot = slotOf[(h ^ ((h >> 31) | 0x80000000)) >>> DIGIT_SHIFT];
    if (slot >= 0) copies[slot][filled[slot]++] = values[i];
  }
  for (const w of wanted) slotOf[w] = -1;
  const at = ranks.map((_, k) => {
    const copy = copies[wanted.indexOf(digits[k])];
    return select(copy, within[k], 0, copy.length - 1);
  });
  return { sum, at };
}

/**
 * Mean, p50, p90, p99 of `values` (which may be reordered). Nearest rank: the ⌈p/100 · n⌉-th
 * smallest. The mean sums in index order, so it does not depend on how the ranks are found.
 */
export function distribution(values: Float64Array): Distribution {
  const n = values.length;
  if (n === 0) return emptyDistribution();
  const ranks = PERCENTILES.map((p) => rank(p, n));
  if (n >= RADIX_MIN_VALUES) {
    const { sum, at } = radixRanks(values, ranks);
    return { mean: sum / n, p50: at[0], p90: at[1], p99: at[2] };
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  // selecting in ascending rank order keeps each later selection inside a shrinking range
  const p50 = select(values, ranks[0], 0, n - 1);
  const p90 = select(values, ranks[1], ranks[0], n - 1);
  const p99 = select(values, ranks[2], ranks[1], n - 1);
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
