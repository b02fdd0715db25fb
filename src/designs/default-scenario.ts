/**
 * The built-in comparison of docs/designs.md §3: every design (GPU aggregated and disaggregated, GPU
 * + Groq LPU, Rubin + LPX per-layer split, Trainium2 + Cerebras, Intel GPU + SambaNova, Lumai
 * optical prefill, Tenstorrent Galaxy unified and split), each sized from the smallest layout that
 * holds the model, for Llama 3.1 70B and DeepSeek-R1 on a chat and an agent workload.
 */
import type { LayerPart } from "../engine/layout.js";
import type { ModelSpec } from "../model/spec.js";
import { DEFAULT_CHUNK_TOKENS, type Datatypes, type ScenarioInput, type Slo } from "../scenario/schema.js";
import { addCosts, poolCost, smallestFit, type PoolTemplate, type SizedPool, type UnitCost } from "./sizing.js";

type DesignInput = ScenarioInput["designs"][number];

export const defaultModels = ["llama-3.1-70b", "deepseek-r1"] as const;

export const defaultDatatypes: Datatypes = { weights: "fp8", activations: "bf16", kv: "fp8" };

/** Chat-grade service: first token within 2 s and 50 ms per output token, for 90% of requests. */
export const defaultSlo: Slo = { ttftSeconds: 2, tpotSeconds: 0.05, percentile: 90 };

/** The two workloads, at a rate set later (70% of the GPU baseline's capacity). */
export const defaultWorkloads = {
  chat: (ratePerSecond: number, requests: number): ScenarioInput["workload"] => ({
    arrival: { kind: "poisson", ratePerSecond },
    input: { kind: "lognormal", mean: 1000, sigma: 1.0, min: 16, max: 16384 },
    output: { kind: "lognormal", mean: 250, sigma: 0.6, min: 1, max: 4096 },
    requests,
    seed: 1,
  }),
  agent: (ratePerSecond: number, requests: number): ScenarioInput["workload"] => ({
    // sessions of ~8 turns whose context grows towards ~32k tokens, reusing the prefix
    arrival: { kind: "poisson", ratePerSecond: ratePerSecond / 8 },
    input: { kind: "lognormal", mean: 4000, sigma: 0.5, min: 256, max: 16384 },
    output: { kind: "lognormal", mean: 500, sigma: 0.6, min: 1, max: 4096 },
    sessions: {
      turns: { kind: "uniform", min: 6, max: 10 },
      thinkSeconds: 5,
      newTokens: { kind: "lognormal", mean: 3000, sigma: 0.5, min: 64, max: 8192 },
    },
    requests,
    seed: 1,
  }),
} as const;
export type DefaultWorkload = keyof typeof defaultWorkloads;

/** Tensor × pipeline layouts up to `maxChips`, fewest chips first (ties: more tensor parallelism). */
export function layouts(tps: number[], maxPp: number, maxChips = 8192): { tp: number; pp: number }[] {
  const out: { tp: number; pp: number }[] = [];
  for (const tp of tps) for (let pp = 1; pp <= maxPp; pp++) if (tp * pp <= maxChips) out.push({ tp, pp });
  return out.sort((a, b) => a.tp * a.pp - b.tp * b.pp || b.tp - a.tp);
}

export const gpuLayouts = layouts([1, 2, 4, 8], 4, 32);

/** One unit of a design: the design entry for `units` units, and the figures of one unit. */
export interface DesignUnit {
  /** Figures of one unit. */
  cost: UnitCost;
  /** Figures of `units` units (system overheads and prices counted per whole system, not per unit). */
  costOf(units: number): UnitCost;
  design(units: number): DesignInput;
  /** Disaggregated designs: prefill and decode units sized apart (any prefill:decode ratio). */
  pools?: {
    costOf(prefillUnits: number, decodeUnits: number): UnitCost;
    design(prefillUnits: number, decodeUnits: number): DesignInput;
  };
}

/** A link between pools: bandwidth per direction and latency of one link, one link per prefill chip. */
export interface LinkTemplate {
  bandwidthBytesPerSecond: number;
  latencySeconds: number;
}

/**
 * What a design is made of, for the configuration search (`src/search/space.ts`): its pools'
 * chips and candidate layouts, and how they join. The search varies layouts, datatypes, pool
 * ratios and batch caps inside this shape; it never changes the hardware.
 */
export type DesignShape =
  | { kind: "aggregated"; pool: PoolTemplate }
  | { kind: "disaggregated"; prefill: PoolTemplate; decode: PoolTemplate; link: LinkTemplate }
  | {
      kind: "split-decode";
      /** Prefill and the decode's attention half on one system; the feed-forward half on racks of another. */
      prefill: PoolTemplate;
      attention: PoolTemplate;
      ffnSystem: string;
      /** Chips of one feed-forward rack. */
      ffnRackChips: number;
      link: LinkTemplate;
      ffnLink: LinkTemplate;
    }
  | { kind: "unified-mesh"; system: string; rows: number; cols: number; split: boolean };

