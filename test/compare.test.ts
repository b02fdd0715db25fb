// compare on a scenario: its designs as written, each with a verdict on what binds it, the numbers
// simulate's; the built-in scenarios a page edits; the CLI in every format and its retired flags.
// The searched comparison is tested in compare-search.test.ts.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { builtInScenarios } from "../src/api/built-in.js";
import { compare } from "../src/api/compare.js";
import { configuredStep, estimateStep } from "../src/api/step.js";
import { verdict } from "../src/api/verdict.js";
import { simulate, simulateWithSetups } from "../src/api/simulate.js";
import type { MemoryTier } from "../src/catalog/schema.js";
import type { ScenarioInput } from "../src/scenario/schema.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const cli = (...args: string[]) =>
  run(process.execPath, [join(root, "dist", "src", "cli", "main.js"), ...args], { cwd: root, maxBuffer: 64 << 20 });

describe("compare", () => {
  it("names what a prefill step is bound by when prompts wait on the pool that prefills", async () => {
    // one p150 under long prompts arriving faster than it can prefill them
    const scenario: ScenarioInput = {
      model: "llama-3.1-8b",
      datatypes: { weights: "bfp8", kv: "bfp8" },
      workload: {
        arrival: { kind: "poisson", ratePerSecond: 20 },
        input: { kind: "fixed", tokens: 4096 },
        output: { kind: "fixed", tokens: 16 },
        requests: 300,
      },
      slo: { ttftSeconds: 1, tpotSeconds: 0.2 },
      designs: [{ name: "p150", kind: "aggregated", pool: { chip: "tenstorrent-blackhole-p150", count: 1 } }],
    };
    const { result, setups } = await simulateWithSetups(scenario);
    const r = result.results[0];
    expect(r.metrics.ttftSeconds.p90!).toBeGreaterThan(1);
    const v = verdict(r, setups[0], result.slo);
    expect(["prefill compute", "prefill bandwidth", "network", "overhead"]).toContain(v.binding);
    expect(v.explanation).toMatch(
      /^prompts wait \(TTFT p90 [\d.]+ s\): a 2k-token prefill step on tenstorrent-blackhole-p150 takes \d+ ms/,
    );
  });

  it("explains the step the run used: its expert imbalance and activation reserve, not defaults", async () => {
    // a closed loop on one MoE pool whose busiest expert chip carries twice the balanced load
    const scenario: ScenarioInput = {
      model: "mixtral-8x7b",
      datatypes: { weights: "fp8", kv: "fp8" },
      workload: {
        arrival: { kind: "closed", concurrency: 16 },
        requests: 64,
        input: { kind: "fixed", tokens: 256 },
        output: { kind: "fixed", tokens: 64 },
      },
      slo: { ttftSeconds: 10, tpotSeconds: 1 },
      designs: [
        {
          name: "ep",
          kind: "aggregated",
          scheduler: { chunkTokens: 512 },
          pool: { chip: "nvidia-h100-sxm", count: 2, ep: 2, moeImbalance: 2 },
        },
      ],
    };
    const {
      result,
      setups: [setup],
    } = await simulateWithSetups(scenario);
    const v = verdict(result.results[0], setup, result.slo);
    const batch = Number(/a decode step of (\d+) at 2k context/.exec(v.explanation)![1]);
    const ran = configuredStep(setup.pools[0].config, "decode", batch, 2048);
    const boundSeconds = ran.operators.filter((o) => o.bound === ran.bound).reduce((s, o) => s + o.seconds, 0);
    const share = boundSeconds / ran.stepSeconds;
    expect(v.explanation).toContain(`is ${(100 * share).toFixed(0)}% ${ran.bound}-bound`);
    // the step the old name-based estimate described is a different one
    const named = estimateStep({
      model: "mixtral-8x7b",
      chip: "nvidia-h100-sxm",
      count: 2,
      ep: 2,
      datatypes: { weights: "fp8", kv: "fp8" },
      phase: "decode",
      batch,
      context: 2048,
    });
    expect(named.stepSeconds).not.toBeCloseTo(ran.stepSeconds, 9);
  });

  it("reads SRAM from the weight tier's technology, not its name", async () => {
    const scenario: ScenarioInput = {
      model: "llama-3.1-8b",
      workload: {
        arrival: { kind: "burst" },
        requests: 8,
        input: { kind: "fixed", tokens: 128 },
        output: { kind: "fixed", tokens: 8 },
      },
      slo: { ttftSeconds: 10, tpotSeconds: 1 },
      designs: [{ name: "wafer", kind: "aggregated", pool: { chip: "cerebras-wse3", count: 1 } }],
    };
    const {
      result,
      setups: [setup],
    } = await simulateWithSetups(scenario);
    const full = { ...result.results[0], metrics: { ...result.results[0].metrics, preemptions: 1 } };
    const config = setup.pools[0].config;
    expect(config.chip.memory[config.memory.weightTier].technology).toBe("sram");
    const withTiers = (tier: (t: MemoryTier) => MemoryTier) => ({
      ...config,
      chip: { ...config.chip, memory: config.chip.memory.map(tier) },
    });
    const renamed = withTiers((t) => ({ ...t, name: "on-wafer memory" }));
    const withPool = (c: typeof config) => ({ ...setup, pools: [{ ...setup.pools[0], config: c }] });
    expect(verdict(full, withPool(renamed), result.slo).binding).toBe("SRAM capacity");
    const hbm = withTiers((t) => ({ ...t, technology: "hbm" }));
    expect(verdict(full, withPool(hbm), result.slo).binding).toBe("KV capacity");
  });

  it("hands out the built-in comparison as scenarios that compare(scenario) reproduces exactly", async () => {
    const options = {
      models: ["llama-3.1-8b"],
      workloads: ["chat" as const],
      requests: 120,
      designs: ["gpu-aggregated", "galaxy-blackhole"],
    };
    const plan = await builtInScenarios(options);
    expect(plan.cases.map((c) => [c.model, c.workload])).toEqual([["llama-3.1-8b", "chat"]]);
    expect(plan.cases[0].scenario.designs.map((d) => d.name)).toEqual(options.designs);
    // a scenario file's content: it survives JSON, as a page export or a file would carry it
    const fromFile = await compare(JSON.parse(JSON.stringify(plan.cases[0].scenario)));
    const direct = await simulate(plan.cases[0].scenario);
    expect(fromFile.results.map((r) => r.metrics)).toEqual(direct.results.map((r) => r.metrics));
    await expect(builtInScenarios({ requests: 0 })).rejects.toThrow(/requests/);
  });

  it("gives an over-budget disaggregated design the prefill replicas the traffic needs", async () => {
    const plan = await builtInScenarios({
      models: ["llama-3.1-70b"],
      workloads: ["chat"],
      requests: 200,
      designs: ["gpu-aggregated", "gpu+groq-lpu"],
    });
    expect(plan.description).toMatch(/gpu\+groq-lpu for llama-3\.1-70b: one unit .* exceeds the budget/);
    const result = await compare(plan.cases[0].scenario);
    const lpu = result.results.find((r) => r.design === "gpu+groq-lpu")!;
    const prefill = lpu.pools.find((p) => p.role === "prefill")!;
    // sized for at most 70% busy, so the prefill pool keeps up and the run is not overloaded
    expect(prefill.utilisation).toBeLessThanOrEqual(0.8);
    expect(lpu.metrics.overloaded).toBe(false);
    expect(lpu.metrics.finished + lpu.metrics.rejected).toBe(lpu.metrics.arrived);
  });

  it("prints a scenario's comparison from the CLI in every format", async () => {
    const plan = await builtInScenarios({
      models: ["llama-3.1-8b"],
      workloads: ["chat"],
      requests: 100,
      designs: ["gpu-aggregated", "galaxy-blackhole"],
    });
    const file = join(await mkdtemp(join(tmpdir(), "infercast-compare-")), "scenario.json");
    await writeFile(file, JSON.stringify(plan.cases[0].scenario));
    const args = ["compare", file];
    const json = JSON.parse((await cli(...args, "--format", "json")).stdout);
    expect(json.results.map((r: { design: string }) => r.design)).toEqual(["gpu-aggregated", "galaxy-blackhole"]);
    for (const name of [
      "powerWatts",
      "joulesPerOutputToken",
      "outputTokensPerSecondPerKilowatt",
      "usdPerMillionOutputTokens",
      "kvTransferSeconds",
      "utilisation",
      "ttftSeconds",
      "goodputRequestsPerSecond",
    ]) {
      expect(json.results[0].metrics).toHaveProperty(name);
    }
    const table = (await cli(...args)).stdout;
    expect(table).toMatch(/gpu-aggregated: (decode bandwidth|KV capacity|prefill compute|overhead)/);
    expect((await cli(...args, "--format", "csv")).stdout.split("\n")[0]).toMatch(/^model,workload,design/);
    expect((await cli(...args, "--format", "md")).stdout).toMatch(/\| metric \|/);
    const html = (await cli(...args, "--format", "html")).stdout;
    expect(html).toMatch(/<canvas/);
    expect(html).toMatch(/tenstorrent-blackhole-galaxy/);
  });

  it("retires --budget and --requests with one line naming the new flags", async () => {
    for (const flag of [
      ["--budget", "power"],
      ["--requests", "100"],
    ]) {
      const error = await cli("compare", ...flag).catch((e) => e);
      expect(error.code).toBe(1);
      expect(error.stderr.trim().split("\n")).toHaveLength(1);
    }
    const error = await cli("compare", "--budget", "power").catch((e) => e);
    expect(error.stderr).toMatch(/--per mw\|usd\|chip.*--max-kw, --max-usd or --max-chips/);
  });
});
