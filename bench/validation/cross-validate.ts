/**
 * The fit as a selection over a precomputed grid, and cross-validation built on it. A fit picks the
 * grid point with the lowest mean |log(predicted / measured)| over the cases it is given, plus the
 * point's pull towards the priors; cross-validation holds out one fold at a time (one case, or one
 * configuration), fits on the others and predicts the held-out cases at the point chosen without
 * them. The held-out cases are never handed to the fit, so nothing of theirs can reach it.
 */

export interface FitCase {
  id: string;
  /** Cases with the same configuration are held out together by `byConfiguration`. */
  configuration: string;
  measured: number;
  /** The case's prediction at each grid point (NaN: the run gave no value there). */
  predictions: ArrayLike<number>;
}

export interface Prediction {
  /** The grid point the case was predicted at (-1: no point gives every fit case a value). */
  point: number;
  predicted: number | null;
  /** (predicted − measured) / measured. */
  error: number | null;
}

/**
 * The best grid point for these cases: the lowest mean |log(predicted / measured)| plus `pull[point]`;
 * a point where any case has no value is out; the first of equal objectives wins. With no case,
 * the pull alone decides (the point nearest the priors). -1 when every point is out.
 */
export function fitPoint(train: readonly FitCase[], pull: ArrayLike<number>): number {
  let best = -1;
  let bestObjective = Number.POSITIVE_INFINITY;
  for (let point = 0; point < pull.length; point++) {
    let sum = 0;
    for (const c of train) sum += Math.abs(Math.log(c.predictions[point] / c.measured));
    const objective = (train.length > 0 ? sum / train.length : 0) + pull[point];
    // NaN (a case without a value) never compares below
    if (objective < bestObjective) {
      best = point;
      bestObjective = objective;
    }
  }
  return best;
}

function predictAt(c: FitCase, point: number): Prediction {
  const value = point < 0 ? Number.NaN : c.predictions[point];
  if (!Number.isFinite(value)) return { point, predicted: null, error: null };
  return { point, predicted: value, error: (value - c.measured) / c.measured };
}

/** Every case predicted at the point fitted on all of them. */
export function inSample(cases: readonly FitCase[], pull: ArrayLike<number>): Map<string, Prediction> {
  const point = fitPoint(cases, pull);
  return new Map(cases.map((c) => [c.id, predictAt(c, point)]));
}

/**
 * Each fold (the cases sharing `foldOf`) predicted at the point fitted on every other case.
 */
export function crossValidate(
  cases: readonly FitCase[],
  pull: ArrayLike<number>,
  foldOf: (c: FitCase) => string,
): Map<string, Prediction> {
  const result = new Map<string, Prediction>();
  for (const fold of new Set(cases.map(foldOf))) {
    const point = fitPoint(
      cases.filter((c) => foldOf(c) !== fold),
      pull,
    );
    for (const c of cases) if (foldOf(c) === fold) result.set(c.id, predictAt(c, point));
  }
  return result;
}

/** Leave one case out. */
export const byCase = (c: FitCase) => c.id;
/** Leave one configuration out (rows sharing a source table, hardware and model). */
export const byConfiguration = (c: FitCase) => c.configuration;
