// Power and price of the built-in comparison's hardware: every figure sourced, dated and ranged
// where uncertain; both pricing bases known; overrides change exactly the figures they name;
// ranges hold the nominal value; bad overrides are one-line errors naming id and field.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { chip, system } from "../src/catalog/index.js";
import { checkOverrides, type HardwareOverrides } from "../src/catalog/overrides.js";
import type { DatedFigure } from "../src/catalog/schema.js";
import { defaultDesigns, defaultModels } from "../src/designs/default-scenario.js";
import { InputError } from "../src/errors.js";
import { energyAndCost, type EnergyCost, type PoolUsage } from "../src/metrics/energy.js";
import { figureBounds } from "../src/metrics/figures.js";
import { parseScenario } from "../src/scenario/load.js";
import { mergeEconomics, type ScenarioInput } from "../src/scenario/schema.js";
import * as catalog from "../src/catalog/index.js";
import { simulate } from "../src/api/simulate.js";
import { comparisonHtml } from "../src/report/comparison-html.js";
import { figureFootnotes, uncertaintyNotes } from "../src/report/uncertainty.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const cli = join(root, "dist", "src", "cli", "main.js");

/** The systems every built-in design uses, for every default model it fits. */
function builtInSystems(): string[] {
  const ids = new Set<string>();
  for (const modelId of defaultModels) {
    const spec = catalog.model(modelId).spec;
    for (const template of defaultDesigns) {
      const unit = template.unit(spec);
      if ("infeasible" in unit) continue;
      const design = (unit.pools ? unit.pools.design(1, 1) : unit.design(1)) as Record<string, unknown>;
      const pools = [design.pool, design.prefill, design.decode, (design.decode as { ffn?: unknown })?.ffn, design];
      for (const p of pools) {
        const named = p as { system?: unknown; chip?: unknown } | undefined;
        if (typeof named?.system === "string") ids.add(named.system);
        else if (typeof named?.chip === "string") ids.add(chip(named.chip).defaultSystem);
      }
    }
  }
  return [...ids].sort();
}

const systems = builtInSystems();
const usage = (systemId: string, busyShare = 0.6): PoolUsage => {
  const s = system(systemId);
  return { chip: chip(s.chip), system: s, chips: s.chips, busyShare };
};

function expectDated(f: DatedFigure | undefined, what: string): void {
  expect(f, what).toBeDefined();
  expect(f!.kind, what).toBeTruthy();
  expect(f!.source.length, what).toBeGreaterThan(0);
  expect(f!.asOf, what).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
  if (f!.range) {
    expect(f!.range.low, what).toBeLessThanOrEqual(f!.value);
    expect(f!.range.high, what).toBeGreaterThanOrEqual(f!.value);
  }
  // a figure nothing public backs says how it was derived
  if (f!.kind === "assumed") expect(`${f!.source} ${f!.note ?? ""}`, what).toMatch(/\d/);
}

describe("the built-in comparison's hardware", () => {
  it("covers the nine designs' chips and systems", () => {
    expect(systems).toContain("nvidia-vr-nvl72");
    expect(systems).toContain("groq-lpx");
    expect(systems).toContain("tenstorrent-galaxy-blackhole");
    expect(systems.length).toBeGreaterThanOrEqual(10);
  });

  it.each(systems)("%s: chip power, system overhead and a purchase price, each with kind, source and date", (id) => {
    const s = system(id);
    const c = chip(s.chip);
    expectDated(c.power.maxWatts, `${c.id}.power.maxWatts`);
    expectDated(c.power.idleWatts, `${c.id}.power.idleWatts`);
    expectDated(s.power.overheadWatts, `${id}.power.overheadWatts`);
    // a system's price replaces chips × chip price, so the pool needs one of the two
    expectDated(s.price.purchaseUsd ?? c.price.purchaseUsd, `${id} purchase price`);
    if (c.price.usdPerHour) expectDated(c.price.usdPerHour, `${c.id}.price.usdPerHour`);
  });

  it.each(systems)("%s: power, J/token, tokens per kW and $/M tokens known on both pricing bases", (id) => {
    for (const pricing of ["rental", "purchase"] as const) {
      const r = energyAndCost([usage(id)], 1000, { pricing });
      for (const key of [
        "powerWatts",
        "joulesPerOutputToken",
        "outputTokensPerSecondPerKilowatt",
        "usdPerMillionOutputTokens",
        "hardwareUsdPerMillionOutputTokens",
        "energyUsdPerMillionOutputTokens",
      ] as const)
        expect(r[key], `${id} ${pricing} ${key}`).not.toBeNull();
      expect(r.basis.missing).toEqual([]);
      // the split adds up
      expect(
        r.hardwareUsdPerMillionOutputTokens! +
          r.energyUsdPerMillionOutputTokens! +
          r.datacenterUsdPerMillionOutputTokens!,
      ).toBeCloseTo(r.usdPerMillionOutputTokens!, 9);
      // every figure used is listed with its kind and date; an assumed one says so
      for (const f of r.basis.figures) {
        expect(f.asOf).toBeTruthy();
        const line = [...r.basis.power, ...r.basis.price].find((l) => l.includes(`(${f.kind}, ${f.asOf}`));
        expect(line, `${f.id}.${f.field} marked ${f.kind} where used`).toBeDefined();
      }
    }
  });
});

