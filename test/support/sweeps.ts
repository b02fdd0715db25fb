// What the sweep tests share: the sweep fixtures, a base scenario, and helpers that catch the
// InputError a sweep file or a results file raises.
import { expect } from "vitest";
import { join } from "node:path";
import { InputError } from "../../src/errors.js";
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
