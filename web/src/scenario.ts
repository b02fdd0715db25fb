/**
 * The scenario a page state stands for: the built-in case (designs sized to the budget, traffic at
 * its rate) with the user's overrides applied. The result is a plain scenario file's content, so
 * the exported file reproduces the page's numbers with `infercast compare scenario.json`. A design
 * whose edit holds a whole design entry (a frontier point) runs that entry.
 */
import { defaultDesigns, model, type ScenarioInput } from "infercast/data";
import type { BuiltInCase } from "infercast";
import type { DesignUnits } from "./protocol.js";
import type { PageState } from "./state.js";

type DesignInput = ScenarioInput["designs"][number];

/** The scenario, and the template units each design runs with (what the design editor shows). */
export function scenarioFor(
  state: PageState,
  base: BuiltInCase,
): { scenario: ScenarioInput; units: Record<string, DesignUnits> } {
  const spec = model(state.model).spec;
  const workload = structuredClone(base.scenario.workload);
  if (state.traffic.kind === "rate") workload.arrival = { kind: "poisson", ratePerSecond: state.traffic.ratePerSecond };
  if (state.traffic.kind === "concurrency")
    workload.arrival = { kind: "closed", concurrency: state.traffic.concurrency, thinkSeconds: 0 };
  if (state.inputTokens !== undefined && workload.input && "mean" in workload.input)
    workload.input.mean = state.inputTokens;
  if (state.outputTokens !== undefined && workload.output && "mean" in workload.output)
    workload.output.mean = state.outputTokens;
  const units: Record<string, DesignUnits> = {};
  const designs = base.sizing.map((sizing): DesignInput => {
    const template = defaultDesigns.find((d) => d.name === sizing.design)!;
    const unit = template.unit(spec);
    if ("infeasible" in unit) throw new Error(`${sizing.design} was sized but is infeasible: ${unit.infeasible}`);
    const edit = state.edits[sizing.design] ?? {};
    // a frontier point loaded into the editor runs as it is
    if (edit.config) return structuredClone(edit.config);
    const decodeUnits = edit.units ?? sizing.units;
    const prefillUnits = unit.pools ? (edit.prefillUnits ?? sizing.prefillUnits ?? decodeUnits) : undefined;
    const design =
      prefillUnits !== undefined ? unit.pools!.design(prefillUnits, decodeUnits) : unit.design(decodeUnits);
    units[sizing.design] = { units: decodeUnits, ...(prefillUnits !== undefined ? { prefillUnits } : {}) };
    if (design.kind === "disaggregated" && edit.linkBytesPerSecond !== undefined)
      design.link = { ...design.link!, bandwidthBytesPerSecond: edit.linkBytesPerSecond };
    if (design.kind === "unified-mesh" && edit.prefillRows !== undefined) {
      const rows = design.mesh?.rows ?? 4;
      if (edit.prefillRows === 0) delete design.split;
      else design.split = { prefillRows: edit.prefillRows, decodeRows: rows - edit.prefillRows };
    }
    return design;
  });
  return { scenario: { ...base.scenario, workload, slo: { ...state.slo }, designs }, units };
}