describe("ranges", () => {
  it.each(systems)("%s: widening power and price by their ranges contains the nominal value", (id) => {
    for (const pricing of ["rental", "purchase"] as const) {
      const [nominal, pessimistic, optimistic] = figureBounds.map((bound) =>
        energyAndCost([usage(id)], 1000, { pricing, bound }),
      );
      const between = (key: keyof EnergyCost, rising = true) => {
        const [lo, hi] = rising ? [optimistic, pessimistic] : [pessimistic, optimistic];
        expect(lo[key] as number, `${id} ${pricing} ${key}`).toBeLessThanOrEqual((nominal[key] as number) + 1e-9);
        expect(hi[key] as number, `${id} ${pricing} ${key}`).toBeGreaterThanOrEqual((nominal[key] as number) - 1e-9);
      };
      between("powerWatts");
      between("joulesPerOutputToken");
      between("usdPerMillionOutputTokens");
      between("outputTokensPerSecondPerKilowatt", false);
    }
  });

  it("a ranged figure moves the bound runs and an override pins it", () => {
    const rubin = usage("nvidia-vr-nvl72");
    const at = (bound: "pessimistic" | "optimistic", overrides?: HardwareOverrides) =>
      energyAndCost([rubin], 1000, { bound, overrides }).powerWatts!;
    expect(at("pessimistic")).toBeGreaterThan(at("optimistic"));
    const pinned = { "nvidia-rubin": { maxWatts: 2000, idleWatts: 300 }, "nvidia-vr-nvl72": { overheadWatts: 50000 } };
    expect(at("pessimistic", pinned)).toBe(at("optimistic", pinned));
  });
});

