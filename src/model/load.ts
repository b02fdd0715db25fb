/**
 * `loadHfConfig`: a model from a Hugging Face `config.json`, given as a path (Node) or as the
 * decoded object (anywhere, including browsers).
 */
import { parseHfConfigText, specFromHfConfig } from "./hf-config.js";
import type { ModelSpec } from "./spec.js";
import { maxDataFileBytes, readUserFile } from "../file-access.js";

export interface HfConfigMeta {
  id?: string;
  name?: string;
  source?: string;
}

/** Reads a `config.json` file the user named (Node only) into a model spec. */
export async function loadHfConfig(path: string, meta?: HfConfigMeta): Promise<ModelSpec>;
/** Converts a decoded `config.json` object into a model spec. */
export async function loadHfConfig(config: Record<string, unknown>, meta?: HfConfigMeta): Promise<ModelSpec>;
export async function loadHfConfig(
  input: string | Record<string, unknown>,
  meta: HfConfigMeta = {},
): Promise<ModelSpec> {
  if (typeof input !== "string") {
    const id = meta.id ?? "custom-model";
    return specFromHfConfig(input, { id, name: meta.name ?? id, source: meta.source ?? "config object" });
  }
  const text = await readUserFile(input, maxDataFileBytes, "model");
  const id = meta.id ?? modelIdFromPath(input);
  return parseHfConfigText(text, { id, name: meta.name ?? id, source: meta.source ?? input });
}

/** A model id from a config.json path: the name of its folder (`models/Llama-3/config.json` → `llama-3`). */
export function modelIdFromPath(path: string): string {
  return (path.split(/[\\/]/).slice(-2, -1)[0] || "custom-model").toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
}
