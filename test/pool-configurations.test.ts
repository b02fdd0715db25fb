/**
 * Configurations are remembered per model (src/designs/pool.ts); the validation fit rewrites chips'
 * efficiencies in place and then forgets them. A remembered configuration must be the very one a
 * fresh configure gives, and a forgotten one must follow the catalog's new figures.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as catalog from "../src/catalog/index.js";
import { configurePool, forgetConfigurations } from "../src/designs/pool.js";
import { configure } from "../src/engine/configure.js";

const model = catalog.model("llama-3.1-8b").spec;
const pool = { chip: "nvidia-h100-sxm", count: 8, tp: 2, ep: 1 };
const chip = catalog.chips.get("nvidia-h100-sxm")!;
const compute = chip.efficiency.compute.value;

afterEach(() => {
  chip.efficiency.compute.value = compute;
  forgetConfigurations();
});

describe("remembered configurations", () => {
  it("are the same as a fresh configure, and shared between set-ups of one choice", () => {
    const first = configurePool(pool, { model }, "pool");
    const again = configurePool(pool, { model }, "pool");
    expect(again).toBe(first);
    const fresh = configure({ model, chip: pool.chip, count: pool.count, tp: pool.tp, datatypes: {} });
    expect(Array.from(first.params)).toEqual(Array.from(fresh.params));
  });

  it("follow the catalog once forgotten", () => {
    const before = configurePool(pool, { model }, "pool");
    chip.efficiency.compute.value = compute / 2;
    forgetConfigurations();
    const after = configurePool(pool, { model }, "pool");
    expect(after).not.toBe(before);
    expect(Array.from(after.params)).not.toEqual(Array.from(before.params));
    const fresh = configure({ model, chip: pool.chip, count: pool.count, tp: pool.tp, datatypes: {} });
    expect(Array.from(after.params)).toEqual(Array.from(fresh.params));
  });
});
