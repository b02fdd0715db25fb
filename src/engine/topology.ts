/**
 * From a system's topology and a replica's layout to the links and algorithm each collective uses.
 * Chips of a replica are laid out stage by stage; a TP or EP group larger than one system, and
 * pipeline boundaries between systems, use the scale-out network.
 */
import type { Link, System } from "../catalog/schema.js";
import type { Layout } from "./layout.js";
import type { Sharding } from "./sharding.js";

/** A link as a collective costs it: per-direction bandwidth, latency per hop and achievable share. */
export interface LinkCost {
  bytesPerSecond: number;
  latencySeconds: number;
  efficiency: number;
}

/**
 * How the tensor-parallel collectives run: one pass through a switch, a ring, per axis of a sub-mesh
 * (1D sharding), or each matmul's along one axis of it (2D sharding).
 */
export type AllReduceAlgorithm = "switch" | "ring" | "mesh" | "mesh-2d";

export interface Collectives {
  /** Tensor-parallel collectives; `mesh` gives the group's shape on a mesh. */
  tp: LinkCost & { algorithm: AllReduceAlgorithm; mesh?: { rows: number; cols: number } };
  /** Share of the TP collectives' time the runtime hides under the layer's matmuls, and whether it fuses them into the matmuls. */
  overlap: { share: number; prefillShare: number; fused: boolean };
  /** Expert-parallel all-to-all, with the mean hops a message travels. */
  ep: LinkCost & { hops: number };
  /** Pipeline hand-overs inside a system (`up`) and between systems (`out`), with how many of each. */
  pp: { up: LinkCost & { hops: number }; out: LinkCost & { hops: number } };
  /** Collectives forced off the scale-up network. */
  warnings: string[];
}

const cost = (link: Link, bytesPerSecond: number): LinkCost => ({
  bytesPerSecond,
  latencySeconds: link.latencySeconds.value,
  efficiency: link.efficiency.value,
});

/** The collectives of `layout`, sharded as `sharding` says, on `system`. */
export function collectives(system: System, layout: Layout, sharding: Sharding): Collectives {
  const topology = system.topology;
  const up = system.scaleUp;
  const out = system.scaleOut;
  const perNeighbour = topology.kind === "mesh2d" ? topology.linksPerNeighbour : 1;
  const warnings: string[] = [];

  let tp: Collectives["tp"];
  if (layout.tp > system.chips) {
    const spans = `tp ${layout.tp} spans more than one ${system.id} (${system.chips} chips)`;
    warnings.push(`${spans}: tensor-parallel all-reduce runs over ${out.name}`);
    tp = { algorithm: "ring", ...cost(out, out.bytesPerSecondPerDirection.value) };
  } else {
    const link = cost(up, up.bytesPerSecondPerDirection.value * perNeighbour);
    if (topology.kind === "switch") tp = { algorithm: "switch", ...link };
    else if (topology.kind === "mesh2d") {
      const mesh = { rows: sharding.rows, cols: sharding.cols };
      tp = { algorithm: sharding.kind === "2d" ? "mesh-2d" : "mesh", mesh, ...link };
    } else tp = { algorithm: "ring", ...link };
  }
  const runtime = system.runtime;
  const overlap = {
    share: runtime?.collectiveOverlap.value ?? 0,
    prefillShare: runtime?.prefillCollectiveOverlap?.value ?? 0,
    fused: runtime?.fusedCollectives ?? false,
  };

  const expertGroup = layout.tp * layout.ep;
  const epInside = expertGroup <= system.chips;
  const epLink = epInside ? up : out;
  // hops a message travels: one through a switch or a direct link; on a mesh the mean Manhattan
  // distance, on a bidirectional ring a quarter of the way round
  const epHops =
    epInside && topology.kind === "mesh2d"
      ? (topology.rows + topology.cols) / 3
      : epInside && topology.kind === "ring"
        ? layout.ep / 4
        : 1;
  const ep = { ...cost(epLink, epLink.bytesPerSecondPerDirection.value * (epInside ? perNeighbour : 1)), hops: epHops };

  // each of a stage's tp chips sends its slice of the activations to the next stage
  const stageChips = expertGroup;
  let hopsOut = 0;
  for (let boundary = 1; boundary < layout.pp; boundary++) {
    const lastChip = boundary * stageChips - 1;
    if (Math.floor(lastChip / system.chips) !== Math.floor((lastChip + 1) / system.chips)) hopsOut++;
  }
  const pp = {
    up: { ...cost(up, up.bytesPerSecondPerDirection.value * perNeighbour * layout.tp), hops: layout.pp - 1 - hopsOut },
    out: { ...cost(out, out.bytesPerSecondPerDirection.value * layout.tp), hops: hopsOut },
  };
  return { tp, overlap, ep, pp, warnings };
}
