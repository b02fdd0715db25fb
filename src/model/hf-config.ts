/**
 * Reads a Hugging Face `config.json` (dense, GQA, MoE, DeepSeek MLA, sliding-window) into the
 * normalised {@link ModelSpec} the engine uses. Fields it cannot use give an error naming them.
 */
import { z } from "zod";
import { InputError } from "../errors.js";
import type { ModelSpec, LayerKind } from "./spec.js";

const count = z.number().int().positive();
const countOrZero = z.number().int().nonnegative();
/**
 * Bounds on a config's sizes, well above every released model, so that a hostile config cannot
 * make the per-layer tables or the step arithmetic outgrow memory or double precision.
 */
const maxLayers = 4096;
const width = count.max(2 ** 22); // hidden, intermediate, LoRA ranks and head sizes
const heads = count.max(65_536);
const experts = countOrZero.max(65_536);
const layerCount = countOrZero.max(maxLayers);

/** The subset of `config.json` infercast reads; other fields pass through untouched. */
const HfConfig = z.looseObject({
  model_type: z.string().optional(),
  architectures: z.array(z.string()).optional(),
  hidden_size: width,
  intermediate_size: width.optional(),
  num_hidden_layers: count.max(maxLayers),
  num_attention_heads: heads,
  num_key_value_heads: heads.optional(),
  head_dim: width.optional(),
  vocab_size: count.max(2 ** 24),
  max_position_embeddings: count.max(2 ** 31 - 1).optional(),
  tie_word_embeddings: z.boolean().optional(),
  hidden_act: z.string().optional(),
  // MoE (Mixtral, Qwen-MoE, gpt-oss: num_local_experts / num_experts; DeepSeek: n_routed_experts)
  num_local_experts: experts.optional(),
  num_experts: experts.optional(),
  n_routed_experts: experts.optional(),
  num_experts_per_tok: experts.optional(),
  experts_per_token: experts.optional(),
  n_shared_experts: experts.optional(),
  moe_intermediate_size: width.optional(),
  first_k_dense_replace: layerCount.optional(),
  moe_layer_freq: count.max(maxLayers).optional(),
  // DeepSeek MLA
  q_lora_rank: width.nullable().optional(),
  kv_lora_rank: width.optional(),
  qk_rope_head_dim: width.optional(),
  qk_nope_head_dim: width.optional(),
  v_head_dim: width.optional(),
  // sliding-window attention
  sliding_window: count.nullable().optional(),
  layer_types: z.array(z.string()).max(maxLayers).optional(),
  use_sliding_window: z.boolean().optional(),
  num_nextn_predict_layers: layerCount.optional(),
});

/** Architectures whose layers are not attention + FFN transformers. */
const unsupportedModelTypes = ["mamba", "mamba2", "rwkv", "jamba", "falcon_mamba", "recurrent_gemma"];

/**
 * Parses a `config.json` object (already JSON-decoded) into a {@link ModelSpec}.
 * @param config the decoded JSON
 * @param meta id, name and source to attach
 * @param field prefix naming where the config came from, for error messages
 */
