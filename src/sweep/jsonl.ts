/**
 * Sweep results as JSONL. The first line is a header naming the sweep,
 * `{"sweep": {"id": "<sha-256>", "points": n, "format": 1}}` (see `sweepIdentity`); then one line
 * per point and design, `{"index": i, "pointLines": k, "inputs": {path: value, …}, "design": …,
 * "metrics": {…}}`, or `{"index": i, "pointLines": 1, "inputs": {…}, "error": "…"}` for a point
 * that failed. `pointLines` is how many lines the point has, so a point counts as done only when
 * all of them are present. All lines of one point are written with one `write` call (see
 * {@link pointText}), so a run killed mid-write leaves at most a cut-off last point:
 * {@link readResults} drops it (reporting it in `cut`), and a resumed run truncates the file to
 * `validBytes` and appends. Only regular files are read. Node only.
 */
import { readFile, rename, stat, truncate, writeFile } from "node:fs/promises";
import { jsonReplacer } from "../encoding.js";
import { InputError } from "../errors.js";
import type { AxisValue } from "./space.js";

export interface ResultLine {
  index: number;
  /** Lines the point has (one per design, or one error line); absent in files of older versions. */
  pointLines?: number;
  inputs?: Record<string, AxisValue>;
  /** The design's name, when the point ran (one line per design). */
  design?: string;
  metrics?: Record<string, unknown>;
  error?: string;
  [key: string]: unknown;
}

/** What the header line records: the sweep's identity and its number of points (every shard's). */
export interface SweepHeader {
  id: string;
  points: number;
  format: 1;
}

export interface Results {
  /** The header, when the file has one. */
  header?: SweepHeader;
  /** The good lines, in file order. */
  lines: ResultLine[];
  /** The indices of the points in the file whose lines are all there (the points done). */
  indices: Set<number>;
  /** Bytes of good data: the file up to the end of its last whole point, always at a line end (or 0). */
  validBytes: number;
  /** What was dropped from the end, in words: a cut-off line, or a point with lines missing. */
  cut?: string;
}

/** The header line of a results file. */
export function headerText(header: SweepHeader): string {
  return `${JSON.stringify({ sweep: header })}\n`;
}

/** The text of one point's lines, to be written with a single `write` call; each line says how many there are. */
export function pointText(lines: readonly ResultLine[]): string {
  return lines
    .map(
      ({ index, pointLines: _, ...rest }) =>
        `${JSON.stringify({ index, pointLines: lines.length, ...rest }, jsonReplacer)}\n`,
    )
    .join("");
}

interface RawLine {
  start: number;
  number: number;
  text: string;
  terminated: boolean;
}

/** The most bytes a results file may have to be read whole (`--shard` splits a larger sweep). */
export const maxResultsBytes = 2 ** 31 - 1;

async function readRegularFile(path: string): Promise<Buffer> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error("not a regular file"), { code: "not a regular file" });
    if (info.size > maxResultsBytes)
      throw Object.assign(new Error("too big"), { code: `larger than ${maxResultsBytes} bytes` });
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      "results",
      `cannot read ${path} (${code === "ENOENT" ? "no such file" : (code ?? "unreadable")})`,
    );
  }
}

/**
 * Reads a results file. A cut-off or corrupt last line (a run killed mid-write) is dropped, and
 * so are the lines before it that belong to the same point (its index, read from the broken line
 * where it can be; where it cannot, the last point before it is taken as unfinished too). A last
 * point with fewer lines than its `pointLines` is dropped as well. Both are reported in `cut`. A
 * corrupt line anywhere else, or a point with lines missing before the end, is an InputError
 * naming the file and the line.
 */
export async function readResults(path: string): Promise<Results> {
  const buffer = await readRegularFile(path);
  const raw: RawLine[] = [];
  for (let start = 0, number = 1; start < buffer.length; number++) {
    const newline = buffer.indexOf(0x0a, start);
    const end = newline === -1 ? buffer.length : newline;
    raw.push({ start, number, text: buffer.toString("utf8", start, end), terminated: newline !== -1 });
    start = newline === -1 ? buffer.length : newline + 1;
  }
  // Trailing blank lines are not data; an unterminated blank tail is not kept either.
  let last = raw.length - 1;
  while (last >= 0 && raw[last].text.trim() === "") last--;
  const tail = raw.at(-1);
  let validBytes = tail !== undefined && !tail.terminated ? tail.start : buffer.length;

  let header: SweepHeader | undefined;
  let cut: string | undefined;
  const lines: ResultLine[] = [];
  const starts: number[] = [];
  for (let k = 0; k <= last; k++) {
    const line = raw[k];
    if (line.text.trim() === "") continue;
    const first = lines.length === 0 && header === undefined;
    const parsed = parseLine(line.text, first);
    if (typeof parsed !== "string" && line.terminated) {
      if (parsed.header) header = parsed.header;
      else {
        lines.push(parsed.line);
        starts.push(line.start);
      }
      continue;
    }
    const broken = typeof parsed === "string" ? parsed : "no line end (cut off)";
    if (k < last) throw new InputError("results", `${path} line ${line.number}: ${broken}`);
    // The broken last line: drop it and the lines of its point written before it.
    validBytes = line.start;
    cut = `line ${line.number}: ${broken}`;
    const index = indexOfBroken(line.text) ?? lines.at(-1)?.index;
    while (lines.length > 0 && lines[lines.length - 1].index === index) {
      lines.pop();
      validBytes = starts.pop()!;
    }
  }
  // Points must be whole: only the last may lack lines (a run stopped between them).
  for (let k = 0; k < lines.length; ) {
    const { index, pointLines } = lines[k];
    let end = k;
    while (end < lines.length && lines[end].index === index) end++;
    if (pointLines !== undefined && end - k !== pointLines) {
      if (end < lines.length || end - k > pointLines) {
        throw new InputError(
          "results",
          `${path}: point ${index} has ${end - k} of its ${pointLines} lines before other points; the file was not written by one sweep run`,
        );
      }
      cut ??= `point ${index} has ${end - k} of its ${pointLines} lines`;
      validBytes = starts[k];
      lines.length = k;
      break;
    }
    k = end;
  }
  return { header, lines, indices: new Set(lines.map((line) => line.index)), validBytes, cut };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A parsed line (a header only where `first`), or what is wrong with it. */
function parseLine(
  text: string,
  first: boolean,
): { header: SweepHeader; line?: undefined } | { header?: undefined; line: ResultLine } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  if (!isObject(value)) return "must be a JSON object";
  if ("sweep" in value && !("index" in value)) {
    const header = value.sweep;
    if (!first) return "a sweep header after the first line";
    if (!isObject(header) || typeof header.id !== "string" || !Number.isSafeInteger(header.points))
      return 'a sweep header needs "id" and "points"';
    return { header: { id: header.id, points: header.points as number, format: 1 } };
  }
  const index = value.index;
  if (typeof index !== "number" || !Number.isSafeInteger(index) || index < 0)
    return `needs "index", a whole number ≥ 0`;
  const count = value.pointLines;
  if (count !== undefined && (typeof count !== "number" || !Number.isSafeInteger(count) || count < 1))
    return `"pointLines" must be a whole number ≥ 1`;
  if (!isObject(value.inputs)) return `needs "inputs", an object of axis values`;
  if (value.design !== undefined && typeof value.design !== "string") return `"design" must be a string`;
  if (value.error !== undefined && typeof value.error !== "string") return `"error" must be a string`;
  if (value.metrics !== undefined && !isObject(value.metrics)) return `"metrics" must be an object`;
  return { line: value as ResultLine };
}

