/**
 * How a replica's tensor-parallel group splits each layer's matrices: the shape of the group on a
 * mesh, and whether the runtime shards weights over one axis of it (1D: every chip holds a slice
 * of each matrix's output columns, and an all-reduce over the whole group closes each half of a
 * layer) or over both (2D, as tt-metal's Galaxy Llama does: each matrix's hidden dimension is split
 * over the rows and its heads or FFN columns over the columns, each matmul reduces along one axis
 * only, and attention runs data-parallel over the rows, every KV head held once per row).
 */
import type { System } from "../catalog/schema.js";
import { InputError } from "../errors.js";
import { ffnMatrices, type ModelSpec } from "../model/spec.js";
import { divisorsOf, type LayerPart, type Layout } from "./layout.js";

export interface Sharding {
  kind: "1d" | "2d";
  /** Shape of the TP group: rows × cols chips of a mesh (1 × tp elsewhere). */
  rows: number;
  cols: number;
}

/** Shape of a TP group on a rows × cols mesh: `tpRows` rows if given, else along a row first, then whole rows. */
export function meshGroupShape(tp: number, rows: number, cols: number, tpRows?: number): [number, number] {
  const choices = divisorsOf(cols * rows).map(String);
  if (tpRows !== undefined) {
    if (tp % tpRows !== 0 || tpRows > rows || tp / tpRows > cols || cols % (tp / tpRows) !== 0) {
      const message = `a tp group of ${tp} chips in ${tpRows} rows is no sub-mesh of the ${rows} × ${cols} mesh`;
      throw new InputError(
        "tpRows",
        message,
        divisorsOf(tp)
          .filter((r) => r <= rows)
          .map(String),
      );
    }
    return [tpRows, tp / tpRows];
  }
  if (tp <= cols) {
    if (cols % tp !== 0) throw new InputError("tp", `${tp} chips do not tile a mesh row of ${cols}`, choices);
    return [1, tp];
  }
  if (tp % cols !== 0 || tp / cols > rows) {
    throw new InputError("tp", `${tp} chips do not form a sub-mesh of the ${rows} × ${cols} mesh`, choices);
  }
  return [tp / cols, cols];
}

/** KV heads per chip: each of `shards` head groups holds at least one (more shards than heads replicate them). */
export const kvHeadsPerChip = (m: ModelSpec, shards: number): number => Math.max(m.kvHeads, shards) / shards;

/**
 * Bytes each chip sends over the TP links per token per layer (in activation elements), for the
 * halves of a layer `part` runs: what 2D sharding must not exceed to be chosen.
 */
export function tpTrafficPerToken(m: ModelSpec, s: Sharding, part: LayerPart): number {
  const attention = part !== "ffn";
  const ffn = part !== "attention";
  const axis = (n: number) => (n > 1 ? (2 * (n - 1)) / n : 0);
  if (s.kind === "1d") {
    const tp = s.rows * s.cols;
    // an all-reduce over both axes of a sub-mesh, or a ring over a 1 × tp group
    const perReduce = s.rows > 1 ? axis(s.cols) * m.hidden + axis(s.rows) * (m.hidden / s.cols) : axis(tp) * m.hidden;
    return ((attention ? 1 : 0) + (ffn ? 1 : 0)) * perReduce;
  }
  const slice = axis(s.cols) * (m.hidden / s.rows);
  const qkv = (m.heads / s.cols + 2 * kvHeadsPerChip(m, s.cols)) * m.headDim;
  const ffnInput = (ffnMatrices(m) - 1) * Math.ceil(m.ffn.intermediate / s.cols);
  return (attention ? axis(s.rows) * qkv + slice : 0) + (ffn ? axis(s.rows) * ffnInput + slice : 0);
}

/**
 * The sharding `system`'s runtime applies to `layout`: 2D where the runtime shards so, the TP group
 * spans more than one row of the system's mesh, the model is a dense grouped-query one whose heads
 * split over the columns, and 2D sends no more bytes over the links than 1D would; 1D otherwise.
 */
export function shardingOf(system: System, model: ModelSpec, layout: Layout, part: LayerPart): Sharding {
  const topology = system.topology;
  if (layout.tpRows !== undefined && topology.kind !== "mesh2d") {
    throw new InputError("tpRows", `${system.id} is no mesh (its topology is ${topology.kind}); leave tpRows out`);
  }
  if (topology.kind !== "mesh2d" || layout.tp > system.chips) return { kind: "1d", rows: 1, cols: layout.tp };
  const [rows, cols] = meshGroupShape(layout.tp, topology.rows, topology.cols, layout.tpRows);
  const oneD: Sharding = { kind: "1d", rows, cols };
  const twoD: Sharding = { kind: "2d", rows, cols };
  const eligible =
    layout.sharding !== "1d" &&
    system.runtime?.sharding === "2d" &&
    rows > 1 &&
    !model.moe &&
    model.attention.kind !== "mla" &&
    model.heads % cols === 0 &&
    model.hidden % rows === 0;
  return eligible && tpTrafficPerToken(model, twoD, part) <= tpTrafficPerToken(model, oneD, part) ? twoD : oneD;
}
