// Request traces: Azure CSV and JSON Lines files, times and their errors, and a trace as a table
// of independent requests.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateWorkload } from "../src/workload/generate.js";
import { parseTrace } from "../src/workload/trace.js";
import { brokenInvariant, workload } from "./support/workloads.js";

const traceFile = (name: string) =>
  readFileSync(join(import.meta.dirname, "fixtures", "scenarios", "traces", name), "utf8");

describe("traces", () => {
  it("reads the Azure trace columns and timestamps, keeping sub-millisecond digits", () => {
    const rows = parseTrace(traceFile("azure-conv.csv"), "azure-conv.csv");
    expect(rows.map((row) => row.inputTokens)).toEqual([374, 879, 396, 91, 1187]);
    expect(rows.map((row) => row.outputTokens)).toEqual([44, 143, 109, 7, 290]);
    expect(rows[0].arrivalSeconds).toBe(0);
    // 46.6805900 → 46.6806000: ten microseconds, invisible to Date's milliseconds.
    expect(rows[1].arrivalSeconds).toBeCloseTo(0.00001, 9);
    expect(rows[2].arrivalSeconds).toBeCloseTo(4.314579, 9);
    expect(rows[4].arrivalSeconds).toBeCloseTo(15.3194101, 9);
  });

  it("reads JSON Lines, sorted by time and relative to the earliest row", () => {
    const rows = parseTrace(traceFile("requests.jsonl"), "requests.jsonl");
    expect(rows).toEqual([
      { arrivalSeconds: 0, inputTokens: 256, outputTokens: 64 },
      { arrivalSeconds: 1.25, inputTokens: 1024, outputTokens: 32 },
      { arrivalSeconds: 2.5, inputTokens: 512, outputTokens: 128 },
    ]);
  });

  it.each([
    ["broken-row.csv", 'broken-row.csv line 7: inputTokens "abc" is not a positive integer'],
    ["broken.jsonl", 'broken.jsonl line 2: input "0" is not a positive integer'],
    [
      "missing-column.csv",
      /missing-column.csv line 1: no input token count column in the header \(allowed: inputTokens, input_tokens, input, ContextTokens, context_tokens\)/,
    ],
  ])("%s is rejected naming the line", (name, message) => {
    expect(() => parseTrace(traceFile(name), name)).toThrow(message);
  });

  it("reads ISO 8601 times with zones", () => {
    const rows = parseTrace(
      "arrival,input,output\n2024-05-10T00:00:01.5+01:00,5,5\n2024-05-09T23:00:00.25Z,6,6\n",
      "t.csv",
    );
    expect(rows.map((row) => row.arrivalSeconds)).toEqual([0, 1.25]);
  });

  it("rejects unparsable times and missing cells", () => {
    expect(() => parseTrace("timestamp,input,output\n2023-13-01 00:00:00,5,5\n", "t.csv")).toThrow(
      /t.csv line 2: timestamp "2023-13-01 00:00:00" is not a time/,
    );
    expect(() => parseTrace("timestamp,input,output\n1,5\n", "t.csv")).toThrow(/t.csv line 2: no output value/);
    expect(() => parseTrace("timestamp,input,output\n", "t.csv")).toThrow(/no rows/);
  });

  it("becomes a table of independent requests, cut by requests or duration", () => {
    const traceRows = parseTrace(traceFile("azure-conv.csv"), "azure-conv.csv");
    const all = generateWorkload(workload({ arrival: { kind: "trace", path: "azure-conv.csv" } }), { traceRows });
    expect(all.count).toBe(5);
    expect(Array.from(all.inputTokens)).toEqual([374, 879, 396, 91, 1187]);
    expect(all.predecessor.every((p) => p === -1)).toBe(true);
    expect(brokenInvariant(all)).toBeUndefined();
    expect(
      generateWorkload(workload({ arrival: { kind: "trace", path: "x" }, requests: 2 }), { traceRows }).count,
    ).toBe(2);
    expect(
      generateWorkload(workload({ arrival: { kind: "trace", path: "x" }, durationSeconds: 5 }), { traceRows }).count,
    ).toBe(4);
  });

  it("takes inline rows, sorting them", () => {
    const rows = [
      { arrivalSeconds: 3, inputTokens: 30, outputTokens: 3 },
      { arrivalSeconds: 1, inputTokens: 10, outputTokens: 1 },
    ];
    const table = generateWorkload(workload({ arrival: { kind: "trace", rows } }));
    expect(Array.from(table.arrivalSeconds)).toEqual([0, 2]);
    expect(Array.from(table.inputTokens)).toEqual([10, 30]);
  });
});
