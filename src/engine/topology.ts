/**
 * From a system's topology and a replica's layout to the links and algorithm each collective uses.
 * Chips of a replica are laid out stage by stage; a TP or EP group larger than one system, and
 * pipeline boundaries between systems, use the scale-out network.
 */
import type { Link, System } from "../catalog/schema.js";
import { InputError } from "../errors.js";
import { divisorsOf, type Layout } from "./layout.js";

/** A link as a collective costs it: per-direction bandwidth, latency per hop and achievable share. */
export interface LinkCost {
  bytesPerSecond: number;
  latencySeconds: number;
  efficiency: number;
}

/** How the tensor-parallel all-reduce runs: one pass through a switch, a ring, or per axis of a sub-mesh. */
export type AllReduceAlgorithm = "switch" | "ring" | "mesh";

export interface Collectives {
  /** Tensor-parallel all-reduce; `mesh` gives the group's shape when the algorithm is `mesh`. */
  tp: LinkCost & { algorithm: AllReduceAlgorithm; mesh?: { rows: number; cols: number } };
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

/** The collectives of `layout` on `system`. */
export function collectives(system: System, layout: Layout): Collectives {
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
      const [rows, cols] = meshGroupShape(layout.tp, topology.rows, topology.cols);
      tp = { algorithm: "mesh", mesh: { rows, cols }, ...link };
    } else tp = { algorithm: "ring", ...link };
  }

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
  return { tp, ep, pp, warnings };
}

/** Shape of a TP group on a rows × cols mesh: along a row first, then whole rows. */
function meshGroupShape(tp: number, rows: number, cols: number): [number, number] {
  if (tp <= cols) {
    if (cols % tp !== 0) {
      throw new InputError("tp", `${tp} chips do not tile a mesh row of ${cols}`, divisorsOf(cols * rows).map(String));
    }
    return [1, tp];
  }
  if (tp % cols !== 0 || tp / cols > rows) {
    const message = `${tp} chips do not form a sub-mesh of the ${rows} × ${cols} mesh`;
    throw new InputError("tp", message, divisorsOf(cols * rows).map(String));
  }
  return [tp / cols, cols];
}
