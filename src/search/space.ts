/**
 * A design's configuration space: from its shape (`DesignShape`, the chips and how they join) to
 * every candidate deployment the search scores. A candidate is one smallest deployment (whole
 * systems for a pool that decodes, whole replicas for a prefill pool) with a layout per pool from
 * the layout enumerator, datatypes the chips compute natively and a prefill:decode ratio; the batch
 * cap and the concurrency are set per point.
 */
import type { Chip } from "../catalog/schema.js";
import { defaultDatatypes, type DesignShape, type DesignTemplate } from "../designs/default-scenario.js";
import { setUpDesign } from "../designs/index.js";
import type { PoolTemplate } from "../designs/sizing.js";
import type { LayerPart } from "../engine/layout.js";
import { InputError } from "../errors.js";
import type { ModelSpec } from "../model/spec.js";
import { formatZodIssue } from "../scenario/load.js";
import { Design, DEFAULT_CHUNK_TOKENS, type Datatypes, type ScenarioInput } from "../scenario/schema.js";
import { fittingLayouts, poolChip, unitChips, type FittingLayout } from "./layouts.js";

type DesignInput = ScenarioInput["designs"][number];

/** One candidate deployment of a design. */
export interface Candidate {
  design: string;
  /** What this candidate chose, in a few words (layouts, datatypes, ratio). */
  label: string;
  /** The design entry with at most `maxSequences` sequences per decode replica. */
  build(maxSequences: number): DesignInput;
  /** Replicas that decode: a closed loop of batch × these users fills every decode replica to `batch`. */
  decodeReplicas: number;
  /** Designs of two pools: the same pools with `prefillUnits` : `decodeUnits` whole units of each, and this one's. */
  withRatio?(prefillUnits: number, decodeUnits: number): Candidate;
  ratio?: [number, number];
}

export interface DesignSpace {
  candidates: Candidate[];
  /** Why the design cannot hold the model at all (no candidate), in one line. */
  infeasible?: string;
}

/**
 * Datatype choices on a chip: the built-in comparison's (fp8 weights and KV, bf16 activations),
 * then, where the chip computes them natively, fp8, fp4 and block-fp8 for weights and
 * activations alike (as InferenceX compares fp8 and fp4 deployments).
 */
export function datatypeChoices(chip: Chip): Datatypes[] {
  const has = (compute: string) =>
    chip.computeFlopsPerSecond[compute as keyof Chip["computeFlopsPerSecond"]] !== undefined;
  const out: Datatypes[] = [defaultDatatypes];
  if (has("fp8")) out.push({ weights: "fp8", activations: "fp8", kv: "fp8" });
  if (has("fp4")) out.push({ weights: "fp4", activations: "fp4", kv: "fp8" });
  if (has("bfp8")) out.push({ weights: "bfp8", activations: "bfp8", kv: "bfp8" });
  return out;
}

const dtypeWords = (d: Datatypes) => (d.weights === d.activations ? `${d.weights}` : `w${d.weights}/a${d.activations}`);
const layoutWords = (l: FittingLayout) => `tp${l.tp}${l.pp > 1 ? `·pp${l.pp}` : ""}${l.ep > 1 ? `·ep${l.ep}` : ""}`;

/** A pool's layouts that fit, per datatype choice (the template's own datatypes only, where it fixes them). */
function poolOptions(
  model: ModelSpec,
  template: PoolTemplate,
  minKvTokens: number,
  part: LayerPart = "whole",
  maxBatchTokens = DEFAULT_CHUNK_TOKENS,
): { datatypes: Datatypes; layout: FittingLayout }[] {
  const chip = poolChip(template);
  const choices = template.datatypes ? [template.datatypes] : datatypeChoices(chip);
  return choices.flatMap((datatypes) =>
    fittingLayouts(
      { model, chip: template.chip, system: template.system, allowed: template.layouts, part },
      datatypes,
      minKvTokens,
      maxBatchTokens,
    ).map((layout) => ({ datatypes, layout })),
  );
}

const hardware = (t: { chip?: string; system?: string }) => (t.system ? { system: t.system } : { chip: t.chip! });