export function specFromHfConfig(
  config: unknown,
  meta: { id: string; name: string; source: string },
  field = "model",
): ModelSpec {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new InputError(field, "config.json must be a JSON object");
  }
  const modelType = (config as { model_type?: unknown }).model_type;
  if (typeof modelType === "string" && unsupportedModelTypes.includes(modelType)) {
    throw new InputError(
      `${field}.model_type`,
      `"${modelType}" is not an attention + feed-forward transformer; infercast models transformer decoders`,
    );
  }
  // jitless: each config is parsed once, and compiling zod's fast parser for it costs more than it saves
  const parsed = HfConfig.safeParse(config, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join(".");
    const problem =
      issue.code === "invalid_type" && issue.input === undefined
        ? "is required"
        : issue.code === "too_big"
          ? `must be at most ${issue.maximum}${issue.origin === "array" ? " entries" : ""}, not ${foundAt(config, issue.path)}`
          : issue.message;
    throw new InputError(`${field}.${path}`, `${problem} (a Hugging Face config.json field)`);
  }
  const c = parsed.data;
  const heads = c.num_attention_heads;
  const kvHeads = c.num_key_value_heads ?? heads;
  if (heads % kvHeads !== 0) {
    throw new InputError(
      `${field}.num_key_value_heads`,
      `${kvHeads} does not divide num_attention_heads ${heads} (grouped-query attention needs whole groups)`,
    );
  }
  const headDim = c.head_dim ?? c.hidden_size / heads;
  if (!Number.isInteger(headDim)) {
    throw new InputError(
      `${field}.head_dim`,
      `missing, and hidden_size ${c.hidden_size} is not a multiple of num_attention_heads ${heads}`,
    );
  }

  const experts = c.n_routed_experts ?? c.num_local_experts ?? c.num_experts ?? 0;
  const expertsPerToken = c.num_experts_per_tok ?? c.experts_per_token ?? 0;
  let moe: ModelSpec["moe"];
  if (experts > 0) {
    if (expertsPerToken <= 0 || expertsPerToken > experts) {
      throw new InputError(`${field}.num_experts_per_tok`, `must be between 1 and the ${experts} experts`);
    }
    const expertIntermediate = c.moe_intermediate_size ?? c.intermediate_size;
    if (!expertIntermediate)
      throw new InputError(`${field}.moe_intermediate_size`, "is required for a mixture-of-experts model");
    moe = {
      experts,
      expertsPerToken,
      sharedExperts: c.n_shared_experts ?? 0,
      expertIntermediate,
    };
  }
  const denseIntermediate = c.intermediate_size ?? 0;
  const denseLayersFirst = moe ? (c.first_k_dense_replace ?? 0) : c.num_hidden_layers;
  if (denseLayersFirst > 0 && denseIntermediate <= 0) {
    throw new InputError(`${field}.intermediate_size`, "is required for dense feed-forward layers");
  }
  const moeEvery = c.moe_layer_freq ?? 1;

  let attention: ModelSpec["attention"];
  if (c.kv_lora_rank !== undefined) {
    const need = {
      qk_rope_head_dim: c.qk_rope_head_dim,
      qk_nope_head_dim: c.qk_nope_head_dim,
      v_head_dim: c.v_head_dim,
    };
    for (const [name, value] of Object.entries(need)) {
      if (value === undefined)
        throw new InputError(`${field}.${name}`, "is required with kv_lora_rank (multi-head latent attention)");
    }
    attention = {
      kind: "mla",
      qLoraRank: c.q_lora_rank ?? 0,
      kvLoraRank: c.kv_lora_rank,
      ropeDim: c.qk_rope_head_dim!,
      nopeDim: c.qk_nope_head_dim!,
      vHeadDim: c.v_head_dim!,
    };
  } else {
    attention = { kind: "gqa" };
  }

  const window = c.sliding_window ?? 0;
  const layerTypes = c.layer_types;
  if (layerTypes && layerTypes.length !== c.num_hidden_layers) {
    throw new InputError(`${field}.layer_types`, `has ${layerTypes.length} entries for ${c.num_hidden_layers} layers`);
  }
  const layers: LayerKind[] = [];
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const type = layerTypes?.[i];
    if (type !== undefined && type !== "sliding_attention" && type !== "full_attention") {
      throw new InputError(`${field}.layer_types.${i}`, `unknown layer type "${type}"`, [
        "full_attention",
        "sliding_attention",
      ]);
    }
    // Without layer_types, a sliding_window applies to every layer only when use_sliding_window says so (Mistral/Mixtral).
    const sliding =
      window > 0 && (type === "sliding_attention" || (layerTypes === undefined && c.use_sliding_window === true));
    const isMoe = moe !== undefined && i >= denseLayersFirst && (i - denseLayersFirst) % moeEvery === 0;
    layers.push({ sliding, moe: isMoe });
  }

  const gated =
    !["gelu", "gelu_new", "relu", "gelu_pytorch_tanh"].includes(c.hidden_act ?? "silu") || c.model_type === "gpt_oss";
  return {
    id: meta.id,
    name: meta.name,
    source: meta.source,
    hidden: c.hidden_size,
    heads,
    kvHeads,
    headDim,
    vocab: c.vocab_size,
    maxContextTokens: c.max_position_embeddings ?? 0,
    tiedEmbeddings: c.tie_word_embeddings ?? false,
    ffn: { intermediate: denseIntermediate, gated },
    attention,
    moe,
    slidingWindowTokens: window,
    layers,
  };
}

/** Parses `config.json` text; a JSON syntax error names the source. */
export function parseHfConfigText(
  text: string,
  meta: { id: string; name: string; source: string },
  field = "model",
): ModelSpec {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    // the parser's message quotes the text: a file's contents never go into an error
    throw new InputError(field, `${meta.source} is not valid JSON`);
  }
  return specFromHfConfig(json, meta, field);
}

/** The value at `path` of a config, as a message quotes it (a list by its length). */
function foundAt(config: object, path: readonly PropertyKey[]): string {
  let value: unknown = config;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return Array.isArray(value) ? `${value.length} entries` : String(value);
}
