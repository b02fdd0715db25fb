/**
 * A pool of chips serving with one layout and scheduler: configured from the scenario and sized in
 * KV blocks, ready for the WASM event loop.
 */
import type { EfficiencyCase } from "../catalog/efficiency.js";
import { configure, type Configuration } from "../engine/configure.js";
import type { HardwareChoice } from "../engine/layout.js";
import { InputError } from "../errors.js";
import type { ModelSpec } from "../model/spec.js";
import type { Datatypes, Pool, Scheduler } from "../scenario/schema.js";
import type { PoolRole, PoolSetup } from "../sim/run-pool.js";

export interface PoolContext {
  model: ModelSpec;
  releasedWeights?: string;
  datatypes?: Datatypes;
  /** Efficiency case every chip of the design runs at (default nominal). */
  efficiency?: EfficiencyCase;
}

/**
 * Configurations most recently made, per model: a search sets up each candidate to list it, at
 * every batch cap to score it and again to confirm it, and the cap moves only the scheduler, so
 * most of those set-ups configure a choice already configured. `configure` (which packs the
 * kernel's parameters) is a pure function of its input and the catalog, and its result is never
 * modified, so a remembered one is the same while the catalog is. Bounded: the default comparison
 * configures about 3,600 distinct choices per model (some 1.5 KB each), and a sweep over more
 * keeps only the last ones.
 */
let remembered = new WeakMap<ModelSpec, Map<string, Configuration>>();

/**
 * Forgets every remembered configuration. The catalog is data the library only reads; code that
 * rewrites its entries in place (the validation fit sets chips' efficiencies) must call this after.
 */
export function forgetConfigurations(): void {
  remembered = new WeakMap();
}
const REMEMBERED_PER_MODEL = 4096;

function configureOnce(choice: HardwareChoice & { model: ModelSpec }): Configuration {
  const { model, ...rest } = choice;
  const configurations = remembered.get(model) ?? new Map<string, Configuration>();
  remembered.set(model, configurations);
  const key = JSON.stringify(rest);
  const found = configurations.get(key);
  if (found) return found;
  const config = configure(choice);
  if (configurations.size >= REMEMBERED_PER_MODEL) configurations.delete(configurations.keys().next().value!);
  configurations.set(key, config);
  return config;
}

/** Configures chips for the model, naming `field` (e.g. `designs.0.pool`) in any error. */
export function configurePool(
  pool: Omit<Pool, "tp" | "pp"> & { tp?: number; pp?: number },
  context: PoolContext,
  field: string,
  extra: Partial<Omit<HardwareChoice, "model">> = {},
): Configuration {
  try {
    return configureOnce({
      model: context.model,
      chip: pool.chip,
      system: pool.system,
      count: pool.count,
      tp: pool.tp,
      pp: pool.pp,
      ep: pool.ep,
      tpRows: pool.tpRows,
      sharding: pool.sharding,
      datatypes: {
        weights: pool.datatypes?.weights ?? context.datatypes?.weights ?? context.releasedWeights,
        activations: pool.datatypes?.activations ?? context.datatypes?.activations,
        kv: pool.datatypes?.kv ?? context.datatypes?.kv,
      },
      moeImbalance: pool.moeImbalance,
      efficiency: context.efficiency,
      ...extra,
    });
  } catch (error) {
    if (error instanceof InputError) throw error.within(field);
    throw error;
  }
}

/** A pool of `role` with its scheduler, sized in KV blocks. */
export function setUpPool(config: Configuration, scheduler: Scheduler, role: PoolRole, field: string): PoolSetup {
  const kvBlocksPerReplica = Math.floor(config.memory.kvTokensPerReplica / scheduler.blockTokens);
  if (kvBlocksPerReplica < 1) {
    throw new InputError(
      field,
      `the KV cache of one replica holds fewer than ${scheduler.blockTokens} tokens (one block)`,
    );
  }
  // a DEP replica's attention groups each hold their own sequences' KV cache
  if (config.memory.kvTokensPerReplica / config.layout.ep < scheduler.blockTokens) {
    throw new InputError(
      field,
      `the KV cache of one attention group (tp ${config.layout.tp} of the replica's ep ${config.layout.ep}) holds fewer than ${scheduler.blockTokens} tokens (one block)`,
    );
  }
  const perTokenPerChip = config.memory.kvBytesPerTokenPerChip + config.memory.slidingKvBytesPerTokenPerChip;
  return {
    config,
    scheduler,
    role,
    kvBlocksPerReplica,
    // every chip of the replica moves its shard of the KV cache over its own host link
    swapSecondsPerToken: perTokenPerChip / config.system.host.bytesPerSecond.value,
  };
}