/** Prefill : decode ratios searched, in whole units of each pool: the two around the analytic balance are scored. */
export const poolRatios: [number, number][] = [
  [1, 16],
  [1, 12],
  [1, 8],
  [1, 6],
  [1, 4],
  [1, 3],
  [1, 2],
  [2, 3],
  [1, 1],
  [3, 2],
  [2, 1],
  [3, 1],
  [4, 1],
  [6, 1],
  [8, 1],
  [12, 1],
  [16, 1],
];

/**
 * Prefill layouts searched: prefill is compute-bound, so only the default datatypes and the
 * narrowest the chip computes natively, each with the replica of fewest chips and the most
 * tensor-parallel one (lowest TTFT).
 */
function prefillChoices(model: ModelSpec, template: PoolTemplate, minKvTokens: number) {
  const all = poolOptions(model, template, minKvTokens);
  const datatypes = [...new Set(all.map((o) => o.datatypes))];
  const out: typeof all = [];
  for (const d of [datatypes[0], datatypes.at(-1)]) {
    const mine = all.filter((o) => o.datatypes === d);
    const picks = [mine[0], [...mine].sort((a, b) => b.layout.tp - a.layout.tp)[0]];
    for (const p of picks) if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * Every candidate of a design for `model`, whose replicas hold `minKvTokens` of KV cache (the
 * workload's longest request). A design with none says why in one line.
 */
export function designSpace(
  template: DesignTemplate,
  model: ModelSpec,
  minKvTokens: number,
  releasedWeights?: string,
): DesignSpace {
  const shape = template.shape;
  const name = template.name;
  const none = (what: string): DesignSpace => ({ candidates: [], infeasible: what });
  const where = (t: { chip?: string; system?: string }) => t.system ?? t.chip;
  switch (shape.kind) {
    case "aggregated": {
      const options = poolOptions(model, shape.pool, minKvTokens);
      if (options.length === 0) return none(`no layout of ${where(shape.pool)} holds ${model.id}`);
      return {
        candidates: options.map(({ datatypes, layout }) => {
          const count = unitChips(shape.pool, layout.chipsPerReplica);
          return {
            design: name,
            label: `${layoutWords(layout)} ${dtypeWords(datatypes)} ×${count / layout.chipsPerReplica}`,
            decodeReplicas: count / layout.chipsPerReplica,
            build: (maxSequences) => ({
              name,
              kind: "aggregated",
              pool: { ...hardware(shape.pool), count, ...layoutOf(layout), datatypes },
              scheduler: { maxSequences },
            }),
          };
        }),
      };
    }
    case "disaggregated":
      return disaggregatedSpace(name, shape, model, minKvTokens);
    case "split-decode":
      return splitDecodeSpace(name, shape, model, minKvTokens, releasedWeights);
    case "unified-mesh":
      return meshSpace(name, shape, model, minKvTokens, releasedWeights);
  }
}

const layoutOf = (l: FittingLayout) => ({ tp: l.tp, pp: l.pp, ...(l.ep > 1 ? { ep: l.ep } : {}) });

function disaggregatedSpace(
  name: string,
  shape: Extract<DesignShape, { kind: "disaggregated" }>,
  model: ModelSpec,
  minKvTokens: number,
): DesignSpace {
  const prefill = prefillChoices(model, shape.prefill, minKvTokens);
  if (prefill.length === 0)
    return {
      candidates: [],
      infeasible: `no layout of ${shape.prefill.system ?? shape.prefill.chip} holds ${model.id} for prefill`,
    };
  const decode = poolOptions(model, shape.decode, minKvTokens);
  if (decode.length === 0)
    return {
      candidates: [],
      infeasible: `no layout of ${shape.decode.system ?? shape.decode.chip} holds ${model.id} for decode`,
    };
  const candidates: Candidate[] = [];
  for (const p of prefill) {
    // a prefill unit is one replica: a few chips of a system can prefill for a whole decode pool
    const prefillUnit = p.layout.chipsPerReplica;
    for (const d of decode) {
      const decodeUnit = unitChips(shape.decode, d.layout.chipsPerReplica);
      const withRatio = (pu: number, du: number): Candidate => {
        const prefillChips = prefillUnit * pu;
        const decodeChips = decodeUnit * du;
        return {
          design: name,
          label: `prefill ${layoutWords(p.layout)} ${dtypeWords(p.datatypes)} ×${prefillChips / p.layout.chipsPerReplica}, decode ${layoutWords(d.layout)} ${dtypeWords(d.datatypes)} ×${decodeChips / d.layout.chipsPerReplica}`,
          decodeReplicas: decodeChips / d.layout.chipsPerReplica,
          build: (maxSequences) => ({
            name,
            kind: "disaggregated",
            prefill: { ...hardware(shape.prefill), count: prefillChips, ...layoutOf(p.layout), datatypes: p.datatypes },
            decode: {
              ...hardware(shape.decode),
              count: decodeChips,
              ...layoutOf(d.layout),
              datatypes: d.datatypes,
              scheduler: { maxSequences },
            },
            link: { ...shape.link, count: prefillChips },
          }),
          withRatio,
          ratio: [pu, du],
        };
      };
      candidates.push(withRatio(1, 1));
    }
  }
  return { candidates };
}

/** The largest batch cap the search sets (`BATCHES` × `BATCH_CAP_HEADROOM` in score.ts): racks must hold its activations. */
export const LARGEST_BATCH_CAP = 1024;

/** Racks of the feed-forward system tried, fewest first: the first whose SRAM holds the feed-forward weights is used. */
const FFN_RACKS = [1, 2, 3, 4, 6, 8];

function splitDecodeSpace(
  name: string,
  shape: Extract<DesignShape, { kind: "split-decode" }>,
  model: ModelSpec,
  minKvTokens: number,
  releasedWeights: string | undefined,
): DesignSpace {
  const prefill = prefillChoices(model, shape.prefill, minKvTokens);
  const attention = poolOptions(model, shape.attention, minKvTokens, "attention");
  if (prefill.length === 0 || attention.length === 0)
    return { candidates: [], infeasible: `no layout of ${shape.prefill.system} holds ${model.id}` };
  const ffnChip = poolChip({ system: shape.ffnSystem });
  const rackUnit = unitChips(shape.attention, attention[0].layout.chipsPerReplica);
  const candidates: Candidate[] = [];
  let reason = `the feed-forward weights of ${model.id} do not fit ${FFN_RACKS.at(-1)} ${shape.ffnSystem} racks`;
  for (const p of prefill) {
    for (const a of attention) {
      // the feed-forward half computes in the attention half's datatypes where its chip can, else the default ones
      const ffnDatatypes = datatypeChoices(ffnChip).some(
        (d) => d.weights === a.datatypes.weights && d.activations === a.datatypes.activations,
      )
        ? a.datatypes
        : defaultDatatypes;
      for (const [pu, du] of [
        [1, 1],
        [1, 2],
        [2, 1],
      ]) {
        const prefillChips = p.layout.chipsPerReplica * pu;
        const attentionChips = rackUnit * du;
        const build = (racks: number, maxSequences: number): DesignInput => ({
          name,
          kind: "disaggregated",
          prefill: {
            system: shape.prefill.system!,
            count: prefillChips,
            ...layoutOf(p.layout),
            datatypes: p.datatypes,
          },
          decode: {
            system: shape.attention.system!,
            count: attentionChips,
            ...layoutOf(a.layout),
            datatypes: a.datatypes,
            ffn: { system: shape.ffnSystem, count: shape.ffnRackChips * racks * du, datatypes: ffnDatatypes },
            ffnLink: { ...shape.ffnLink, count: attentionChips },
            scheduler: { maxSequences },
          },
          link: { ...shape.link, count: prefillChips },
        });
        const racks = FFN_RACKS.find(
          (n) => typeof trySetUp(build(n, LARGEST_BATCH_CAP), model, releasedWeights) !== "string",
        );
        if (racks === undefined) {
          const last = trySetUp(build(FFN_RACKS.at(-1)!, LARGEST_BATCH_CAP), model, releasedWeights);
          if (typeof last === "string") reason = last;
          continue;
        }
        candidates.push({
          design: name,
          label: `prefill ${layoutWords(p.layout)} ${dtypeWords(p.datatypes)} ×${prefillChips / p.layout.chipsPerReplica}, attention ${layoutWords(a.layout)} ${dtypeWords(a.datatypes)} ×${attentionChips / a.layout.chipsPerReplica}, ${racks * du} ${shape.ffnSystem} rack(s)`,
          decodeReplicas: attentionChips / a.layout.chipsPerReplica,
          build: (maxSequences) => build(racks, maxSequences),
        });
      }
    }
  }
  return candidates.length ? { candidates } : { candidates: [], infeasible: reason };
}

/**
 * Replica shapes of a mesh tried: a whole 4×8 mesh, half, a row, half a row, and the squarer
 * sub-meshes (2 × 4, 2 × 2) whose 2D-sharded collectives run along shorter axes (docs/designs.md).
 */
const MESH_SHAPES: { tp: number; tpRows?: number }[] = [
  { tp: 32 },
  { tp: 16 },
  { tp: 8 },
  { tp: 8, tpRows: 2 },
  { tp: 4 },
  { tp: 4, tpRows: 2 },
];

function meshSpace(
  name: string,
  shape: Extract<DesignShape, { kind: "unified-mesh" }>,
  model: ModelSpec,
  minKvTokens: number,
  releasedWeights: string | undefined,
): DesignSpace {
  const chip = poolChip({ system: shape.system });
  const splits = shape.split
    ? Array.from({ length: shape.rows - 1 }, (_, i) => ({ prefillRows: i + 1, decodeRows: shape.rows - 1 - i }))
    : [undefined];
  const candidates: Candidate[] = [];
  let reason = `${model.id} does not fit ${shape.split ? "a split" : "one mesh"} of ${shape.system}`;
  for (const datatypes of datatypeChoices(chip)) {
    for (const split of splits) {
      for (const { tp, tpRows } of MESH_SHAPES) {
        const build = (maxSequences: number): DesignInput => ({
          name,
          kind: "unified-mesh",
          system: shape.system,
          galaxies: 1,
          mesh: { rows: shape.rows, cols: shape.cols },
          tp,
          ...(tpRows ? { tpRows } : {}),
          ...(split ? { split } : {}),
          datatypes,
          scheduler: { maxSequences },
        });
        const setup = trySetUp(build(256), model, releasedWeights);
        if (typeof setup === "string") {
          reason = setup;
          continue;
        }
        const decode = setup.pools[setup.pools.length - 1];
        if (decode.kvBlocksPerReplica * decode.scheduler.blockTokens < minKvTokens) continue;
        candidates.push({
          design: name,
          label: `tp${tp}${tpRows ? ` (${tpRows}×${tp / tpRows})` : ""} ${dtypeWords(datatypes)}${split ? ` ${split.prefillRows}:${split.decodeRows} rows` : ""} ×${decode.config.replicas}`,
          decodeReplicas: decode.config.replicas,
          build,
        });
      }
    }
  }
  return candidates.length ? { candidates } : { candidates: [], infeasible: reason };
}

/**
 * A candidate's design, checked as a scenario's would be: a candidate past a schema bound (e.g.
 * more chips in a pool than the schema allows) is an InputError, so the search skips it like any
 * candidate that does not set up.
 */
export function parseDesign(design: DesignInput): Design {
  const parsed = Design.safeParse(design);
  if (!parsed.success) throw formatZodIssue(parsed.error.issues[0], { input: design, schema: Design });
  return parsed.data;
}

/** An error's message without the field it names and the advice after it: why, in one clause. */
const why = (message: string) => message.replace(/^[\w.+-]+: /, "").replace(/; use .*$/, "");

/** The run setup of a built design, or why it does not set up (its scheduler's activation reserve and KV blocks included). */
function trySetUp(design: DesignInput, model: ModelSpec, releasedWeights: string | undefined) {
  try {
    return setUpDesign(
      parseDesign(design),
      { model, releasedWeights, datatypes: defaultDatatypes },
      Infinity,
      design.name,
    );
  } catch (error) {
    if (error instanceof InputError) return why(error.message);
    throw error;
  }
}
