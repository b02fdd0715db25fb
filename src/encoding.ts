/**
 * Encodings every machine-readable output shares: CSV fields and JSON of engine results. At the
 * base of the layers because reports and sweep results (a lower layer) both write them.
 */

/**
 * One CSV field (RFC 4180 quoting); empty for null, undefined and non-finite numbers. A string
 * that a spreadsheet would take for a formula (starting with =, +, -, @, tab or carriage return)
 * is kept as text: prefixed with an apostrophe and quoted. Numbers stay numbers, negative ones too.
 */
export const csvCell = (v: unknown): string => {
  let s = v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v)) ? "" : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** JSON.stringify replacer: typed arrays become arrays, non-finite numbers null. */
export const jsonReplacer = (_: string, v: unknown): unknown =>
  ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : typeof v === "number" && !Number.isFinite(v) ? null : v;