describe("overrides", () => {
  const keys: (keyof EnergyCost)[] = [
    "powerWatts",
    "joulesPerOutputToken",
    "usdPerHour",
    "hardwareUsdPerMillionOutputTokens",
    "energyUsdPerMillionOutputTokens",
  ];
  const changed = (a: EnergyCost, b: EnergyCost) => keys.filter((k) => a[k] !== b[k]);
  const h200 = usage("nvidia-hgx-h200-8");
  const groq = usage("groq-rack");
  const both = (overrides: HardwareOverrides, pricing: "rental" | "purchase") => {
    const before = energyAndCost([h200, groq], 1000, { pricing });
    const after = energyAndCost([h200, groq], 1000, { pricing, overrides });
    return { before, after };
  };

  it("a chip's maxWatts changes its pool's power and, when owned, its electricity, and nothing of another pool", () => {
    const { before, after } = both({ "nvidia-h200": { maxWatts: 1000 } }, "rental");
    // rented: the rate includes electricity, so the dollars stay
    expect(changed(before, after)).toEqual(["powerWatts", "joulesPerOutputToken"]);
    expect(after.perPool[1]).toEqual(before.perPool[1]);
    // idle unchanged, so the rise is Δmax × drawn share × chips
    expect(after.perPool[0].powerWatts! - before.perPool[0].powerWatts!).toBeCloseTo(8 * 300 * 0.6, 9);
    expect(after.basis.figures.find((f) => f.id === "nvidia-h200" && f.field === "maxWatts")?.kind).toBe("override");
    const owned = both({ "nvidia-h200": { maxWatts: 1000 } }, "purchase");
    expect(changed(owned.before, owned.after)).toEqual([
      "powerWatts",
      "joulesPerOutputToken",
      "usdPerHour",
      "energyUsdPerMillionOutputTokens",
    ]);
    expect(owned.after.perPool[1]).toEqual(owned.before.perPool[1]);
  });

  it("a chip's usdPerHour changes the rented pool's dollars only; purchaseUsd the owned pool's", () => {
    const rent = both({ "nvidia-h200": { usdPerHour: 2 } }, "rental");
    expect(changed(rent.before, rent.after)).toEqual(["usdPerHour", "hardwareUsdPerMillionOutputTokens"]);
    expect(rent.after.perPool[0].usdPerHour).toBeCloseTo(8 * 2, 12);
    const ignored = both({ "nvidia-h200": { usdPerHour: 2 } }, "purchase");
    expect(changed(ignored.before, ignored.after)).toEqual([]);
  });

  it("a system's purchaseUsd replaces chips × chip price; its overheadWatts adds per whole system", () => {
    const price = both({ "groq-rack": { purchaseUsd: 876_600 } }, "purchase");
    expect(changed(price.before, price.after)).toEqual(["usdPerHour", "hardwareUsdPerMillionOutputTokens"]);
    const electricity = ((price.after.perPool[1].powerWatts! * 1.3) / 1000) * 0.08;
    expect(price.after.perPool[1].usdPerHour).toBeCloseTo(876_600 / (4 * 8766) + electricity, 9);
    const power = both({ "groq-rack": { overheadWatts: 2000 } }, "rental");
    expect(power.after.perPool[1].powerWatts! - power.before.perPool[1].powerWatts!).toBeCloseTo(2000 - 12000, 9);
    expect(power.after.perPool[0]).toEqual(power.before.perPool[0]);
  });

  it("overrides merge per id and field over a scenario's economics", () => {
    expect(
      mergeEconomics(
        { pue: 1.2, overrides: { "nvidia-h200": { maxWatts: 800, usdPerHour: 3 } } },
        {
          pue: undefined,
          pricing: "purchase",
          overrides: { "nvidia-h200": { maxWatts: 900 }, "groq-rack": { overheadWatts: 1 } },
        },
      ),
    ).toEqual({
      pue: 1.2,
      pricing: "purchase",
      overrides: { "nvidia-h200": { maxWatts: 900, usdPerHour: 3 }, "groq-rack": { overheadWatts: 1 } },
    });
  });
});

