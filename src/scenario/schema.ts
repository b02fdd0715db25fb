/**
 * The scenario schema: a model, a workload (src/workload/schema.ts), an SLO and the designs to
 * run. Defined once with zod; it yields the static types (`z.infer`), validation errors with field paths, and the JSON
 * Schema editors use (`scenarioJsonSchema`).
 */
import { z } from "zod";
import { datatypeIds } from "../catalog/datatypes.js";
import { overrideProblem } from "../catalog/overrides.js";
import { limits, limitsText, nonNegative, positive, positiveInt, seconds, tokenCount } from "../number-schemas.js";
import { Workload } from "../workload/schema.js";

const datatypeId = z.string().refine((id) => datatypeIds.includes(id), {
  message: `unknown datatype (allowed: ${datatypeIds.join(", ")})`,
});

export const Datatypes = z.strictObject({
  weights: datatypeId.optional(),
  activations: datatypeId.optional(),
  kv: datatypeId.optional(),
});
export type Datatypes = z.infer<typeof Datatypes>;

export const Slo = z.strictObject({
  ttftSeconds: positive,
  tpotSeconds: positive,
  /** Percentile of requests that must meet both targets (DistServe's attainment goal). */
  percentile: z.number().gt(0).max(100).default(90),
});
export type Slo = z.infer<typeof Slo>;

export const routers = ["round-robin", "least-outstanding-tokens", "least-kv", "prefix-affinity"] as const;

/** A step's token budget unless a scheduler sets one; the built-in designs are sized to it too. */
export const DEFAULT_CHUNK_TOKENS = 2048;

export const Scheduler = z.strictObject({
  /** Most sequences running (prefilling or decoding) on one replica. */
  maxSequences: positiveInt.max(limits.sequences).default(256),
  /** Token budget of one step: decode tokens plus prefill chunks. */
  chunkTokens: tokenCount.default(DEFAULT_CHUNK_TOKENS),
  /** decode-first: every step carries all decodes and fills the budget with prefill chunks (Sarathi, vLLM V1); prefill-first: pending prefills run alone first (vLLM V0). */
  priority: z.enum(["decode-first", "prefill-first"]).default("decode-first"),
  router: z.enum(routers).default("least-outstanding-tokens"),
  /** What happens to a sequence when decode outgrows the KV cache. */
  preemption: z.enum(["recompute", "swap"]).default("recompute"),
  /**
   * optimistic: admit a prompt while it fits the KV cache and preempt when decode outgrows it
   * (vLLM); reserve: admit only when the cache also holds every output token still to come, so
   * nothing is preempted (TensorRT-LLM's guaranteed-no-evict, a tuned benchmark's batch size).
   */
  admission: z.enum(["optimistic", "reserve"]).default("optimistic"),
  /** Tokens per KV-cache block (vLLM's block size). */
  blockTokens: positiveInt.max(limits.blockTokens).default(16),
  prefixCache: z.boolean().default(true),
});
export type Scheduler = z.infer<typeof Scheduler>;

/**
 * Speculative decoding or multi-token prediction: `draftTokens` proposed per step, each accepted
 * with probability `acceptanceRate` (independently), verified by one target step over k + 1 tokens.
 */
export const Speculative = z.strictObject({
  draftTokens: positiveInt.max(limits.draftTokens),
  acceptanceRate: z.number().min(0).max(1),
  /** One draft token's cost relative to a target decode step: ≈ 1/layers for MTP heads, more for a draft model. */
  draftCostRatio: z.number().min(0).max(1).default(0.05),
});
export type Speculative = z.infer<typeof Speculative>;

/** Expected tokens per verification step: (1 − α^(k+1)) / (1 − α), or k + 1 when every draft is accepted. */
export const tokensPerStep = (s: Speculative): number =>
  s.acceptanceRate >= 1 ? s.draftTokens + 1 : (1 - s.acceptanceRate ** (s.draftTokens + 1)) / (1 - s.acceptanceRate);

