/**
 * The verdict of a searched comparison, for the terminal: per case at most about 25 lines of at
 * most 120 columns: the winner at each level of per-user speed, its margins and what binds it,
 * each design's fastest speed, the winning configuration as a scenario's design entry, and the
 * designs that cannot hold the model or are not ranked. The run's notes follow once.
 */
import type { ComparisonCase, ComparisonResult, DesignFrontier } from "../api/compare-types.js";
import type { RankingBasis } from "../search/score.js";

export const VERDICT_WIDTH = 120;

const basisHeader: Record<RankingBasis, string> = { mw: "tok/s per MW", usd: "tok/s per $/h", chip: "tok/s per chip" };
const basisTitle: Record<RankingBasis, string> = {
  mw: "output tokens/s per MW of facility power",
  usd: "output tokens/s per $/hour",
  chip: "output tokens/s per chip",
};

/** A number in 4 significant figures at most, with k or M. */
export function compact(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e6) return `${Number((x / 1e6).toPrecision(3))} M`;
  if (abs >= 1e4) return `${Number((x / 1e3).toPrecision(3))} k`;
  return Number(x.toPrecision(3)).toLocaleString("en-US");
}

/** Cuts a line to `width` columns, ending in "…" where it was cut. */
export const clip = (line: string, width = VERDICT_WIDTH): string =>
  [...line].length <= width ? line : `${[...line].slice(0, width - 1).join("")}…`;

/** A JSON value broken at commas into lines of at most `width` columns (still valid JSON and YAML). */
export function wrapJson(value: unknown, indent: string, width = VERDICT_WIDTH): string[] {
  const text = JSON.stringify(value);
  const lines: string[] = [];
  let current = "";
  // break only between members: at a comma outside strings
  let inString = false;
  let token = "";
  const parts: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    token += ch;
    if (ch === '"' && text[i - 1] !== "\\") inString = !inString;
    if (ch === "," && !inString) {
      parts.push(token);
      token = "";
    }
  }
  parts.push(token);
  for (const part of parts) {
    if ([...(indent + current + part)].length > width && current !== "") {
      lines.push(indent + current);
      current = part;
    } else current += part;
  }
  lines.push(indent + current);
  return lines;
}

/** A ratio as a margin: two decimals under 10×, whole above. */
const margin = (ratio: number) => (ratio < 10 ? `${ratio.toFixed(2)}×` : `${Math.round(ratio)}×`);

const pad = (text: string, n: number) => text + " ".repeat(Math.max(0, n - [...text].length));
const padStart = (text: string, n: number) => " ".repeat(Math.max(0, n - [...text].length)) + text;

/** Names listed after a label, cut to one line. */
const listLine = (label: string, items: string[]) => clip(`  ${label}: ${items.join(" · ")}`);

function designLines(frontiers: readonly DesignFrontier[]): string[] {
  const lines: string[] = [];
  const infeasible = frontiers.filter((f) => f.infeasible);
  const unranked = frontiers.filter((f) => !f.infeasible && f.unranked);
  const thin = frontiers.filter((f) => !f.infeasible && f.points.length > 0 && f.points.length < 3);
  for (const f of infeasible) lines.push(clip(`  no frontier: ${f.design} — ${f.infeasible}`));
  for (const f of unranked) lines.push(clip(`  listed apart: ${f.design} — ${f.unranked}`));
  if (thin.length)
    lines.push(
      listLine(
        "fewer than 3 confirmed points",
        thin.map((f) => `${f.design} (${f.points.length}: ${thinReason(f)})`),
      ),
    );
  return lines;
}

/** Why a design's frontier has few points: what the event loop excluded, or that the rest were dominated. */
function thinReason(f: DesignFrontier): string {
  const { excludedByTtft, droppedUnsteady } = f.searched;
  const why = [
    ...(excludedByTtft ? [`${excludedByTtft} missed the TTFT target`] : []),
    ...(droppedUnsteady ? [`${droppedUnsteady} never steady`] : []),
  ];
  return why.length ? why.join(", ") : "the other confirmed points are dominated";
}

