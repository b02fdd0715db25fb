// infercast WASM kernels: step cost of a forward pass, from packed parameter blocks.
// Nothing here knows names, files or units other than SI: the TypeScript side packs the blocks.
import { BLOCK_SLOTS } from "./params";

export { evaluateStep, prepareBlock } from "./step";
export { gemmSeconds } from "./gemm";
export {
  BLOCK_SLOTS, PARAM_SLOTS, R_LATENCY, R_INTERVAL, R_BREAKDOWN, OPS, OP_FIELDS, P_STAGES, MAX_STAGE_GROUPS,
  STAGE_STRIDE, MAX_TILES, MAX_TIERS, P_PP_EFF_OUT, P_PATH_LAYERS,
} from "./params";

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
export { poolStepSeconds, lastStepPowerShare } from "./sim/replica";
export { SIM_SLOTS, REP_STRIDE, HIST_BINS } from "./sim/layout";

// Allocates `bytes` of zeroed linear memory for the TypeScript side (request columns, state).
export function allocate(bytes: usize): usize {
  const at = heap.alloc(bytes);
  memory.fill(at, 0, bytes);
  return at;
}

export function release(at: usize): void {
  heap.free(at);
}
