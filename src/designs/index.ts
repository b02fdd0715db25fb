/**
 * Designs: from a scenario's design entry to the pools and links the event loop runs. Every kind
 * is pools of chips with a layout and a scheduler; they differ only in how the pools are joined.
 */
import type { Design } from "../scenario/schema.js";
import type { RunSetup } from "../sim/run-pool.js";
import { configurePool, setUpPool, type PoolContext } from "./pool.js";
import { setUpDisaggregated } from "./disaggregated.js";
import { setUpUnifiedMesh } from "./unified-mesh.js";

export type { PoolContext } from "./pool.js";

/** The run setup of a design; `field` names it in errors (e.g. `designs.2`). */
export function setUpDesign(design: Design, context: PoolContext, issueUntilSeconds: number, field: string): RunSetup {
  switch (design.kind) {
    case "aggregated": {
      const config = configurePool(design.pool, context, `${field}.pool`, {
        maxBatchTokens: design.scheduler.chunkTokens,
      });
      return {
        pools: [
          { ...setUpPool(config, design.scheduler, "mixed", `${field}.pool`), speculative: design.pool.speculative },
        ],
        issueUntilSeconds,
      };
    }
    case "disaggregated":
      return { ...setUpDisaggregated(design, context, field), issueUntilSeconds };
    case "unified-mesh":
      return { ...setUpUnifiedMesh(design, context, field), issueUntilSeconds };
  }
}
