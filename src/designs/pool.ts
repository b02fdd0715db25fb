/**
 * A pool of chips serving with one layout and scheduler: configured from the scenario, sized in
 * KV blocks, and simulated by the WASM event loop.
 */
import { configure, type Configuration } from "../engine/configure.js";
import { InputError } from "../errors.js";
import type { ModelSpec } from "../model/spec.js";
import type { Datatypes, Pool, Scheduler } from "../scenario/schema.js";
import type { PoolSetup } from "../sim/run-pool.js";

export interface PoolContext {
  model: ModelSpec;
  releasedWeights?: string;
  datatypes?: Datatypes;
  issueUntilSeconds: number;
}

/** Validates and configures a pool; `field` names it in errors (e.g. `designs.0.pool`). */
export function setUpPool(pool: Pool, scheduler: Scheduler, context: PoolContext, field: string): PoolSetup & { config: Configuration } {
  let config: Configuration;
  try {
    config = configure({
      model: context.model,
      chip: pool.chip,
      system: pool.system,
      count: pool.count,
      tp: pool.tp,
      pp: pool.pp,
      ep: pool.ep,
      datatypes: {
        weights: pool.datatypes?.weights ?? context.datatypes?.weights ?? context.releasedWeights,
        activations: pool.datatypes?.activations ?? context.datatypes?.activations,
        kv: pool.datatypes?.kv ?? context.datatypes?.kv,
      },
      moeImbalance: pool.moeImbalance,
      maxBatchTokens: scheduler.chunkTokens,
    });
  } catch (error) {
    if (error instanceof InputError) throw error.within(field);
    throw error;
  }
  const kvBlocksPerReplica = Math.floor(config.memory.kvTokensPerReplica / scheduler.blockTokens);
  if (kvBlocksPerReplica < 1) {
    throw new InputError(`${field}`, `the KV cache of one replica holds fewer than ${scheduler.blockTokens} tokens (one block)`);
  }
  const perTokenPerChip = config.memory.kvBytesPerTokenPerChip + config.memory.slidingKvBytesPerTokenPerChip;
  return {
    config,
    scheduler,
    kvBlocksPerReplica,
    // every chip of the replica moves its shard of the KV cache over its own host link
    swapSecondsPerToken: perTokenPerChip / config.system.host.bytesPerSecond.value,
    issueUntilSeconds: context.issueUntilSeconds,
  };
}
