// The frontier charts' data and layout: end labels spread so that no two overlap, the same way
// every time; plain tick numbers; one line per design with confirmed points on each basis, axis
// titles with units, the levels as guides and the SLO marked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frontierFigures } from "../src/report/frontier-chart-data.js";
import { frontierChart, plainNumber, plainTicks, spreadIntervals } from "../src/report/frontier-chart.js";
import { result } from "./support/comparison.js";
import { searched } from "./support/frontiers.js";

const intervals = fc.array(
  fc.record({
    want: fc.double({ min: -50, max: 450, noNaN: true }),
    size: fc.double({ min: 1, max: 40, noNaN: true }),
  }),
  { maxLength: 12 },
);

describe("spreading labels along an axis", () => {
  it("never lets two overlap, keeps them in the span when they fit, and gives the same layout every time", () => {
    fc.assert(
      fc.property(intervals, (items) => {
        const [min, max, gap] = [0, 400, 2];
        const starts = spreadIntervals(items, min, max, gap);
        expect(spreadIntervals(items, min, max, gap)).toEqual(starts);
        const boxes = items.map((it, i) => ({ start: starts[i], end: starts[i] + it.size }));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++)
            expect(boxes[i].end + gap <= boxes[j].start + 1e-9 || boxes[j].end + gap <= boxes[i].start + 1e-9).toBe(
              true,
            );
        const total = items.reduce((sum, it) => sum + it.size + gap, 0);
        if (total <= max - min)
          for (const b of boxes) {
            expect(b.start).toBeGreaterThanOrEqual(min - 1e-9);
            expect(b.end).toBeLessThanOrEqual(max + 1e-9);
          }
      }),
    );
  });

  it("leaves labels that do not collide where they want to be, and keeps the order of the wanted starts", () => {
    expect(
      spreadIntervals(
        [
          { want: 300, size: 10 },
          { want: 10, size: 10 },
        ],
        0,
        400,
      ),
    ).toEqual([300, 10]);
    const starts = spreadIntervals(
      [
        { want: 100, size: 14 },
        { want: 101, size: 14 },
        { want: 99, size: 14 },
      ],
      0,
      400,
    );
    expect(starts[2]).toBeLessThan(starts[0]);
    expect(starts[0]).toBeLessThan(starts[1]);
    // pulled back inside the span at its end
    expect(spreadIntervals([{ want: 395, size: 14 }], 0, 400)).toEqual([386]);
  });
});

describe("tick numbers", () => {
  const labels = (log: boolean, lengthPx: number, values: number[]) => {
    const axis = { isHorizontal: () => false, width: 60, height: lengthPx };
    const ticks = values.map((value) => ({ value }));
    return values.map((v, i) => plainTicks(log).callback.call(axis, v, i, ticks));
  };
  const decades = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, k) => [1, 2, 3, 4, 5, 6, 7, 8, 9].map((m) => m * 10 ** (from + k))).flat();

  it("labels 1, 2 and 5 of each decade where there is room, only the powers of ten where there is not", () => {
    const roomy = labels(true, 400, decades(0, 2)).filter(Boolean);
    expect(roomy).toEqual(["1", "2", "5", "10", "20", "50"]);
    const cramped = labels(true, 150, decades(0, 6)).filter(Boolean);
    expect(cramped).toEqual(["1", "10", "100", "1k", "10k", "100k"]);
    expect(labels(false, 150, [0, 50_000, 100_000])).toEqual(["0", "50k", "100k"]);
  });

  it("reads 1k, 10k, 100k and 2.5M, never with a thousands separator", () => {
    expect([1000, 10_000, 100_000, 2_500_000, 0.5, 20, 1e9].map(plainNumber)).toEqual([
      "1k",
      "10k",
      "100k",
      "2.5M",
      "0.5",
      "20",
      "1G",
    ]);
  });
});

describe("a searched case's frontier charts", () => {
  const figures = frontierFigures(searched, "case-0", { ...result, basis: "usd" });

  it("draws the ranking basis first, then the other two, each with units in both axis titles", () => {
    expect(figures.map((f) => f.basis)).toEqual(["usd", "mw", "chip"]);
    for (const { view } of figures) {
      expect(view.xTitle).toMatch(/\(tokens\/s\)$/);
      expect(view.yTitle).toMatch(/\(tokens\/s[^)]*\)$/);
    }
  });

  it("gives one line per design with confirmed points on that basis, and says which are left out and why", () => {
    const byBasis = Object.fromEntries(figures.map((f) => [f.basis, f]));
    expect(byBasis.mw.view.series.map((s) => s.label)).toEqual(["gpu", "lpu"]);
    expect(byBasis.chip.view.series.map((s) => s.label)).toEqual(["gpu", "lpu", "no-power"]);
    expect(byBasis.usd.view.series.map((s) => s.label)).toEqual(["gpu"]);
    expect(byBasis.mw.notes.join(" ")).toContain("no-power (power unknown)");
    expect(byBasis.usd.notes.join(" ")).toContain("lpu, no-power (price unknown)");
    expect(byBasis.chip.notes.join(" ")).toContain("No confirmed frontier: nothing");
    // each design keeps its colour in every view
    expect(byBasis.mw.view.series[1].colour).toBe(byBasis.chip.view.series[1].colour);
    expect(byBasis.mw.view.series[0].points).toEqual([
      { x: 40, y: 5e6 },
      { x: 300, y: 1e6 },
    ]);
  });

  it("draws the levels as guides with the SLO marked, and logarithmic axes where values span an order of magnitude", () => {
    const { view } = figures[1];
    expect(view.guides).toEqual([
      { x: 20, text: "20", headline: false },
      { x: 50, text: "SLO 50", headline: true },
      { x: 100, text: "100", headline: false },
      { x: 1000, text: "1k", headline: false },
    ]);
    expect(view.xLog).toBe(true);
    expect(view.yLog).toBe(true);
    const config = frontierChart(view);
    expect(config.options?.scales?.x?.type).toBe("logarithmic");
    expect(config.data.datasets.map((d) => d.label)).toEqual(["gpu", "lpu"]);
  });

  it("draws none for a case that was not searched", () => {
    expect(frontierFigures(result.cases[0], "case-0", result)).toEqual([]);
  });
});