export interface DesignTemplate {
  name: string;
  /** What the design is, in a line. */
  summary: string;
  /** The chips and how they join, for the configuration search. */
  shape: DesignShape;
  /** The smallest unit for `model` with the default datatypes, or why there is none. */
  unit(model: ModelSpec): DesignUnit | { infeasible: string };
}

/** Tokens a replica must hold for the default workloads' longest requests. */
const kvFloor = 32_768;

function fit(model: ModelSpec, template: PoolTemplate, part: LayerPart = "whole"): SizedPool | undefined {
  const sized = smallestFit(
    model,
    { ...template, datatypes: template.datatypes ?? defaultDatatypes },
    kvFloor,
    // activations reserved for the step the designs' schedulers run: the default chunk
    DEFAULT_CHUNK_TOKENS,
    part,
  );
  // the scenario's datatypes apply unless the template chose its own
  return sized && !template.datatypes ? { ...sized, datatypes: undefined } : sized;
}

const pool = (s: SizedPool, replicas: number) => ({
  ...(s.system ? { system: s.system } : { chip: s.chip }),
  count: s.chipsPerReplica * replicas,
  tp: s.tp,
  pp: s.pp,
  ...(s.ep > 1 ? { ep: s.ep } : {}),
  ...(s.datatypes ? { datatypes: s.datatypes } : {}),
});

/** A prefill pool and a decode pool of their own chips, joined by a link of `linkBytesPerSecond` per prefill chip. */
function disaggregated(
  name: string,
  summary: string,
  prefill: PoolTemplate,
  decode: PoolTemplate,
  linkBytesPerSecond: number,
  latencySeconds: number,
): DesignTemplate {
  return {
    name,
    summary,
    shape: {
      kind: "disaggregated",
      prefill,
      decode,
      link: { bandwidthBytesPerSecond: linkBytesPerSecond, latencySeconds },
    },
    unit(model) {
      const p = fit(model, prefill);
      const d = fit(model, decode);
      if (!p) return { infeasible: `no layout of ${prefill.chip ?? prefill.system} holds ${model.id} for prefill` };
      if (!d) return { infeasible: `no layout of ${decode.chip ?? decode.system} holds ${model.id} for decode` };
      const design = (prefillUnits: number, decodeUnits: number): DesignInput => ({
        name,
        kind: "disaggregated",
        prefill: pool(p, prefillUnits),
        decode: pool(d, decodeUnits),
        link: { bandwidthBytesPerSecond: linkBytesPerSecond, latencySeconds, count: p.chipsPerReplica * prefillUnits },
      });
      const costOf = (prefillUnits: number, decodeUnits: number) =>
        addCosts([poolCost(p, p.chipsPerReplica * prefillUnits), poolCost(d, d.chipsPerReplica * decodeUnits)]);
      return {
        cost: costOf(1, 1),
        costOf: (units) => costOf(units, units),
        design: (units) => design(units, units),
        pools: { costOf, design },
      };
    },
  };
}

const h200: PoolTemplate = { system: "nvidia-hgx-h200-8", layouts: gpuLayouts };
const sramLayouts = layouts([8, 16, 32, 64], 96);

