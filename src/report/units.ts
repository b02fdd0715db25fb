/** Formatting of SI quantities for people: seconds, bytes, rates. Only reports use these. */

const scaled = (value: number, steps: [number, string][], digits = 3): string => {
  if (value === 0) return `0 ${steps[steps.length - 1][1]}`;
  if (!Number.isFinite(value)) return String(value);
  for (const [factor, unit] of steps) {
    if (Math.abs(value) >= factor) return `${(value / factor).toPrecision(digits)} ${unit}`;
  }
  const [factor, unit] = steps[steps.length - 1];
  return `${(value / factor).toPrecision(digits)} ${unit}`;
};

export const formatSeconds = (s: number): string =>
  scaled(s, [
    [1, "s"],
    [1e-3, "ms"],
    [1e-6, "µs"],
    [1e-9, "ns"],
  ]);
export const formatBytes = (b: number): string =>
  scaled(b, [
    [1e12, "TB"],
    [1e9, "GB"],
    [1e6, "MB"],
    [1e3, "kB"],
    [1, "B"],
  ]);
export const formatBytesPerSecond = (b: number): string =>
  scaled(b, [
    [1e15, "PB/s"],
    [1e12, "TB/s"],
    [1e9, "GB/s"],
    [1e6, "MB/s"],
    [1, "B/s"],
  ]);
export const formatFlops = (f: number): string =>
  scaled(f, [
    [1e15, "PFLOP"],
    [1e12, "TFLOP"],
    [1e9, "GFLOP"],
    [1e6, "MFLOP"],
    [1, "FLOP"],
  ]);
export const formatFlopsPerSecond = (f: number): string =>
  scaled(f, [
    [1e15, "PFLOP/s"],
    [1e12, "TFLOP/s"],
    [1e9, "GFLOP/s"],
    [1, "FLOP/s"],
  ]);
export const formatWatts = (w: number): string =>
  scaled(w, [
    [1e6, "MW"],
    [1e3, "kW"],
    [1, "W"],
  ]);
/**
 * Rounded, thousands grouped as `toLocaleString("en-US")` writes them (a negative zero keeps its
 * sign), without its first call's loading of locale data: tens of milliseconds of a CLI run.
 */
export const formatCount = (n: number): string => {
  if (!Number.isFinite(n)) return String(n);
  const rounded = Math.round(n);
  // String() switches to exponent notation from 1e21
  if (Math.abs(rounded) >= 1e21) return rounded.toLocaleString("en-US");
  const sign = rounded < 0 || Object.is(rounded, -0) ? "-" : "";
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
};
export const formatPercent = (x: number): string => `${(100 * x).toFixed(1)}%`;
