// The token scheduler: conservation, exact single-request timing, KV capacity, preemption,
// prefix caching, rejection, closed loops, load response and determinism. It stays whole: one job,
// each test a whole `simulate` run of the same small scenario, checking one promise of the scheduler.
import { describe, expect, it } from "vitest";
import { Worker } from "node:worker_threads";
import { join } from "node:path";
import { simulate, simulateFile } from "../src/api/simulate.js";
import { configure } from "../src/engine/configure.js";
import { loadBlock } from "../src/engine/kernel.js";
import { addDecode, addPrefillChunk, emptyBatch } from "../src/engine/batch.js";
import type { ScenarioInput } from "../src/scenario/schema.js";
import { simulationJson } from "../src/report/simulation.js";
import { checkInvariants } from "./support/invariants.js";
import { lognormalStream, testScenario } from "./support/scenarios.js";

const root = join(import.meta.dirname, "..");

const stream = lognormalStream({
  ratePerSecond: 20,
  input: { mean: 800, sigma: 0.8 },
  output: { mean: 150, sigma: 0.6, min: 1 },
  requests: 400,
  seed: 3,
});
const smallScenario = (
  overrides: Partial<ScenarioInput> = {},
  workload: Partial<ScenarioInput["workload"]> = {},
): ScenarioInput => ({
  ...testScenario([{ name: "h100x2", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 2, tp: 1 } }], {
    ...stream,
    ...workload,
  }),
  ...overrides,
});

