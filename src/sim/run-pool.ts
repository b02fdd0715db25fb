/**
 * Runs the WASM event loop for the pools of a design over a request table: lays the columns out in
 * linear memory once, runs the loop in slices (for progress), and copies the outcome back.
 */
import * as P from "#params";
import type { Configuration } from "../engine/configure.js";
import { InputError } from "../errors.js";
import { kernel, loadBlock } from "../engine/kernel.js";
import { tokensPerStep, type Scheduler, type Speculative } from "../scenario/schema.js";
import type { RequestTable } from "../workload/table.js";
import {
  admissionCodes,
  elementBytes,
  preemptionCodes,
  priorityCodes,
  readOutcomes,
  roleCodes,
  routerCodes,
  simArrays,
  writeDimensions,
  writeInputs,
  type RequestOutcomes,
  type SimArray,
  type SimDimensions,
} from "./layout.generated.js";

/** Per-request outcome and run-level counters of one pool run. */
export interface PoolRun extends RequestOutcomes {
  steps: number;
  recomputes: number;
  swaps: number;
  prefixHitTokensTotal: number;
  promptTokensTotal: number;
  maxWaiting: number;
  /** Per replica: its pool, seconds busy, tokens processed, most KV blocks in use. */
  replicaPool: number[];
  replicaBusySeconds: number[];
  /** Σ step seconds × the share of its idle-to-max power range the replica's chips drew. */
  replicaPowerSeconds: number[];
  replicaTokens: number[];
  replicaPeakBlocks: number[];
  itlHistogram: Float64Array;
  batchTokensHistogram: Float64Array;
  kvUsageHistogram: Float64Array;
  /** The table ran out before a closed loop's duration ended: run again with more requests. */
  needMore: boolean;
}

export type PoolRole = "mixed" | "prefill" | "decode";

export interface PoolSetup {
  config: Configuration;
  scheduler: Scheduler;
  role: PoolRole;
  kvBlocksPerReplica: number;
  /** Seconds to move one token's KV cache to or from host memory (swap preemption). */
  swapSecondsPerToken: number;
  /** Speculative decoding in this pool's decode steps. */
  speculative?: Speculative;
  /** Decode split per layer: the feed-forward half on other chips, and the activation link to them. */
  ffn?: {
    config: Configuration;
    hopSecondsPerToken: number;
    hopLatencySeconds: number;
    /** Attention replicas the feed-forward chips serve in turn (their time is multiplied by it). */
    share: number;
  };
}

/**
 * Replicas the event loop schedules per replica of the pool: the ep attention groups of a DEP
 * layout (tp 1 × ep N is DEP N), each with its own admission, sequence cap and KV cache, stepping
 * together; 1 with the decode split per layer, whose attention half the loop schedules whole.
 */
export const attentionGroupsOf = (pool: PoolSetup): number => (pool.ffn ? 1 : pool.config.layout.ep);

/** KV blocks of one scheduled replica (one attention group of a DEP replica). */
export const kvBlocksPerGroup = (pool: PoolSetup): number => {
  const groups = attentionGroupsOf(pool);
  return groups === 1
    ? pool.kvBlocksPerReplica
    : Math.floor(pool.config.memory.kvTokensPerReplica / groups / pool.scheduler.blockTokens);
};

/** The KV link from a prefill pool to its decode pool. */
export interface KvLink {
  bytesPerSecond: number;
  latencySeconds: number;
  /** KV bytes per prompt token that cross (whole model, in the narrower of the two pools' KV datatypes). */
  bytesPerToken: number;
  /** Layer-by-layer transfer that overlaps the prefill. */
  overlap: boolean;
}

export interface RunSetup {
  /** Pools in replica order; the first receives arrivals. A prefill pool hands over to the pool after it. */
  pools: PoolSetup[];
  link?: KvLink;
  /** Released arrivals after this time are not issued (the workload's duration). */
  issueUntilSeconds: number;
}

/**
 * Writes the successor of each request (the one its end releases) from the predecessor column
 * into `next`, the run's column in linear memory (no copy of it on the JavaScript heap).
 */
function writeSuccessors(table: RequestTable, next: Int32Array): void {
  next.fill(-1);
  for (let i = 0; i < table.count; i++) {
    const before = table.predecessor[i];
    if (before < 0) continue;
    if (before >= i || next[before] >= 0)
      throw new Error(`request table: request ${i} has an invalid predecessor ${before}`);
    next[before] = i;
  }
}

