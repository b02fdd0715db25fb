/**
 * `generateWorkload`: a scenario's workload as a {@link RequestTable}. The same workload and seed
 * always give the same table, so every design of a scenario sees the same requests.
 *
 * Requests are grouped in sessions (one request each when `workload.sessions` is absent): the
 * arrival process starts sessions, and a session's later turns follow its earlier ones. Each
 * quantity (arrival gaps, input, output, turns, new tokens) draws from its own random stream,
 * so the n-th session's lengths are the same whatever the arrival process or request count.
 */
import { InputError } from "../errors.js";
import { limits } from "../number-schemas.js";
import type { Arrival, Length, Workload } from "./schema.js";
import { arrivalTimes, closedLoopPredecessor, gapSampler, traceRowCount } from "./arrivals.js";
import { checkLength, lengthSampler, maxTokens, type LengthSampler } from "./lengths.js";
import { keptSampler } from "./kept-lengths.js";
import { createUniform } from "./random.js";
import type { RequestTable } from "./table.js";
import { normaliseTrace, type TraceRow } from "./trace.js";

/** The most requests one run holds (see `limits.requests`). */
export const maxRequests = limits.requests;

/** Closed-loop requests generated per user when a duration, not a count, bounds the run. */
export const closedLoopRequestsPerUser = 64;

const streams = { arrivals: 1, input: 2, output: 3, turns: 4, newTokens: 5 } as const;

export interface GenerateOptions {
  /** The trace's rows, when the arrival is a trace read from a file. */
  traceRows?: readonly TraceRow[];
  /** Closed loop with a duration: how many requests to generate (default concurrency × 64). */
  requestsCap?: number;
}

type ClosedArrival = Extract<Arrival, { kind: "closed" }>;

/**
 * Checks the rules the schema alone cannot state: exactly one of `requests` and
 * `durationSeconds` (a trace may have neither), lengths required unless the arrival is a trace,
 * bounds that leave a value. Throws {@link InputError}.
 */
export function checkWorkload(workload: Workload): void {
  const { arrival, sessions } = workload;
  const hasRequests = workload.requests !== undefined;
  const hasDuration = workload.durationSeconds !== undefined;
  if (hasRequests && hasDuration)
    throw new InputError("workload.requests", "give requests or durationSeconds, not both");
  if (workload.requests !== undefined && workload.requests > maxRequests) {
    throw new InputError("workload.requests", `${workload.requests} is above the ${maxRequests} a run can hold`);
  }
  if (arrival.kind === "trace") {
    if (arrival.path !== undefined && arrival.rows !== undefined)
      throw new InputError("workload.arrival.rows", "give a trace path or rows, not both");
    if (arrival.path === undefined && arrival.rows === undefined)
      throw new InputError("workload.arrival.path", "a trace needs a path (CSV or JSONL file) or rows");
    if (sessions)
      throw new InputError("workload.sessions", "cannot be combined with a trace: the trace lists every request");
    return;
  }
  if (!hasRequests && !hasDuration)
    throw new InputError("workload.requests", "give requests or durationSeconds (exactly one)");
  if (arrival.kind === "burst" && !hasRequests)
    throw new InputError("workload.requests", "is required for a burst arrival (every request arrives at t = 0)");
  requiredLength(workload.input, "workload.input");
  requiredLength(workload.output, "workload.output");
  if (sessions) {
    checkLength(sessions.turns, "workload.sessions.turns");
    checkLength(sessions.newTokens, "workload.sessions.newTokens");
  }
}

function requiredLength(length: Length | undefined, field: string): void {
  if (!length) throw new InputError(field, "is required (a token-length distribution) unless the arrival is a trace");
  checkLength(length, field);
}

/** The request table of `workload`. Throws {@link InputError} on a workload that breaks a rule. */
export function generateWorkload(workload: Workload, options: GenerateOptions = {}): RequestTable {
  checkWorkload(workload);
  const { arrival, seed } = workload;
  if (arrival.kind === "trace") {
    const rows = options.traceRows ?? arrival.rows;
    if (!rows)
      throw new InputError(
        "workload.arrival.path",
        "the trace file has not been read: pass its rows as traceRows (loadScenario returns them)",
      );
    return traceTable(workload, normaliseTrace(rows));
  }
  const sampleTurns = workload.sessions
    ? lengthSampler(workload.sessions.turns, createUniform(seed, streams.turns))
    : () => 1;
  if (arrival.kind === "closed") {
    const requests = workload.requests ?? closedLoopCap(arrival, options.requestsCap);
    return sessionTable(
      workload,
      turnsForRequests(sampleTurns, requests),
      { closed: arrival },
      workload.requests === undefined,
    );
  }
  if (arrival.kind === "burst") {
    const turns = turnsForRequests(sampleTurns, workload.requests!);
    return sessionTable(workload, turns, { startSeconds: new Float64Array(turns.length) }, false);
  }
  const nextGapSeconds = gapSampler(arrival, createUniform(seed, streams.arrivals));
  if (workload.requests !== undefined) {
    const turns = turnsForRequests(sampleTurns, workload.requests);
    return sessionTable(
      workload,
      turns,
      { startSeconds: arrivalTimes(nextGapSeconds, { count: turns.length }) },
      false,
    );
  }
  const durationSeconds = workload.durationSeconds!;
  // far more arrivals expected than a run holds: say so before drawing ten million of them
  if (arrival.ratePerSecond * durationSeconds > 2 * maxRequests)
    throw new InputError(
      "workload.durationSeconds",
      `${durationSeconds} s at ${arrival.ratePerSecond}/s gives more than the ${maxRequests} requests a run can hold`,
    );
  const startSeconds = arrivalTimes(nextGapSeconds, { durationSeconds, maxCount: maxRequests });
  if (startSeconds.length === 0)
    throw new InputError(
      "workload.durationSeconds",
      `no request arrives within ${durationSeconds} s; lengthen it or raise the rate`,
    );
  const turns = new Int32Array(startSeconds.length);
  let requests = 0;
  for (let session = 0; session < turns.length; session++) requests += turns[session] = sampleTurns();
  if (requests > maxRequests)
    throw new InputError("workload.durationSeconds", `gives more than the ${maxRequests} requests a run can hold`);
  return sessionTable(workload, turns, { startSeconds }, false);
}

