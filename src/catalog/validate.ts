/**
 * Validation of the bundled catalog against its schemas. The build runs it once and bundles what
 * it returns (scripts/validate-catalog.mjs), so loading the catalog parses nothing
 * (`./index.ts`); a bad data file fails the build with one line naming the file and the field.
 */
import { InputError } from "../errors.js";
import { specFromHfConfig } from "../model/hf-config.js";
import { Chip, ModelMeta, System } from "./schema.js";

export type BundledCatalog = Record<"chips" | "systems" | "models", { file: string; data: unknown }[]>;

type Entries = BundledCatalog["chips"];

function parseEntries(entries: Entries, schema: typeof Chip | typeof System): Entries {
  return entries.map(({ file, data }) => {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`${file}: ${issue.path.join(".")}`, issue.message);
    }
    return { file, data: parsed.data };
  });
}

/**
 * The catalog as the schemas read it (their key order: what the catalog's readers list); throws
 * an {@link InputError} at the first entry that breaks one, a model's `config.json` fields included.
 */
export function validateCatalog(bundle: BundledCatalog): BundledCatalog {
  const models = bundle.models.map(({ file, data }) => {
    const { infercast, ...config } = data as { infercast?: unknown } & Record<string, unknown>;
    const meta = ModelMeta.safeParse(infercast);
    if (!meta.success) throw new InputError(`${file}: infercast`, meta.error.issues[0].message);
    specFromHfConfig(config, meta.data, file);
    return { file, data: { ...config, infercast: meta.data } };
  });
  return { chips: parseEntries(bundle.chips, Chip), systems: parseEntries(bundle.systems, System), models };
}