/** Requests with a predecessor: the most arrivals the ends of others can release at once. */
function releasedCount(table: RequestTable): number {
  let released = 0;
  for (let i = 0; i < table.count; i++) if (table.predecessor[i] >= 0) released++;
  return released;
}

/** The most bytes of linear memory one run's arrays may take (WASM memory stops at 4 GiB). */
export const maxRunBytes = 3 * 2 ** 30;
/** The most bytes one array may take (the kernel allocator's largest block is just under 1 GiB). */
const maxArrayBytes = 2 ** 30 - 2 ** 16;

/**
 * Plans every array of the run, one allocation each (so no single block nears the allocator's
 * 1 GiB limit), and checks the total against {@link maxRunBytes} before anything is allocated.
 * `place` allocates them and records their pointers in the sim block; `release` frees them.
 */
function layout(
  sim: Float64Array,
  table: RequestTable,
  setup: RunSetup,
  field: string,
): { dimensions: SimDimensions; place(): number; release(): void } {
  const n = table.count;
  const maxSequences = Math.max(...setup.pools.map((p) => p.scheduler.maxSequences));
  const blockTokens = Math.max(...setup.pools.map((p) => p.scheduler.blockTokens));
  const dimensions: SimDimensions = {
    requests: n,
    released: releasedCount(table),
    // the KV transfers' heap and per-request times exist only where a prefill pool hands over
    handovers: setup.pools.some((p) => p.role === "prefill") ? n : 0,
    replicas: setup.pools.reduce((sum, p) => sum + p.config.replicas * attentionGroupsOf(p), 0),
    pools: setup.pools.length,
    heapCapacity: 2 * maxSequences + 64,
    bucketStride: blockTokens,
    planStride: maxSequences,
  };
  writeDimensions(sim, dimensions);
  const bytesOf = (a: SimArray) => elementBytes[a.type] * a.length(dimensions);
  const sizes = simArrays.map(bytesOf);
  const total = 8 * P.SIM_SLOTS + sizes.reduce((sum, bytes) => sum + bytes, 0);
  if (total > maxRunBytes || sizes.some((bytes) => bytes > maxArrayBytes)) {
    const mib = (bytes: number) => `${Math.ceil(bytes / 2 ** 20)} MiB`;
    throw new InputError(
      field,
      `the simulation needs ${mib(total)} of memory for ${n} requests on ${dimensions.replicas} replicas of up to ${maxSequences} sequences, above the ${mib(maxRunBytes)} a run may use; simulate fewer requests, fewer replicas or a lower maxSequences`,
    );
  }
  const allocated: number[] = [];
  const allocate = (bytes: number) => {
    try {
      const at = kernel.allocate(Math.max(8, bytes));
      allocated.push(at);
      return at;
    } catch {
      throw new InputError(field, `the simulation's ${Math.ceil(total / 2 ** 20)} MiB do not fit in memory here`);
    }
  };
  return {
    dimensions,
    place() {
      const base = allocate(8 * P.SIM_SLOTS);
      simArrays.forEach((a, k) => {
        sim[a.slot] = allocate(sizes[k]);
      });
      return base;
    },
    release() {
      for (const at of allocated) kernel.release(at);
      allocated.length = 0;
    },
  };
}

