// Steps that repeat at the cost of a lookup and a few multiply-adds. A step's sizes (prefill
// tokens and sequences, decode sequences, the tokens its routed experts see) fix every GEMM,
// collective, norm and transfer; its sums (the prefill's causal pairs and context, the decode
// context) reach its cost only through each layer kind's attention products (step-parts.ts). So
// the parts the sizes fix are kept per block and sizes, and finished for each step's sums, with
// the same max(compute, memory) per operator as the full kernel and so the same result to the
// last bit. A serving run repeats its sizes: decode steps differ only in context, and a chunked
// prefill's steps take the same chunk at other points of their prompts.
import { param, preparedBlockCount, setParam } from "./block";
import { PART_FFN, P_PART, R_INTERVAL, R_LATENCY } from "./params";
import { mixKey } from "./memo-hash";
import { prepareStepParts, setPrefillParts } from "./step";
import { PARTS_SLOTS, finishStep, lastStepFlops, setLastStepFlops } from "./step-parts";

// Two direct-mapped tables, so their memory is bounded whatever the batch sizes: one for decode
// steps, one for steps with prefill, so that a run whose prefill sizes rarely repeat (prompts of
// every length) does not evict the decode steps' entries with its own. An entry is its key (block,
// the prepared-block count it was filled at, decode sequences, expert tokens, prefill tokens,
// prefill sequences) and the parts.
const DECODE_ENTRIES: i32 = 1024;
const MIXED_ENTRIES: i32 = 512;
const KEY_SLOTS: i32 = 6;
// then a feed-forward block's finished step: latency, interval, FLOPs (see evaluateDecodeStep)
const RESULT_SLOTS: i32 = 3;
const HEAD_SLOTS: i32 = KEY_SLOTS + RESULT_SLOTS;
const ENTRY_BYTES: usize = <usize>(HEAD_SLOTS + PARTS_SLOTS) << 3;
const decodeTable = memory.data(DECODE_ENTRIES * (HEAD_SLOTS + PARTS_SLOTS) * 8);
const mixedTable = memory.data(MIXED_ENTRIES * (HEAD_SLOTS + PARTS_SLOTS) * 8);

// @ts-ignore: decorator
@inline function entryOf(
  table: usize, entries: i32, b: usize, decodeSeqs: f64, experts: f64, prefillTokens: f64, prefillSeqs: f64,
): usize {
  const h = mixKey(
    reinterpret<u64>(decodeSeqs) ^ (reinterpret<u64>(experts) * 0x9e3779b97f4a7c15) ^ (<u64>b << 20) ^
      (reinterpret<u64>(prefillTokens) * 0xc2b2ae3d27d4eb4f) ^ (reinterpret<u64>(prefillSeqs) * 0x165667b19e3779f9),
  );
  return table + <usize>(<i32>(h & <u64>(entries - 1))) * ENTRY_BYTES;
}

// Whether keptParts filled the entry it returned (prepareStepParts with the step's prefill sums).
let filled = false;

// The kept parts of a step of these sizes in the table entry at `at`, filled on a miss.
function keptParts(
  at: usize, b: usize, prefillTokens: f64, prefillSeqs: f64, prefillPairs: f64, prefillPairsWindowed: f64,
  prefillContext: f64, prefillContextWindowed: f64, decodeSeqs: f64, experts: f64,
): usize {
  const parts = at + (<usize>HEAD_SLOTS << 3);
  const prepared = <f64>preparedBlockCount();
  filled = load<f64>(at) != <f64>b || load<f64>(at, 8) != prepared || load<f64>(at, 16) != decodeSeqs ||
    load<f64>(at, 24) != experts || load<f64>(at, 32) != prefillTokens || load<f64>(at, 40) != prefillSeqs;
  if (filled) {
    prepareStepParts(
      b, parts, prefillTokens, prefillSeqs, prefillPairs, prefillPairsWindowed, prefillContext, prefillContextWindowed, decodeSeqs,
      experts, false,
    );
    store<f64>(at, <f64>b);
    store<f64>(at, prepared, 8);
    store<f64>(at, decodeSeqs, 16);
    store<f64>(at, experts, 24);
    store<f64>(at, prefillTokens, 32);
    store<f64>(at, prefillSeqs, 40);
  }
  return parts;
}

