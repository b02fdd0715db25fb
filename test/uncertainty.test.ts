// Efficiency ranges: the bounds reach the packed parameters, the runs at the bounds bracket the
// nominal one the way physics says they must, designs without a ranged chip get no range, the
// bounds are deterministic, and the CLI carries them.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as P from "#params";
import * as catalog from "../src/catalog/index.js";
import { configure } from "../src/engine/configure.js";
import { InputError } from "../src/errors.js";
import type { DesignResult, HeadlineMetrics } from "../src/api/results.js";
import { simulate } from "../src/api/simulate.js";
import { compare } from "../src/api/compare.js";
import { simulationCsv, simulationTable } from "../src/report/simulation.js";
import { uncertaintyNotes } from "../src/report/uncertainty.js";
import type { ScenarioInput } from "../src/scenario/schema.js";

const root = join(import.meta.dirname, "..");
const run = promisify(execFile);

const datatypes = { weights: "fp8", activations: "bf16", kv: "fp8" };

/** A closed loop keeps every chip busy, so its throughput is set by the chips, not the arrivals. */
const closedLoop = { kind: "closed", concurrency: 16 } as const;
/** Open-loop traffic below every design's capacity: no pool's speed changes what the other pool is sent. */
const poisson = { kind: "poisson", ratePerSecond: 4 } as const;

const scenario = (
  designs: ScenarioInput["designs"],
  arrival: ScenarioInput["workload"]["arrival"] = closedLoop,
): ScenarioInput => ({
  model: "llama-3.1-8b",
  datatypes,
  workload: {
    arrival,
    input: { kind: "lognormal", mean: 600, sigma: 0.6, min: 16, max: 4000 },
    output: { kind: "lognormal", mean: 80, sigma: 0.5, min: 2, max: 400 },
    requests: 120,
    seed: 11,
  },
  slo: { ttftSeconds: 1, tpotSeconds: 0.05 },
  designs,
});

const link = { bandwidthBytesPerSecond: 50e9, latencySeconds: 5e-6 };
const disaggregated: ScenarioInput["designs"] = [
  {
    name: "h100+trainium3",
    kind: "disaggregated",
    prefill: { chip: "nvidia-h100-sxm", count: 1 },
    decode: { chip: "aws-trainium3", count: 1 },
    link,
  },
  {
    name: "trainium3+h100",
    kind: "disaggregated",
    prefill: { chip: "aws-trainium3", count: 1 },
    decode: { chip: "nvidia-h100-sxm", count: 1 },
    link,
  },
];
const designs: ScenarioInput["designs"] = [
  { name: "h100", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 1 } },
  { name: "blackhole", kind: "aggregated", pool: { chip: "tenstorrent-blackhole-p150", count: 1 } },
  disaggregated[0],
];

describe("efficiency cases in configure", () => {
  const choice = { model: "llama-3.1-8b", datatypes } as const;

  it("packs the low and high bounds of a ranged chip, and its values by default", () => {
    const chip = catalog.chip("tenstorrent-blackhole-p150");
    const { compute, memory } = chip.efficiency;
    for (const [at, expected] of [
      ["nominal", [compute.value, memory.value]],
      ["low", [compute.range!.low, memory.range!.low]],
      ["high", [compute.range!.high, memory.range!.high]],
    ] as const) {
      const params = configure({ ...choice, chip: chip.id, efficiency: at }).params;
      expect([params[P.P_COMPUTE_EFF], params[P.P_MEM_EFF]], at).toEqual(expected);
    }
    expect(configure({ ...choice, chip: chip.id }).params).toEqual(
      configure({ ...choice, chip: chip.id, efficiency: "nominal" }).params,
    );
  });

  it("packs the same block in every case for a chip without a range", () => {
    const nominal = configure({ ...choice, chip: "nvidia-h100-sxm" }).params;
    expect(configure({ ...choice, chip: "nvidia-h100-sxm", efficiency: "low" }).params).toEqual(nominal);
    expect(configure({ ...choice, chip: "nvidia-h100-sxm", efficiency: "high" }).params).toEqual(nominal);
  });

  it("rejects an unknown case, naming the field and the cases there are", () => {
    expect(() => configure({ ...choice, chip: "nvidia-h100-sxm", efficiency: "median" as never })).toThrow(
      new InputError("efficiency", 'unknown efficiency case "median"', ["nominal", "low", "high"]),
    );
  });
});

