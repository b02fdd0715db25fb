// Decode-only steps at the cost of a lookup and a few multiply-adds. Without prefill, a step's
// decode context sums reach its cost only through each layer kind's attention products
// (step-parts.ts): the parts its decode sequence count fixes are kept per block, sequences and
// expert tokens, and finished for each step's context sums, with the same max(compute, memory)
// per operator as the full kernel and so the same result to the last bit.
import { preparedBlockCount } from "./block";
import { mixKey } from "./memo-hash";
import { prepareStepParts } from "./step";
import { PARTS_SLOTS, finishStep } from "./step-parts";

// A direct-mapped table, so its memory is bounded whatever the batch sizes: an entry is its key
// (block, the prepared-block count it was filled at, decode sequences, expert tokens) and the parts.
const ENTRIES: i32 = 1024;
const KEY_SLOTS: i32 = 4;
const ENTRY_BYTES: usize = <usize>(KEY_SLOTS + PARTS_SLOTS) << 3;
const table = memory.data(ENTRIES * (KEY_SLOTS + PARTS_SLOTS) * 8);

// @ts-ignore: decorator
@inline function entryOf(b: usize, decodeSeqs: f64, experts: f64): usize {
  const h = mixKey(reinterpret<u64>(decodeSeqs) ^ (reinterpret<u64>(experts) * 0x9e3779b97f4a7c15) ^ (<u64>b << 20));
  return table + <usize>(<i32>(h & <u64>(ENTRIES - 1))) * ENTRY_BYTES;
}

// Evaluates a step with no prefill, as evaluateStep does (R_LATENCY, R_INTERVAL, the step's FLOPs;
// never the breakdown), and returns its latency. A block must be prepared again (prepareBlock)
// whenever its parameters change, which forgets every kept entry.
export function evaluateDecodeStep(b: usize, decodeSeqs: f64, decodeContext: f64, decodeContextWindowed: f64, experts: f64): f64 {
  const at = entryOf(b, decodeSeqs, experts);
  const parts = at + (<usize>KEY_SLOTS << 3);
  const prepared = <f64>preparedBlockCount();
  if (load<f64>(at) != <f64>b || load<f64>(at, 8) != prepared || load<f64>(at, 16) != decodeSeqs || load<f64>(at, 24) != experts) {
    prepareStepParts(b, parts, 0, 0, 0, 0, 0, 0, decodeSeqs, experts, false);
    store<f64>(at, <f64>b);
    store<f64>(at, prepared, 8);
    store<f64>(at, decodeSeqs, 16);
    store<f64>(at, experts, 24);
  }
  return finishStep(b, parts, decodeContext, decodeContextWindowed, false);
}
