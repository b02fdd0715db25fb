/** Numbers for people: three significant digits with the unit, "—" where a figure is unknown. */
export const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

const sig = (v: number, digits = 3) =>
  Math.abs(v) >= 10 ** digits ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(digits)).toString();

export const formats = {
  count: (v: number) => Math.round(v).toLocaleString("en-US"),
  rate: (v: number) => sig(v),
  milliseconds: (v: number) => sig(v * 1000),
  percent: (v: number) => `${(100 * v).toFixed(1)}`,
  kilowatts: (v: number) => sig(v / 1000),
  joules: (v: number) => sig(v),
  dollars: (v: number) => sig(v),
};

export const show = (v: number | null | undefined, f: (v: number) => string) => (finite(v) ? f(v) : "—");

/** Bytes per second as GB/s for inputs (links are quoted in GB/s by vendors). */
export const gigabytesPerSecond = (bytesPerSecond: number) => Number((bytesPerSecond / 1e9).toPrecision(4));