describe("simulate with uncertainty", async () => {
  const result = await simulate(scenario(designs), { uncertainty: true });
  const open = await simulate(scenario(disaggregated, poisson), { uncertainty: true });
  const byName = (name: string, from = result) => from.results.find((r) => r.design === name)!;

  /** pessimistic ≤ nominal ≤ optimistic for a higher-is-better metric; the reverse for a lower-is-better one. */
  const bracket = (r: DesignResult, value: (m: HeadlineMetrics) => number | null, better: "higher" | "lower") => {
    const [low, nominal, high] = [value(r.range!.pessimistic), value(r.metrics), value(r.range!.optimistic)];
    const [first, last] = better === "higher" ? [low, high] : [high, low];
    expect(first, `${r.design}`).not.toBeNull();
    expect(first!, `${r.design}: bound below nominal`).toBeLessThanOrEqual(nominal!);
    expect(nominal!, `${r.design}: nominal below bound`).toBeLessThanOrEqual(last!);
  };

  it("brackets the nominal figures: throughput lower and latency higher at low efficiency", () => {
    // one pool under a closed loop, and two pools under open-loop traffic below capacity. A pool
    // without a range still feels a ranged neighbour through batching (a faster prefill pool hands
    // decode more sequences at once), so latency is held to move one way only where its own pool is ranged.
    const cases = [
      { r: byName("blackhole"), prefillRanged: true, decodeRanged: true },
      { r: byName("h100+trainium3", open), prefillRanged: false, decodeRanged: true },
      { r: byName("trainium3+h100", open), prefillRanged: true, decodeRanged: false },
    ];
    for (const { r, prefillRanged, decodeRanged } of cases) {
      expect(r.range!.chips.length, r.design).toBeGreaterThan(0);
      bracket(r, (m) => m.outputTokensPerSecond, "higher");
      bracket(r, (m) => m.outputTokensPerSecondPerChip, "higher");
      for (const q of ["p50", "p90", "p99"] as const) {
        if (prefillRanged) bracket(r, (m) => m.ttftSeconds[q], "lower");
        if (decodeRanged) bracket(r, (m) => m.tpotSeconds[q], "lower");
      }
      if (decodeRanged) bracket(r, (m) => m.outputTokensPerSecondPerUser, "higher");
    }
    // the Blackhole card has power and a price: energy and cost per token move with its speed
    bracket(byName("blackhole"), (m) => m.joulesPerOutputToken, "lower");
    bracket(byName("blackhole"), (m) => m.usdPerMillionOutputTokens, "lower");
    // a closed loop is chip-bound: the slow corner is strictly slower
    const b = byName("blackhole");
    expect(b.range!.pessimistic.outputTokensPerSecond).toBeLessThan(b.metrics.outputTokensPerSecond);
  });

  it("reports the runs as they came out: in a closed loop a faster decode pool sends the prefill pool more work", () => {
    // h100 prefill, trainium3 decode: users come back sooner when decode is faster, so TTFT rises
    const r = byName("h100+trainium3");
    expect(r.range!.optimistic.tpotSeconds.p50!).toBeLessThan(r.range!.pessimistic.tpotSeconds.p50!);
    expect(r.range!.optimistic.ttftSeconds.p50!).toBeGreaterThan(r.range!.pessimistic.ttftSeconds.p50!);
  });

  it("names the ranged chips with the bounds applied, only the ones that have a range", () => {
    expect(byName("h100+trainium3").range!.chips.map((c) => c.chip)).toEqual(["aws-trainium3"]);
    const [bounds] = byName("blackhole").range!.chips;
    const figure = catalog.chip("tenstorrent-blackhole-p150").efficiency.compute;
    expect(bounds.compute).toEqual({
      low: figure.range!.low,
      value: figure.value,
      high: figure.range!.high,
      source: figure.range!.source,
    });
  });

  it("does not rerun a design with no ranged chip: only its power and price figures' ranges move it", () => {
    const r = byName("h100");
    expect(r.range!.chips).toEqual([]);
    const moved = [
      "powerWatts",
      "joulesPerOutputToken",
      "outputTokensPerSecondPerKilowatt",
      "usdPerMillionOutputTokens",
    ];
    for (const bound of [r.range!.pessimistic, r.range!.optimistic]) {
      for (const [key, value] of Object.entries(bound))
        if (!moved.includes(key)) expect(value, key).toEqual(r.metrics[key as keyof HeadlineMetrics]);
    }
    // the HGX overhead and the H100's rental rate are ranged; each bound holds the nominal value
    expect(r.range!.figures.map((f) => `${f.id}.${f.field}`).sort()).toEqual([
      "nvidia-h100-sxm.usdPerHour",
      "nvidia-hgx-h100-8.overheadWatts",
    ]);
    const { pessimistic: p, optimistic: o } = r.range!;
    const m = r.metrics;
    // the overhead's nominal 4.6 kW is its high end
    expect(p.powerWatts!).toBeGreaterThanOrEqual(m.powerWatts!);
    expect(o.powerWatts!).toBeLessThan(m.powerWatts!);
    expect(p.usdPerMillionOutputTokens!).toBeGreaterThan(m.usdPerMillionOutputTokens!);
    expect(o.usdPerMillionOutputTokens!).toBeLessThan(m.usdPerMillionOutputTokens!);
    expect(o.outputTokensPerSecondPerKilowatt!).toBeGreaterThan(m.outputTokensPerSecondPerKilowatt!);
  });

  it("leaves the nominal result as a run without uncertainty gives it", async () => {
    const plain = await simulate(scenario(designs));
    expect(plain.results.every((r) => r.range === undefined)).toBe(true);
    expect(result.results.map(({ range: _, ...r }) => r)).toEqual(plain.results);
  });

  it("is deterministic: the same seed gives identical bounds", async () => {
    const again = await simulate(scenario(designs), { uncertainty: true });
    expect(again.results.map((r) => r.range)).toEqual(result.results.map((r) => r.range));
  });

  it("rejects an uncertainty option that is not a boolean, naming it", async () => {
    await expect(simulate(scenario(designs), { uncertainty: "yes" as never })).rejects.toThrow(
      /^uncertainty: must be true or false/,
    );
  });
});

