/**
 * Resolves a scenario's `model`: a catalog id, a path to a Hugging Face config.json (relative to
 * the scenario file, and inside its folder), or inline config.json fields.
 */
import * as catalog from "../catalog/index.js";
import { maxDataFileBytes, readScenarioFile } from "../file-access.js";
import { parseHfConfigText, specFromHfConfig } from "../model/hf-config.js";
import { modelIdFromPath } from "../model/load.js";
import type { ModelSpec } from "../model/spec.js";

export interface ResolvedModel {
  spec: ModelSpec;
  /** Datatype the catalog says the weights were released in, if known. */
  releasedWeights?: string;
}

/** Whether a model reference names a config file rather than a catalog model. */
export const namesModelFile = (ref: string) => !catalog.models.has(ref) && looksLikePath(ref);

const looksLikePath = (ref: string) => ref.endsWith(".json") || ref.includes("/") || ref.includes("\\");

/**
 * The model a scenario names. A config.json path is read only below `baseDir` (the scenario
 * file's folder); with no `baseDir` (a scenario given as data) no file is read.
 */
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
  const text = await readScenarioFile(baseDir, ref, maxDataFileBytes, "model");
  const id = modelIdFromPath(ref);
  return { spec: parseHfConfigText(text, { id, name: id, source: ref }) };
}
