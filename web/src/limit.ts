/**
 * The deployment limit: a ceiling on power (kW), price ($/hour) or chips that the user sets, and
 * the designs whose figure, as sized or as edited, goes past it. The page names each one above
 * the table and flags its row; a figure the engine could not give (e.g. no price) is never flagged.
 */
import type { DesignResult } from "infercast/data";
import { finite } from "./format.js";

export const limitKinds = ["kW", "usdPerHour", "chips"] as const;
export type LimitKind = (typeof limitKinds)[number];
export interface Limit {
  kind: LimitKind;
  value: number;
}

const figure: Record<LimitKind, (r: DesignResult) => number | null> = {
  kW: (r) => (finite(r.metrics.powerWatts) ? r.metrics.powerWatts / 1000 : null),
  usdPerHour: (r) => r.metrics.usdPerHour,
  chips: (r) => r.metrics.chips,
};
const unit: Record<LimitKind, string> = { kW: "kW", usdPerHour: "$/hour", chips: "chips" };
const show = (v: number) => Number(v.toPrecision(3)).toString();

export interface OverLimit {
  design: string;
  figure: number;
  text: string;
}

/** The designs past the limit, in the results' order, each with a sentence naming the figure and the limit. */
export function overLimit(results: DesignResult[], limit: Limit | undefined): OverLimit[] {
  if (!limit) return [];
  return results.flatMap((r) => {
    const v = figure[limit.kind](r);
    if (!finite(v) || v <= limit.value) return [];
    const u = unit[limit.kind];
    return [
      { design: r.design, figure: v, text: `${r.design}: ${show(v)} ${u}, over the ${show(limit.value)} ${u} limit` },
    ];
  });
}
