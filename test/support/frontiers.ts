// A searched case for the report tests: designs with frontiers per MW, per $ and per chip, one
// without power or price, one with no confirmed point, and the levels with the SLO at 50 tokens/s.
import type { ComparisonCase, ComparisonResult, DesignFrontier, FrontierPoint } from "../../src/api/compare-types.js";
import { result } from "./comparison.js";

const point = (x: number, mw: number | null, usd: number | null, chip: number): FrontierPoint =>
  ({
    label: "tp1 fp8 ×8",
    concurrency: 64,
    maxSequences: 16,
    scenario: {
      designs: [
        {
          name: "gpu",
          kind: "aggregated",
          pool: { system: "nvidia-hgx-h200-8", count: 8, tp: 1 },
          scheduler: { maxSequences: 16 },
        },
      ],
    },
    ttftSeconds: { p50: 0.2, p90: 0.4 },
    binding: "decode bandwidth",
    outputTokensPerSecondPerUser: x,
    outputTokensPerSecondPerMegawattFacility: mw,
    outputTokensPerSecondPerUsdPerHour: usd,
    outputTokensPerSecondPerChip: chip,
    pricing: usd === null ? null : "rental",
  }) as FrontierPoint;

const frontier = (design: string, points: FrontierPoint[]): DesignFrontier => ({
  design,
  summary: "",
  points,
  searched: { candidates: 1, scored: 1, sentToEventLoop: 1, droppedUnsteady: 0, excludedByTtft: 0 },
});

export const searched: ComparisonCase = {
  ...result.cases[0],
  frontiers: [
    frontier("gpu", [point(40, 5e6, 2000, 9000), point(300, 1e6, 500, 2000)]),
    frontier("lpu", [point(500, 8e4, null, 60), point(900, 5e4, null, 40)]),
    frontier("no-power", [point(100, null, null, 500)]),
    frontier("nothing", []),
  ],
  levels: [20, 50, 100, 1000].map((level) => ({ level, headline: level === 50, readings: [], unreachable: [] })),
};

/** The report tests' comparison with its case searched, ranked per MW. */
export const searchedResult: ComparisonResult = { ...result, basis: "mw", cases: [searched] };
