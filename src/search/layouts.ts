/**
 * The one layout enumerator of the configuration search: every parallel layout of a pool's chips
 * that holds the model with room for the KV cache. Layouts come from generators, one list for all
 * pools; a new kind of layout (a 2D mesh sharding, attention data-parallel with expert
 * parallelism) is a generator added to `layoutGenerators`, and every design that the generator
 * applies to searches it with no other change.
 */
import * as catalog from "../catalog/index.js";
import { configure, type Configuration } from "../engine/configure.js";
import type { Layout, LayerPart } from "../engine/layout.js";
import { InputError } from "../errors.js";
import type { ModelSpec } from "../model/spec.js";
import type { Datatypes } from "../scenario/schema.js";

/** The pool a generator proposes layouts for. */
export interface LayoutContext {
  model: ModelSpec;
  chip?: string;
  system?: string;
  /** The tensor × pipeline degrees the design allows (e.g. a GPU system's TP within its NVLink domain). */
  allowed: { tp: number; pp?: number; ep?: number }[];
  part: LayerPart;
}

/** Proposes layouts for a pool; the enumerator keeps those that fit. */
export type LayoutGenerator = (context: LayoutContext) => Layout[];

/** The design's own tensor × pipeline degrees, as they are. */
const allowedLayouts: LayoutGenerator = (c) => c.allowed.map((l) => ({ tp: l.tp, pp: l.pp ?? 1, ep: l.ep ?? 1 }));

/**
 * Expert parallelism for a mixture-of-experts model: each allowed layout with its attention groups
 * spread over 2, 4 or 8 expert groups, where the experts divide evenly (feed-forward chips excepted:
 * their layout is fixed by the split).
 */
const expertParallel: LayoutGenerator = (c) => {
  const experts = c.model.moe?.experts;
  if (!experts || c.part !== "whole") return [];
  const out: Layout[] = [];
  for (const l of c.allowed)
    for (const ep of [2, 4, 8]) if (experts % ep === 0 && (l.ep ?? 1) === 1) out.push({ tp: l.tp, pp: l.pp ?? 1, ep });
  return out;
};

/** Every generator the search runs, in order; add one here to search a new kind of layout. */
export const layoutGenerators: LayoutGenerator[] = [allowedLayouts, expertParallel];

/** A layout that fits, with its chips per replica. */
export interface FittingLayout extends Layout {
  chipsPerReplica: number;
  /** KV tokens one replica holds (0 for a feed-forward half, which holds none). */
  kvTokensPerReplica: number;
}

/**
 * Pipeline depths kept per tensor degree, as multiples of the shallowest that fits: deeper
 * replicas of the same chips only add KV room (a larger batch), so doubling steps cover them.
 */
const PIPELINE_GROWTH = [1, 2, 4];

/**
 * Every layout the generators propose that holds `model` on the pool with KV room for
 * `minKvTokens`, fewest chips first, duplicates removed. Where one tensor degree fits with several
 * pipeline depths, only the shallowest and PIPELINE_GROWTH multiples of it (or the next deeper) are kept.
 */
export function fittingLayouts(
  context: LayoutContext,
  datatypes: Datatypes,
  minKvTokens: number,
  maxBatchTokens: number,
): FittingLayout[] {
  const seen = new Set<string>();
  const out: FittingLayout[] = [];
  // per tensor × expert degree: the shallowest depth that fits and the deepest kept so far
  const shallowest = new Map<string, { first: number; last: number }>();
  const proposed = layoutGenerators
    .flatMap((g) => g(context))
    .sort((a, b) => a.tp * a.pp * a.ep - b.tp * b.pp * b.ep || b.tp - a.tp);
  for (const layout of proposed) {
    const key = `${layout.tp}×${layout.pp}×${layout.ep}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const family = `${layout.tp}×${layout.ep}`;
    const kept = shallowest.get(family);
    // past the shallowest, a depth is kept only when it is the first at or beyond the next growth step
    if (kept !== undefined) {
      const next = PIPELINE_GROWTH.find((g) => g * kept.first > kept.last);
      if (next === undefined || layout.pp < next * kept.first) continue;
    }
    let config: Configuration;
    try {
      config = configure({
        model: context.model,
        chip: context.chip,
        system: context.system,
        ...layout,
        datatypes,
        maxBatchTokens,
        part: context.part,
      });
    } catch (error) {
      if (error instanceof InputError) continue;
      throw error;
    }
    if (context.part !== "ffn" && config.memory.kvTokensPerReplica < minKvTokens) continue;
    if (kept === undefined) shallowest.set(family, { first: layout.pp, last: layout.pp });
    else kept.last = layout.pp;
    out.push({
      ...config.layout,
      chipsPerReplica: config.chipsPerReplica,
      kvTokensPerReplica: config.memory.kvTokensPerReplica,
    });
  }
  return out;
}

/** Chips of the smallest whole deployment of `chipsPerReplica`-chip replicas: whole systems where a replica is smaller than one. */
export function unitChips(pool: { chip?: string; system?: string }, chipsPerReplica: number): number {
  const system = pool.system ? catalog.system(pool.system) : catalog.system(catalog.chip(pool.chip!).defaultSystem);
  if (chipsPerReplica >= system.chips) return chipsPerReplica;
  return chipsPerReplica * Math.ceil(system.chips / chipsPerReplica);
}

/** The chip a pool runs on. */
export const poolChip = (pool: { chip?: string; system?: string }) =>
  catalog.chip(pool.system ? catalog.system(pool.system).chip : pool.chip!);
