/** Messages between the page and its two engine workers: one runs the page's scenario, one searches the frontiers. */
import type { ComparisonResult, ScenarioInput } from "infercast/data";
import type { EstimatedFrontier } from "infercast";
import type { PageState } from "./state.js";

/** Template units a design runs with: decode units (all units of a one-pool design) and, when disaggregated, prefill units. */
export interface DesignUnits {
  units: number;
  prefillUnits?: number;
}

/** A state to run, or (the first run) the URL's query, which the worker parses as the page does. */
export type RunRequest = { id: number; state: PageState } | { id: number; query: string };

export type WorkerMessage =
  | { id: number; type: "progress"; fraction: number; label: string }
  | {
      id: number;
      type: "result";
      scenario: ScenarioInput;
      result: ComparisonResult;
      /** How the built-in sizing went (budget, skipped or resized designs). */
      sizing: string;
      /** Template units of each design as run (for the design editor). */
      units: Record<string, DesignUnits>;
      seconds: number;
    }
  | { id: number; type: "error"; field: string | null; message: string };

/**
 * The frontiers a state asks for (its model, workload, designs, SLO and ranges: what `compare`
 * searches), or (on load) the URL's query. A search for another key stops the one running.
 */
export type FrontierRequest = { kind: "frontiers"; state: PageState } | { kind: "frontiers"; query: string };

/** The frontier search as it goes: each design's analytic estimate, then each confirmed frontier, merged so far. */
export type FrontierMessage =
  | {
      kind: "frontiers";
      key: string;
      type: "estimate";
      estimate: EstimatedFrontier;
      /** Output tokens/s per user the frontiers are read at, the headline (1 / TPOT) marked. */
      levels: { level: number; headline: boolean }[];
    }
  | { kind: "frontiers"; key: string; type: "progress"; design: string; fraction: number }
  | {
      kind: "frontiers";
      key: string;
      type: "confirmed";
      /** The designs confirmed so far, searched one at a time and merged (`searchedCase`). */
      result: ComparisonResult;
    }
  | { kind: "frontiers"; key: string; type: "error"; message: string };
