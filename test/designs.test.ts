// Physics of the designs: disaggregation, KV links, decode on faster chips, decode split per layer,
// unified meshes, speculative decoding, power and cost — and the errors bad designs get.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { simulate, simulateFile } from "../src/api/simulate.js";
import { InputError } from "../src/errors.js";
import type { ScenarioInput } from "../src/scenario/schema.js";
import { checkInvariants } from "./support/invariants.js";
import { lognormalStream, testScenario, type DesignInput } from "./support/scenarios.js";

const root = join(import.meta.dirname, "..");

const stream = lognormalStream({
  ratePerSecond: 10,
  input: { mean: 1500, sigma: 0.6 },
  output: { mean: 200, sigma: 0.5, min: 2 },
  requests: 500,
  seed: 11,
});
const scenario = (
  designs: DesignInput[],
  workload: Partial<ScenarioInput["workload"]> = {},
  model?: string,
): ScenarioInput => testScenario(designs, { ...stream, ...workload }, model);

const disaggregated = (
  decodeChip: string,
  link: { bandwidthBytesPerSecond: number; latencySeconds: number; count?: number; overlap?: boolean } = {
    bandwidthBytesPerSecond: 50e9,
    latencySeconds: 5e-6,
  },
): DesignInput => ({
  name: `h100-prefill+${decodeChip}`,
  kind: "disaggregated",
  prefill: { chip: "nvidia-h100-sxm", count: 2 },
  decode: { chip: decodeChip, count: 2 },
  link,
});

const metricsOf = async (designs: DesignInput[], workload: Partial<ScenarioInput["workload"]> = {}, model?: string) => {
  const result = await simulate(scenario(designs, workload, model));
  checkInvariants(result);
  return result.results.map((r) => r.metrics);
};

