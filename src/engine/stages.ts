/**
 * Splitting a model's layers over pipeline stages, as evenly as possible (the first
 * `layers mod pp` stages get one more), and grouping stages with identical composition so a step
 * costs O(distinct stages), not O(stages).
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
  /** Layers of each kind (index = layerKindIndex). */
  layersPerKind: number[];
}

export function splitStages(layers: readonly LayerKind[], pp: number, maxGroups: number): StageGroup[] {
  if (pp > layers.length) throw new InputError("pp", `${pp} pipeline stages for ${layers.length} layers; at most one stage per layer`);
  const base = Math.floor(layers.length / pp);
  const extra = layers.length % pp;
  const groups = new Map<string, StageGroup>();
  let next = 0;
  for (let stage = 0; stage < pp; stage++) {
    const size = base + (stage < extra ? 1 : 0);
    const layersPerKind = new Array<number>(LAYER_KINDS).fill(0);
    for (let i = next; i < next + size; i++) layersPerKind[layerKindIndex(layers[i])]++;
    next += size;
    const first = stage === 0;
    const last = stage === pp - 1;
    const key = `${first}/${last}/${layersPerKind.join(",")}`;
    const group = groups.get(key);
    if (group) group.multiplicity++;
    else groups.set(key, { multiplicity: 1, first, last, layersPerKind });
  }
  if (groups.size > maxGroups) {
    throw new InputError("pp", `${pp} stages give ${groups.size} distinct stage compositions; the engine supports ${maxGroups}`);
  }
  return [...groups.values()];
}
