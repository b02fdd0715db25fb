/**
 * Designs compared at equal interactivity: each design's confirmed frontier read at each level of
 * per-user speed (interpolated, never extrapolated), and the verdict at each level: the winner,
 * its margin over the runner-up and over the GPU baseline, what binds it, and whether the margin
 * lies inside the projected chips' efficiency ranges.
 */
import { readAt } from "../search/frontier.js";
import type { RankingBasis } from "../search/score.js";
import type { DesignFrontier, LevelReading, LevelVerdict } from "./compare-types.js";
import { basisValue } from "./frontier.js";

/** Output tokens/s per user the designs are compared at, unless the user names others. */
export const DEFAULT_LEVELS = [20, 50, 100, 200, 500, 1000] as const;

/** The design every winner is measured against. */
export const BASELINE_DESIGN = "gpu-aggregated";

/** Every ranked design's frontier read at `level` (designs listed apart, unranked, are left out). */
export function readLevel(
  frontiers: readonly DesignFrontier[],
  level: number,
  basis: RankingBasis,
  headline: boolean,
): LevelReading {
  const reading: LevelReading = { level, headline, readings: [], unreachable: [] };
  for (const f of frontiers) {
    if (f.unranked || f.points.length === 0) continue;
    const xy = (value: (p: (typeof f.points)[number]) => number | null | undefined) =>
      f.points.map((p) => ({ x: p.outputTokensPerSecondPerUser, y: value(p) ?? Number.NaN }));
    const at = readAt(
      xy((p) => basisValue(p, basis)),
      level,
    );
    if (!at) {
      const fastest = f.points[f.points.length - 1];
      reading.unreachable.push({
        design: f.design,
        fastest: fastest.outputTokensPerSecondPerUser,
        binding: fastest.binding,
      });
      continue;
    }
    const point = f.points[at.above];
    const ranged = f.points.every((p) => p.range?.low != null && p.range?.high != null);
    reading.readings.push({
      design: f.design,
      value: at.y,
      ...(ranged
        ? {
            low: readAt(
              xy((p) => p.range!.low),
              level,
            )?.y,
            high: readAt(
              xy((p) => p.range!.high),
              level,
            )?.y,
          }
        : {}),
      binding: point.binding,
      point,
    });
  }
  reading.readings.sort((a, b) => b.value - a.value || a.design.localeCompare(b.design));
  return reading;
}

/** The winner at a level and its margins. */
export function levelVerdict(reading: LevelReading): LevelVerdict {
  const [first, second] = reading.readings;
  const baseline = reading.readings.find((r) => r.design === BASELINE_DESIGN);
  return {
    level: reading.level,
    headline: reading.headline,
    winner: first?.design ?? null,
    runnerUp: second?.design ?? null,
    overRunnerUp: first && second ? first.value / second.value : null,
    overBaseline: first && baseline && baseline !== first ? first.value / baseline.value : null,
    binding: first?.binding ?? null,
    // the winner at its low efficiencies no better than the runner-up at its high ones
    withinUncertainty:
      first !== undefined &&
      second !== undefined &&
      (first.low ?? first.value) <= (second.high ?? second.value) &&
      (first.low !== undefined || second.high !== undefined),
  };
}
