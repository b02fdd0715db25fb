/**
 * A searched case's frontier charts as plain data (frontier-chart.ts draws them): one view per
 * throughput basis (per MW of facility power, per $/hour, per chip), the ranking basis first, each
 * with one line per design that has confirmed points with that figure (and, in the explorer, a
 * dashed estimate per design still being confirmed), and the levels as guides.
 */
import type { ComparisonCase, ComparisonResult, DesignFrontier, FrontierPoint } from "../api/compare-types.js";
import { layoutText } from "../api/design-layout.js";
import type { EstimatedFrontier } from "../api/frontier-estimate.js";
import type { ScenarioInput } from "../scenario/schema.js";
import type { RankingBasis } from "../search/score.js";
import { colour } from "./comparison-charts.js";
import type { FrontierSeries, FrontierView } from "./frontier-chart.js";
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

/**
 * What a case's frontier charts are drawn from: its confirmed frontiers and, in the explorer while
 * it confirms them, the analytic estimates of the designs not confirmed yet.
 */
export interface FrontierSource {
  model: string;
  workload: string;
  /** Every design of the comparison, in order: a design's colour is its place here. */
  designs: string[];
  confirmed: DesignFrontier[];
  /** Drawn dashed, on their basis's view only, for designs with no confirmed frontier yet. */
  estimated: EstimatedFrontier[];
  levels: { level: number; headline: boolean }[];
  basis: RankingBasis;
}

/** A point's configuration and figures, for its tooltip. */
const pointText = (label: string, design: ScenarioInput["designs"][number], users: number, extra: string) =>
  `${label}: ${layoutText(design)}; ${users} users${extra}`;

function figure(source: FrontierSource, idPrefix: string, basis: RankingBasis): FrontierFigure {
  const frontiers = source.confirmed;
  const b = frontierBases[basis];
  const suffix = pricingSuffix(frontiers, basis);
  const colourOf = (design: string) => colour(Math.max(0, source.designs.indexOf(design)));
  const drawn = new Set<string>();
  const series: FrontierSeries[] = frontiers.flatMap((f) => {
    const kept = f.points.flatMap((p, index) =>
      positive(b.value(p)) && positive(p.outputTokensPerSecondPerUser) ? [{ p, index }] : [],
    );
    if (kept.length === 0) return [];
    drawn.add(f.design);
    return [
      {
        label: `${f.design}${suffix(f)}`,
        design: f.design,
        estimated: false,
        colour: colourOf(f.design),
        points: kept.map(({ p }) => ({ x: p.outputTokensPerSecondPerUser, y: b.value(p)! })),
        sources: kept.map(({ index }) => index),
        texts: kept.map(({ p }) =>
          pointText(
            p.label,
            p.scenario.designs[0],
            p.concurrency,
            `; TTFT p50 ${p.ttftSeconds.p50 === null ? "n/a" : `${plainNumber(p.ttftSeconds.p50 * 1000)} ms`}; bound by ${p.binding}`,
          ),
        ),
      },
    ];
  });
  const confirmed = new Set(frontiers.map((f) => f.design));
  for (const e of source.estimated) {
    if (confirmed.has(e.design) || e.basis !== basis || e.points.length === 0) continue;
    series.push({
      label: `${e.design} (estimated)`,
      design: e.design,
      estimated: true,
      colour: colourOf(e.design),
      points: e.points.map((p) => ({ x: p.outputTokensPerSecondPerUser, y: p.value })),
      sources: e.points.map((_, index) => index),
      texts: e.points.map((p) =>
        pointText(p.label, p.design, p.concurrency, `; analytic TTFT ${plainNumber(p.ttftSeconds * 1000)} ms`),
      ),
    });
  }
  const notes: string[] = [];
  const missing = frontiers.filter((f) => f.points.length > 0 && !drawn.has(f.design));
  if (missing.length > 0) notes.push(`Not shown: ${missing.map((f) => f.design).join(", ")} (${b.missing}).`);
  const none = frontiers.filter((f) => f.points.length === 0).map((f) => f.design);
  if (none.length > 0) notes.push(`No confirmed frontier: ${none.join(", ")} (the verdict says why).`);
  const elsewhere = source.estimated.filter((e) => !confirmed.has(e.design) && e.basis !== basis).map((e) => e.design);
  if (elsewhere.length > 0)
    notes.push(
      `Not confirmed yet: ${elsewhere.join(", ")} (estimated on the ${frontierBases[source.basis].name} chart).`,
    );
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const id = `${idPrefix}-frontier-${basis}`;
  return {
    basis,
    notes,
    view: {
      id,
      fileName: `infercast-${source.model}-${source.workload}-${basis}`.replace(/[^A-Za-z0-9._-]+/g, "_"),
      xTitle: FRONTIER_X_TITLE,
      yTitle: b.yTitle,
      xLog: spans([...xs, ...source.levels.map((l) => l.level)]),
      yLog: spans(ys),
      series,
      legend: true,
      guides: source.levels.map((l) => ({
        x: l.level,
        text: l.headline ? `SLO ${plainNumber(l.level)}` : plainNumber(l.level),
        headline: l.headline,
      })),
    },
  };
}

/** The frontier figures of a source, the ranking basis first; ids are `${idPrefix}-frontier-${basis}`. */
export function frontierViews(source: FrontierSource, idPrefix: string): FrontierFigure[] {
  const order: RankingBasis[] = [source.basis, ...(["mw", "usd", "chip"] as const).filter((b) => b !== source.basis)];
  return order.map((basis) => figure(source, idPrefix, basis));
}

/** The case's frontier figures, the ranking basis first; none for a case that was not searched. */
export function frontierFigures(c: ComparisonCase, caseId: string, result: ComparisonResult): FrontierFigure[] {
  if (!c.frontiers) return [];
  return frontierViews(
    {
      model: c.model,
      workload: c.workload,
      designs: c.frontiers.map((f) => f.design),
      confirmed: c.frontiers,
      estimated: [],
      levels: c.levels ?? [],
      basis: result.basis ?? "mw",
    },
    caseId,
  );
}
