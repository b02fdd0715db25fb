/**
 * The built-in catalogs of chips, systems and models. The build has validated them against their
 * schemas (`./validate.ts`), so loading them parses nothing: the data is used as bundled. Lookups
 * accept ids and aliases; an unknown name is an {@link InputError} listing the ids there are.
 */
import bundled from "#catalog-data";
import { InputError } from "../errors.js";
import { specFromHfConfig } from "../model/hf-config.js";
import type { ModelSpec } from "../model/spec.js";
import type { Chip, ModelMeta, System } from "./schema.js";

export interface ModelEntry {
  meta: ModelMeta;
  spec: ModelSpec;
  /** The Hugging Face config.json fields as stored in the catalog. */
  config: Record<string, unknown>;
}

const entries = <T>(section: "chips" | "systems"): T[] => bundled[section].map(({ data }) => data as T);

function modelEntries(): ModelEntry[] {
  return bundled.models.map(({ file, data }) => {
    const { infercast, ...config } = data as { infercast: ModelMeta } & Record<string, unknown>;
    return { meta: infercast, config, spec: specFromHfConfig(config, infercast, file) };
  });
}

/** Chips by id. */
export const chips: ReadonlyMap<string, Chip> = new Map(entries<Chip>("chips").map((c) => [c.id, c]));
/** Systems by id. */
export const systems: ReadonlyMap<string, System> = new Map(entries<System>("systems").map((s) => [s.id, s]));
/** Models by id. */
export const models: ReadonlyMap<string, ModelEntry> = new Map(modelEntries().map((m) => [m.meta.id, m]));

function aliasIndex<T>(
  entries: ReadonlyMap<string, T>,
  aliasesOf: (entry: T) => string[] | undefined,
): Map<string, string> {
  const index = new Map<string, string>();
  for (const [id, entry] of entries) for (const alias of aliasesOf(entry) ?? []) index.set(alias, id);
  return index;
}

const chipAliases = aliasIndex(chips, (c) => c.aliases);
const systemAliases = aliasIndex(systems, (s) => s.aliases);
const modelAliases = aliasIndex(models, (m) => m.meta.aliases);

function lookup<T>(
  entries: ReadonlyMap<string, T>,
  aliases: Map<string, string>,
  name: string,
  field: string,
  what: string,
): T {
  const found = entries.get(name) ?? entries.get(aliases.get(name) ?? "");
  if (!found) throw new InputError(field, `unknown ${what} "${name}"`, [...entries.keys()]);
  return found;
}

/** A chip by id or alias; `field` names the input in the error. */
export const chip = (name: string, field = "chip"): Chip => lookup(chips, chipAliases, name, field, "chip");
/** A system by id or alias. */
export const system = (name: string, field = "system"): System => lookup(systems, systemAliases, name, field, "system");
/** A catalog model by id or alias. */
export const model = (name: string, field = "model"): ModelEntry => lookup(models, modelAliases, name, field, "model");
