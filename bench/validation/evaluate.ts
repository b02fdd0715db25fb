/**
 * The fit and its cross-validation over every measured case (`crossValidated` in ./cases.ts), group
 * by group: the grid is simulated once (./grid.ts), then the in-sample fit, leave-one-case-out and
 * leave-one-configuration-out each only re-select points (./cross-validate.ts).
 */
import { type Case, configurationOf, crossValidated } from "./cases.js";
import {
  byCase,
  byConfiguration,
  crossValidate,
  type FitCase,
  fitPoint,
  inSample,
  type Prediction,
} from "./cross-validate.js";
import { casesByGroup, type FitGroup, type Point, predictOverGrid, pointsOf, pullOf } from "./grid.js";

export interface GroupEvaluation {
  group: FitGroup;
  cases: Case[];
  configurations: number;
  points: Point[];
  /** The point fitted on every case of the group. */
  allCases: Point | null;
  /** The point fitted on the group's `fit` cases only (how the shipped chip files were chosen). */
  fitSplit: Point | null;
  fitSplitCases: number;
}

export interface Evaluation {
  groups: GroupEvaluation[];
  inSample: Map<string, Prediction>;
  leaveOneCaseOut: Map<string, Prediction>;
  leaveOneConfigurationOut: Map<string, Prediction>;
}

export async function evaluate(
  all: Case[],
  onGroup?: (group: FitGroup, points: number, runs: number) => void,
): Promise<Evaluation> {
  const cases = all.filter(crossValidated);
  const grid = await predictOverGrid(cases, onGroup);
  const evaluation: Evaluation = {
    groups: [],
    inSample: new Map(),
    leaveOneCaseOut: new Map(),
    leaveOneConfigurationOut: new Map(),
  };
  for (const [group, groupCases] of casesByGroup(cases)) {
    const points = pointsOf(group);
    const pull = points.map((p) => pullOf(group, p));
    const fitCases: FitCase[] = groupCases.map((c) => ({
      id: c.id,
      configuration: configurationOf(c),
      measured: c.measured,
      predictions: grid.get(c.id)!,
    }));
    const at = (i: number) => (i < 0 ? null : points[i]);
    const fitSplit = fitCases.filter((_, i) => groupCases[i].split === "fit");
    evaluation.groups.push({
      group,
      cases: groupCases,
      configurations: new Set(fitCases.map(byConfiguration)).size,
      points,
      allCases: at(fitPoint(fitCases, pull)),
      fitSplit: fitSplit.length > 0 ? at(fitPoint(fitSplit, pull)) : null,
      fitSplitCases: fitSplit.length,
    });
    for (const [into, from] of [
      [evaluation.inSample, inSample(fitCases, pull)],
      [evaluation.leaveOneCaseOut, crossValidate(fitCases, pull, byCase)],
      [evaluation.leaveOneConfigurationOut, crossValidate(fitCases, pull, byConfiguration)],
    ] as const)
      for (const [id, p] of from) into.set(id, p);
  }
  return evaluation;
}
