/**
 * The result of `compare`: every design of a scenario (or of the built-in default scenario) run on
 * each model and workload, side by side, with what binds each design.
 */
import type { Budget } from "../designs/sizing.js";
import type { ScenarioInput } from "../scenario/schema.js";
import type { DesignResult } from "./results.js";

/** What limits a design in a run, in words a hardware architect uses. */
export type Binding =
  | "prefill compute"
  | "prefill bandwidth"
  | "decode bandwidth"
  | "decode compute"
  | "KV capacity"
  | "link"
  | "SRAM capacity"
  | "overhead"
  | "network";

export interface DesignVerdict {
  design: string;
  binding: Binding;
  /** One line: what binds, and the figures that show it. */
  explanation: string;
}

/** One model × workload: every design's result and verdict. */
export interface ComparisonCase {
  model: string;
  /** Workload name (e.g. `chat`, `agent`) and its description. */
  workload: string;
  workloadDescription: string;
  /** The workload exactly as simulated, so any figure can be checked with `simulate`. */
  workloadSpec?: ScenarioInput["workload"];
  results: DesignResult[];
  verdicts: DesignVerdict[];
}

export interface ComparisonResult {
  /** What the designs were sized to (equal power, equal cost or equal chips), as the user chose. */
  budget: Budget;
  /** How the sizing went, in words (e.g. "each design sized to ≈ 20 kW of IT power"). */
  budgetDescription: string;
  slo: { ttftSeconds: number; tpotSeconds: number; percentile: number };
  cases: ComparisonCase[];
  /** Every design result of every case, each carrying `design`, `model` and `workload` (the JSON `results`). */
  results: (DesignResult & { workload: string })[];
}
