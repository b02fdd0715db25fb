/**
 * Splitting a model's layers over pipeline stages so that each stage holds an even share of the
 * weights: the embedding table counts towards the first stage and the LM head towards the last,
 * so those take fewer layers. A stage boundary may fall inside a layer (dataflow compilers such as
 * Groq's and Cerebras' place operators, not whole layers, on chips); with pp dividing the layer
 * count and small embeddings the split is the plain even one. Stages with identical composition
 * are grouped, so a step costs O(distinct stages), not O(stages).
 */
import { InputError } from "../errors.js";
import { LAYER_KINDS, layerKindIndex, type LayerKind } from "../model/spec.js";

export interface StageGroup {
  /** How many stages share this composition. */
  multiplicity: number;
  /** Holds the embedding table (first stage). */
  first: boolean;
  /** Holds the final norm and LM head (last stage). */
  last: boolean;
  /** Layers of each kind (index = layerKindIndex); fractional where a boundary splits a layer. */
  layersPerKind: number[];
}

/** Weight of one layer of each kind and of the embedding table and LM head, in any common unit. */
export interface StageWeights {
  layerOfKind: number[];
  embedding: number;
  lmHead: number;
}

/**
 * Decimal places to which two stages' fractional layer counts must agree to share a group: far
 * finer than any real share of a layer, far coarser than the float error of the split.
 */
const STAGE_KEY_DECIMALS = 9;

export function splitStages(
  layers: readonly LayerKind[],
  pp: number,
  maxGroups: number,
  weights: StageWeights,
): StageGroup[] {
  if (pp > layers.length)
    throw new InputError("pp", `${pp} pipeline stages for ${layers.length} layers; at most one stage per layer`);
  // cumulative weight at the start of each layer, after the embedding table
  const starts = [weights.embedding];
  for (const layer of layers) starts.push(starts[starts.length - 1] + weights.layerOfKind[layerKindIndex(layer)]);
  const total = starts[layers.length] + weights.lmHead;
  const target = total / pp;
  // fractional layer position of a point on the weight axis (clamped to the layers)
  const position = (w: number): number => {
    if (w <= starts[0]) return 0;
    if (w >= starts[layers.length]) return layers.length;
    let lo = 0;
    let hi = layers.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= w) lo = mid;
      else hi = mid;
    }
    const width = starts[lo + 1] - starts[lo];
    return lo + (width > 0 ? (w - starts[lo]) / width : 0);
  };
  const groups = new Map<string, StageGroup>();
  for (let stage = 0; stage < pp; stage++) {
    const from = stage === 0 ? 0 : position(stage * target);
    const to = stage === pp - 1 ? layers.length : position((stage + 1) * target);
    const layersPerKind = new Array<number>(LAYER_KINDS).fill(0);
    for (let i = Math.floor(from); i < Math.ceil(to); i++) {
      layersPerKind[layerKindIndex(layers[i])] += Math.min(to, i + 1) - Math.max(from, i);
    }
    const first = stage === 0;
    const last = stage === pp - 1;
    const key = `${first}/${last}/${layersPerKind.map((n) => n.toFixed(STAGE_KEY_DECIMALS)).join(",")}`;
    const group = groups.get(key);
    if (group) group.multiplicity++;
    else groups.set(key, { multiplicity: 1, first, last, layersPerKind });
  }
  if (groups.size > maxGroups) {
    throw new InputError(
      "pp",
      `${pp} stages give ${groups.size} distinct stage compositions; the engine supports ${maxGroups} (choose pp dividing the ${layers.length} layers)`,
    );
  }
  return [...groups.values()];
}
