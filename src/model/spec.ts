/**
 * The normalised transformer description the engine works from, and the counts derived from it
 * (parameters, weight elements per layer kind, KV cache elements per token).
 */

/** What one decoder layer is: attention over the full context or a sliding window; dense FFN or MoE. */
export interface LayerKind {
  sliding: boolean;
  moe: boolean;
}

export interface ModelSpec {
  id: string;
  name: string;
  source: string;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
  /** Longest context the model accepts (max_position_embeddings); 0 when unknown. */
  maxContextTokens: number;
  tiedEmbeddings: boolean;
  /** Dense feed-forward block; `gated` (SwiGLU) uses three matrices, else two. */
  ffn: { intermediate: number; gated: boolean };
  attention:
    | { kind: "gqa" }
    | { kind: "mla"; qLoraRank: number; kvLoraRank: number; ropeDim: number; nopeDim: number; vHeadDim: number };
  moe?: { experts: number; expertsPerToken: number; sharedExperts: number; expertIntermediate: number };
  /** Window of sliding-window layers in tokens; 0 when the model has none. */
  slidingWindowTokens: number;
  /** One entry per decoder layer, in order. */
  layers: LayerKind[];
}

/** Index of a layer kind in the kernels' per-kind arrays: bit 0 sliding, bit 1 MoE. */
export const layerKindIndex = (kind: LayerKind): number => (kind.sliding ? 1 : 0) + (kind.moe ? 2 : 0);
/** Layer kinds the kernels count apart: the one value, from the layout table. */
export { LAYER_KINDS } from "#params";

/** Weight elements of one layer's attention block (whole model, before any sharding). */
export function attentionWeightElements(m: ModelSpec): number {
  const h = m.hidden;
  if (m.attention.kind === "mla") {
    const a = m.attention;
    const q =
      a.qLoraRank > 0
        ? h * a.qLoraRank + a.qLoraRank * m.heads * (a.nopeDim + a.ropeDim)
        : h * m.heads * (a.nopeDim + a.ropeDim);
    const kv = h * (a.kvLoraRank + a.ropeDim) + a.kvLoraRank * m.heads * (a.nopeDim + a.vHeadDim);
    return q + kv + m.heads * a.vHeadDim * h;
  }
  return h * (m.heads + 2 * m.kvHeads) * m.headDim + m.heads * m.headDim * h;
}

/** Matrices per feed-forward block: gate, up and down when gated, else up and down. */
export const ffnMatrices = (m: ModelSpec): number => (m.ffn.gated ? 3 : 2);

/** Weight elements of one dense FFN block. */
export const denseFfnWeightElements = (m: ModelSpec): number => ffnMatrices(m) * m.hidden * m.ffn.intermediate;

/** Weight elements of one expert. */
export const expertWeightElements = (m: ModelSpec): number =>
  m.moe ? ffnMatrices(m) * m.hidden * m.moe.expertIntermediate : 0;

/** Parameter counts: total, and active per token (MoE touches k routed experts plus shared ones). */
export function parameterCounts(m: ModelSpec): { total: number; activePerToken: number } {
  const attention = attentionWeightElements(m);
  const norms = 2 * m.hidden;
  let total = 0;
  let active = 0;
  for (const layer of m.layers) {
    total += attention + norms;
    active += attention + norms;
    if (layer.moe && m.moe) {
      const expert = expertWeightElements(m);
      const router = m.hidden * m.moe.experts;
      total += (m.moe.experts + m.moe.sharedExperts) * expert + router;
      active += (m.moe.expertsPerToken + m.moe.sharedExperts) * expert + router;
    } else {
      total += denseFfnWeightElements(m);
      active += denseFfnWeightElements(m);
    }
  }
  const embeddings = m.vocab * m.hidden * (m.tiedEmbeddings ? 1 : 2) + m.hidden;
  return { total: total + embeddings, activePerToken: active + embeddings };
}

/**
 * KV cache elements per token per layer, for the whole model before sharding. MLA caches the
 * compressed latent plus the decoupled RoPE key, shared by all heads.
 */
export function kvElementsPerTokenPerLayer(m: ModelSpec): number {
  if (m.attention.kind === "mla") return m.attention.kvLoraRank + m.attention.ropeDim;
  return 2 * m.kvHeads * m.headDim;
}
