/**
 * A searched case's frontier charts as plain data (frontier-chart.ts draws them): one view per
 * throughput basis (per MW of facility power, per $/hour, per chip), the ranking basis first, each
 * with one line per design that has confirmed points with that figure, and the levels as guides.
 */
import type { ComparisonCase, ComparisonResult, DesignFrontier, FrontierPoint } from "../api/compare-types.js";
import type { RankingBasis } from "../search/score.js";
import { colour } from "./comparison-charts.js";
import type { FrontierView } from "./frontier-chart.js";
import { plainNumber } from "./frontier-chart.js";

interface Basis {
  name: string;
  yTitle: string;
  value: (p: FrontierPoint) => number | null;
  /** Why a design with confirmed points has no figure on this basis. */
  missing: string;
}

export const frontierBases: Record<RankingBasis, Basis> = {
  mw: {
    name: "per MW",
    yTitle: "output tokens/s per MW of facility power (tokens/s/MW)",
    value: (p) => p.outputTokensPerSecondPerMegawattFacility,
    missing: "power unknown",
  },
  usd: {
    name: "per $/hour",
    yTitle: "output tokens/s per $/hour (tokens/s per USD/h)",
    value: (p) => p.outputTokensPerSecondPerUsdPerHour,
    missing: "price unknown",
  },
  chip: {
    name: "per chip",
    yTitle: "output tokens/s per chip (tokens/s/chip)",
    value: (p) => p.outputTokensPerSecondPerChip,
    missing: "no chip count",
  },
};

export const FRONTIER_X_TITLE = "output tokens/s per user (tokens/s)";

/** A chart's view with what was left out of it, in words for its caption. */
export interface FrontierFigure {
  basis: RankingBasis;
  view: FrontierView;
  notes: string[];
}

/** Values an axis holds span at least this ratio: it is drawn logarithmic. */
const LOG_SPAN = 10;
const spans = (values: number[]) => values.length > 1 && Math.max(...values) / Math.min(...values) >= LOG_SPAN;
const positive = (v: number | null): v is number => typeof v === "number" && Number.isFinite(v) && v > 0;

/** Where the designs drawn per $ are priced differently, each line says how (a ranking by $ never mixes them). */
function pricingSuffix(frontiers: DesignFrontier[], basis: RankingBasis): (f: DesignFrontier) => string {
  const pricing = (f: DesignFrontier) => f.points[0]?.pricing ?? null;
  const drawn = frontiers.filter((f) => f.points.some((p) => positive(frontierBases[basis].value(p))));
  const kinds = new Set(drawn.map(pricing));
  return (f) => (basis === "usd" && kinds.size > 1 && pricing(f) ? ` (${pricing(f)})` : "");
}

function figure(c: ComparisonCase, caseId: string, basis: RankingBasis): FrontierFigure {
  const frontiers = c.frontiers ?? [];
  const b = frontierBases[basis];
  const suffix = pricingSuffix(frontiers, basis);
  const drawn = new Set<string>();
  const series = frontiers.flatMap((f, i) => {
    const points = f.points.filter((p) => positive(b.value(p)) && positive(p.outputTokensPerSecondPerUser));
    if (points.length === 0) return [];
    drawn.add(f.design);
    return [
      {
        label: `${f.design}${suffix(f)}`,
        colour: colour(i),
        points: points.map((p) => ({ x: p.outputTokensPerSecondPerUser, y: b.value(p)! })),
        texts: points.map((p) => `${p.label}, ${p.concurrency} users`),
      },
    ];
  });
  const notes: string[] = [];
  const missing = frontiers.filter((f) => f.points.length > 0 && !drawn.has(f.design));
  if (missing.length > 0) notes.push(`Not shown: ${missing.map((f) => f.design).join(", ")} (${b.missing}).`);
  const none = frontiers.filter((f) => f.points.length === 0).map((f) => f.design);
  if (none.length > 0) notes.push(`No confirmed frontier: ${none.join(", ")} (the verdict says why).`);
  const levels = c.levels ?? [];
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const id = `${caseId}-frontier-${basis}`;
  return {
    basis,
    notes,
    view: {
      id,
      fileName: `infercast-${c.model}-${c.workload}-${basis}`.replace(/[^A-Za-z0-9._-]+/g, "_"),
      xTitle: FRONTIER_X_TITLE,
      yTitle: b.yTitle,
      xLog: spans([...xs, ...levels.map((l) => l.level)]),
      yLog: spans(ys),
      series,
      legend: true,
      guides: levels.map((l) => ({
        x: l.level,
        text: l.headline ? `SLO ${plainNumber(l.level)}` : plainNumber(l.level),
        headline: l.headline,
      })),
    },
  };
}

/** The case's frontier figures, the ranking basis first; none for a case that was not searched. */
export function frontierFigures(c: ComparisonCase, caseId: string, result: ComparisonResult): FrontierFigure[] {
  if (!c.frontiers) return [];
  const first = result.basis ?? "mw";
  const order: RankingBasis[] = [first, ...(["mw", "usd", "chip"] as const).filter((b) => b !== first)];
  return order.map((basis) => figure(c, caseId, basis));
}