function closedLoopCap(arrival: ClosedArrival, requestsCap: number | undefined): number {
  const requests = requestsCap ?? arrival.concurrency * closedLoopRequestsPerUser;
  if (!Number.isInteger(requests) || requests < 1)
    throw new InputError("requestsCap", `must be a positive integer, got ${requests}`);
  if (requests > maxRequests)
    throw new InputError(
      "workload.durationSeconds",
      `the closed loop needs more than the ${maxRequests} requests a run can hold`,
    );
  return requests;
}

/** Turns per session for exactly `requests` requests: the last session may be cut short. */
function turnsForRequests(sampleTurns: LengthSampler, requests: number): Int32Array {
  // Every session has at least one turn, so `requests` sessions always suffice.
  const turns = new Int32Array(requests);
  let sessions = 0;
  for (let remaining = requests; remaining > 0; remaining -= turns[sessions++])
    turns[sessions] = Math.min(sampleTurns(), remaining);
  return turns.subarray(0, sessions);
}

/** How sessions start: at given times (open loop), or as a closed loop's users free up. */
type SessionStarts = { startSeconds: Float64Array } | { closed: ClosedArrival };

function sessionTable(workload: Workload, turns: Int32Array, starts: SessionStarts, openEnded: boolean): RequestTable {
  const { seed, sessions } = workload;
  // checkWorkload has made sure an arrival other than a trace has both lengths.
  const sampleInput = keptSampler(workload.input!, seed, streams.input);
  const sampleOutput = keptSampler(workload.output!, seed, streams.output);
  const later = sessions && {
    sampleNewTokens: keptSampler(sessions.newTokens, seed, streams.newTokens),
    thinkSeconds: sessions.thinkSeconds,
  };
  const closed = "closed" in starts ? starts.closed : undefined;
  // A closed-loop user's next session follows the last turn of its previous one.
  const lastTurn = closed ? new Int32Array(turns.length) : undefined;

  let count = 0;
  for (let session = 0; session < turns.length; session++) count += turns[session];
  const table = emptyTable(count, openEnded);
  const { arrivalSeconds, inputTokens, outputTokens, predecessor, gapSeconds, prefixTokens } = table;

  let request = 0;
  for (let session = 0; session < turns.length; session++) {
    const previousSession = closed ? closedLoopPredecessor(session, closed.concurrency) : -1;
    if (previousSession < 0) {
      arrivalSeconds[request] = "startSeconds" in starts ? starts.startSeconds[session] : 0;
      predecessor[request] = -1;
    } else {
      arrivalSeconds[request] = NaN;
      predecessor[request] = lastTurn![previousSession];
      gapSeconds[request] = closed!.thinkSeconds;
    }
    inputTokens[request] = sampleInput();
    outputTokens[request] = sampleOutput();
    request++;
    for (let turn = 1; later && turn < turns[session]; turn++, request++) {
      const contextTokens = inputTokens[request - 1] + outputTokens[request - 1];
      const promptTokens = contextTokens + later.sampleNewTokens();
      if (promptTokens > maxTokens) {
        throw new InputError(
          "workload.sessions",
          `turn ${turn + 1} of session ${session + 1} has a ${promptTokens}-token prompt, above ${maxTokens}`,
        );
      }
      arrivalSeconds[request] = NaN;
      predecessor[request] = request - 1;
      gapSeconds[request] = later.thinkSeconds;
      inputTokens[request] = promptTokens;
      prefixTokens[request] = contextTokens;
      outputTokens[request] = sampleOutput();
    }
    if (lastTurn) lastTurn[session] = request - 1;
  }
  return table;
}

function traceTable(workload: Workload, rows: readonly TraceRow[]): RequestTable {
  if (workload.requests !== undefined && workload.requests > rows.length) {
    throw new InputError(
      "workload.requests",
      `asks for ${workload.requests} requests but the trace has ${rows.length}`,
    );
  }
  const count = traceRowCount(rows, { count: workload.requests, durationSeconds: workload.durationSeconds });
  if (count > maxRequests) {
    throw new InputError(
      "workload.arrival.path",
      `the trace has ${count} requests, above the ${maxRequests} a run can hold; set requests or durationSeconds to use part of it`,
    );
  }
  const table = emptyTable(count, false);
  for (let i = 0; i < count; i++) {
    table.arrivalSeconds[i] = rows[i].arrivalSeconds;
    table.inputTokens[i] = rows[i].inputTokens;
    table.outputTokens[i] = rows[i].outputTokens;
    table.predecessor[i] = -1;
  }
  return table;
}

function emptyTable(count: number, openEnded: boolean): RequestTable {
  return {
    count,
    arrivalSeconds: new Float64Array(count),
    inputTokens: new Int32Array(count),
    outputTokens: new Int32Array(count),
    predecessor: new Int32Array(count),
    gapSeconds: new Float64Array(count),
    prefixTokens: new Int32Array(count),
    openEnded,
  };
}
