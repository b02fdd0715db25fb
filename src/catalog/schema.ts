/**
 * Schemas for the hardware and model catalogs. Each catalog entry is a JSON data file under
 * `catalog/`; these schemas are the single source of truth for their shape, their static
 * types (`z.infer`) and their validation errors (with field paths).
 *
 * Every physical figure is a {@link Figure}: a value in SI units plus where it came from.
 */
import { z } from "zod";
import { MAX_TIERS, MAX_TILES } from "#params";

/**
 * How much a figure can be trusted. `estimate`: an analyst, press or bill-of-materials figure;
 * `rental`: a public on-demand price (docs/designs.md §5).
 */
export const FigureKind = z.enum(["measured", "vendor", "derived", "projected", "assumed", "estimate", "rental"]);
export type FigureKind = z.infer<typeof FigureKind>;

/** Bounds a figure may fall in, in its unit: low ≤ value ≤ high. `note` says where each bound comes from. */
export const FigureRange = z.strictObject({
  low: z.number().finite().nonnegative(),
  high: z.number().finite().nonnegative(),
  note: z.string().optional(),
});
export type FigureRange = z.infer<typeof FigureRange>;

/** A date a figure was true on, as precise as its source: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
const AsOf = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, "must be a date YYYY, YYYY-MM or YYYY-MM-DD");

const figureFields = z.strictObject({
  value: z.number().finite().nonnegative(),
  kind: FigureKind,
  source: z.string().min(1),
  note: z.string().optional(),
  range: FigureRange.optional(),
  /** When the figure was true (prices and power ratings move). */
  asOf: AsOf.optional(),
});

/** A range that does not hold its value is an error naming the bound. */
function rangeHoldsValue(f: { value: number; range?: FigureRange }, ctx: z.RefinementCtx): void {
  if (!f.range) return;
  const { low, high } = f.range;
  if (!(low <= f.value))
    ctx.addIssue({
      code: "custom",
      path: ["range", "low"],
      message: `${low} is above the value ${f.value} (need low ≤ value ≤ high)`,
    });
  if (!(high >= f.value))
    ctx.addIssue({
      code: "custom",
      path: ["range", "high"],
      message: `${high} is below the value ${f.value} (need low ≤ value ≤ high)`,
    });
}

/** A number with its provenance. `source` cites tags that docs/sources.md resolves, or a URL. */
export const Figure = figureFields.superRefine(rangeHoldsValue);
export type Figure = z.infer<typeof Figure>;

/** A power or price figure: it must say when it was true, since prices and ratings move. */
export const DatedFigure = figureFields.extend({ asOf: AsOf }).superRefine(rangeHoldsValue);
export type DatedFigure = z.infer<typeof DatedFigure>;

/** What a chip or a system costs: a purchase price (a system's includes its chips) and a rental rate per hour. */
export const Price = z.strictObject({ purchaseUsd: DatedFigure.optional(), usdPerHour: DatedFigure.optional() });
export type Price = z.infer<typeof Price>;

/** A figure that is a share of something: above 0, at most 1. */
const ShareFigure = Figure.refine((f) => f.value > 0 && f.value <= 1, {
  message: "must be a share above 0 and at most 1",
  path: ["value"],
});

/**
 * The range an efficiency may fall in where it is a projection, a vendor claim or an unfitted
 * prior: `low` and `high` are shares of peak like the value, `source` says where each bound comes
 * from (docs/uncertainty.md has the rules).
 */
export const EfficiencyRange = z.strictObject({
  low: z.number().finite(),
  high: z.number().finite(),
  source: z.string().min(1),
});
export type EfficiencyRange = z.infer<typeof EfficiencyRange>;

/**
 * An achievable share of peak: a {@link Figure} in (0, 1], optionally with a range
 * (0 < low ≤ value ≤ high ≤ 1) that `simulate` and `compare` run at with `uncertainty`.
 */
export const EfficiencyFigure = figureFields.extend({ range: EfficiencyRange.optional() }).superRefine((f, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  if (!(f.value > 0 && f.value <= 1)) issue(["value"], `an efficiency is a share of peak in (0, 1], got ${f.value}`);
  if (!f.range) return;
  const { low, high } = f.range;
  if (!(low > 0)) issue(["range", "low"], `must be above 0, got ${low}`);
  else if (!(low <= f.value)) issue(["range", "low"], `${low} is above the value ${f.value} (need low ≤ value ≤ high)`);
  if (!(high <= 1)) issue(["range", "high"], `must be at most 1 (a share of peak), got ${high}`);
  else if (!(high >= f.value))
    issue(["range", "high"], `${high} is below the value ${f.value} (need low ≤ value ≤ high)`);
});
export type EfficiencyFigure = z.infer<typeof EfficiencyFigure>;

/** Datatype ids a chip's compute can be rated in (dense, no sparsity). */
export const ComputeDatatype = z.enum(["fp32", "bf16", "fp16", "fp8", "fp4", "int8", "int4", "bfp8", "bfp4"]);
export type ComputeDatatype = z.infer<typeof ComputeDatatype>;

/**
 * A memory tier. `working` tiers hold weights and KV cache that stream every step; `storage`
 * tiers (SambaNova DDR, host memory) hold other models or swapped KV and are never streamed
 * per token. List tiers fastest first: placement walks them in this order.
 */
export const MemoryTier = z.strictObject({
  name: z.string().min(1),
  role: z.enum(["working", "storage"]),
  /** What the tier is built from: code asks this, never the display name (e.g. weights and KV in on-chip SRAM). */
  technology: z.enum(["sram", "hbm", "gddr", "lpddr", "ddr"]),
  capacityBytes: Figure,
  bytesPerSecond: Figure,
  /** Share of capacity a serving runtime can use (vLLM's gpu_memory_utilization, compiler reserves). */
  usableFraction: Figure.optional(),
});
export type MemoryTier = z.infer<typeof MemoryTier>;