/** The index a truncated line was written for, where its text still shows it whole. */
function indexOfBroken(text: string): number | undefined {
  const match = /"index"\s*:\s*(\d+)\s*[,}]/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Cuts a file to its first `bytes` bytes (a resumed run drops a truncated last line). */
export async function truncateTo(path: string, bytes: number): Promise<void> {
  await truncate(path, bytes);
}

export interface MergeSummary {
  /** Points (distinct indices) written. */
  points: number;
  /** Lines written. */
  lines: number;
  /** Indices found in more than one input with different content; the first input's lines were kept. */
  duplicates: number[];
  /** Inputs whose cut-off last point was left out, each with what was cut. */
  truncated: string[];
  /** Inputs from another sweep than the first input's (or with no header). */
  foreign: string[];
}

/**
 * Merges result files (the shards of a sweep) into one: its header, then lines sorted by index,
 * then design; exact duplicate lines dropped; a point found in several inputs with different lines
 * reported in `duplicates`, keeping the lines of the first input that has it. An input cut off
 * (its last point is left out) or from another sweep is refused unless `force` is set, and then
 * reported in the summary. The output is written to a temporary file and renamed, so it may be
 * one of the inputs.
 */
export async function mergeResults(
  inputs: string[],
  output: string,
  options: { force?: boolean } = {},
): Promise<MergeSummary> {
  if (inputs.length === 0) throw new InputError("inputs", "no result files to merge");
  const points = new Map<number, string[]>();
  const duplicates = new Set<number>();
  const truncated: string[] = [];
  const foreign: string[] = [];
  let header: SweepHeader | undefined;
  for (const [n, input] of inputs.entries()) {
    const results = await readResults(input);
    if (n === 0) header = results.header;
    if (results.cut !== undefined) truncated.push(`${input} (${results.cut})`);
    if (n > 0 && results.header?.id !== header?.id) foreign.push(input);
    const byIndex = new Map<number, string[]>();
    for (const line of results.lines) {
      const text = JSON.stringify(line);
      const group = byIndex.get(line.index) ?? [];
      if (!group.includes(text)) group.push(text);
      byIndex.set(line.index, group);
    }
    for (const [index, group] of byIndex) {
      const kept = points.get(index);
      if (kept === undefined) points.set(index, group);
      else if (!sameLines(kept, group)) duplicates.add(index);
    }
  }
  if (!options.force && (truncated.length > 0 || foreign.length > 0)) {
    const problems = [
      ...truncated.map((t) => `${t} is cut off`),
      ...foreign.map((f) => `${f} is from another sweep than ${inputs[0]}`),
    ];
    throw new InputError(
      "inputs",
      `${problems.join("; ")}; resume the cut-off shards, or pass --force to merge what is whole`,
    );
  }
  const indices = [...points.keys()].sort((a, b) => a - b);
  let text = header ? headerText(header) : "";
  let lines = 0;
  for (const index of indices) {
    const group = points.get(index)!.map((line) => ({ line, key: designKey(JSON.parse(line) as ResultLine) }));
    group.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { line } of group) text += `${line}\n`;
    lines += group.length;
  }
  const temporary = `${output}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, output);
  } catch (error) {
    throw new InputError("out", `cannot write ${output} (${(error as NodeJS.ErrnoException).code ?? "write failed"})`);
  }
  return { points: indices.length, lines, duplicates: [...duplicates].sort((a, b) => a - b), truncated, foreign };
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((line, k) => line === sorted[k]);
}

/** The sort key of a line within its point: the design's name (an error line, without one, first). */
function designKey(line: ResultLine): string {
  return line.design === undefined ? "" : ` ${line.design}`;
}
