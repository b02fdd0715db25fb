/**
 * Request traces: CSV with a header row, or JSON Lines, each row an arrival time with input and
 * output token counts. Column names of the common public traces are accepted (the Azure LLM
 * inference traces: `TIMESTAMP,ContextTokens,GeneratedTokens`). Times become seconds after the
 * earliest row, rows sorted by time; a bad row is an error naming its line.
 */
import { InputError } from "../errors.js";
import { limits } from "../number-schemas.js";
import { maxTokens } from "./lengths.js";
import { maxTraceSeconds } from "./schema.js";

export interface TraceRow {
  arrivalSeconds: number;
  inputTokens: number;
  outputTokens: number;
}

/** Accepted column names (matched ignoring case), in order of preference. */
export const traceColumns = {
  arrivalSeconds: ["arrivalSeconds", "arrival_seconds", "arrival", "timestamp", "TIMESTAMP"],
  inputTokens: ["inputTokens", "input_tokens", "input", "ContextTokens", "context_tokens"],
  outputTokens: ["outputTokens", "output_tokens", "output", "GeneratedTokens", "generated_tokens"],
} as const;

type Column = keyof typeof traceColumns;
const columnNames = Object.keys(traceColumns) as Column[];

/** A time as whole seconds plus a fraction: epoch seconds in one double would lose the sub-microsecond digits. */
interface Time {
  wholeSeconds: number;
  fractionSeconds: number;
}

/** A row as read, before times are made relative. */
interface RawRow {
  time: Time;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Parses a trace file's text.
 * @param source the file name, for error messages
 * @param field the scenario field the trace came from, for error messages
 */
export function parseTrace(text: string, source: string, field = "workload.arrival.path"): TraceRow[] {
  // a run holds at most limits.requests requests: count the lines before making an object of each
  let newlines = 0;
  for (let at = text.indexOf("\n"); at >= 0 && newlines <= limits.requests + 1; at = text.indexOf("\n", at + 1))
    newlines++;
  if (newlines > limits.requests + 1)
    throw new InputError(field, `${source} has more than the ${limits.requests} rows a run can hold`);
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first < 0) throw new InputError(field, `${source} is empty`);
  const reader = { source, field };
  const raw = lines[first].trim().startsWith("{") ? readJsonLines(lines, first, reader) : readCsv(lines, first, reader);
  if (raw.length === 0) throw new InputError(field, `${source} has a header but no rows`);
  return relativeRows(raw, field);
}

/**
 * Sorts rows by arrival (stably) and shifts them so the earliest arrives at 0; returns the rows
 * themselves when they already are.
 */
export function normaliseTrace(rows: readonly TraceRow[]): readonly TraceRow[] {
  let sorted = true;
  for (let i = 1; i < rows.length && sorted; i++) sorted = rows[i - 1].arrivalSeconds <= rows[i].arrivalSeconds;
  if (sorted && (rows.length === 0 || (rows[0].arrivalSeconds === 0 && rows.at(-1)!.arrivalSeconds <= limits.seconds)))
    return rows;
  return relativeRows(
    rows.map((row) => ({ ...row, time: { wholeSeconds: row.arrivalSeconds, fractionSeconds: 0 } })),
    "workload.arrival.rows",
  );
}

function relativeRows(raw: readonly RawRow[], field: string): TraceRow[] {
  // Offsets from one row's whole seconds are small, so adding the fraction keeps its digits.
  const referenceSeconds = raw[0].time.wholeSeconds;
  const offsets = raw.map((row) => row.time.wholeSeconds - referenceSeconds + row.time.fractionSeconds);
  const earliest = offsets.reduce((a, b) => Math.min(a, b));
  const latest = offsets.reduce((a, b) => Math.max(a, b));
  if (!(latest - earliest <= limits.seconds)) {
    throw new InputError(
      field,
      `the trace spans ${(latest - earliest).toPrecision(3)} s, more than the ${limits.seconds} s a run may span`,
    );
  }
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
  return order.map((i) => ({
    arrivalSeconds: offsets[i] - earliest,
    inputTokens: raw[i].inputTokens,
    outputTokens: raw[i].outputTokens,
  }));
}

interface Reader {
  source: string;
  field: string;
}