export const defaultDesigns: DesignTemplate[] = [
  {
    name: "gpu-aggregated",
    summary: "HGX H200, continuous batching with chunked prefill (vLLM/SGLang/TRT-LLM)",
    shape: { kind: "aggregated", pool: h200 },
    unit(model) {
      const s = fit(model, h200);
      if (!s) return { infeasible: `${model.id} does not fit in 32 H200s` };
      const costOf = (units: number) => poolCost(s, s.chipsPerReplica * units);
      return {
        cost: costOf(1),
        costOf,
        design: (units) => ({ name: "gpu-aggregated", kind: "aggregated", pool: pool(s, units) }),
      };
    },
  },
  disaggregated(
    "gpu-disaggregated",
    "H200 prefill pool + H200 decode pool, KV over 400 Gb/s NICs (DistServe, Dynamo)",
    h200,
    h200,
    50e9,
    5e-6,
  ),
  disaggregated(
    "gpu+groq-lpu",
    "B200 prefill + Groq LPU v1 decode (weights and KV in SRAM over hundreds of chips)",
    { system: "nvidia-dgx-b200-8", layouts: gpuLayouts },
    { system: "groq-rack", layouts: sramLayouts },
    50e9,
    5e-6,
  ),
  {
    name: "rubin+lpx",
    summary: "Vera Rubin NVL72 prefill; decode split per layer: attention on Rubin, feed-forward on a Groq 3 LPX rack",
    shape: {
      kind: "split-decode",
      prefill: { system: "nvidia-vr-nvl72", layouts: layouts([2, 4, 8], 1) },
      attention: { system: "nvidia-vr-nvl72", layouts: layouts([2, 4, 8], 1) },
      ffnSystem: "groq-lpx",
      ffnRackChips: 256,
      link: { bandwidthBytesPerSecond: 800e9, latencySeconds: 2e-6 },
      ffnLink: { bandwidthBytesPerSecond: 400e9, latencySeconds: 2e-6 },
    },
    unit(model) {
      const rubin: PoolTemplate = { system: "nvidia-vr-nvl72", layouts: layouts([8], 1) };
      const p = fit(model, rubin);
      const a = fit(model, rubin, "attention");
      if (!p || !a) return { infeasible: `${model.id} does not fit 8 Rubin GPUs` };
      // enough LPX racks (256 LP30 each) to hold the feed-forward weights in SRAM, layers pipelined
      const racks = [1, 2, 3, 4, 6, 8].find((n) => {
        const count = 256 * n;
        const pp = [...Array(Math.min(count, model.layers.length)).keys()]
          .map((i) => i + 1)
          .filter((d) => count % d === 0)
          .pop()!;
        return fit(model, { system: "groq-lpx", layouts: [{ tp: count / pp, pp }] }, "ffn") !== undefined;
      });
      if (racks === undefined)
        return { infeasible: `the feed-forward weights of ${model.id} do not fit eight LPX racks` };
      const lpx = 256 * racks;
      const costOf = (units: number) =>
        addCosts([poolCost(p, 72 * units), poolCost(a, 72 * units), poolCost({ system: "groq-lpx" }, lpx * units)]);
      return {
        cost: costOf(1),
        costOf,
        design: (units) => ({
          name: "rubin+lpx",
          kind: "disaggregated",
          prefill: { system: "nvidia-vr-nvl72", count: 72 * units, tp: 8 },
          decode: {
            system: "nvidia-vr-nvl72",
            count: 72 * units,
            tp: 8,
            ffn: { system: "groq-lpx", count: lpx * units },
            ffnLink: { bandwidthBytesPerSecond: 400e9, latencySeconds: 2e-6, count: 72 * units },
          },
          link: { bandwidthBytesPerSecond: 800e9, latencySeconds: 2e-6, count: 72 * units },
        }),
      };
    },
  },
  disaggregated(
    "trainium2+cerebras",
    "Trainium2 prefill + Cerebras CS-3 decode (wafers pipelined), KV over EFA",
    { system: "aws-trn2-ultraserver", layouts: layouts([4, 8, 16], 4, 64) },
    { system: "cerebras-cs3", layouts: layouts([1], 61) },
    25e9,
    10e-6,
  ),
  disaggregated(
    "intel-gpu+sambanova",
    "Intel Crescent Island prefill (projected) + SambaNova SN40L decode (weights in HBM, DDR holds other models)",
    { system: "intel-crescent-island-8", layouts: gpuLayouts },
    { system: "sambanova-sn40l-16", layouts: layouts([8, 16], 4, 64) },
    50e9,
    5e-6,
  ),
  disaggregated(
    "lumai-optical+gpu",
    "Lumai Iris optical prefill (projected figures) + H200 decode",
    {
      system: "lumai-iris-server",
      layouts: layouts([1, 2, 4, 8], 4, 32),
      datatypes: { weights: "fp8", activations: "fp8", kv: "fp8" },
    },
    h200,
    50e9,
    5e-6,
  ),
  {
    name: "galaxy-blackhole",
    summary: "Tenstorrent Galaxy Blackhole: one 4×8 mesh serves both phases (RISC-V-driven data movement)",
    shape: { kind: "unified-mesh", system: "tenstorrent-galaxy-blackhole", rows: 4, cols: 8, split: false },
    unit: (model) => galaxy(model, false),
  },
  {
    name: "galaxy-blackhole-split",
    summary: "The same Galaxy split inside the mesh: one row prefills, three rows decode",
    shape: { kind: "unified-mesh", system: "tenstorrent-galaxy-blackhole", rows: 4, cols: 8, split: true },
    unit: (model) => galaxy(model, true),
  },
];

function galaxy(model: ModelSpec, split: boolean): ReturnType<DesignTemplate["unit"]> {
  const name = split ? "galaxy-blackhole-split" : "galaxy-blackhole";
  // a replica is the whole mesh (tp 32), or one row (tp 8) when the mesh is split
  const fits = fit(model, { system: "tenstorrent-galaxy-blackhole", layouts: [{ tp: split ? 8 : 32 }] });
  if (!fits)
    return {
      infeasible: `${model.id} does not fit ${split ? "one row (8 chips)" : "one mesh (32 chips)"} of a Galaxy`,
    };
  return {
    cost: poolCost({ system: "tenstorrent-galaxy-blackhole" }, 32),
    costOf: (units) => poolCost({ system: "tenstorrent-galaxy-blackhole" }, 32 * units),
    design: (units) => ({
      name,
      kind: "unified-mesh",
      system: "tenstorrent-galaxy-blackhole",
      galaxies: units,
      mesh: { rows: 4, cols: 8 },
      ...(split ? { split: { prefillRows: 1, decodeRows: 3 } } : {}),
    }),
  };
}