describe("designs", () => {
  it("run the issue's design entries exactly as written", async () => {
    const result = await simulateFile(join(root, "examples", "designs.json"));
    expect(result.results.map((r) => r.kind)).toEqual([
      "aggregated",
      "disaggregated",
      "disaggregated",
      "unified-mesh",
      "unified-mesh",
    ]);
    for (const r of result.results) expect(r.metrics.finished).toBe(r.metrics.arrived);
    const groq = result.results[1];
    // SRAM-resident decode: hundreds of chips, weights in SRAM
    expect(groq.pools[1].chips).toBe(576);
    expect(groq.pools[1].weightTier).toMatch(/SRAM/);
    const rubin = result.results[2];
    expect(rubin.pools.map((p) => p.role)).toEqual(["prefill", "decode", "decode-ffn"]);
    checkInvariants(result);
  });

  it("moving decode to chips with more bandwidth per token lowers TPOT", async () => {
    const [h100, h200] = await metricsOf([disaggregated("nvidia-h100-sxm"), disaggregated("nvidia-h200")]);
    expect(h200.tpotSeconds.mean!).toBeLessThan(h100.tpotSeconds.mean!);
  });

  it("a slower link raises TTFT by at least the transfer time", async () => {
    const fast = disaggregated("nvidia-h100-sxm", {
      bandwidthBytesPerSecond: 100e9,
      latencySeconds: 5e-6,
      overlap: false,
    });
    const slow = {
      ...disaggregated("nvidia-h100-sxm", { bandwidthBytesPerSecond: 1e9, latencySeconds: 5e-6, overlap: false }),
      name: "slow",
    };
    const [a, b] = await metricsOf([fast, slow], { arrival: { kind: "poisson", ratePerSecond: 1 }, requests: 100 });
    expect(b.kvTransferSeconds.mean!).toBeGreaterThan(10 * a.kvTransferSeconds.mean!);
    expect(b.ttftSeconds.mean! - a.ttftSeconds.mean!).toBeGreaterThanOrEqual(
      0.99 * (b.kvTransferSeconds.mean! - a.kvTransferSeconds.mean!),
    );
  });

  it("a decode pool too small for the load queues, loses goodput and is flagged", async () => {
    const enough: DesignInput = {
      name: "enough",
      kind: "disaggregated",
      prefill: { chip: "nvidia-h100-sxm", count: 2 },
      decode: { chip: "nvidia-h100-sxm", count: 4 },
      link: { bandwidthBytesPerSecond: 50e9, latencySeconds: 5e-6 },
    };
    const starved: DesignInput = {
      ...enough,
      name: "starved",
      decode: { chip: "nvidia-h100-sxm", count: 1 },
      scheduler: { maxSequences: 4 },
    };
    const [ok, small] = await metricsOf([enough, starved], {
      arrival: { kind: "poisson", ratePerSecond: 12 },
      requests: 800,
    });
    expect(ok.overloaded).toBe(false);
    expect(small.overloaded).toBe(true);
    expect(small.queueingSeconds.mean!).toBeGreaterThan(10 * ok.queueingSeconds.mean!);
    expect(small.goodputRequestsPerSecond).toBeLessThan(ok.goodputRequestsPerSecond);
  });

  it("splitting 8 GPUs 4+4 lowers tail TPOT, and lowers throughput when prefill is short of chips", async () => {
    const aggregated: DesignInput = {
      name: "aggregated-8",
      kind: "aggregated",
      pool: { chip: "nvidia-h100-sxm", count: 8 },
      scheduler: { chunkTokens: 4096 },
    };
    const split: DesignInput = {
      name: "split-4+4",
      kind: "disaggregated",
      prefill: { chip: "nvidia-h100-sxm", count: 4 },
      decode: { chip: "nvidia-h100-sxm", count: 4 },
      link: { bandwidthBytesPerSecond: 50e9, latencySeconds: 5e-6 },
      scheduler: { chunkTokens: 4096 },
    };
    // interference: long prompts arriving into running decodes stretch the aggregated pool's token gaps
    const [aggTail, splitTail] = await metricsOf([aggregated, split], {
      arrival: { kind: "poisson", ratePerSecond: 30 },
      input: { kind: "fixed", tokens: 6000 },
      output: { kind: "fixed", tokens: 300 },
      requests: 400,
    });
    expect(splitTail.tpotSeconds.p99!).toBeLessThan(aggTail.tpotSeconds.p99!);
    // prefill-heavy burst: four prefill chips cannot keep up with eight
    const [aggBurst, splitBurst] = await metricsOf([aggregated, split], {
      arrival: { kind: "burst" },
      input: { kind: "fixed", tokens: 6000 },
      output: { kind: "fixed", tokens: 50 },
      requests: 400,
    });
    expect(splitBurst.outputTokensPerSecond).toBeLessThan(aggBurst.outputTokensPerSecond);
  });

  it("speculative decoding at acceptance 0 is never faster than without it, and helps when drafts are accepted", async () => {
    const plain: DesignInput = { name: "plain", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 1 } };
    const rejected: DesignInput = {
      name: "spec-0",
      kind: "aggregated",
      pool: { chip: "nvidia-h100-sxm", count: 1, speculative: { draftTokens: 3, acceptanceRate: 0 } },
    };
    const accepted: DesignInput = {
      name: "spec-0.8",
      kind: "aggregated",
      pool: { chip: "nvidia-h100-sxm", count: 1, speculative: { draftTokens: 3, acceptanceRate: 0.8 } },
    };
    const [a, b, c] = await metricsOf([plain, rejected, accepted], {
      arrival: { kind: "poisson", ratePerSecond: 2 },
      requests: 200,
    });
    expect(b.tpotSeconds.mean!).toBeGreaterThanOrEqual(a.tpotSeconds.mean!);
    expect(c.tpotSeconds.mean!).toBeLessThan(a.tpotSeconds.mean!);
  });

  it("a unified mesh and its split both serve, the split moving KV over the mesh links", async () => {
    const mesh: DesignInput = {
      name: "galaxy",
      kind: "unified-mesh",
      system: "tenstorrent-galaxy-blackhole",
      galaxies: 1,
      mesh: { rows: 4, cols: 8 },
    };
    const split: DesignInput = { ...mesh, name: "galaxy-split", split: { prefillRows: 1, decodeRows: 3 } };
    const [unified, divided] = await metricsOf(
      [mesh, split],
      { arrival: { kind: "poisson", ratePerSecond: 2 }, requests: 200 },
      "llama-3.1-70b",
    );
    expect(unified.kvTransferSeconds.mean).toBeNull();
    expect(divided.kvTransferSeconds.mean!).toBeGreaterThan(0);
    expect(unified.finished).toBe(200);
    expect(divided.finished).toBe(200);
  });

  it("reports power, energy and cost, also for an announced chip whose figures are estimates", async () => {
    const [h100, rubin] = await metricsOf(
      [
        { name: "h100", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 1 } },
        { name: "rubin", kind: "aggregated", pool: { chip: "nvidia-rubin", count: 1 } },
      ],
      { requests: 100 },
    );
    expect(h100.powerWatts!).toBeGreaterThan(0);
    expect(h100.joulesPerOutputToken!).toBeCloseTo(h100.facilityPowerWatts! / h100.outputTokensPerSecond, 6);
    expect(h100.usdPerMillionOutputTokens!).toBeGreaterThan(0);
    // Rubin's power is an analyst estimate and its price the rack's bill of materials (null only
    // where a figure is missing: energy.test.ts)
    expect(rubin.powerWatts!).toBeGreaterThan(0);
    expect(rubin.joulesPerOutputToken!).toBeCloseTo(rubin.facilityPowerWatts! / rubin.outputTokensPerSecond, 6);
    expect(rubin.usdPerMillionOutputTokens!).toBeGreaterThan(0);
  });
});

