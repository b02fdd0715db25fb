/**
 * `loadHfConfig`: a model from a Hugging Face `config.json`, given as a path (Node) or as the
 * decoded object (anywhere, including browsers).
 */
import { InputError } from "../errors.js";
import { parseHfConfigText, specFromHfConfig } from "./hf-config.js";
import type { ModelSpec } from "./spec.js";
import { readTextFile } from "#platform";

export interface HfConfigMeta {
  id?: string;
  name?: string;
  source?: string;
}

/** Reads a `config.json` file (Node only) into a model spec. */
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
  let text: string;
  try {
    text = await readTextFile(input);
  } catch (error) {
    throw new InputError(
      "model",
      `cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const id =
    meta.id ?? (input.split(/[\\/]/).slice(-2, -1)[0] || "custom-model").toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
  return parseHfConfigText(text, { id, name: meta.name ?? id, source: meta.source ?? input });
}