describe("malformed overrides", () => {
  const cases: [string, unknown, RegExp][] = [
    [
      "unknown id",
      { "nvidia-h2000": { maxWatts: 1 } },
      /^overrides\.nvidia-h2000: unknown chip or system id "nvidia-h2000"/,
    ],
    [
      "chip field on a system",
      { "groq-rack": { maxWatts: 1 } },
      /^overrides\.groq-rack\.maxWatts: a system has no maxWatts; a system's chips have it: set it on groq-lpu-v1/,
    ],
    [
      "system field on a chip",
      { "groq-lp30": { overheadWatts: 1 } },
      /^overrides\.groq-lp30\.overheadWatts: a chip has no overheadWatts/,
    ],
    [
      "negative",
      { "nvidia-h200": { purchaseUsd: -5 } },
      /^overrides\.nvidia-h200\.purchaseUsd: must be a number ≥ 0, got -5/,
    ],
    [
      "not a number",
      { "nvidia-h200": { usdPerHour: "cheap" } },
      /^overrides\.nvidia-h200\.usdPerHour: must be a number ≥ 0, got "cheap"/,
    ],
    [
      "idle above max",
      { "nvidia-h200": { maxWatts: 100 } },
      /^overrides\.nvidia-h200\.maxWatts: idle 120 W is above max 100 W/,
    ],
  ];
  it.each(cases)("%s: one line naming the id and the field", (_, overrides, message) => {
    const call = () => checkOverrides(overrides);
    expect(call).toThrow(InputError);
    expect(call).toThrow(message);
    try {
      call();
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("a scenario file's economics.overrides is checked with the same words", async () => {
    const scenario: ScenarioInput = {
      model: "llama-3.1-8b",
      workload: { arrival: { kind: "poisson", ratePerSecond: 1 }, requests: 10 },
      slo: { ttftSeconds: 1, tpotSeconds: 0.1 },
      designs: [{ name: "a", kind: "aggregated", pool: { chip: "nvidia-h200", count: 1 } }],
      economics: { overrides: { "groq-rack": { maxWatts: 1 } } },
    };
    await expect(parseScenario(scenario)).rejects.toThrow(
      /^economics\.overrides\.groq-rack\.maxWatts: a system has no maxWatts/,
    );
  });

  it("the CLI flags name the flag, the id and what is wrong, in one line", async () => {
    const flags: [string[], RegExp][] = [
      [["--power", "nvidia-h200"], /^infercast: --power: expected <chip or system id>=<number>, got "nvidia-h200"\n$/],
      [["--price", "nope=3"], /^infercast: --price nope: unknown chip or system id "nope"/],
      [["--rental", "nvidia-h200=-1"], /^infercast: --rental nvidia-h200: must be a number ≥ 0, got -1\n$/],
      [["--pue", "0.5"], /^infercast: --pue: /],
    ];
    for (const [args, message] of flags) {
      const result = await run(process.execPath, [cli, "simulate", "examples/aggregated.json", ...args], {
        cwd: root,
      }).catch((e: { code: number; stderr: string }) => e);
      expect((result as { code: number }).code).toBe(1);
      expect((result as { stderr: string }).stderr).toMatch(message);
    }
  });
});

describe("the override flags", () => {
  it.each(["compare", "simulate", "plan", "sweep"])("%s takes --price, --rental and --power", async (command) => {
    const { stdout } = await run(process.execPath, [cli, command, "--help"], { cwd: root });
    for (const flag of ["--price <id=usd>", "--rental <id=usd/h>", "--power <id=watts>", "--pricing <pricing>"])
      expect(stdout).toContain(flag);
  });
});

describe("catalog chips / systems", () => {
  it.each(["chips", "systems"])(
    "%s: the default view fits 120 columns and shows power and price with kind and date",
    async (section) => {
      const { stdout } = await run(process.execPath, [cli, "catalog", section], { cwd: root });
      const widest = Math.max(...stdout.split("\n").map((l) => [...l].length));
      expect(widest).toBeLessThanOrEqual(120);
      expect(stdout).toMatch(
        section === "chips" ? /650 W\s*│[\s\S]*assumed 2026-12/ : /60\.4 kW[\s\S]*derived 2026-12/,
      );
      const wide = await run(process.execPath, [cli, "catalog", section, "--wide"], { cwd: root });
      expect(wide.stdout).toMatch(/power and price sources/);
      expect(wide.stdout).toMatch(/scale-up per chip|efficiency compute/);
    },
  );
});

describe("reports", () => {
  it("name the basis, mark assumed figures per design, and footnote every figure with its source's address", async () => {
    const scenario: ScenarioInput = {
      model: "llama-3.1-8b",
      workload: {
        arrival: { kind: "poisson", ratePerSecond: 2 },
        input: { kind: "fixed", tokens: 200 },
        output: { kind: "fixed", tokens: 20 },
        requests: 20,
        seed: 3,
      },
      slo: { ttftSeconds: 2, tpotSeconds: 0.1 },
      designs: [
        { name: "h200", kind: "aggregated", pool: { system: "nvidia-hgx-h200-8", count: 1 } },
        { name: "galaxy", kind: "aggregated", pool: { system: "tenstorrent-galaxy-blackhole", count: 8, tp: 8 } },
      ],
    };
    const result = await simulate(scenario, { economics: { overrides: { "nvidia-h200": { usdPerHour: 3 } } } });
    const notes = uncertaintyNotes(result.results);
    expect(notes).toContain(
      "pricing: rental — public on-demand rates (electricity included) where they exist; fallback: no usdPerHour on tenstorrent-blackhole-galaxy or tenstorrent-galaxy-blackhole, so priced on purchase",
    );
    expect(notes.find((n) => n.startsWith("galaxy: assumed"))).toMatch(
      /tenstorrent-galaxy-blackhole purchaseUsd \$96000 \(assumed\)/,
    );
    const footnotes = figureFootnotes(result.results);
    const h200 = footnotes.find((f) => f.design === "h200")!.figures.join("\n");
    expect(h200).toMatch(/nvidia-h200 usdPerHour \$3\/h — override: override: nvidia-h200\.usdPerHour/);
    expect(h200).toMatch(
      /nvidia-h200 maxWatts 700 W — vendor, as of 2026-08: \[R1\].*\(\[R1\] `stas00\/ml-engineering`/,
    );
    const html = comparisonHtml({
      budget: "chips",
      budgetDescription: "as written",
      slo: result.slo,
      cases: [{ model: result.model, workload: "w", workloadDescription: "", results: result.results, verdicts: [] }],
      results: result.results.map((r) => ({ ...r, workload: "w" })),
    });
    expect(html).toContain('<section id="figures"><h2>Power and price figures</h2>');
    expect(html).toContain("tenstorrent-galaxy-blackhole purchaseUsd $96000 — assumed, as of 2026-12");
  });
});