describe("bad designs", () => {
  const error = async (design: unknown, model = "llama-3.1-70b") => {
    try {
      await simulate(scenario([design as DesignInput], { requests: 10 }, model));
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error("expected an error");
  };
  const pools = {
    prefill: { chip: "nvidia-h100-sxm", count: 8, tp: 8 },
    decode: { chip: "nvidia-h100-sxm", count: 8, tp: 8 },
  };

  it("a disaggregated design without a link", async () => {
    expect(await error({ name: "d", kind: "disaggregated", ...pools })).toMatch(/^designs\.0\.link: is required/);
  });
  it("a link with zero bandwidth", async () => {
    expect(
      await error({
        name: "d",
        kind: "disaggregated",
        ...pools,
        link: { bandwidthBytesPerSecond: 0, latencySeconds: 1e-6 },
      }),
    ).toMatch(/^designs\.0\.link\.bandwidthBytesPerSecond: /);
  });
  it("a mesh whose shape does not match the system's chip count", async () => {
    expect(
      await error({
        name: "m",
        kind: "unified-mesh",
        system: "tenstorrent-galaxy-blackhole",
        mesh: { rows: 4, cols: 6 },
      }),
    ).toMatch(/^designs\.0\.mesh: 4 × 6 = 24 chips does not match tenstorrent-galaxy-blackhole's 32 chips/);
  });
  it("a model that does not fit in a pool", async () => {
    expect(
      await error(
        {
          name: "d",
          kind: "disaggregated",
          prefill: { chip: "nvidia-h100-sxm", count: 2, tp: 2 },
          decode: pools.decode,
          link: { bandwidthBytesPerSecond: 1e9, latencySeconds: 1e-6 },
        },
        "llama-3.1-405b",
      ),
    ).toMatch(/^designs\.0\.prefill\.layout: llama-3\.1-405b does not fit on nvidia-h100-sxm .* short by/);
  });
  it("a split per layer without its link", async () => {
    expect(
      await error({
        name: "d",
        kind: "disaggregated",
        prefill: pools.prefill,
        decode: { ...pools.decode, ffn: { system: "groq-lpx", count: 256 } },
        link: { bandwidthBytesPerSecond: 1e9, latencySeconds: 1e-6 },
      }),
    ).toMatch(/^designs\.0\.decode\.ffnLink: is required/);
  });
});
