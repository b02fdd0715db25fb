// bench/validation's cross-validation, on synthetic cases whose predictions over the grid are
// generated from known factors (no simulation): the fit must recover the factors exactly, in-sample
// and in every fold, and a fold must never use the cases it holds out.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Case, configurationOf, crossValidated } from "../bench/validation/cases.js";
import {
  byCase,
  byConfiguration,
  crossValidate,
  type FitCase,
  fitPoint,
  inSample,
} from "../bench/validation/cross-validate.js";
import { type FitGroup, type Point, pointsOf, pullOf } from "../bench/validation/grid.js";

// priors far from most true points, so the pull cannot be what finds them
const group: FitGroup = {
  chips: ["synthetic"],
  fitted: ["compute", "memory"],
  prior: { compute: 0.75, memory: 0.85 },
  reason: "test",
};
const points = pointsOf(group);
const pull = points.map((p) => pullOf(group, p));

/**
 * A roofline-like synthetic forecast: a compute-bound share over the compute factor plus a
 * memory-bound share over the memory factor. Four configurations of three rows, each spanning
 * compute-heavy to memory-heavy, so any three configurations pin both factors.
 */
const shapes = [
  [1, 0.2],
  [0.5, 0.5],
  [0.2, 1],
];
const forecast = (a: number, b: number, p: Point) => a / p.compute! + b / p.memory!;

function syntheticCases(truth: Point): FitCase[] {
  return [1, 3, 7, 20].flatMap((scale, k) =>
    shapes.map(([a, b], row) => ({
      id: `S-${k}${"abc"[row]}`,
      configuration: `config ${k}`,
      measured: forecast(scale * a, scale * b, truth),
      predictions: Float64Array.from(points, (p) => forecast(scale * a, scale * b, p)),
    })),
  );
}

describe("cross-validation", () => {
  it("recovers the generating factors exactly, at every point of the grid", () => {
    for (const [truth, p] of points.entries()) {
      const cases = syntheticCases(p);
      for (const predictions of [
        inSample(cases, pull),
        crossValidate(cases, pull, byCase),
        crossValidate(cases, pull, byConfiguration),
      ]) {
        expect(predictions.size).toBe(cases.length);
        for (const c of cases) {
          const prediction = predictions.get(c.id)!;
          expect(prediction.point).toBe(truth);
          expect(prediction.predicted).toBe(c.measured);
          expect(prediction.error).toBe(0);
        }
      }
    }
  });

  it("never uses a held-out case: poisoning it leaves its own fold's fit unchanged", () => {
    const cases = syntheticCases({ compute: 0.45, memory: 0.6 });
    const poisons: ((c: FitCase) => FitCase)[] = [
      // no value anywhere: used in the fit, it would leave no point standing
      (c) => ({ ...c, predictions: new Float64Array(points.length).fill(Number.NaN) }),
      // a perfect match at the priors' corner only: used in the fit, it would pull the point there
      (c) => ({ ...c, predictions: Float64Array.from(points, (_, i) => (i === 0 ? c.measured : 100 * c.measured)) }),
    ];
    for (const foldOf of [byCase, byConfiguration]) {
      const clean = crossValidate(cases, pull, foldOf);
      for (const fold of new Set(cases.map(foldOf))) {
        for (const poison of poisons) {
          const poisoned = cases.map((c) => (foldOf(c) === fold ? poison(c) : c));
          const result = crossValidate(poisoned, pull, foldOf);
          for (const c of cases.filter((x) => foldOf(x) === fold))
            expect(result.get(c.id)!.point).toBe(clean.get(c.id)!.point);
        }
      }
    }
  });

  it("reads a case once in its own fold (its forecast) and over the whole grid in every other fold", () => {
    const cases = syntheticCases({ compute: 0.3, memory: 0.8 });
    for (const foldOf of [byCase, byConfiguration]) {
      const reads = new Map<string, number>();
      const watched = cases.map((c) => ({
        ...c,
        predictions: new Proxy(c.predictions, {
          get: (target, key) => {
            if (typeof key === "string" && /^\d+$/.test(key)) reads.set(c.id, (reads.get(c.id) ?? 0) + 1);
            return Reflect.get(target, key);
          },
        }),
      }));
      crossValidate(watched, pull, foldOf);
      const folds = new Set(cases.map(foldOf)).size;
      for (const c of cases) expect(reads.get(c.id)).toBe((folds - 1) * points.length + 1);
    }
  });

  it("falls to the point nearest the priors when a fold leaves no case to fit", () => {
    const [only] = syntheticCases({ compute: 0.3, memory: 0.5 });
    const prediction = crossValidate([only], pull, byCase).get(only.id)!;
    expect(points[prediction.point]).toEqual({ compute: 0.75, memory: 0.85 });
  });

  it("skips a point where a fit case has no value", () => {
    const cases = syntheticCases({ compute: 0.5, memory: 0.7 });
    const truth = points.findIndex((p) => p.compute === 0.5 && p.memory === 0.7);
    const holed = cases.map((c, i) =>
      i === 0 ? { ...c, predictions: Float64Array.from(c.predictions, (v, p) => (p === truth ? Number.NaN : v)) } : c,
    );
    expect(fitPoint(cases, pull)).toBe(truth);
    expect(fitPoint(holed, pull)).not.toBe(truth);
    expect(fitPoint(holed, pull)).toBeGreaterThanOrEqual(0);
  });
});

describe("the validation cases", () => {
  const cases = JSON.parse(readFileSync("bench/validation/cases.json", "utf8")) as Case[];

  it("have unique ids and cite a source tag", () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.source).toMatch(/^\[[A-Z][A-Za-z]*\d+[^\]]*\]/);
  });

  it("hold one context sweep as one configuration, apart from other sources on the same hardware", () => {
    const sweep = cases.filter((c) => /^T-1[0-5][ab]$/.test(c.id));
    expect(new Set(sweep.map(configurationOf)).size).toBe(1);
    expect(configurationOf(cases.find((c) => c.id === "T-1b")!)).not.toBe(configurationOf(sweep[0]));
  });

  it("leave layouts the engine does not model out of the cross-validation", () => {
    for (const c of cases.filter((c) => c.notModelled)) {
      expect(c.notModelled).toMatch(/^layout not modelled/);
      expect(crossValidated(c)).toBe(false);
    }
    const measured = cases.find(crossValidated)!;
    expect(crossValidated({ ...measured, notModelled: "layout not modelled: a test" })).toBe(false);
  });

  it("run the MoE rows of [B13] in the layout their source names: DEP2, DEP4, TP1", () => {
    const layout = (id: string) => {
      const c = cases.find((c) => c.id === id)!;
      expect(crossValidated(c)).toBe(true);
      return { count: c.count, tp: c.tp ?? 1, pp: c.pp ?? 1, ep: c.ep ?? 1 };
    };
    expect(layout("N-23a")).toEqual({ count: 2, tp: 1, pp: 1, ep: 2 });
    expect(layout("N-24a")).toEqual({ count: 4, tp: 1, pp: 1, ep: 4 });
    expect(layout("N-23c")).toEqual({ count: 1, tp: 1, pp: 1, ep: 1 });
  });
});
