/**
 * Analytic mode: steady-state throughput and latency of a design from the step kernels at a given
 * decode batch, without the event loop — cheap enough for millions of sweep points. Uses the same
 * pool step rules as the event loop (pipeline micro-batches, the decode split per layer,
 * speculative decoding) through the kernel's `poolStepSeconds`.
 */
import * as P from "#params";
import { setUpDesign, type PoolContext } from "../designs/index.js";
import { addPrefillChunk, emptyBatch } from "../engine/batch.js";
import { kernel, loadBlock } from "../engine/kernel.js";
import { energyFigures, type PoolUsage } from "../metrics/energy.js";
import type { Design, Economics, Slo } from "../scenario/schema.js";
import { poolParams, type PoolSetup } from "../sim/run-pool.js";

export interface AnalyticOptions {
  /** Sequences decoding together on each decode replica (capped by its KV cache and maxSequences). */
  batch: number;
  inputTokens: number;
  outputTokens: number;
}

export interface AnalyticMetrics {
  ttftSeconds: number;
  tpotSeconds: number;
  outputTokensPerSecond: number;
  outputTokensPerSecondPerChip: number;
  /** Null where no token is decoded after the first (a one-token output): no pace to divide by. */
  outputTokensPerSecondPerUser: number | null;
  requestsPerSecond: number;
  /** What each pool alone could serve (requests/s): the prefill and the decode pool; one figure for one pool. */
  poolRequestsPerSecond: number[];
  /** Decode batch actually used (the requested one, capped by KV capacity and maxSequences). */
  batch: number;
  chips: number;
  meetsSlo: boolean;
  powerWatts: number | null;
  joulesPerOutputToken: number | null;
  outputTokensPerSecondPerKilowatt: number | null;
  usdPerMillionOutputTokens: number | null;
}

/** A pool's parameters and step blocks in kernel memory, for the duration of `use`. */
function withPool<T>(pool: PoolSetup, index: number, use: (at: number) => T): T {
  const blocks = [loadBlock(pool.config.params), ...(pool.ffn ? [loadBlock(pool.ffn.config.params)] : [])];
  const at = kernel.allocate(8 * P.POOL_STRIDE);
  try {
    new Float64Array(kernel.memory.buffer, at, P.POOL_STRIDE).set(
      poolParams(pool, index, 0, blocks[0].offset, blocks[1]?.offset ?? 0),
    );
    return use(at);
  } finally {
    kernel.release(at);
    for (const b of blocks) b.free();
  }
}

/**
 * Seconds to prefill one prompt of `tokens` in chunks of the pool's budget, and the share of its
 * idle-to-max power range the chips draw meanwhile (time-weighted over the chunks).
 */
function prefillSeconds(at: number, pool: PoolSetup, tokens: number): { seconds: number; powerShare: number } {
  const window = pool.config.model.slidingWindowTokens;
  let seconds = 0;
  let drawn = 0;
  for (let done = 0; done < tokens; done += pool.scheduler.chunkTokens) {
    const b = addPrefillChunk(emptyBatch(), done, Math.min(pool.scheduler.chunkTokens, tokens - done), window);
    const chunk = kernel.poolStepSeconds(
      at,
      b.prefillTokens,
      b.prefillSequences,
      b.prefillPairs,
      b.prefillPairsWindowed,
      b.prefillContextTokens,
      b.prefillContextTokensWindowed,
      0,
      0,
      0,
    );
    seconds += chunk;
    drawn += chunk * kernel.lastStepPowerShare(at);
  }
  return { seconds, powerShare: seconds > 0 ? drawn / seconds : 1 };
}

/** Seconds of one decode step of `batch` sequences at `context` tokens each, the tokens each gains, and the power share drawn. */
function decodeStep(
  at: number,
  pool: PoolSetup,
  batch: number,
  context: number,
): { seconds: number; tokens: number; powerShare: number } {
  const window = pool.config.model.slidingWindowTokens;
  const windowed = window > 0 ? Math.min(context, window) : context;
  const seconds = kernel.poolStepSeconds(at, 0, 0, 0, 0, 0, 0, batch, batch * context, batch * windowed);
  const perStep = new Float64Array(kernel.memory.buffer, at, P.POOL_STRIDE)[P.PL_SPEC_TOKENS_PER_STEP];
  return { seconds, tokens: Math.max(perStep, 1), powerShare: kernel.lastStepPowerShare(at) };
}

