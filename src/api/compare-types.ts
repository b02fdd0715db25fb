/**
 * The result of `compare`: every design of a scenario (or of the built-in default scenario) run on
 * each model and workload, side by side, with what binds each design.
 */
import type { Budget } from "../designs/sizing.js";
import type { ScenarioInput } from "../scenario/schema.js";
import type { RankingBasis } from "../search/score.js";
import type { SteadyVerdict } from "../search/steady.js";
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

/** One confirmed point of a design's frontier: a closed loop that reached steady state in the event loop. */
export interface FrontierPoint {
  /** The scenario that reproduces it: `infercast simulate` on it gives these figures. */
  scenario: ScenarioInput;
  /** What the search chose (layouts, datatypes, prefill:decode ratio), in a few words. */
  label: string;
  /** Closed-loop users, and the batch cap per decode replica. */
  concurrency: number;
  maxSequences: number;
  /** Mean over requests of 1 / TPOT (docs/scheduler.md): the interactivity axis. */
  outputTokensPerSecondPerUser: number;
  ttftSeconds: { p50: number | null; p90: number | null };
  /** TTFT at the SLO's percentile (what the TTFT filter reads). */
  ttftAtPercentileSeconds: number | null;
  outputTokensPerSecond: number;
  /** Prompt (cached prefixes included) plus output tokens per second: not the same as output tokens/s. */
  promptAndOutputTokensPerSecond: number;
  chips: number;
  outputTokensPerSecondPerChip: number;
  /** Per MW of facility power (PUE included), and per MW of IT power beside it; null where power is unknown. */
  outputTokensPerSecondPerMegawattFacility: number | null;
  outputTokensPerSecondPerMegawattIt: number | null;
  /** Output tokens/s per hardware $/hour (electricity included where bought); null where the price is unknown. */
  outputTokensPerSecondPerUsdPerHour: number | null;
  usdPerMillionOutputTokens: number | null;
  joulesPerOutputToken: number | null;
  /** How the hardware is priced in this point: rental, purchase, both mixed, or unknown. */
  pricing: "rental" | "purchase" | "mixed" | null;
  /** What binds this point, as `verdict` says it. */
  binding: Binding;
  explanation: string;
  /** With `--range`: the ranking basis's value with every ranged chip at its low and its high efficiencies. */
  range?: { low: number | null; high: number | null };
  steady: SteadyVerdict;
  /** The run itself (every metric), for the detailed tables. */
  result: DesignResult;
}

/** A design's searched frontier for one case, or why it has none. */
export interface DesignFrontier {
  design: string;
  summary: string;
  /** Why the design cannot hold the model (then `points` is empty). */
  infeasible?: string;
  /** Confirmed frontier points, per-user speed rising (the basis's throughput then falls). */
  points: FrontierPoint[];
  /** Why the design is not ranked on the chosen basis (power or price unknown, another pricing basis). */
  unranked?: string;
  searched: {
    candidates: number;
    /** Analytic points scored, and those on the analytic frontier sent to the event loop. */
    scored: number;
    sentToEventLoop: number;
    /** Event-loop runs that failed the steady-state test even when rerun longer: dropped, never shown. */
    droppedUnsteady: number;
    /** Confirmed points the TTFT filter excluded. */
    excludedByTtft: number;
  };
}

/** One level of per-user speed: every design's throughput there, best first. */
export interface LevelReading {
  /** Output tokens/s per user. */
  level: number;
  /** The level stands for the `--tpot` SLO (1 / TPOT). */
  headline: boolean;
  readings: {
    design: string;
    /** The basis's throughput, interpolated between two confirmed points (never extrapolated). */
    value: number;
    /** Ends of the projected-efficiency range, with `--range`. */
    low?: number;
    high?: number;
    /** What binds the confirmed point at or above the level. */
    binding: Binding;
    /** The confirmed point at or above the level: its configuration can be pasted into a scenario. */
    point: FrontierPoint;
  }[];
  /** Designs with a frontier that do not reach the level, with what binds their fastest point. */
  unreachable: { design: string; fastest: number; binding: Binding }[];
}

/** The verdict at one level: the winner and its margins. */
export interface LevelVerdict {
  level: number;
  headline: boolean;
  winner: string | null;
  /** Winner's value over the runner-up's and the GPU baseline's (null where there is none). */
  overRunnerUp: number | null;
  runnerUp: string | null;
  overBaseline: number | null;
  binding: Binding | null;
  /** The runner-up's range overlaps the winner's (`--range`). */
  withinUncertainty: boolean;
}

/** One model × workload: every design's result and verdict. */
export interface ComparisonCase {
  model: string;
  /** Workload name (e.g. `chat`, `agent`) and its description. */
  workload: string;
  workloadDescription: string;
  /** The workload exactly as simulated, so any figure can be checked with `simulate`. */
  workloadSpec?: ScenarioInput["workload"];
  /** Per design: the confirmed point at the headline level (or its fastest below it); as run, for a scenario. */
  results: DesignResult[];
  verdicts: DesignVerdict[];
  /** Searched designs (the built-in comparison): each design's frontier, the levels and the verdict. */
  frontiers?: DesignFrontier[];
  levels?: LevelReading[];
  verdict?: LevelVerdict[];
}

export interface ComparisonResult {
  /** What designs are ranked by (the built-in comparison): output tokens/s per MW, per $/hour or per chip. */
  basis?: RankingBasis;
  /** The TTFT filter (null when off) at the SLO's percentile. */
  ttftFilterSeconds?: number | null;
  /** Notes of the whole run, each once (e.g. a chip lacking a datatype's compute). */
  notes?: string[];
  /** What the designs were sized to (equal power, equal cost or equal chips), as the user chose. */
  budget: Budget;
  /** How the sizing went, in words (e.g. "each design sized to ≈ 20 kW of IT power"). */
  budgetDescription: string;
  slo: { ttftSeconds: number; tpotSeconds: number; percentile: number };
  cases: ComparisonCase[];
  /** Every design result of every case, each carrying `design`, `model` and `workload` (the JSON `results`). */
  results: (DesignResult & { workload: string })[];
}
