// What the search offers and how a service bounds it: the mesh's 2D sub-mesh shapes are searched,
// a per-$ ranking prices every design on one basis, and compare honours an AbortSignal and a cap
// on simulated steps.
import { describe, expect, it } from "vitest";
import * as catalog from "../src/catalog/index.js";
import { compare, type CompareOptions } from "../src/api/compare.js";
import { searchEconomics } from "../src/api/frontier.js";
import { defaultDesigns } from "../src/designs/default-scenario.js";
import { InputError } from "../src/errors.js";
import { designSpace, parseDesign } from "../src/search/space.js";

describe("the unified mesh's search space", () => {
  it("includes the square sub-meshes of 2D sharding, each of which sets up", () => {
    const galaxy = defaultDesigns.find((d) => d.name === "galaxy-blackhole")!;
    const space = designSpace(galaxy, catalog.model("llama-3.1-8b").spec, 8192);
    const subMeshes = space.candidates.filter((c) => /\(2×2\)|\(2×4\)/.test(c.label));
    expect(subMeshes.length).toBeGreaterThan(0);
    for (const c of subMeshes) {
      const design = c.build(64) as { tpRows?: number; tp?: number };
      expect(design.tpRows).toBe(2);
      expect([4, 8]).toContain(design.tp);
    }
  });
});

describe("a candidate past a schema bound", () => {
  it("is an InputError naming the field, which the search skips, not an internal error", () => {
    const design = {
      name: "big",
      kind: "aggregated" as const,
      pool: { system: "nvidia-hgx-h200-8", count: 2 ** 20, tp: 8 },
    };
    expect(() => parseDesign(design)).toThrow(InputError);
    expect(() => parseDesign(design)).toThrow(/pool\.count/);
  });
});

describe("the pricing basis of the search", () => {
  it("prices on purchase unless a pricing is asked for, whatever the ranking basis", () => {
    expect(searchEconomics(undefined)?.pricing).toBe("purchase");
    expect(searchEconomics({ pue: 1.2 })).toEqual({ pue: 1.2, pricing: "purchase" });
    expect(searchEconomics({ pricing: "rental" })?.pricing).toBe("rental");
  });

  it("ranks every design per $ on that one basis, none listed apart for mixing bases", async () => {
    const result = await compare(undefined, {
      models: ["llama-3.1-8b"],
      workloads: ["chat"],
      designs: ["gpu-aggregated", "galaxy-blackhole"],
      per: "usd",
    });
    const frontiers = result.cases[0].frontiers ?? [];
    expect(frontiers.length).toBe(2);
    for (const f of frontiers) {
      expect(f.unranked).toBeUndefined();
      for (const p of f.points) expect(p.pricing).toBe("purchase");
    }
  });
});

describe("bounding a comparison", () => {
  const small: CompareOptions = { models: ["llama-3.1-8b"], workloads: ["chat"], designs: ["gpu-aggregated"] };

  it("stops on an aborted signal with its reason", async () => {
    const controller = new AbortController();
    controller.abort(new Error("cancelled by the caller"));
    await expect(compare(undefined, { ...small, signal: controller.signal })).rejects.toThrow(
      "cancelled by the caller",
    );
  });

  it("stops past a cap on simulated steps with an error naming the cap", async () => {
    const error = await compare(undefined, { ...small, maxSimulatedSteps: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/maxSimulatedSteps/);
  });
});