function readCsv(lines: readonly string[], headerIndex: number, reader: Reader): RawRow[] {
  const header = splitCsv(lines[headerIndex]);
  const at = Object.fromEntries(
    columnNames.map((column) => [column, findColumn(header, column, headerIndex + 1, reader)]),
  ) as Record<Column, number>;
  const rows: RawRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = splitCsv(lines[i]);
    const value = (column: Column): string => {
      const cell = cells[at[column]];
      if (cell === undefined) throw lineError(reader, i + 1, `no ${header[at[column]]} value`);
      return cell;
    };
    rows.push(readRow(value, (column) => header[at[column]], i + 1, reader));
  }
  return rows;
}

function splitCsv(line: string): string[] {
  return line.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
}

function findColumn(header: readonly string[], column: Column, lineNumber: number, reader: Reader): number {
  const accepted = traceColumns[column].map((name) => name.toLowerCase());
  const index = header.findIndex((name) => accepted.includes(name.toLowerCase()));
  if (index < 0) {
    throw new InputError(
      reader.field,
      `${reader.source} line ${lineNumber}: no ${describe[column]} column in the header`,
      traceColumns[column],
    );
  }
  return index;
}

function readJsonLines(lines: readonly string[], firstIndex: number, reader: Reader): RawRow[] {
  const rows: RawRow[] = [];
  for (let i = firstIndex; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(lines[i]);
    } catch (error) {
      throw lineError(reader, i + 1, `not valid JSON (${(error as Error).message})`);
    }
    if (typeof record !== "object" || record === null || Array.isArray(record))
      throw lineError(reader, i + 1, "not a JSON object");
    const keys = Object.keys(record);
    const keyOf = (column: Column): string => {
      const accepted = traceColumns[column].map((name) => name.toLowerCase());
      const key = keys.find((name) => accepted.includes(name.toLowerCase()));
      if (key === undefined)
        throw new InputError(
          reader.field,
          `${reader.source} line ${i + 1}: no ${describe[column]} field`,
          traceColumns[column],
        );
      return key;
    };
    const value = (column: Column): unknown => (record as Record<string, unknown>)[keyOf(column)];
    rows.push(readRow(value, keyOf, i + 1, reader));
  }
  return rows;
}

const describe: Record<Column, string> = {
  arrivalSeconds: "arrival time",
  inputTokens: "input token count",
  outputTokens: "output token count",
};

/** One row from a lookup of its values; `name` gives the column as the file spells it. */
function readRow(
  value: (column: Column) => unknown,
  name: (column: Column) => string,
  lineNumber: number,
  reader: Reader,
): RawRow {
  const timeValue = value("arrivalSeconds");
  const time = parseTime(timeValue);
  if (!time) {
    throw lineError(
      reader,
      lineNumber,
      `${name("arrivalSeconds")} ${show(timeValue)} is not a time (seconds up to ±${maxTraceSeconds}, or a date like 2023-11-16 18:15:46.6805900)`,
    );
  }
  const tokens = (column: Column): number => {
    const raw = value(column);
    const count = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
    if (!Number.isInteger(count) || count <= 0)
      throw lineError(reader, lineNumber, `${name(column)} ${show(raw)} is not a positive integer`);
    if (count > maxTokens)
      throw lineError(reader, lineNumber, `${name(column)} ${show(raw)} is above ${maxTokens} tokens`);
    return count;
  };
  return { time, inputTokens: tokens("inputTokens"), outputTokens: tokens("outputTokens") };
}

const dateTime = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A time in seconds: a number, or a date and time (ISO 8601 or the Azure trace's
 * `2023-11-16 18:15:46.6805900`; UTC unless it carries an offset). The fraction is read digit
 * by digit rather than through `Date`, which keeps only milliseconds.
 */
export function parseTime(value: unknown): Time | undefined {
  const within = (seconds: number) => Number.isFinite(seconds) && Math.abs(seconds) <= maxTraceSeconds;
  if (typeof value === "number") return within(value) ? { wholeSeconds: value, fractionSeconds: 0 } : undefined;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return within(seconds) ? { wholeSeconds: seconds, fractionSeconds: 0 } : undefined;
  const match = dateTime.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const wholeSeconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offsetSeconds(match[8]);
  if (!within(wholeSeconds)) return undefined;
  return { wholeSeconds, fractionSeconds: match[7] ? Number(`0.${match[7]}`) : 0 };
}

function offsetSeconds(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const digits = zone.replace(":", "");
  const sign = digits[0] === "-" ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 3600 + Number(digits.slice(3, 5)) * 60);
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : String(JSON.stringify(value));
  return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

function lineError(reader: Reader, lineNumber: number, problem: string): InputError {
  return new InputError(reader.field, `${reader.source} line ${lineNumber}: ${problem}`);
}