/** Steady-state metrics of one design for requests of the given lengths. */
export function analyticDesign(
  design: Design,
  context: PoolContext & { slo: Slo; economics?: Economics },
  options: AnalyticOptions,
): AnalyticMetrics {
  const setup = setUpDesign(design, context, Infinity, "design");
  const input = options.inputTokens;
  const output = options.outputTokens;
  const decodePool = setup.pools[setup.pools.length - 1];
  const prefillPool = setup.pools[0];
  // the batch a decode replica can hold: its KV cache, its sequence cap
  const fitsKv = Math.floor((decodePool.kvBlocksPerReplica * decodePool.scheduler.blockTokens) / (input + output));
  const batch = Math.max(1, Math.min(options.batch, decodePool.scheduler.maxSequences, fitsKv));
  const midContext = input + output / 2;

  const prefill = withPool(prefillPool, 0, (at) => prefillSeconds(at, prefillPool, input));
  const decode = withPool(decodePool, setup.pools.length - 1, (at) => decodeStep(at, decodePool, batch, midContext));
  const decodeSteps = Math.max(0, output - 1) / decode.tokens;

  let requestsPerSecond: number;
  let tpot: number;
  let ttft = prefill.seconds;
  let busy: number[];
  let drawn: number[];
  let poolRequestsPerSecond: number[];
  if (setup.pools.length === 1) {
    // one pool: each replica prefills its batch's prompts between decode steps
    const decoding = decodeSteps * decode.seconds;
    const prefilling = batch * prefill.seconds;
    const cycle = decoding + prefilling;
    requestsPerSecond = (decodePool.config.replicas * batch) / cycle;
    poolRequestsPerSecond = [requestsPerSecond];
    tpot = output > 1 ? (cycle - prefill.seconds) / (output - 1) : 0;
    busy = [1];
    drawn = [(decoding * decode.powerShare + prefilling * prefill.powerShare) / cycle];
  } else {
    const prefillRate = prefillPool.config.replicas / prefill.seconds;
    const decodeRate = (decodePool.config.replicas * batch) / Math.max(decodeSteps * decode.seconds, 1e-12);
    requestsPerSecond = Math.min(prefillRate, decodeRate);
    poolRequestsPerSecond = [prefillRate, decodeRate];
    tpot = decode.seconds / decode.tokens;
    const link = setup.link!;
    ttft += link.latencySeconds + (input * link.bytesPerToken) / link.bytesPerSecond;
    busy = [requestsPerSecond / prefillRate, requestsPerSecond / decodeRate];
    drawn = [busy[0] * prefill.powerShare, busy[1] * decode.powerShare];
  }
  const chips = setup.pools.reduce((n, p) => n + p.config.count + (p.ffn?.config.count ?? 0), 0);
  const outputTokensPerSecond = requestsPerSecond * output;
  const usage: PoolUsage[] = setup.pools.flatMap((p, i) => [
    {
      chip: p.config.chip,
      system: p.config.system,
      chips: p.config.count,
      busyShare: Math.min(1, busy[i]),
      powerShare: drawn[i],
    },
    ...(p.ffn
      ? [
          {
            chip: p.ffn.config.chip,
            system: p.ffn.config.system,
            chips: p.ffn.config.count,
            busyShare: Math.min(1, busy[i]),
          },
        ]
      : []),
  ]);
  const energy = energyFigures(usage, outputTokensPerSecond, context.economics ?? {});
  return {
    ttftSeconds: ttft,
    tpotSeconds: tpot,
    outputTokensPerSecond,
    outputTokensPerSecondPerChip: outputTokensPerSecond / chips,
    outputTokensPerSecondPerUser: tpot > 0 ? 1 / tpot : null,
    requestsPerSecond,
    poolRequestsPerSecond,
    batch,
    chips,
    meetsSlo: ttft <= context.slo.ttftSeconds && tpot <= context.slo.tpotSeconds,
    powerWatts: energy.powerWatts,
    joulesPerOutputToken: energy.joulesPerOutputToken,
    outputTokensPerSecondPerKilowatt: energy.outputTokensPerSecondPerKilowatt,
    usdPerMillionOutputTokens: energy.usdPerMillionOutputTokens,
  };
}
