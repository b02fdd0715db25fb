/**
 * Resolves a scenario's `model`: a catalog id, a path to a Hugging Face config.json (relative to
 * the scenario file), or inline config.json fields.
 */
import * as catalog from "../catalog/index.js";
import { InputError } from "../errors.js";
import { specFromHfConfig } from "../model/hf-config.js";
import { loadHfConfig } from "../model/load.js";
import type { ModelSpec } from "../model/spec.js";
import { resolvePath } from "#platform";

export interface ResolvedModel {
  spec: ModelSpec;
  /** Datatype the catalog says the weights were released in, if known. */
  releasedWeights?: string;
}

const looksLikePath = (ref: string) => ref.endsWith(".json") || ref.includes("/") || ref.includes("\\");

export async function resolveModel(ref: string | Record<string, unknown>, baseDir?: string): Promise<ResolvedModel> {
  if (typeof ref !== "string") {
    const { infercast, ...config } = ref as { infercast?: { id?: string; name?: string } };
    const id = infercast?.id ?? "inline-model";
    return { spec: specFromHfConfig(config, { id, name: infercast?.name ?? id, source: "scenario (inline config)" }) };
  }
  if (catalog.models.has(ref) || !looksLikePath(ref)) {
    const entry = catalog.model(ref);
    return { spec: entry.spec, releasedWeights: entry.meta.releasedWeights };
  }
  if (baseDir === undefined && !ref.startsWith("/")) {
    throw new InputError(
      "model",
      `"${ref}" is a relative path; give the scenario as a file, or pass the config.json contents inline`,
    );
  }
  return { spec: await loadHfConfig(baseDir === undefined ? ref : resolvePath(baseDir, ref)) };
}