// Evaluates a step with no prefill, as evaluateStep does (R_LATENCY, R_INTERVAL, the step's FLOPs;
// never the breakdown), and returns its latency. A block must be prepared again (prepareBlock)
// whenever its parameters change, which forgets every kept entry.
export function evaluateDecodeStep(b: usize, decodeSeqs: f64, decodeContext: f64, decodeContextWindowed: f64, experts: f64): f64 {
  const at = entryOf(decodeTable, DECODE_ENTRIES, b, decodeSeqs, experts, 0, 0);
  const parts = keptParts(at, b, 0, 0, 0, 0, 0, 0, decodeSeqs, experts);
  if (<i32>param(b, P_PART) != PART_FFN) return finishStep(b, parts, decodeContext, decodeContextWindowed, false);
  // the feed-forward half of a decode split per layer charges no attention: its step is its
  // sizes' whatever the context, and is kept finished
  if (filled) {
    store<f64>(at, finishStep(b, parts, decodeContext, decodeContextWindowed, false), KEY_SLOTS << 3);
    store<f64>(at, param(b, R_INTERVAL), (KEY_SLOTS + 1) << 3);
    store<f64>(at, lastStepFlops(), (KEY_SLOTS + 2) << 3);
  } else {
    setParam(b, R_LATENCY, load<f64>(at, KEY_SLOTS << 3));
    setParam(b, R_INTERVAL, load<f64>(at, (KEY_SLOTS + 1) << 3));
    setLastStepFlops(load<f64>(at, (KEY_SLOTS + 2) << 3));
  }
  return param(b, R_LATENCY);
}

// Whether a step's prefill aggregates hold anything.
// @ts-ignore: decorator
@inline export function hasPrefill(
  tokens: f64, sequences: f64, pairs: f64, pairsWindowed: f64, context: f64, contextWindowed: f64,
): bool {
  return tokens != 0 || sequences != 0 || pairs != 0 || pairsWindowed != 0 || context != 0 || contextWindowed != 0;
}

// Evaluates any step as evaluateStep does (never the breakdown): one without prefill as
// evaluateDecodeStep does, one with prefill as keptPrefillStep does.
export function evaluateKeptStep(
  b: usize,
  prefillTokens: f64, prefillSeqs: f64, prefillPairs: f64, prefillPairsWindowed: f64,
  prefillContext: f64, prefillContextWindowed: f64,
  decodeSeqs: f64, decodeContext: f64, decodeContextWindowed: f64,
  experts: f64,
): f64 {
  if (!hasPrefill(prefillTokens, prefillSeqs, prefillPairs, prefillPairsWindowed, prefillContext, prefillContextWindowed)) {
    return evaluateDecodeStep(b, decodeSeqs, decodeContext, decodeContextWindowed, experts);
  }
  return keptPrefillStep(
    b, prefillTokens, prefillSeqs, prefillPairs, prefillPairsWindowed, prefillContext, prefillContextWindowed, decodeSeqs,
    decodeContext, decodeContextWindowed, experts,
  );
}

// A step with prefill from the kept parts of its sizes, its prefill sums written in.
export function keptPrefillStep(
  b: usize,
  prefillTokens: f64, prefillSeqs: f64, prefillPairs: f64, prefillPairsWindowed: f64,
  prefillContext: f64, prefillContextWindowed: f64,
  decodeSeqs: f64, decodeContext: f64, decodeContextWindowed: f64,
  experts: f64,
): f64 {
  const at = entryOf(mixedTable, MIXED_ENTRIES, b, decodeSeqs, experts, prefillTokens, prefillSeqs);
  const parts = keptParts(
    at, b, prefillTokens, prefillSeqs, prefillPairs, prefillPairsWindowed, prefillContext, prefillContextWindowed, decodeSeqs, experts,
  );
  if (!filled) setPrefillParts(b, parts, prefillPairs, prefillPairsWindowed, prefillContext, prefillContextWindowed);
  return finishStep(b, parts, decodeContext, decodeContextWindowed, false);
}