describe("compare with uncertainty", () => {
  it("passes it to the searched comparison: the Galaxy is ranged, the GPU baseline is not", async () => {
    const result = await compare(undefined, {
      models: ["llama-3.1-8b"],
      workloads: ["chat"],
      designs: ["gpu-aggregated", "galaxy-blackhole"],
      uncertainty: true,
    });
    // every confirmed Galaxy point carries the range of the ranking basis, low at most the nominal value
    const galaxyFrontier = result.cases[0].frontiers!.find((f) => f.design === "galaxy-blackhole")!;
    for (const p of galaxyFrontier.points) {
      expect(p.range!.low!).toBeLessThanOrEqual(p.outputTokensPerSecondPerMegawattFacility! * (1 + 1e-9));
      expect(p.range!.high!).toBeGreaterThanOrEqual(p.range!.low!);
    }
    const [gpu, galaxy] = ["gpu-aggregated", "galaxy-blackhole"].map(
      (name) => result.results.find((r) => r.design === name)!,
    );
    expect(gpu.range!.chips).toEqual([]);
    expect(galaxy.range!.chips.map((c) => c.chip)).toEqual(["tenstorrent-blackhole-galaxy"]);
    expect(galaxy.range!.pessimistic.outputTokensPerSecond).toBeLessThanOrEqual(galaxy.metrics.outputTokensPerSecond);
  });
});

