/**
 * The page's frontiers: what the frontier worker sent for the search key of the state on screen
 * (each design's estimate, then the confirmed frontiers merged so far), in words for the status
 * line, as the chart source, the verdict above the charts, and a clicked point's design entry.
 */
import type { EstimatedFrontier } from "infercast";
import type { ComparisonResult, ScenarioInput } from "infercast/data";
import type { FrontierSource } from "#frontier-chart-data";
import type { FrontierSeries } from "#frontier-chart";
import { caseVerdict } from "#comparison-verdict";
import type { FrontierMessage } from "./protocol.js";
import { type PageState, searchKey } from "./state.js";

export interface Frontiers {
  key: string;
  designs: string[];
  levels: { level: number; headline: boolean }[];
  estimates: Record<string, EstimatedFrontier>;
  result?: ComparisonResult;
  confirmed: number;
  error?: string;
  /** Milliseconds since navigation at which the charts first showed one design's estimate, every design's, every design confirmed. */
  firstEstimateMilliseconds?: number;
  allEstimatedMilliseconds?: number;
  allConfirmedMilliseconds?: number;
}

export const noFrontiers = (state: PageState): Frontiers => ({
  key: searchKey(state),
  designs: state.designs,
  levels: [],
  estimates: {},
  confirmed: 0,
});

const complete = (f: Frontiers) => f.confirmed === f.designs.length;

/** Where the search stands, for the status line. */
export function frontierWords(f: Frontiers): string {
  const total = f.designs.length;
  const estimated = Object.keys(f.estimates).length;
  if (f.error) return `the frontier search failed: ${f.error}`;
  if (complete(f)) return "Every design's frontier confirmed by the event loop: the same search as infercast compare.";
  if (estimated < total) return `Estimating frontiers analytically: ${estimated} of ${total} designs…`;
  return `Estimated frontiers (analytic, dashed), confirming with the event loop: ${f.confirmed} of ${total} designs confirmed…`;
}

/** Takes in a worker message for these frontiers. */
export function receive(f: Frontiers, message: Exclude<FrontierMessage, { type: "progress" }>): void {
  if (message.type === "estimate") {
    f.estimates[message.estimate.design] = message.estimate;
    f.levels = message.levels;
  } else if (message.type === "confirmed") {
    f.result = message.result;
    f.confirmed = message.result.cases[0].frontiers?.length ?? 0;
  } else f.error = message.message;
}

/** Marks the stages the charts have reached, drawn at `now` (milliseconds since navigation). */
export function markDrawn(f: Frontiers, now: number): void {
  const estimated = Object.keys(f.estimates).length;
  if (estimated > 0) f.firstEstimateMilliseconds ??= now;
  if (estimated === f.designs.length) f.allEstimatedMilliseconds ??= now;
  if (complete(f)) f.allConfirmedMilliseconds ??= now;
}

/** What the charts draw: the confirmed frontiers, and the estimates of the designs not confirmed yet. */
export function frontierSource(f: Frontiers, state: PageState): FrontierSource {
  const c = f.result?.cases[0];
  return {
    model: state.model,
    workload: state.workload,
    designs: f.designs,
    confirmed: c?.frontiers ?? [],
    estimated: Object.values(f.estimates),
    levels: c?.levels ?? f.levels,
    basis: f.result?.basis ?? "mw",
  };
}

/** The report's verdict of the designs confirmed so far (none before the first), said to be partial until all are. */
export function verdictText(f: Frontiers): string | null {
  const c = f.result?.cases[0];
  if (!c) return null;
  const lines = caseVerdict(c, f.result!);
  return complete(f)
    ? lines.join("\n")
    : [`So far, ${f.confirmed} of ${f.designs.length} designs confirmed:`, ...lines].join("\n");
}

/** The design entry behind a drawn point (an estimate's or a confirmed point's). */
export function pointEntry(
  f: Frontiers,
  series: FrontierSeries,
  pointIndex: number,
): ScenarioInput["designs"][number] | undefined {
  const at = series.sources[pointIndex];
  return series.estimated
    ? f.estimates[series.design]?.points[at]?.design
    : f.result?.cases[0].frontiers?.find((d) => d.design === series.design)?.points[at]?.scenario.designs[0];
}
