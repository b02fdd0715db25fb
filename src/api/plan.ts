/**
 * `plan`: for a model, a workload at a target request rate and an SLO, the cheapest deployment of
 * each built-in design that serves the rate within the SLO. A view of the search (`./frontier.ts`):
 * every confirmed frontier point that meets the SLO (TTFT and TPOT at its percentile) is a
 * deployment that serves its closed loop's request rate in steady state; copies of it serve
 * multiples of that rate (a router splits the traffic). The plan is the point whose copies reach
 * the target rate at the lowest power, price or chip count.
 */
import * as catalog from "../catalog/index.js";
import { defaultDesigns } from "../designs/default-scenario.js";
import { InputError } from "../errors.js";
import type { Economics, ScenarioInput, Slo } from "../scenario/schema.js";
import { rankingBases, type RankingBasis } from "../search/score.js";
import type { FrontierPoint } from "./compare-types.js";
import { searchDesign, searchEconomics } from "./frontier.js";
import type { DesignResult } from "./results.js";

export interface PlanInput {
  model: string;
  /** Prompt and output lengths (and sessions) of the traffic; its arrival is replaced by the search's closed loops. */
  workload: ScenarioInput["workload"];
  /** Target requests per second. */
  ratePerSecond: number;
  slo: Slo;
  /** What "cheapest" counts: facility power (default), hardware $/hour, or chips; hardware is priced on purchase unless economics names a pricing. */
  per?: RankingBasis;
  /** Only these designs of the built-in set. */
  designs?: string[];
  /** Most copies of a deployment a plan may take (default 4,096). */
  maxCopies?: number;
  economics?: Economics;
  /** Longest request every replica must hold (default 32,768 tokens). */
  minKvTokens?: number;
}

export interface PlanRow {
  design: string;
  /** Copies of the chosen deployment, and what one copy is; null when no deployment serves the rate. */
  copies: number | null;
  configuration?: string;
  chips: number | null;
  /** The plan's figure on its basis (W, $/hour or chips); null when unknown. */
  cost: number | null;
  costText: string;
  /** The chosen point: its run (one copy) and its scenario, which reproduces it. */
  point?: FrontierPoint;
  result?: DesignResult;
  reason?: string;
}

/** Whether a run meets the SLO: attainment at the SLO's percentile, and not overloaded. */
export const meetsSlo = (r: DesignResult, slo: Slo): boolean =>
  !r.metrics.overloaded && r.metrics.sloAttainment * 100 >= slo.percentile;

const costOf = (p: FrontierPoint, per: RankingBasis): number | null =>
  per === "chip" ? p.chips : per === "usd" ? p.result.metrics.usdPerHour : p.result.metrics.facilityPowerWatts;

const costText = (x: number, per: RankingBasis): string =>
  per === "chip" ? `${x} chips` : per === "usd" ? `$${x.toFixed(0)}/hour` : `${(x / 1000).toFixed(1)} kW`;

export async function plan(input: PlanInput): Promise<PlanRow[]> {
  const per = input.per ?? "mw";
  if (!rankingBases.includes(per)) throw new InputError("per", `unknown basis "${per}"`, rankingBases);
  if (!(typeof input.ratePerSecond === "number" && Number.isFinite(input.ratePerSecond) && input.ratePerSecond > 0))
    throw new InputError("rate", `must be a positive number, got ${JSON.stringify(input.ratePerSecond)}`);
  const maxCopies = input.maxCopies ?? 4096;
  catalog.model(input.model, "model");
  for (const name of input.designs ?? [])
    if (!defaultDesigns.some((d) => d.name === name))
      throw new InputError(
        "designs",
        `unknown design "${name}"`,
        defaultDesigns.map((d) => d.name),
      );
  const templates = input.designs ? defaultDesigns.filter((d) => input.designs!.includes(d.name)) : defaultDesigns;
  const rows: PlanRow[] = [];
  const none = (design: string, reason: string): PlanRow => ({
    design,
    copies: null,
    chips: null,
    cost: null,
    costText: "—",
    reason,
  });
  for (const template of templates) {
    const frontier = await searchDesign(template, {
      model: input.model,
      workload: input.workload,
      slo: input.slo,
      ttftFilter: true,
      basis: per,
      economics: searchEconomics(input.economics),
      minKvTokens: input.minKvTokens ?? 32_768,
    });
    if (frontier.infeasible) {
      rows.push(none(template.name, frontier.infeasible));
      continue;
    }
    // points whose TPOT meets the target for the SLO's share of requests, as well as TTFT
    const meeting = frontier.points.filter((p) => meetsSlo(p.result, input.slo));
    if (meeting.length === 0) {
      rows.push(
        none(template.name, `no confirmed point meets TPOT ≤ ${input.slo.tpotSeconds} s for p${input.slo.percentile}`),
      );
      continue;
    }
    let best: { point: FrontierPoint; copies: number; cost: number | null } | undefined;
    for (const point of meeting) {
      const copies = Math.ceil(input.ratePerSecond / point.result.metrics.requestsPerSecond);
      const one = costOf(point, per);
      const cost = one === null ? null : one * copies;
      const key = (c: typeof best) => c!.cost ?? c!.copies * c!.point.chips;
      const candidate = { point, copies, cost };
      if (!best || key(candidate) < key(best)) best = candidate;
    }
    const b = best!;
    if (b.copies > maxCopies) {
      rows.push(
        none(
          template.name,
          `needs ${b.copies.toLocaleString("en-US")} copies of its best deployment (${b.point.chips} chips, ${b.point.result.metrics.requestsPerSecond.toPrecision(3)} requests/s each), over the ${maxCopies} allowed`,
        ),
      );
      continue;
    }
    rows.push({
      design: template.name,
      copies: b.copies,
      configuration: b.point.label,
      chips: b.copies * b.point.chips,
      cost: b.cost,
      costText: b.cost === null ? `unknown ${per === "usd" ? "price" : "power"}` : costText(b.cost, per),
      point: b.point,
      result: b.point.result,
    });
  }
  return rows;
}