/** A count of chips, or a parallel degree over chips. */
const chips = positiveInt.max(limits.chips);

/** A pool of chips with one parallel layout; `count` counts chips. Names a chip or a system. */
export const Pool = z.strictObject({
  chip: z.string().min(1).optional(),
  system: z.string().min(1).optional(),
  count: chips,
  tp: chips.default(1),
  pp: chips.default(1),
  ep: chips.default(1),
  /** Rows of the system's mesh each TP group spans (e.g. tp 4, tpRows 2: 2 × 2 sub-meshes); default: along a row first. */
  tpRows: chips.optional(),
  /** `1d` keeps 1D tensor parallelism where the system's runtime would shard 2D (default `runtime`). */
  sharding: z.enum(["runtime", "1d"]).optional(),
  datatypes: Datatypes.optional(),
  /** Load on the busiest expert-parallel chip relative to a balanced one. */
  moeImbalance: z.number().min(1).optional(),
  speculative: Speculative.optional(),
});
export type Pool = z.infer<typeof Pool>;

export const AggregatedDesign = z.strictObject({
  name: z.string().min(1),
  kind: z.literal("aggregated"),
  pool: Pool,
  scheduler: Scheduler.default(Scheduler.parse({})),
});
export type AggregatedDesign = z.infer<typeof AggregatedDesign>;

/** A link class between pools: `count` parallel links of `bandwidthBytesPerSecond` each (per direction). */
export const PoolLink = z.strictObject({
  /** From 1 kB/s (a transfer of any cache stays within a run's span) to 1 PB/s. */
  bandwidthBytesPerSecond: positive.min(1e3).max(1e15),
  latencySeconds: seconds,
  count: chips.default(1),
  /** KV transfer layer by layer, overlapping the prefill (DistServe, Mooncake); false: after it. */
  overlap: z.boolean().default(true),
});
export type PoolLink = z.infer<typeof PoolLink>;

/** A pool of a disaggregated design: may override the design's scheduler. */
export const DisaggregatedPool = Pool.extend({ scheduler: Scheduler.optional() });

/** Chips running the feed-forward half of every decode layer (decode split per layer). */
export const FfnPool = Pool.extend({
  /** Defaults: layers pipelined over the chips (pp = the largest divisor of count not above the layer count), the rest tensor-parallel. */
  tp: chips.optional(),
  pp: chips.optional(),
});

export const DecodePool = DisaggregatedPool.extend({
  ffn: FfnPool.optional(),
  ffnLink: PoolLink.optional(),
});

export const DisaggregatedDesign = z.strictObject({
  name: z.string().min(1),
  kind: z.literal("disaggregated"),
  prefill: DisaggregatedPool,
  decode: DecodePool,
  link: PoolLink,
  scheduler: Scheduler.default(Scheduler.parse({})),
});
export type DisaggregatedDesign = z.infer<typeof DisaggregatedDesign>;

export const UnifiedMeshDesign = z.strictObject({
  name: z.string().min(1),
  kind: z.literal("unified-mesh"),
  /** A mesh system (Tenstorrent Galaxy). */
  system: z.string().min(1),
  /** Systems joined over Ethernet. */
  galaxies: positiveInt.max(4096).default(1),
  mesh: z.strictObject({ rows: positiveInt.max(1024), cols: positiveInt.max(1024) }),
  /** Tensor-parallel degree of a replica (default: the largest sub-mesh that divides the model's heads). */
  tp: chips.optional(),
  /** Rows of the mesh each replica spans (tp 4, tpRows 2: 2 × 2 sub-meshes); default: along a row first. */
  tpRows: chips.optional(),
  /** `1d` keeps 1D tensor parallelism where the system's runtime would shard 2D (default `runtime`). */
  sharding: z.enum(["runtime", "1d"]).optional(),
  /** Disaggregation inside the mesh: rows given to prefill and to decode. */
  split: z.strictObject({ prefillRows: positiveInt.max(1024), decodeRows: positiveInt.max(1024) }).optional(),
  datatypes: Datatypes.optional(),
  speculative: Speculative.optional(),
  scheduler: Scheduler.default(Scheduler.parse({})),
});
export type UnifiedMeshDesign = z.infer<typeof UnifiedMeshDesign>;

