// What the sweep tests share: the sweep fixtures, a base scenario, and helpers that catch the
// InputError a sweep file or a results file raises.
import { expect } from "vitest";
import { join } from "node:path";
import { InputError } from "../../src/errors.js";
import { loadSweep } from "../../src/sweep/load.js";
import type { SweepLine } from "../../src/sweep/pareto.js";
import { pointEvaluator } from "../../src/sweep/points.js";
import type { AxisValue } from "../../src/sweep/space.js";
import { baseScenario } from "./scenarios.js";

export const fixtures = join(import.meta.dirname, "..", "fixtures", "sweeps");
export const fixture = (name: string) => join(fixtures, name);

export const base = baseScenario(200);

export function thrown(attempt: () => unknown): InputError {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError");
}

export async function rejected(attempt: Promise<unknown>): Promise<InputError> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

export const allPoints = (space: { count: number; values(index: number): AxisValue[] }) =>
  Array.from({ length: space.count }, (_, index) => space.values(index));

/** Every point of a sweep file evaluated, as the lines `infercast sweep` writes (the README's example: examples/sweep-analytic.yaml). */
export async function sweepLines(path: string): Promise<SweepLine[]> {
  const { spec, baseDir } = await loadSweep(path);
  const evaluator = pointEvaluator(spec, baseDir);
  const { lines } = await evaluator.evaluate([...Array(evaluator.space.count).keys()]);
  return lines
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as SweepLine);
}