describe("reports of a range run", async () => {
  const result = await simulate(scenario(designs.slice(0, 2)), { uncertainty: true });

  it("the simulate table shows nominal (a–b) and says which bounds were applied and which design has none", () => {
    const table = simulationTable(result, uncertaintyNotes(result.results));
    expect(table).toMatch(/output tokens\/s .*│ [\d,]+ +│ [\d,]+ \([\d,]+–[\d,]+\)/);
    // the bounds and nominal values as the catalog has them (they move when the chip is refitted)
    const e = catalog.chip("tenstorrent-blackhole-p150").efficiency;
    const bounds = (f: typeof e.compute) => `${f.range!.low}–${f.range!.high} (nominal ${f.value}, ${f.kind})`;
    expect(table).toContain(
      `note: tenstorrent-blackhole-p150: efficiency range applied — compute ${bounds(e.compute)}, memory ${bounds(e.memory)}`,
    );
    expect(table).toMatch(
      /note: h100: power and price ranges applied — .*nvidia-hgx-h100-8 overheadWatts 4600 W \(3300 W–4600 W, assumed\)/,
    );
  });

  it("without a range run, the notes say which chips have ranges and the CSV has no range columns", async () => {
    const plain = await simulate(scenario(designs.slice(0, 2)));
    const notes = uncertaintyNotes(plain.results);
    expect(notes).toContain(
      "efficiency ranges exist for tenstorrent-blackhole-p150: run with uncertainty (--range) to see how far they move the figures",
    );
    expect(notes[0]).toMatch(/^pricing: rental/);
    expect(notes.some((n) => /power and price ranges applied/.test(n))).toBe(false);
    expect(simulationCsv(plain).split("\n")[0]).not.toMatch(/pessimistic/);
  });
});

// separate processes: run side by side
describe.concurrent("the CLI with --range", () => {
  const dir = mkdtempSync(join(tmpdir(), "infercast-range-"));
  const file = join(dir, "scenario.json");
  writeFileSync(file, JSON.stringify(scenario(designs.slice(0, 2))));
  const cli = (...args: string[]) =>
    run(process.execPath, [join(root, "dist", "src", "cli", "main.js"), ...args], { cwd: root });

  it("simulate --format json carries each design's bounds", async () => {
    const { stdout } = await cli("simulate", file, "--range", "--format", "json");
    const results = JSON.parse(stdout).results as DesignResult[];
    const blackhole = results.find((r) => r.design === "blackhole")!;
    expect(blackhole.range!.chips[0].chip).toBe("tenstorrent-blackhole-p150");
    expect(blackhole.range!.pessimistic.ttftSeconds.p90).toBeGreaterThan(blackhole.metrics.ttftSeconds.p90!);
    expect(blackhole.range!.optimistic.outputTokensPerSecond).toBeGreaterThanOrEqual(
      blackhole.metrics.outputTokensPerSecond,
    );
    expect(results.find((r) => r.design === "h100")!.range!.chips).toEqual([]);
  });

  it("compare --format csv has pessimistic and optimistic columns", async () => {
    const csv = (await cli("compare", file, "--range", "--format", "csv")).stdout
      .trim()
      .split("\n")
      .map((l) => l.split(","));
    const header = csv[0];
    const blackhole = csv.find((row) => row[2] === "blackhole")!;
    const at = (name: string) => Number(blackhole[header.indexOf(name)]);
    expect(at("ttft_p90_s_pessimistic")).toBeGreaterThan(at("ttft_p90_s"));
    expect(at("output_tokens_per_s_pessimistic")).toBeLessThan(at("output_tokens_per_s"));
    expect(blackhole[header.indexOf("ranged_chips")]).toBe("tenstorrent-blackhole-p150");
    expect(csv.find((row) => row[2] === "h100")![header.indexOf("ranged_chips")]).toBe("");
  });
});
