/**
 * The built-in catalogs of chips, systems and models, validated once at load. Lookups accept ids
 * and aliases; an unknown name is an {@link InputError} listing the ids there are.
 */
import bundled from "#catalog-data";
import { InputError } from "../errors.js";
import { specFromHfConfig } from "../model/hf-config.js";
import type { ModelSpec } from "../model/spec.js";
import { Chip, ModelMeta, System } from "./schema.js";

export interface ModelEntry {
  meta: ModelMeta;
  spec: ModelSpec;
  /** The Hugging Face config.json fields as stored in the catalog. */
  config: Record<string, unknown>;
}

function parseEntries<T>(
  section: "chips" | "systems",
  schema: {
    safeParse(data: unknown): {
      success: boolean;
      data?: T;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
): T[] {
  return bundled[section].map(({ file, data }) => {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error!.issues[0];
      throw new InputError(`${file}: ${issue.path.join(".")}`, issue.message);
    }
    return parsed.data!;
  });
}

function parseModels(): ModelEntry[] {
  return bundled.models.map(({ file, data }) => {
    const { infercast, ...config } = data as { infercast?: unknown } & Record<string, unknown>;
    const meta = ModelMeta.safeParse(infercast);
    if (!meta.success) throw new InputError(`${file}: infercast`, meta.error.issues[0].message);
    return { meta: meta.data, config, spec: specFromHfConfig(config, meta.data, file) };
  });
}

/** Chips by id. */
export const chips: ReadonlyMap<string, Chip> = new Map(parseEntries<Chip>("chips", Chip).map((c) => [c.id, c]));
/** Systems by id. */
export const systems: ReadonlyMap<string, System> = new Map(
  parseEntries<System>("systems", System).map((s) => [s.id, s]),
);
/** Models by id. */
export const models: ReadonlyMap<string, ModelEntry> = new Map(parseModels().map((m) => [m.meta.id, m]));

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
