/**
 * A design entry's hardware in a few words and numbers: its chips, and per pool the parallel
 * layout (TP, PP, EP, and DP, the replicas) with the batch cap, as a frontier point's tooltip and
 * the explorer's editor show it.
 */
import { system } from "../catalog/index.js";
import type { ScenarioInput } from "../scenario/schema.js";

type DesignInput = ScenarioInput["designs"][number];
type PoolInput = { count: number; tp?: number; pp?: number; ep?: number };

/** Chips of every pool (a mesh design: its systems' chips). */
export function designChips(design: DesignInput): number {
  if (design.kind === "aggregated") return design.pool.count;
  if (design.kind === "disaggregated")
    return design.prefill.count + design.decode.count + (design.decode.ffn?.count ?? 0);
  return system(design.system).chips * (design.galaxies ?? 1);
}

/** Sequences a decode replica holds at most (the scheduler's default where the entry sets none). */
export function batchCap(design: DesignInput): number | undefined {
  if (design.kind === "disaggregated") return design.decode.scheduler?.maxSequences;
  return design.scheduler?.maxSequences;
}

/** A pool's layout; DP = chips / (TP × PP), the replicas. */
export function poolLayout(pool: PoolInput): { tp: number; pp: number; ep: number; dp: number } {
  const tp = pool.tp ?? 1;
  const pp = pool.pp ?? 1;
  return { tp, pp, ep: pool.ep ?? 1, dp: pool.count / (tp * pp) };
}

const layoutWords = (pool: PoolInput) => {
  const l = poolLayout(pool);
  return `TP ${l.tp} · PP ${l.pp} · EP ${l.ep} · DP ${l.dp} (${pool.count} chips)`;
};

/** The layout in words: per pool TP, PP, EP, DP and chips, the batch cap, the chips in all. */
export function layoutText(design: DesignInput): string {
  const cap = batchCap(design);
  const tail = `${cap !== undefined ? `batch cap ${cap}, ` : ""}${designChips(design)} chips`;
  if (design.kind === "aggregated") return `${layoutWords(design.pool)}; ${tail}`;
  if (design.kind === "disaggregated") {
    const ffn = design.decode.ffn ? `, FFN ${design.decode.ffn.count} chips` : "";
    return `prefill ${layoutWords(design.prefill)}; decode ${layoutWords(design.decode)}${ffn}; ${tail}`;
  }
  const split = design.split ? `, rows ${design.split.prefillRows}:${design.split.decodeRows} prefill:decode` : "";
  return `TP ${design.tp ?? "auto"} on ${design.galaxies ?? 1} Galaxy${split}; ${tail}`;
}