/** The verdict of one case. */
export function caseVerdict(c: ComparisonCase, result: ComparisonResult): string[] {
  const basis = result.basis ?? "mw";
  const frontiers = c.frontiers ?? [];
  const lines = [clip(`${c.model} × ${c.workloadDescription}; ${basisTitle[basis]}`)];
  const widths = [11, 21, 13, 29, 19];
  lines.push(
    `  ${padStart("tok/s/user", widths[0])}  ${pad("winner", widths[1])}${pad(basisHeader[basis], widths[2])}` +
      `${pad("vs runner-up", widths[3])}${pad("vs gpu-aggregated", widths[4])}binds`,
  );
  for (const [i, v] of (c.verdict ?? []).entries()) {
    const reading = c.levels![i];
    const level = `${compact(v.level)}${v.headline ? " ★" : "  "}`;
    if (!v.winner) {
      const fastest = [...reading.unreachable].sort((a, b) => b.fastest - a.fastest)[0];
      // designs listed apart (power or price unknown) that do reach the level
      const apart = frontiers
        .filter(
          (f) =>
            f.unranked && f.points.length > 0 && f.points[f.points.length - 1].outputTokensPerSecondPerUser >= v.level,
        )
        .map((f) => f.design);
      lines.push(
        clip(
          `  ${padStart(level, widths[0])}  not reachable${fastest ? `: fastest is ${fastest.design} at ${compact(fastest.fastest)}, bound by ${fastest.binding}` : ""}` +
            (apart.length ? `; unranked ${apart.join(", ")} reach${apart.length === 1 ? "es" : ""} it` : ""),
        ),
      );
      continue;
    }
    const value = reading.readings[0].value;
    const runner = v.runnerUp ? `${margin(v.overRunnerUp!)} ${v.runnerUp}` : "only design";
    const baseline = v.overBaseline !== null ? margin(v.overBaseline) : v.winner === "gpu-aggregated" ? "—" : "n/a";
    lines.push(
      clip(
        `  ${padStart(level, widths[0])}  ${pad(v.winner, widths[1])}${pad(compact(value), widths[2])}` +
          `${pad(runner + (v.withinUncertainty ? " (within uncertainty)" : ""), widths[3])}${pad(baseline, widths[4])}${v.binding}`,
      ),
    );
  }
  const fastest = frontiers
    .filter((f) => f.points.length > 0)
    .map((f) => ({ design: f.design, x: f.points[f.points.length - 1].outputTokensPerSecondPerUser }))
    .sort((a, b) => b.x - a.x);
  if (fastest.length)
    lines.push(
      listLine(
        "best reachable tok/s/user",
        fastest.map((f) => `${f.design} ${compact(f.x)}`),
      ),
    );
  const headline = c.levels?.find((l) => l.headline);
  const best = headline?.readings[0];
  if (best) {
    lines.push(
      clip(
        `  winning configuration at ${compact(headline!.level)} tok/s/user (${best.point.label}, ${best.point.concurrency} users), as a scenario's design:`,
      ),
    );
    lines.push(...wrapJson(best.point.scenario.designs[0], "    "));
  }
  lines.push(...designLines(frontiers));
  const excluded = frontiers.reduce((n, f) => n + f.searched.excludedByTtft, 0);
  const dropped = frontiers.reduce((n, f) => n + f.searched.droppedUnsteady, 0);
  const confirmed = frontiers.reduce((n, f) => n + f.searched.sentToEventLoop, 0);
  const filter =
    result.ttftFilterSeconds == null
      ? "TTFT filter off"
      : `TTFT p${result.slo.percentile} ≤ ${result.ttftFilterSeconds} s excluded ${excluded} of ${confirmed} event-loop points`;
  lines.push(clip(`  ${filter}; ${dropped} dropped (never steady); ★ TPOT SLO`));
  return lines;
}

/** The verdict of every case, then the run's notes, each once. */
export function comparisonVerdict(result: ComparisonResult): string {
  const out: string[] = [];
  for (const c of result.cases) out.push(...caseVerdict(c, result), "");
  for (const note of result.notes ?? []) out.push(clip(`note: ${note}`));
  return out.join("\n").trimEnd();
}
