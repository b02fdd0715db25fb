/**
 * The types a configuration is chosen with: a replica's parallel layout, the half of each layer its
 * chips run, and the whole hardware choice, with the divisors an error offers for a layout degree.
 * Kept apart from the modules that act on them, so that resolving, placing, packing and the
 * designs' sizing read them without importing each other.
 */
import type { EfficiencyCase } from "../catalog/efficiency.js";
import type { ModelSpec } from "../model/spec.js";

/** A parallel layout of one replica: tensor, pipeline and expert parallelism. */
export interface Layout {
  /** Tensor-parallel degree: chips sharing each layer's matrices. */
  tp: number;
  /** Pipeline stages: layers split over this many groups of chips. */
  pp: number;
  /** Expert parallelism: experts spread over this many attention groups, which run attention data-parallel. */
  ep: number;
  /**
   * Rows of the system's mesh the TP group spans (absent: along a row first, then whole rows), e.g.
   * tp 4 with tpRows 2 is a 2 × 2 sub-mesh; a pool of several such replicas serves them data-parallel.
   */
  tpRows?: number;
  /** `1d` shards the TP group's matrices in one dimension even where the system's runtime shards them in two; default `runtime`. */
  sharding?: ShardingChoice;
}

export const shardingChoices = ["runtime", "1d"] as const;
export type ShardingChoice = (typeof shardingChoices)[number];

/** The degrees that split `n` (query heads, a mesh's chips) evenly: what an error offers instead. */
export const divisorsOf = (n: number): number[] => [...Array(n).keys()].map((i) => i + 1).filter((d) => n % d === 0);

export const layerParts = ["whole", "attention", "ffn"] as const;
export type LayerPart = (typeof layerParts)[number];

/** What to configure: a model on a chip or system with a layout and datatypes. */
export interface HardwareChoice {
  /** Catalog model id or alias, or a spec from {@link loadHfConfig}. */
  model: string | ModelSpec;
  /** Catalog chip id or alias; the chip's default system supplies its links. */
  chip?: string;
  /** Catalog system id or alias; its chip is used. */
  system?: string;
  /** Chips in the pool; a multiple of tp × pp × ep. Defaults to one replica. */
  count?: number;
  tp?: number;
  pp?: number;
  ep?: number;
  /** Rows of the system's mesh each TP group spans ({@link Layout.tpRows}). */
  tpRows?: number;
  /** {@link Layout.sharding}. */
  sharding?: ShardingChoice;
  /** Datatype ids for weights, activations and KV cache. */
  datatypes?: { weights?: string; activations?: string; kv?: string };
  /**
   * Load on the busiest expert-parallel chip relative to a perfectly balanced one (≥ 1). Default:
   * uniform routing's, derived per step (1 at ep 1; docs/designs.md says how, and that it is a floor).
   */
  moeImbalance?: number;
  /** Most tokens one step processes; sets the activation memory reserved per chip. */
  maxBatchTokens?: number;
  /**
   * Which half of each layer these chips run when decode is split per layer: `attention` (with the
   * KV cache, norms, embeddings and LM head) or `ffn` (the feed-forward or MoE block). Default `whole`.
   */
  part?: LayerPart;
  /**
   * Which of the chip's efficiencies to pack: its nominal values (default) or the `low` or `high`
   * end of their ranges (docs/uncertainty.md); a chip without a range packs its values in every case.
   */
  efficiency?: EfficiencyCase;
}
