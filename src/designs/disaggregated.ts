/**
 * Disaggregated designs: a prefill pool and a decode pool, each with its own chips, layout,
 * datatypes and scheduler, joined by a link the KV cache crosses. The decode pool may itself be
 * split per layer: attention and the KV cache on its own chips, the feed-forward half on others,
 * with activations crossing both ways every layer (NVIDIA Rubin + Groq LPX).
 */
import type { Configuration } from "../engine/configure.js";
import { InputError } from "../errors.js";
import type { DisaggregatedDesign, Scheduler } from "../scenario/schema.js";
import type { KvLink, PoolSetup } from "../sim/run-pool.js";
import { configurePool, setUpPool, type PoolContext } from "./pool.js";

/** Largest divisor of `count` not above `limit`. */
const largestDivisorUpTo = (count: number, limit: number): number => {
  for (let d = Math.min(count, limit); d > 1; d--) if (count % d === 0) return d;
  return 1;
};

export function setUpDisaggregated(
  design: DisaggregatedDesign,
  context: PoolContext,
  field: string,
): { pools: PoolSetup[]; link: KvLink } {
  const prefillScheduler = design.prefill.scheduler ?? design.scheduler;
  const decodeScheduler = decodeOnly(design.decode.scheduler ?? design.scheduler);
  const { scheduler: _p, speculative: _unused, ...prefillPool } = design.prefill;
  const { scheduler: _d, ffn, ffnLink, speculative: _s, ...decodePool } = design.decode;
  const prefill = configurePool(prefillPool, context, `${field}.prefill`, {
    maxBatchTokens: prefillScheduler.chunkTokens,
  });
  const decode = configurePool(decodePool, context, `${field}.decode`, {
    maxBatchTokens: decodeScheduler.chunkTokens,
    part: ffn ? "attention" : "whole",
  });

  const decodeSetup = {
    ...setUpPool(decode, decodeScheduler, "decode", `${field}.decode`),
    speculative: design.decode.speculative,
  };
  if (ffn) {
    if (!ffnLink)
      throw new InputError(
        `${field}.decode.ffnLink`,
        "is required with decode.ffn: the link the activations cross every layer",
      );
    // layers pipelined over the feed-forward chips unless the design says otherwise
    const layers = context.model.layers.length;
    const pp = ffn.pp ?? largestDivisorUpTo(ffn.count / (ffn.tp ?? 1), layers);
    const tp = ffn.tp ?? ffn.count / pp;
    const ffnConfig = configurePool({ ...ffn, tp, pp }, context, `${field}.decode.ffn`, {
      part: "ffn",
      maxBatchTokens: decodeScheduler.chunkTokens,
    });
    decodeSetup.ffn = {
      config: ffnConfig,
      // the links are shared by the attention replicas: each replica has its share of them
      hopSecondsPerToken:
        (context.model.hidden * decode.datatypes.activations.bytesPerElement * decode.replicas) /
        (ffnLink.bandwidthBytesPerSecond * ffnLink.count),
      hopLatencySeconds: ffnLink.latencySeconds,
      // the feed-forward chips serve every attention replica in turn
      share: Math.max(1, decode.replicas / ffnConfig.replicas),
    };
  }
  return {
    pools: [setUpPool(prefill, prefillScheduler, "prefill", `${field}.prefill`), decodeSetup],
    link: {
      bytesPerSecond: design.link.bandwidthBytesPerSecond * design.link.count,
      latencySeconds: design.link.latencySeconds,
      bytesPerToken: transferBytesPerToken(prefill, decode),
      overlap: design.link.overlap,
    },
  };
}

/**
 * A decode pool's scheduler: it steps at most maxSequences tokens (its recomputes are chunked to
 * that too), so it reserves activations for that many, not for a prefill budget.
 */
export const decodeOnly = (s: Scheduler): Scheduler => ({ ...s, chunkTokens: Math.min(s.chunkTokens, s.maxSequences) });

/** KV bytes per token that cross: converted to the narrower of the two pools' KV datatypes before sending. */
export const transferBytesPerToken = (prefill: Configuration, decode: Configuration): number =>
  Math.min(prefill.memory.kvBytesPerToken, decode.memory.kvBytesPerToken);
