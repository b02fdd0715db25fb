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
