// Hugging Face config.json import: catalog models, an outside MoE config, and malformed input.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadHfConfig } from "../src/model/load.js";
import { models } from "../src/catalog/index.js";
import { kvElementsPerTokenPerLayer, parameterCounts } from "../src/model/spec.js";
import { InputError } from "../src/errors.js";

const fixture = (name: string) => join(import.meta.dirname, "fixtures", "hf-configs", name);

describe("catalog models", () => {
  const expected: Record<string, { total: number; active?: number }> = {
    "llama-3.1-8b": { total: 8.03e9 },
    "llama-3.1-70b": { total: 70.6e9 },
    "llama-3.1-405b": { total: 405.9e9 },
    "llama-2-70b": { total: 69.0e9 },
    "qwen2.5-72b": { total: 72.7e9 },
    "mixtral-8x7b": { total: 46.7e9, active: 12.9e9 },
    "deepseek-v3": { total: 671e9, active: 37.5e9 },
    "gpt-oss-120b": { total: 116.8e9, active: 5.7e9 },
  };
  it.each(Object.entries(expected))("%s has the published parameter count", (id, want) => {
    const counts = parameterCounts(models.get(id)!.spec);
    expect(counts.total / want.total).toBeCloseTo(1, 2);
    if (want.active) expect(counts.activePerToken / want.active).toBeCloseTo(1, 1);
  });

  it("reads DeepSeek MLA, dense-first MoE layers and gpt-oss sliding windows", () => {
    const ds = models.get("deepseek-v3")!.spec;
    expect(ds.attention.kind).toBe("mla");
    expect(kvElementsPerTokenPerLayer(ds)).toBe(512 + 64);
    expect(ds.layers.filter((l) => !l.moe).length).toBe(3);
    const oss = models.get("gpt-oss-120b")!.spec;
    expect(oss.slidingWindowTokens).toBe(128);
    expect(oss.layers.filter((l) => l.sliding).length).toBe(18);
    expect(models.get("llama-3.3-70b")!.spec.layers.length).toBe(80);
  });
});

describe("loadHfConfig", () => {
  it("imports a MoE config that is not in the catalog", async () => {
    const spec = await loadHfConfig(fixture("qwen3-30b-a3b.json"), { id: "qwen3-30b-a3b" });
    expect(spec.moe?.experts).toBe(128);
    expect(spec.moe?.expertsPerToken).toBe(8);
    expect(spec.headDim).toBe(128);
    expect(parameterCounts(spec).total / 30.5e9).toBeCloseTo(1, 1);
  });

  it("accepts a decoded object", async () => {
    const spec = await loadHfConfig({
      hidden_size: 1024,
      num_hidden_layers: 4,
      num_attention_heads: 8,
      vocab_size: 1000,
      intermediate_size: 4096,
    });
    expect(spec.kvHeads).toBe(8);
    expect(spec.headDim).toBe(128);
  });

  it.each([
    ["malformed-missing-hidden.json", /model\.hidden_size: is required/],
    ["malformed-negative-heads.json", /model\.num_attention_heads/],
    ["malformed-heads-not-dividing.json", /num_key_value_heads: 5 does not divide num_attention_heads 32/],
    ["malformed-not-json.json", /not valid JSON/],
    ["mamba-unsupported.json", /model\.model_type: "mamba" is not an attention/],
    ["does-not-exist.json", /cannot read .*\(no such file\)/],
  ])("rejects %s with an error naming the field", async (file, message) => {
    const error = await loadHfConfig(fixture(file)).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });
});
