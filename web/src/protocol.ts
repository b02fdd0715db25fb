/** Messages between the page and its compare worker. */
import type { ComparisonResult, ScenarioInput } from "infercast/data";
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
