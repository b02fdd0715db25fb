/**
 * Loads the WASM kernels once per thread (Node reads the file, a browser fetches it with
 * streaming compilation) and evaluates steps on packed parameter blocks in linear memory.
 */
import { instantiate } from "#kernel";
import { kernelUrl } from "#kernel-url";
import { compileWasm } from "#platform";
import * as P from "#params";
import { kernelModuleKey } from "./kernel-key.js";
import type { BatchAggregates } from "./batch.js";

/** The raw exports the engine calls. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  newBlock(): number;
  freeBlock(block: number): void;
  prepareBlock(block: number): void;
  /** Zeroed linear memory for the simulator's columns; views must be made after the last allocation. */
  allocate(bytes: number): number;
  release(at: number): void;
  initRun(sim: number): void;
  runSlice(sim: number, maxEvents: number): number;
  poolStepSeconds(
    pool: number,
    prefillTokens: number,
    prefillSequences: number,
    pairs: number,
    pairsWindowed: number,
    context: number,
    contextWindowed: number,
    decodeSequences: number,
    decodeContext: number,
    decodeContextWindowed: number,
  ): number;
  /** Share of its idle-to-max power range the pool's chips draw during the step poolStepSeconds last evaluated. */
  lastStepPowerShare(pool: number): number;
  evaluateStep(
    block: number,
    prefillTokens: number,
    prefillSequences: number,
    prefillPairs: number,
    prefillPairsWindowed: number,
    prefillContext: number,
    prefillContextWindowed: number,
    decodeSequences: number,
    decodeContext: number,
    decodeContextWindowed: number,
    /** Tokens the routed experts see ({@link BatchAggregates.expertTokens}); negative: the batch's own. */
    expertTokens: number,
    record: number,
  ): number;
  /**
   * A step with no prefill, as evaluateStep computes it (latency, interval, FLOPs; no breakdown), from
   * parts kept per (block, decode sequences, expert tokens): what the event loop calls for decode-only steps.
   */
  evaluateDecodeStep(
    block: number,
    decodeSequences: number,
    decodeContext: number,
    decodeContextWindowed: number,
    expertTokens: number,
  ): number;
  /**
   * Any step, as evaluateStep computes it (no breakdown), from parts kept per (block, prefill tokens,
   * prefill sequences, decode sequences, expert tokens) with its prefill sums written in: what the
   * event loop calls for steps with prefill.
   */
  evaluateKeptStep(
    block: number,
    prefillTokens: number,
    prefillSequences: number,
    prefillPairs: number,
    prefillPairsWindowed: number,
    prefillContext: number,
    prefillContextWindowed: number,
    decodeSequences: number,
    decodeContext: number,
    decodeContextWindowed: number,
    expertTokens: number,
  ): number;
  /** Seconds the FLOPs of the step last evaluated on `block` take at its achievable rate (what power follows). */
  lastStepFlopSeconds(block: number): number;
}

/** Compiles the kernel module: from disk under Node, by streaming fetch in a browser. */
export async function compileKernel(): Promise<WebAssembly.Module> {
  return compileWasm(kernelUrl);
}

/** Instantiates a kernel module (compiled once, shared with workers). */
export async function instantiateKernel(module: WebAssembly.Module): Promise<KernelExports> {
  return (await instantiate(module, { env: {} })) as unknown as KernelExports;
}

// a worker finds here a module its parent compiled (sweeps hand it over so workers skip the compile)
export { kernelModuleKey } from "./kernel-key.js";

function handedModule(): WebAssembly.Module | undefined {
  const handed = (globalThis as Record<symbol, unknown>)[kernelModuleKey];
  return handed instanceof WebAssembly.Module ? handed : undefined;
}

/** This thread's kernel instance. */
export const kernel: KernelExports = await instantiateKernel(handedModule() ?? (await compileKernel()));

/** A parameter block in the kernel's memory, holding one configuration. */
export interface StepBlock {
  /** Byte offset of the block in linear memory. */
  readonly offset: number;
  /** Latency of one step (seconds through every stage); fastest path, nothing recorded. */
  latency(batch: BatchAggregates): number;
  /** Evaluates with the per-operator breakdown recorded; returns views valid until the next call. */
  record(batch: BatchAggregates): { latencySeconds: number; intervalSeconds: number; breakdown: Float64Array };
  /** Returns the block's memory to the kernel. */
  free(): void;
}

/** Copies packed parameters into a fresh block of kernel memory. */
export function loadBlock(params: Float64Array, k: KernelExports = kernel): StepBlock {
  const offset = k.newBlock();
  new Float64Array(k.memory.buffer, offset, P.PARAM_SLOTS).set(params);
  k.prepareBlock(offset);
  const call = (b: BatchAggregates, record: number) =>
    k.evaluateStep(
      offset,
      b.prefillTokens,
      b.prefillSequences,
      b.prefillPairs,
      b.prefillPairsWindowed,
      b.prefillContextTokens,
      b.prefillContextTokensWindowed,
      b.decodeSequences,
      b.decodeContextTokens,
      b.decodeContextTokensWindowed,
      b.expertTokens ?? -1,
      record,
    );
  return {
    offset,
    latency: (batch) => call(batch, 0),
    record(batch) {
      call(batch, 1);
      // the view is made after the call: memory may have grown and detached older views
      const block = new Float64Array(k.memory.buffer, offset, P.BLOCK_SLOTS);
      return {
        latencySeconds: block[P.R_LATENCY],
        intervalSeconds: block[P.R_INTERVAL],
        breakdown: block.slice(P.R_BREAKDOWN, P.R_BREAKDOWN + P.OPS * P.OP_FIELDS),
      };
    },
    free: () => k.freeBlock(offset),
  };
}