/** A GEMM tile a kernel library may pick: rows (M), columns (N) and depth (K) per compute unit. */
export const GemmTile = z.tuple([
  z.number().int().positive(),
  z.number().int().positive(),
  z.number().int().positive(),
]);

export const Chip = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  name: z.string().min(1),
  vendor: z.string().min(1),
  year: z.number().int(),
  aliases: z.array(z.string()).optional(),
  /** shipping: buyable today; announced: vendor figures for a 2026 part; projected: roadmap. */
  status: z.enum(["shipping", "announced", "projected"]),
  notes: z.string().optional(),
  /** Dense peak FLOP/s (or OP/s for integer types) per datatype the compute supports natively. */
  computeFlopsPerSecond: z.partialRecord(ComputeDatatype, Figure),
  memory: z.array(MemoryTier).min(1).max(MAX_TIERS),
  computeUnits: z.strictObject({ name: z.string(), count: Figure }),
  /** Tiles the GEMM library picks between; efficiency loss from tile and wave quantisation follows. */
  gemmTiles: z.strictObject({ tiles: z.array(GemmTile).min(1).max(MAX_TILES), source: z.string().min(1) }),
  efficiency: z.strictObject({
    /** Achievable fraction of dense peak on large, well-shaped GEMMs. */
    compute: EfficiencyFigure,
    /** Achievable fraction of peak bandwidth when streaming weights and KV cache. */
    memory: EfficiencyFigure,
  }),
  overheads: z.strictObject({
    /** Fixed time per forward step (scheduler, launch, sync) that no batch size hides. */
    stepSeconds: Figure,
    /** Fixed time per operator (kernel launch or dataflow stage switch). */
    operatorSeconds: Figure,
    /** Extra time per operator in a step that carries prefill, where decode replays a captured trace but prefill is dispatched op by op (absent: none). */
    prefillOperatorSeconds: Figure.optional(),
  }),
  power: z
    .strictObject({
      idleWatts: DatedFigure.optional(),
      maxWatts: DatedFigure.optional(),
      /**
       * Share of the idle-to-max range a busy chip draws in a step without arithmetic (streaming
       * weights and KV); absent: a busy chip draws its maximum whatever it does.
       */
      memoryBoundShare: ShareFigure.optional(),
      /** Share of a step's time at the achievable FLOP rate from which the chip draws its maximum; its draw rises linearly from memoryBoundShare below it. */
      computeSaturationShare: ShareFigure.optional(),
    })
    .refine((p) => (p.memoryBoundShare === undefined) === (p.computeSaturationShare === undefined), {
      message: "memoryBoundShare and computeSaturationShare come together",
    }),
  price: Price,
  /** System a pool on this bare chip uses for its scale-up links. */
  defaultSystem: z.string().min(1),
});
export type Chip = z.infer<typeof Chip>;

/** A link class (scale-up fabric, scale-out network, host link). Bandwidth is per chip, per direction. */
export const Link = z.strictObject({
  name: z.string().min(1),
  bytesPerSecondPerDirection: Figure,
  /** One-way latency of one hop, including switch traversal where there is a switch. */
  latencySeconds: Figure,
  /** Achievable fraction of bandwidth for collectives on this fabric. */
  efficiency: Figure,
});
export type Link = z.infer<typeof Link>;

export const Topology = z.discriminatedUnion("kind", [
  /** Every chip reaches every other through a switch in one hop (NVLink/NVSwitch). */
  z.strictObject({ kind: z.literal("switch") }),
  /** Point-to-point links in all-to-all (Gaudi, MI300X, GroqNode); collectives run as rings. */
  z.strictObject({ kind: z.literal("fully-connected") }),
  /** A ring or line of chips. */
  z.strictObject({ kind: z.literal("ring") }),
  /** A rows × cols mesh; `wrap` makes it a torus. Collectives run per axis. */
  z.strictObject({
    kind: z.literal("mesh2d"),
    rows: z.number().int().positive(),
    cols: z.number().int().positive(),
    wrap: z.boolean(),
    /** Parallel links between neighbouring chips along each axis. */
    linksPerNeighbour: z.number().int().positive(),
  }),
]);
export type Topology = z.infer<typeof Topology>;

export const System = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  name: z.string().min(1),
  vendor: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  notes: z.string().optional(),
  chip: z.string().min(1),
  /** Chips in one system (one scale-up domain). */
  chips: z.number().int().positive(),
  topology: Topology,
  scaleUp: Link,
  /** Network between systems (and between disaggregated pools). */
  scaleOut: Link,
  /** Host link, used to swap KV cache out to host memory. */
  host: z.strictObject({ bytesPerSecond: Figure, memoryBytes: Figure.optional() }),
  /**
   * Power of everything in the rack but the chips (host CPUs, NICs, switches, fans), per system;
   * facility cooling is PUE's, not counted here.
   */
  power: z.strictObject({ overheadWatts: DatedFigure.optional() }),
  /** A system's purchase price includes its chips and replaces chips × chip price. */
  price: Price,
});
export type System = z.infer<typeof System>;

/**
 * A model entry is a Hugging Face `config.json` (the fields infercast reads) plus an
 * `infercast` block naming it and its source.
 */
export const ModelMeta = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  name: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  source: z.string().min(1),
  notes: z.string().optional(),
  /** Datatype the weights were released in, used when a scenario names none. */
  releasedWeights: z.string().optional(),
});
export type ModelMeta = z.infer<typeof ModelMeta>;