describe("simulate", () => {
  it("runs examples/aggregated.json as written, accounting for every request", async () => {
    const result = await simulateFile(join(root, "examples", "aggregated.json"), { perRequest: true });
    const m = result.results[0].metrics;
    expect(result.results[0].design).toBe("h100-tp8");
    expect(m.arrived).toBe(5000);
    expect(m.finished + m.rejected).toBe(m.arrived);
    expect(m.chips).toBe(16);
    checkInvariants(result);
  });

  it("a lone request's TTFT is the sum of its prefill chunk steps and its TPOT the mean of its decode steps", async () => {
    const input = 5000;
    const output = 12;
    const chunk = 2048;
    const result = await simulate(
      smallScenario(
        {
          designs: [
            {
              name: "one",
              kind: "aggregated",
              pool: { chip: "nvidia-h100-sxm", count: 1 },
              scheduler: { chunkTokens: chunk },
            },
          ],
        },
        {
          arrival: { kind: "burst" },
          requests: 1,
          input: { kind: "fixed", tokens: input },
          output: { kind: "fixed", tokens: output },
        },
      ),
    );
    const config = configure({
      model: "llama-3.1-8b",
      chip: "nvidia-h100-sxm",
      datatypes: { weights: "fp8", activations: "bf16", kv: "fp8" },
      maxBatchTokens: chunk,
    });
    const block = loadBlock(config.params);
    let prefill = 0;
    for (let done = 0; done < input; done += chunk)
      prefill += block.latency(addPrefillChunk(emptyBatch(), done, Math.min(chunk, input - done), 0));
    let decode = 0;
    for (let k = 1; k < output; k++) decode += block.latency(addDecode(emptyBatch(), 1, input + k, 0));
    block.free();
    const m = result.results[0].metrics;
    expect(m.ttftSeconds.mean).toBe(prefill);
    expect(m.tpotSeconds.mean).toBeCloseTo(decode / (output - 1), 15);
    expect(m.tpotSeconds.mean! / (decode / (output - 1))).toBeCloseTo(1, 12);
    // alone, a user decodes between tokens as fast as its TPOT says (to the ITL histogram's 1.6% bins)
    expect(m.decodeTokensPerSecondPerUser! * m.tpotSeconds.mean!).toBeGreaterThan(1 / 1.017);
    expect(m.decodeTokensPerSecondPerUser! * m.tpotSeconds.mean!).toBeLessThan(1.017);
  });

  it("never holds more KV blocks than a replica has, and preempts (recompute or swap) when decode outgrows them", async () => {
    for (const preemption of ["recompute", "swap"] as const) {
      const result = await simulate(
        smallScenario(
          {
            model: "llama-3.1-8b",
            datatypes: { weights: "bf16", activations: "bf16", kv: "bf16" },
            designs: [
              {
                name: "p150",
                kind: "aggregated",
                pool: { chip: "tenstorrent-blackhole-p150", count: 1 },
                scheduler: { maxSequences: 256, preemption },
              },
            ],
          },
          {
            arrival: { kind: "burst" },
            requests: 300,
            input: { kind: "fixed", tokens: 400 },
            output: { kind: "fixed", tokens: 2500 },
          },
        ),
      );
      const m = result.results[0].metrics;
      expect(m.kvUsage.peak).toBeLessThanOrEqual(1);
      expect(m.kvUsage.peak).toBeGreaterThan(0.9);
      expect(preemption === "swap" ? m.swaps : m.recomputes).toBeGreaterThan(0);
      expect(m.finished).toBe(300);
      checkInvariants(result);
    }
  });

  it("reserve admission never preempts: it admits only what the KV cache holds to the last token", async () => {
    const lognormal = {
      input: { kind: "lognormal", mean: 600, sigma: 0.5, min: 16, max: 4000 },
      output: { kind: "lognormal", mean: 1500, sigma: 0.5, min: 1, max: 6000 },
    } as const;
    const fixed = { input: { kind: "fixed", tokens: 400 }, output: { kind: "fixed", tokens: 2500 } } as const;
    const run = (
      admission: "optimistic" | "reserve",
      scheduler: Record<string, unknown> = {},
      arrival: ScenarioInput["workload"]["arrival"] = { kind: "burst" },
      lengths: typeof lognormal | typeof fixed = lognormal,
    ) =>
      simulate(
        smallScenario(
          {
            datatypes: { weights: "bf16", activations: "bf16", kv: "bf16" },
            designs: [
              {
                name: "p150",
                kind: "aggregated",
                pool: { chip: "tenstorrent-blackhole-p150", count: 1 },
                scheduler: { maxSequences: 256, admission, ...scheduler },
              },
            ],
          },
          { arrival, requests: 120, ...lengths },
        ),
      );
    expect((await run("optimistic")).results[0].metrics.recomputes).toBeGreaterThan(0);
    for (const [scheduler, arrival] of [
      [{}, { kind: "burst" }],
      [{ priority: "prefill-first" }, { kind: "burst" }],
      [{ prefixCache: false }, { kind: "closed", concurrency: 40 }],
    ] as const) {
      const result = await run("reserve", scheduler, arrival);
      const m = result.results[0].metrics;
      expect(m.preemptions).toBe(0);
      expect(m.finished).toBe(120);
      checkInvariants(result);
    }
    // with equal lengths, reserve runs at most the sequences whose whole context fits at once, where
    // optimistic admits more and preempts them later (which is faster depends on what a step is bound by)
    const optimisticFixed = (await run("optimistic", {}, { kind: "burst" }, fixed)).results[0];
    const reserveFixed = (await run("reserve", {}, { kind: "burst" }, fixed)).results[0];
    const fits = Math.floor(reserveFixed.pools[0].kvTokensPerReplica! / (400 + 2500 - 1));
    expect(reserveFixed.metrics.preemptions).toBe(0);
    // (batchTokens is read from a histogram of bins at most 1.6% wide)
    expect(reserveFixed.metrics.batchTokens.p50!).toBeLessThanOrEqual(fits * 1.016);
    expect(optimisticFixed.metrics.recomputes).toBeGreaterThan(0);
    expect(optimisticFixed.metrics.batchTokens.p50!).toBeGreaterThan(fits * 1.016);
  });

  it("reserve admission holds across a prefill pool's hand-over to its decode pool", async () => {
    const result = await simulate(
      smallScenario(
        {
          datatypes: { weights: "bf16", activations: "bf16", kv: "bf16" },
          designs: [
            {
              name: "split",
              kind: "disaggregated",
              prefill: { chip: "nvidia-h100-sxm", count: 1 },
              decode: { chip: "tenstorrent-blackhole-p150", count: 1 },
              link: { bandwidthBytesPerSecond: 50e9, latencySeconds: 5e-6 },
              scheduler: { maxSequences: 256, admission: "reserve" },
            },
          ],
        },
        {
          arrival: { kind: "burst" },
          requests: 120,
          input: { kind: "fixed", tokens: 500 },
          output: { kind: "fixed", tokens: 1500 },
        },
      ),
    );
    const m = result.results[0].metrics;
    expect(m.preemptions).toBe(0);
    expect(m.finished).toBe(120);
    checkInvariants(result);
  });

  it("serves later turns of a session from the prefix cache", async () => {
    const sessions = (prefixCache: boolean, router: "prefix-affinity" | "round-robin") =>
      simulate(
        smallScenario(
          {
            designs: [
              {
                name: "x",
                kind: "aggregated",
                pool: { chip: "nvidia-h100-sxm", count: 4, tp: 1 },
                scheduler: { prefixCache, router },
              },
            ],
          },
          {
            arrival: { kind: "poisson", ratePerSecond: 2 },
            sessions: {
              turns: { kind: "fixed", tokens: 6 },
              thinkSeconds: 1,
              newTokens: { kind: "fixed", tokens: 200 },
            },
            requests: 300,
          },
        ),
      );
    const affinity = (await sessions(true, "prefix-affinity")).results[0].metrics;
    const off = (await sessions(false, "prefix-affinity")).results[0].metrics;
    expect(affinity.prefixCacheHitRate).toBeGreaterThan(0.5);
    expect(off.prefixCacheHitRate).toBe(0);
    expect(affinity.ttftSeconds.mean!).toBeLessThan(off.ttftSeconds.mean!);
  });

  it("claims cached prefixes only when the rest of the prompt also fits (regression: KV full of cached sessions)", async () => {
    // DeepSeek-R1 agent sessions on three Galaxies: the KV cache fills with cached prefixes, and a later
    // turn's claim must count the claimed blocks against what is left
    const result = await simulate({
      model: "deepseek-r1",
      datatypes: { weights: "fp8", activations: "bf16", kv: "fp8" },
      workload: {
        arrival: { kind: "poisson", ratePerSecond: 1.6807766212498656 / 8 },
        input: { kind: "lognormal", mean: 4000, sigma: 0.5, min: 256, max: 16384 },
        output: { kind: "lognormal", mean: 500, sigma: 0.6, min: 1, max: 4096 },
        sessions: {
          turns: { kind: "uniform", min: 6, max: 10 },
          thinkSeconds: 5,
          newTokens: { kind: "lognormal", mean: 3000, sigma: 0.5, min: 64, max: 8192 },
        },
        requests: 2000,
        seed: 1,
      },
      slo: { ttftSeconds: 2, tpotSeconds: 0.05 },
      designs: [
        {
          name: "galaxy",
          kind: "unified-mesh",
          system: "tenstorrent-galaxy-blackhole",
          galaxies: 3,
          mesh: { rows: 4, cols: 8 },
        },
      ],
    });
    const m = result.results[0].metrics;
    expect(m.finished).toBe(2000);
    expect(m.prefixCacheHitRate!).toBeGreaterThan(0);
    checkInvariants(result);
  });

  it("rejects prompts longer than the context window, and counts them as SLO misses", async () => {
    const result = await simulate(
      smallScenario(
        {
          model: "llama-2-70b",
          designs: [{ name: "h100", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 8, tp: 8 } }],
        },
        { input: { kind: "uniform", min: 2000, max: 6000 }, output: { kind: "fixed", tokens: 50 }, requests: 200 },
      ),
    );
    const m = result.results[0].metrics;
    expect(m.rejectedByReason.contextWindow).toBeGreaterThan(0);
    expect(m.finished + m.rejected).toBe(m.arrived);
    expect(m.sloAttainment).toBeLessThanOrEqual(m.finished / m.arrived);
  });

  it("runs a closed loop for a duration, regenerating requests until the users never run out", async () => {
    const result = await simulate(
      smallScenario({}, { arrival: { kind: "closed", concurrency: 8 }, requests: undefined, durationSeconds: 60 }),
    );
    const m = result.results[0].metrics;
    expect(m.finished).toBeGreaterThan(8 * 64);
    expect(m.overloaded).toBe(false);
    checkInvariants(result);
  });

  it("flags an overloaded run and its goodput falls", async () => {
    const load = async (rate: number) =>
      (
        await simulate(
          smallScenario(
            {
              designs: [{ name: "one", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 1 } }],
            },
            { arrival: { kind: "poisson", ratePerSecond: rate }, requests: 1500 },
          ),
        )
      ).results[0].metrics;
    const light = await load(2);
    const heavy = await load(200);
    expect(light.overloaded).toBe(false);
    expect(heavy.overloaded).toBe(true);
    expect(heavy.sloAttainment).toBeLessThan(light.sloAttainment);
  });

  it("a higher arrival rate never lowers mean queueing delay by more than noise across seeds", async () => {
    const queueing = async (rate: number) => {
      let sum = 0;
      for (const seed of [1, 2, 3]) {
        const m = (
          await simulate(smallScenario({}, { arrival: { kind: "poisson", ratePerSecond: rate }, seed, requests: 300 }))
        ).results[0].metrics;
        sum += m.queueingSeconds.mean!;
      }
      return sum / 3;
    };
    const rates = [5, 20, 60, 120];
    const delays = [];
    for (const rate of rates) delays.push(await queueing(rate));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(0.9 * delays[i - 1] - 1e-4);
  });

  it("is deterministic: byte-identical JSON twice and from a worker thread", async () => {
    const scenario = smallScenario();
    const a = simulationJson(await simulate(scenario));
    const b = simulationJson(await simulate(scenario));
    expect(b).toBe(a);
    const fromWorker = await new Promise<string>((resolve, reject) => {
      const worker = new Worker(join(root, "dist", "test", "support", "simulate-worker.js"), { workerData: scenario });
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    expect(fromWorker).toBe(a);
  });
});
