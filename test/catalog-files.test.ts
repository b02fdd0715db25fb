// Every catalog data file parses against its schema, ids match file names, and references resolve.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Chip, System } from "../src/catalog/schema.js";

const dir = (section: string) => join(import.meta.dirname, "..", "catalog", section);
const load = (section: string) =>
  readdirSync(dir(section))
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ file: f, data: JSON.parse(readFileSync(join(dir(section), f), "utf8")) }));

describe("catalog files", () => {
  const chips = load("chips");
  const systems = load("systems");

  it.each(chips.map((c) => [c.file, c.data]))("chip %s matches the schema", (file, data) => {
    const parsed = Chip.safeParse(data);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(`${parsed.data!.id}.json`).toBe(file);
    expect(systems.map((s) => s.data.id)).toContain(parsed.data!.defaultSystem);
  });

  it.each(systems.map((s) => [s.file, s.data]))("system %s matches the schema", (file, data) => {
    const parsed = System.safeParse(data);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(`${parsed.data!.id}.json`).toBe(file);
    expect(chips.map((c) => c.data.id)).toContain(parsed.data!.chip);
    const topology = parsed.data!.topology;
    if (topology.kind === "mesh2d") expect(topology.rows * topology.cols).toBe(parsed.data!.chips);
  });
});

describe("efficiency ranges", () => {
  const chips = load("chips");
  const h200 = JSON.parse(readFileSync(join(dir("chips"), "nvidia-h200.json"), "utf8"));
  const withCompute = (compute: object) => ({
    ...h200,
    efficiency: { ...h200.efficiency, compute: { ...h200.efficiency.compute, ...compute } },
  });
  const issues = (data: unknown) =>
    (Chip.safeParse(data).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);

  it("accepts 0 < low ≤ value ≤ high ≤ 1, bounds equal to the value included", () => {
    expect(issues(withCompute({ value: 0.5, range: { low: 0.3, high: 0.7, source: "test" } }))).toEqual([]);
    expect(issues(withCompute({ value: 0.5, range: { low: 0.5, high: 0.5, source: "test" } }))).toEqual([]);
  });

  it("rejects a low bound above the value, naming the field", () => {
    expect(issues(withCompute({ value: 0.5, range: { low: 0.6, high: 0.7, source: "test" } }))).toEqual([
      "efficiency.compute.range.low: 0.6 is above the value 0.5 (need low ≤ value ≤ high)",
    ]);
  });

  it("rejects a high bound below the value or above 1, and a low bound at or below 0", () => {
    expect(issues(withCompute({ value: 0.5, range: { low: 0.3, high: 0.4, source: "test" } }))).toEqual([
      "efficiency.compute.range.high: 0.4 is below the value 0.5 (need low ≤ value ≤ high)",
    ]);
    expect(issues(withCompute({ value: 0.5, range: { low: 0.3, high: 1.2, source: "test" } }))).toEqual([
      "efficiency.compute.range.high: must be at most 1 (a share of peak), got 1.2",
    ]);
    expect(issues(withCompute({ value: 0.5, range: { low: 0, high: 0.7, source: "test" } }))).toEqual([
      "efficiency.compute.range.low: must be above 0, got 0",
    ]);
  });

  it("requires a source for the bounds and rejects unknown fields", () => {
    expect(issues(withCompute({ range: { low: 0.3, high: 0.7 } }))[0]).toMatch(/^efficiency\.compute\.range\.source: /);
    expect(issues(withCompute({ range: { low: 0.3, high: 0.7, source: "test", mid: 0.5 } }))[0]).toMatch(
      /^efficiency\.compute\.range: .*mid/,
    );
  });

  it("rejects an efficiency outside (0, 1]", () => {
    expect(issues(withCompute({ value: 1.5 }))).toEqual([
      "efficiency.compute.value: an efficiency is a share of peak in (0, 1], got 1.5",
    ]);
  });

  it("gives every chip whose efficiency is not fitted, and every chip not yet shipping, a range with a source", () => {
    for (const { data } of chips) {
      const chip = Chip.parse(data);
      const fitted = /fitted/.test(chip.efficiency.compute.source);
      if (!fitted || chip.status !== "shipping") {
        expect(chip.efficiency.compute.range?.source, `${chip.id} compute`).toMatch(/low: .*high: /s);
        expect(chip.efficiency.memory.range?.source, `${chip.id} memory`).toMatch(/low: .*high: /s);
      }
    }
  });
});

describe("phase-aware power figures", () => {
  const h200 = JSON.parse(readFileSync(join(dir("chips"), "nvidia-h200.json"), "utf8"));
  const withPower = (power: object) => ({
    ...h200,
    power: { idleWatts: h200.power.idleWatts, maxWatts: h200.power.maxWatts, ...power },
  });
  const issues = (data: unknown) =>
    (Chip.safeParse(data).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
  const share = (value: number) => ({ value, kind: "assumed", source: "test" });

  it("come as a pair of shares above 0 and at most 1", () => {
    expect(issues(withPower({ memoryBoundShare: share(0.6), computeSaturationShare: share(0.2) }))).toEqual([]);
    expect(issues(withPower({}))).toEqual([]);
    expect(issues(withPower({ memoryBoundShare: share(0.6) }))).toEqual([
      "power: memoryBoundShare and computeSaturationShare come together",
    ]);
    expect(issues(withPower({ memoryBoundShare: share(1.2), computeSaturationShare: share(0.2) }))).toEqual([
      "power.memoryBoundShare.value: must be a share above 0 and at most 1",
    ]);
    expect(issues(withPower({ memoryBoundShare: share(0.6), computeSaturationShare: share(0) }))).toEqual([
      "power.computeSaturationShare.value: must be a share above 0 and at most 1",
    ]);
  });
});