export const Design = z.discriminatedUnion("kind", [AggregatedDesign, DisaggregatedDesign, UnifiedMeshDesign]);
export type Design = z.infer<typeof Design>;

/** A model: catalog id, a path to a Hugging Face config.json (relative to the scenario file), or inline config fields. */
export const ModelRef = z.union([z.string().min(1), z.record(z.string(), z.unknown())]);

const usd = nonNegative.max(limits.usd);
const watts = nonNegative.max(limits.watts);

/** rental: $/hour where known, else the purchase price; purchase: the reverse. */
export const pricings = ["rental", "purchase"] as const;
export type Pricing = (typeof pricings)[number];

/**
 * Power and price figures set over the catalog's, by chip or system id, in the catalog's field
 * names: a chip id sets per-chip figures (purchaseUsd, usdPerHour, maxWatts, idleWatts), a system
 * id the system's own (purchaseUsd as a whole, usdPerHour, overheadWatts). Checked against the
 * catalog by `overrideProblem` (src/catalog/overrides.ts).
 */
export const Overrides = z
  .record(
    z.string().min(1),
    z.strictObject({
      purchaseUsd: usd.optional(),
      usdPerHour: usd.optional(),
      maxWatts: watts.optional(),
      idleWatts: watts.optional(),
      overheadWatts: watts.optional(),
    }),
  )
  .superRefine((all, ctx) => {
    for (const [id, override] of Object.entries(all)) {
      const problem = overrideProblem(id, override);
      if (problem) ctx.addIssue({ code: "custom", path: [id, ...problem[0]], message: problem[1] });
    }
  });

/** How power and cost are counted (defaults in src/metrics/energy.ts). */
export const Economics = z.strictObject({
  /** Facility power usage effectiveness. */
  pue: z.number().min(1).max(limits.pue).optional(),
  usdPerKilowattHour: usd.optional(),
  /** Years a purchase price is spread over. */
  amortisationYears: positive.max(limits.amortisationYears).optional(),
  /** rental: $/hour where known; purchase: amortised purchase price plus electricity (and space). */
  pricing: z.enum(pricings).optional(),
  /** Datacenter space for purchased hardware, USD per kW of peak IT power per month (default 0). */
  datacenterUsdPerKilowattMonth: usd.optional(),
  overrides: Overrides.optional(),
});
export type Economics = z.infer<typeof Economics>;

/**
 * `over` laid on `base` (e.g. command-line flags on a scenario's economics): a field `over` sets
 * wins, overrides merge per id and field; undefined when neither has any.
 */
export function mergeEconomics(base?: Economics, over?: Economics): Economics | undefined {
  if (!over) return base;
  if (!base) return over;
  const merged: Economics = { ...base };
  for (const [key, value] of Object.entries(over))
    if (value !== undefined && key !== "overrides") Object.assign(merged, { [key]: value });
  if (over.overrides) {
    const overrides = { ...base.overrides };
    for (const [id, figures] of Object.entries(over.overrides)) overrides[id] = { ...overrides[id], ...figures };
    merged.overrides = overrides;
  }
  return merged;
}

export const Scenario = z.strictObject({
  model: ModelRef,
  datatypes: Datatypes.optional(),
  workload: Workload,
  slo: Slo,
  designs: z.array(Design).min(1).max(limits.designs),
  economics: Economics.optional(),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/** JSON Schema of a scenario file, for editors. */
export const scenarioJsonSchema = (): object => ({
  ...z.toJSONSchema(Scenario, { io: "input" }),
  description: `An infercast scenario. Limits (docs/security.md): ${limitsText()}.`,
});
