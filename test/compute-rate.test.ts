// The rate a GEMM computes at: the wider of weights and activations, or, on a chip whose matrix
// engine sets its fidelity from the weight format (Tensix), the weights' own rate.
import { describe, expect, it } from "vitest";
import { chips } from "../src/catalog/index.js";
import { computeDatatype, computeRate, datatype } from "../src/catalog/datatypes.js";
import { configure } from "../src/engine/configure.js";

const tensix = [...chips.values()].filter((c) => c.gemmRateFollowsWeights);
const bf16 = datatype("bf16", "activations");

describe("the GEMM compute rate", () => {
  it("follows the weight format on the chips that declare it, Tensix among them", () => {
    expect(tensix.map((c) => c.id)).toContain("tenstorrent-wormhole");
    const c = configure({ model: "llama-3.1-8b", chip: "tenstorrent-wormhole", datatypes: { weights: "bfp8" } });
    expect(c.compute.datatype).toBe("bfp8");
    expect(c.compute.flopsPerSecond).toBe(c.chip.computeFlopsPerSecond.bfp8!.value);
  });

  it("is the wider of weights and activations elsewhere", () => {
    const c = configure({ model: "llama-3.1-8b", chip: "nvidia-h100-sxm", datatypes: { weights: "fp8" } });
    expect(c.compute.datatype).toBe("bf16");
  });

  it("is never slower for narrower weights on a chip that follows the weights", () => {
    for (const chip of tensix) {
      for (const weights of ["bfp4", "bfp8", "fp8", "bf16"].map((id) => datatype(id, "weights"))) {
        let narrow: number;
        try {
          narrow = computeRate(chip, weights).flopsPerSecond;
        } catch {
          continue;
        }
        const wide = computeRate(chip, computeDatatype(weights, bf16)).flopsPerSecond;
        expect(narrow, `${chip.id}, ${weights.id} weights`).toBeGreaterThanOrEqual(wide);
      }
    }
  });
});
