/**
 * Evaluating sweep points: a point is the base scenario with the axes' values applied; each of its
 * designs gives one JSONL line with the point's inputs and metrics, or the error that stopped it.
 */
import { InputError } from "../errors.js";
import { simulate } from "../api/simulate.js";
import { pointText } from "./jsonl.js";
import { resolveModel, type ResolvedModel } from "../scenario/model.js";
import { Scenario } from "../scenario/schema.js";
import { meanTokens } from "../workload/lengths.js";
import { analyticDesign } from "../search/analytic.js";
import type { SweepSpec } from "./schema.js";
import { applyPoint, pointInputs, sweepSpace, type AxisValue, type SweepSpace } from "./space.js";

export interface EvaluatedBatch {
  /** JSONL lines (each ending in a newline) of the points. */
  lines: string;
  /** Points written with an error. */
  failed: number;
}

export interface PointEvaluator {
  space: SweepSpace;
  evaluate(indices: number[]): Promise<EvaluatedBatch>;
}

/**
 * Evaluates points of `spec`. Files its base scenario names are read below `baseDir` only (none
 * without one); `maxSimulatedSteps` caps each design's run in simulate mode.
 */
export function pointEvaluator(
  spec: SweepSpec,
  baseDir: string | undefined,
  limits: { maxSimulatedSteps?: number } = {},
): PointEvaluator {
  const space = sweepSpace(spec);
  const models = new Map<string, Promise<ResolvedModel>>();
  const modelOf = (ref: Scenario["model"]) => {
    const key = typeof ref === "string" ? ref : JSON.stringify(ref);
    if (!models.has(key)) models.set(key, resolveModel(ref, baseDir));
    return models.get(key)!;
  };
  // analytic mode applies the axes to the parsed base (defaults filled); simulate mode re-parses each point
  const parsedBase = Scenario.parse(spec.base);

  const inputsOf = (values: AxisValue[]) => pointInputs(space.paths, values);

  async function evaluatePoint(index: number): Promise<{ text: string; failed: boolean }> {
    const values = space.values(index);
    const inputs = inputsOf(values);
    try {
      if (spec.mode === "simulate") {
        const result = await simulate(applyPoint(spec.base, space.paths, values) as never, {
          baseDir,
          maxSimulatedSteps: limits.maxSimulatedSteps,
        });
        return {
          text: pointText(
            result.results.map((r) => ({
              index,
              inputs,
              design: r.design,
              metrics: r.metrics as unknown as Record<string, unknown>,
            })),
          ),
          failed: false,
        };
      }
      const scenario = applyPoint(parsedBase, space.paths, values) as Scenario;
      const model = await modelOf(scenario.model);
      const context = {
        model: model.spec,
        releasedWeights: model.releasedWeights,
        datatypes: scenario.datatypes,
        slo: scenario.slo,
        economics: scenario.economics,
      };
      const options = {
        batch: spec.analytic?.batch ?? 64,
        inputTokens: spec.analytic?.contextTokens ?? meanTokens(scenario.workload.input, 1000),
        outputTokens: meanTokens(scenario.workload.output, 250),
      };
      return {
        text: pointText(
          scenario.designs.map((design) => ({
            index,
            inputs,
            design: design.name,
            metrics: analyticDesign(design, context, options) as unknown as Record<string, unknown>,
          })),
        ),
        failed: false,
      };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { text: pointText([{ index, inputs, error: error.message }]), failed: true };
    }
  }

  return {
    space,
    async evaluate(indices) {
      let lines = "";
      let failed = 0;
      for (const index of indices) {
        const point = await evaluatePoint(index);
        lines += point.text;
        if (point.failed) failed++;
      }
      return { lines, failed };
    },
  };
}