/** Pool parameters in the layout of assembly/sim/layout.ts (PL_*). */
export function poolParams(
  pool: PoolSetup,
  index: number,
  firstReplica: number,
  stepBlock: number,
  ffnBlock: number,
): Float64Array {
  const s = pool.scheduler;
  const p = new Float64Array(P.POOL_STRIDE);
  p[P.PL_STEP_BLOCK] = stepBlock;
  p[P.PL_STEP_BLOCK_FFN] = ffnBlock;
  p[P.PL_FFN_HOP_SECONDS_PER_TOKEN] = pool.ffn?.hopSecondsPerToken ?? 0;
  p[P.PL_FFN_HOP_LATENCY] = pool.ffn?.hopLatencySeconds ?? 0;
  p[P.PL_FFN_SHARE] = pool.ffn?.share ?? 0;
  p[P.PL_PP] = pool.config.layout.pp;
  p[P.PL_MAX_SEQUENCES] = s.maxSequences;
  p[P.PL_CHUNK_TOKENS] = s.chunkTokens;
  p[P.PL_PRIORITY] = priorityCodes[s.priority];
  p[P.PL_ROUTER] = routerCodes[s.router];
  p[P.PL_PREEMPTION] = preemptionCodes[s.preemption];
  p[P.PL_ADMISSION] = admissionCodes[s.admission];
  p[P.PL_BLOCK_TOKENS] = s.blockTokens;
  p[P.PL_KV_BLOCKS] = kvBlocksPerGroup(pool);
  p[P.PL_PREFIX_CACHE] = s.prefixCache ? 1 : 0;
  p[P.PL_SWAP_SECONDS_PER_TOKEN] = pool.swapSecondsPerToken;
  p[P.PL_FIRST_REPLICA] = firstReplica;
  p[P.PL_REPLICAS] = pool.config.replicas * attentionGroupsOf(pool);
  p[P.PL_LOCKSTEP] = attentionGroupsOf(pool);
  p[P.PL_ROLE] = roleCodes[pool.role];
  p[P.PL_NEXT_POOL] = pool.role === "prefill" ? index + 1 : -1;
  p[P.PL_LAYERS] = pool.config.model.layers.length;
  const power = pool.config.chip.power;
  p[P.PL_POWER_FLOOR] = power.memoryBoundShare?.value ?? 1;
  p[P.PL_POWER_KNEE] = power.computeSaturationShare?.value ?? 1;
  if (pool.speculative) {
    p[P.PL_SPEC_DRAFT_TOKENS] = pool.speculative.draftTokens;
    p[P.PL_SPEC_TOKENS_PER_STEP] = tokensPerStep(pool.speculative);
    p[P.PL_SPEC_DRAFT_COST] = pool.speculative.draftCostRatio;
  }
  return p;
}

/** Limits on one run, for callers that serve scenarios from others (docs/security.md). */
export interface RunLimits {
  /** The most simulated steps (all replicas together); past it the run stops with an InputError. */
  maxSteps?: number;
  /** Stops the run between slices of the event loop. */
  signal?: AbortSignal;
  /** The field an error about the run's size names (default `designs`). */
  field?: string;
}

/**
 * Events the loop runs between two looks at progress, the step cap and the abort signal: 200,000,
 * fewer where there are many replicas, since routing an arrival may scan every replica of its
 * pool (about 2·10^8 replica visits a slice at most, a fraction of a second, whatever the design).
 */
const sliceEventsFor = (replicas: number) => Math.max(1000, Math.min(200_000, Math.floor(2e8 / replicas)));

/**
 * Simulates `table` on the pools. `onSlice` is called between slices of the loop with the
 * current simulated time, so callers can show progress.
 */
export function runPools(
  table: RequestTable,
  setup: RunSetup,
  onSlice?: (nowSeconds: number) => void,
  limits: RunLimits = {},
): PoolRun {
  const slices = runSlices(table, setup, limits);
  try {
    for (let next = slices.next(); ; next = slices.next()) {
      if (next.done) return next.value;
      onSlice?.(next.value);
    }
  } finally {
    slices.return(undefined as never);
  }
}

/**
 * {@link runPools} that hands the thread back between slices (a macrotask), so an abort signal
 * fired by a timer or a request's close is seen while the run goes on.
 */
