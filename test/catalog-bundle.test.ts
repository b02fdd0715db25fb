// The bundled catalog (build/catalog.js) is validated by the build, not at load: it must be what
// the schemas read (so using it as bundled is the same as parsing it), and a bad entry must fail
// validation with one line naming its file and field.
import { describe, expect, it } from "vitest";
import bundled from "#catalog-data";
import { chips, models, systems } from "../src/catalog/index.js";
import { validateCatalog, type BundledCatalog } from "../src/catalog/validate.js";
import { InputError } from "../src/errors.js";

const withEntry = (section: keyof BundledCatalog, index: number, data: unknown): BundledCatalog => ({
  ...bundled,
  [section]: bundled[section].map((e, i) => (i === index ? { ...e, data } : e)),
});

const errorOf = (bundle: BundledCatalog): string => {
  try {
    validateCatalog(bundle);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("the bad catalog validated");
};

describe("the bundled catalog", () => {
  it("is the catalog as the schemas read it (key order included), so loading it need not parse", () => {
    expect(JSON.stringify(validateCatalog(bundled))).toBe(JSON.stringify(bundled));
    expect([...chips.values()]).toEqual(bundled.chips.map((e) => e.data));
    expect([...systems.values()]).toEqual(bundled.systems.map((e) => e.data));
    expect([...models.keys()]).toHaveLength(bundled.models.length);
  });

  it("fails on a bad chip, system or model, naming the file and the field", () => {
    const chip = bundled.chips[0];
    const bad = { ...(chip.data as object), memory: "lots" };
    expect(errorOf(withEntry("chips", 0, bad))).toMatch(new RegExp(`^${chip.file}: memory: `));
    const system = bundled.systems[1];
    const extra = { ...(system.data as object), colour: "blue" };
    expect(errorOf(withEntry("systems", 1, extra))).toMatch(new RegExp(`^${system.file}: : .*colour`));
    const model = bundled.models[0];
    const { infercast: _meta, ...config } = model.data as Record<string, unknown>;
    expect(errorOf(withEntry("models", 0, config))).toMatch(new RegExp(`^${model.file}: infercast: `));
    expect(errorOf(withEntry("models", 0, { ...(model.data as object), num_hidden_layers: -2 }))).toMatch(
      new RegExp(`^${model.file}\\.num_hidden_layers: `),
    );
  });
});
