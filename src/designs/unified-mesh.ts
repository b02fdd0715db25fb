/**
 * Unified-mesh designs (Tenstorrent Galaxy): one rows × cols mesh of chips serves both phases by
 * continuous batching with chunked prefill, its replicas tensor-parallel over sub-meshes with
 * collectives per mesh axis. With `split`, rows are divided between a prefill and a decode
 * sub-mesh, and the KV cache crosses the Ethernet links between them: disaggregation inside the
 * same silicon, to weigh against the unified bet.
 */
import * as catalog from "../catalog/index.js";
import { InputError } from "../errors.js";
import type { UnifiedMeshDesign } from "../scenario/schema.js";
import type { KvLink, PoolSetup } from "../sim/run-pool.js";
import { decodeOnly, transferBytesPerToken } from "./disaggregated.js";
import { configurePool, setUpPool, type PoolContext } from "./pool.js";

/** Largest tensor-parallel group on `rows` × `cols` chips that tiles the mesh and divides the heads. */
function meshTp(heads: number, rows: number, cols: number): number {
  const candidates = [
    rows * cols,
    ...Array.from({ length: rows - 1 }, (_, i) => (rows - 1 - i) * cols),
    cols,
    cols / 2,
    cols / 4,
    2,
    1,
  ];
  return (
    candidates.find(
      (tp) =>
        Number.isInteger(tp) &&
        tp >= 1 &&
        heads % tp === 0 &&
        (rows * cols) % tp === 0 &&
        (tp % cols === 0 || cols % tp === 0),
    ) ?? 1
  );
}

export function setUpUnifiedMesh(
  design: UnifiedMeshDesign,
  context: PoolContext,
  field: string,
): { pools: PoolSetup[]; link?: KvLink } {
  const system = catalog.system(design.system, `${field}.system`);
  const topology = system.topology;
  if (topology.kind !== "mesh2d") {
    throw new InputError(
      `${field}.system`,
      `${system.id} is not a mesh (its topology is ${topology.kind})`,
      [...catalog.systems.values()].filter((s) => s.topology.kind === "mesh2d").map((s) => s.id),
    );
  }
  const { rows, cols } = design.mesh;
  if (rows * cols !== system.chips) {
    throw new InputError(
      `${field}.mesh`,
      `${rows} × ${cols} = ${rows * cols} chips does not match ${system.id}'s ${system.chips} chips (${topology.rows} × ${topology.cols})`,
    );
  }
  if (!(rows === topology.rows && cols === topology.cols) && !(rows === topology.cols && cols === topology.rows)) {
    throw new InputError(
      `${field}.mesh`,
      `${rows} × ${cols} is not the shape of ${system.id} (${topology.rows} × ${topology.cols})`,
    );
  }
  const pool = (meshRows: number) => {
    const count = meshRows * cols * design.galaxies;
    const tp = design.tp ?? meshTp(context.model.heads, meshRows, cols);
    return {
      system: system.id,
      count,
      tp,
      pp: 1,
      ep: 1,
      tpRows: design.tpRows,
      sharding: design.sharding,
      datatypes: design.datatypes,
    };
  };
  if (!design.split) {
    const config = configurePool(pool(rows), context, field, { maxBatchTokens: design.scheduler.chunkTokens });
    return { pools: [{ ...setUpPool(config, design.scheduler, "mixed", field), speculative: design.speculative }] };
  }
  const { prefillRows, decodeRows } = design.split;
  if (prefillRows + decodeRows !== rows) {
    throw new InputError(
      `${field}.split`,
      `prefillRows ${prefillRows} + decodeRows ${decodeRows} must equal the mesh's ${rows} rows`,
    );
  }
  const prefill = configurePool(pool(prefillRows), context, `${field}.split.prefillRows`, {
    maxBatchTokens: design.scheduler.chunkTokens,
  });
  const decodeScheduler = decodeOnly(design.scheduler);
  const decode = configurePool(pool(decodeRows), context, `${field}.split.decodeRows`, {
    maxBatchTokens: decodeScheduler.chunkTokens,
  });
  // the KV cache crosses the row boundary: every column's links between the two sub-meshes, per galaxy
  const link = system.scaleUp;
  return {
    pools: [
      setUpPool(prefill, design.scheduler, "prefill", `${field}.split`),
      { ...setUpPool(decode, decodeScheduler, "decode", `${field}.split`), speculative: design.speculative },
    ],
    link: {
      bytesPerSecond:
        cols *
        topology.linksPerNeighbour *
        link.bytesPerSecondPerDirection.value *
        link.efficiency.value *
        design.galaxies,
      latencySeconds: link.latencySeconds.value,
      bytesPerToken: transferBytesPerToken(prefill, decode),
      overlap: true,
    },
  };
}