export async function runPoolsYielding(
  table: RequestTable,
  setup: RunSetup,
  onSlice: ((nowSeconds: number) => void) | undefined,
  limits: RunLimits,
): Promise<PoolRun> {
  const slices = runSlices(table, setup, limits);
  try {
    for (let next = slices.next(); ; next = slices.next()) {
      if (next.done) return next.value;
      onSlice?.(next.value);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    slices.return(undefined as never);
  }
}

/** The run as a generator: yields the simulated time after each slice, returns the outcome. */
function* runSlices(table: RequestTable, setup: RunSetup, limits: RunLimits): Generator<number, PoolRun> {
  limits.signal?.throwIfAborted();
  const n = table.count;
  const sim = new Float64Array(P.SIM_SLOTS);
  const plan = layout(sim, table, setup, limits.field ?? "designs");
  const blocks = setup.pools.flatMap((pool) => [
    loadBlock(pool.config.params),
    ...(pool.ffn ? [loadBlock(pool.ffn.config.params)] : []),
  ]);
  try {
    const base = plan.place();
    const model = setup.pools[0].config.model;
    sim[P.S_ENTRY_POOL] = 0;
    sim[P.S_CONTEXT_LIMIT] = model.maxContextTokens;
    sim[P.S_WINDOW] = model.slidingWindowTokens;
    sim[P.S_LAYERS] = model.layers.length;
    sim[P.S_ISSUE_UNTIL] = setup.issueUntilSeconds;
    sim[P.S_OPEN_ENDED] = table.openEnded ? 1 : 0;
    if (setup.link) {
      sim[P.S_LINK_BYTES_PER_SECOND] = setup.link.bytesPerSecond;
      sim[P.S_LINK_LATENCY] = setup.link.latencySeconds;
      sim[P.S_KV_TRANSFER_BYTES_PER_TOKEN] = setup.link.bytesPerToken;
      sim[P.S_LINK_OVERLAP] = setup.link.overlap ? 1 : 0;
    }

    // no allocation happens after this point, so these views stay attached
    const buffer = kernel.memory.buffer;
    new Float64Array(buffer, base, P.SIM_SLOTS).set(sim);
    let firstReplica = 0;
    let at = 0;
    const replicaPool: number[] = [];
    setup.pools.forEach((pool, index) => {
      const stepBlock = blocks[at++].offset;
      const ffnBlock = pool.ffn ? blocks[at++].offset : 0;
      new Float64Array(buffer, sim[P.S_POOL_PARAMS] + 8 * index * P.POOL_STRIDE, P.POOL_STRIDE).set(
        poolParams(pool, index, firstReplica, stepBlock, ffnBlock),
      );
      const scheduled = pool.config.replicas * attentionGroupsOf(pool);
      for (let r = 0; r < scheduled; r++) replicaPool.push(index);
      firstReplica += scheduled;
    });
    writeInputs(buffer, sim, n, table);
    writeSuccessors(table, new Int32Array(buffer, sim[P.S_SUCCESSOR], n));

    kernel.initRun(base);
    const block = new Float64Array(buffer, base, P.SIM_SLOTS);
    const checkSteps = () => {
      if (limits.maxSteps !== undefined && block[P.S_STEPS] > limits.maxSteps) {
        throw new InputError(
          "maxSimulatedSteps",
          `the run passed its cap of ${limits.maxSteps} simulated steps at ${block[P.S_NOW].toPrecision(4)} simulated seconds; simulate fewer requests or raise the cap`,
        );
      }
    };
    const sliceEvents = sliceEventsFor(replicaPool.length);
    while (kernel.runSlice(base, sliceEvents) === 0) {
      checkSteps();
      yield block[P.S_NOW];
      limits.signal?.throwIfAborted();
    }
    checkSteps();
    yield block[P.S_NOW];
    limits.signal?.throwIfAborted();

    const replicas = replicaPool.length;
    const replicaState = new Float64Array(buffer, block[P.S_REPLICA_STATE], replicas * P.REP_STRIDE);
    const perReplica = (slot: number) =>
      Array.from({ length: replicas }, (_, r) => replicaState[r * P.REP_STRIDE + slot]);
    const histogram = (slot: number) => new Float64Array(buffer, block[slot], P.HIST_BINS).slice();
    return {
      ...readOutcomes(buffer, block, plan.dimensions),
      steps: block[P.S_STEPS],
      recomputes: block[P.S_RECOMPUTES],
      swaps: block[P.S_SWAPS],
      prefixHitTokensTotal: block[P.S_PREFIX_HIT_TOKENS],
      promptTokensTotal: block[P.S_PROMPT_TOKENS],
      maxWaiting: block[P.S_MAX_WAITING],
      replicaPool,
      replicaBusySeconds: perReplica(P.RS_BUSY_SECONDS),
      replicaPowerSeconds: perReplica(P.RS_POWER_SECONDS),
      replicaTokens: perReplica(P.RS_TOKENS),
      replicaPeakBlocks: perReplica(P.RS_PEAK_BLOCKS),
      itlHistogram: histogram(P.S_HIST_ITL),
      batchTokensHistogram: histogram(P.S_HIST_BATCH),
      kvUsageHistogram: histogram(P.S_HIST_KV),
      needMore: block[P.S_NEED_MORE] > 0,
    };
  } finally {
    plan.release();
    for (const b of blocks) b.free();
  }
}
