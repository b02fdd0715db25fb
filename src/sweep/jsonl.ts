/**
 * Sweep results as JSONL: one line per point and design,
 * `{"index": i, "inputs": {path: value, …}, "design": …, "metrics": {…}}`, or
 * `{"index": i, "inputs": {…}, "error": "…"}` for a point that failed. All lines of one point are
 * written with one `write` call (see {@link pointText}), so a run killed mid-write leaves at most
 * a truncated last line: {@link readResults} ignores it (with the complete lines of the same
 * point written before it), and a resumed run truncates the file to `validBytes` and appends.
 * A point counts as done when its index appears in the file. Node only.
 */
import { readFile, rename, stat, truncate, writeFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import type { AxisValue } from "./space.js";

export interface ResultLine {
  index: number;
  inputs?: Record<string, AxisValue>;
  /** The design's name, when the point ran (one line per design). */
  design?: unknown;
  metrics?: Record<string, unknown>;
  error?: string;
  [key: string]: unknown;
}

export interface Results {
  /** The good lines, in file order. */
  lines: ResultLine[];
  /** The indices of the points in the file (the points done). */
  indices: Set<number>;
  /** Bytes of good data: the file up to the end of its last good point, always at a line end (or 0). */
  validBytes: number;
}

/** The text of one point's lines, to be written with a single `write` call. */
export function pointText(lines: readonly ResultLine[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join("");
}

interface RawLine {
  start: number;
  number: number;
  text: string;
  terminated: boolean;
}

/**
 * Reads a results file. A truncated or corrupt last line (a run killed mid-write) is ignored,
 * and so are the lines before it that belong to the same point (its index, read from the broken
 * line where it can be; where it cannot, the last point before it is assumed unfinished too, so
 * at worst one complete point is run again). A corrupt line anywhere else is an InputError
 * naming the file and the line.
 */
export async function readResults(path: string): Promise<Results> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    throw new InputError(
      "results",
      `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
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

  const lines: ResultLine[] = [];
  const starts: number[] = [];
  for (let k = 0; k <= last; k++) {
    const line = raw[k];
    if (line.text.trim() === "") continue;
    const parsed = parseLine(line.text);
    const broken = typeof parsed === "string" ? parsed : !line.terminated ? "no line end (truncated)" : undefined;
    if (broken === undefined) {
      lines.push(parsed as ResultLine);
      starts.push(line.start);
      continue;
    }
    if (k < last) throw new InputError("results", `${path} line ${line.number}: ${broken}`);
    // The broken last line: drop it and the lines of its point written before it.
    validBytes = line.start;
    const index = indexOfBroken(line.text) ?? lines.at(-1)?.index;
    while (lines.length > 0 && lines[lines.length - 1].index === index) {
      lines.pop();
      validBytes = starts.pop()!;
    }
  }
  return { lines, indices: new Set(lines.map((line) => line.index)), validBytes };
}

/** A parsed line, or what is wrong with it. */
function parseLine(text: string): ResultLine | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "must be a JSON object";
  const index = (value as { index?: unknown }).index;
  if (typeof index !== "number" || !Number.isSafeInteger(index) || index < 0)
    return `needs "index", a whole number ≥ 0`;
  return value as ResultLine;
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
  /** Inputs whose truncated last point was ignored. */
  truncated: string[];
}

/**
 * Merges result files (the shards of a sweep) into one: lines sorted by index, then design;
 * exact duplicate lines dropped; a point found in several inputs with different lines reported
 * in `duplicates`, keeping the lines of the first input that has it. The output is written to a
 * temporary file and renamed, so it may be one of the inputs.
 */
export async function mergeResults(inputs: string[], output: string): Promise<MergeSummary> {
  if (inputs.length === 0) throw new InputError("inputs", "no result files to merge");
  const points = new Map<number, string[]>();
  const duplicates = new Set<number>();
  const truncated: string[] = [];
  for (const input of inputs) {
    const results = await readResults(input);
    if (results.validBytes < (await stat(input)).size) truncated.push(input);
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
  const indices = [...points.keys()].sort((a, b) => a - b);
  let text = "";
  let lines = 0;
  for (const index of indices) {
    const group = points.get(index)!.map((line) => ({ line, key: designKey(JSON.parse(line) as ResultLine) }));
    group.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { line } of group) text += `${line}\n`;
    lines += group.length;
  }
  const temporary = `${output}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, output);
  return { points: indices.length, lines, duplicates: [...duplicates].sort((a, b) => a - b), truncated };
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((line, k) => line === sorted[k]);
}

/** The sort key of a line within its point: the design's name (an error line, without one, first). */
function designKey(line: ResultLine): string {
  if (line.design === undefined) return "";
  return typeof line.design === "string" ? ` ${line.design}` : ` ${JSON.stringify(line.design)}`;
}
