// infercast WASM kernels: step cost of a forward pass, from packed parameter blocks.
// Nothing here knows names, files or units other than SI: the TypeScript side packs the blocks.
import { BLOCK_SLOTS } from "./params";

export { evaluateStep, prepareBlock } from "./step";
export { evaluateDecodeStep, evaluateKeptStep } from "./step-table";
export { lastStepFlopSeconds } from "./step-parts";

// Allocates a zeroed parameter block and returns its byte offset in linear memory.
export function newBlock(): usize {
  const bytes = <usize>BLOCK_SLOTS << 3;
  const b = heap.alloc(bytes);
  memory.fill(b, 0, bytes);
  return b;
}

// Returns a block to the allocator.
export function freeBlock(b: usize): void {
  heap.free(b);
}

export { initRun, runSlice } from "./sim/loop";
export { poolStepSeconds, lastStepPowerShare } from "./sim/step-cost";

export { allocate } from "./block";

export function release(at: usize): void {
  heap.free(at);
}
