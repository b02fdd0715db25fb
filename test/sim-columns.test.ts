// The event loop's narrowed memory: codes in byte-wide columns, arrival times recorded in the
// column the arrivals were written to, and the KV-transfer arrays only where a prefill pool hands
// over. Whatever the layout, every request is accounted for, and a released request arrives
// exactly its think time after its predecessor ended.
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { layouts, resolve } from "../scripts/layouts/generate.mjs";
import { setUpDesign } from "../src/designs/index.js";
import { parseScenario } from "../src/scenario/load.js";
import { resolveModel } from "../src/scenario/model.js";
import type { ScenarioInput } from "../src/scenario/schema.js";
import { runPools, type PoolRun } from "../src/sim/run-pool.js";
import { generateWorkload } from "../src/workload/generate.js";
import type { RequestTable } from "../src/workload/table.js";

const constants = P as Record<string, number>;

async function run(input: ScenarioInput): Promise<{ table: RequestTable; run: PoolRun }> {
  const { scenario } = await parseScenario(input);
  const model = await resolveModel(scenario.model);
  const table = generateWorkload(scenario.workload);
  const until = scenario.workload.durationSeconds ?? Number.POSITIVE_INFINITY;
  const setup = setUpDesign(scenario.designs[0], { model: model.spec, datatypes: scenario.datatypes }, until, "d");
  return { table, run: runPools(table, setup) };
}

const h100 = (count: number, tp: number) => ({ chip: "nvidia-h100-sxm", count, tp });
const scenario = (workload: ScenarioInput["workload"], design: ScenarioInput["designs"][number]): ScenarioInput => ({
  model: "llama-3.1-8b",
  datatypes: { weights: "fp8", activations: "bf16", kv: "fp8" },
  workload,
  slo: { ttftSeconds: 1, tpotSeconds: 0.05 },
  designs: [design],
});
const lengths = {
  input: { kind: "lognormal", mean: 2000, sigma: 0.8, min: 16, max: 8000 },
  output: { kind: "lognormal", mean: 300, sigma: 0.6, min: 1, max: 2000 },
} as const;
const aggregated = { name: "a", kind: "aggregated", pool: h100(2, 1) } as const;
const disaggregated = {
  name: "d",
  kind: "disaggregated",
  prefill: h100(1, 1),
  decode: h100(1, 1),
  link: { bandwidthBytesPerSecond: 5e10, latencySeconds: 0.001 },
} as const;
// sessions in a closed loop that a duration cuts short: released arrivals, and some never issued
const sessions = {
  arrival: { kind: "closed", concurrency: 40, thinkSeconds: 0.5 },
  ...lengths,
  durationSeconds: 30,
  seed: 4,
  sessions: {
    turns: { kind: "uniform", min: 1, max: 4 },
    thinkSeconds: 1,
    newTokens: { kind: "fixed", tokens: 100 },
  },
} as const;
const statuses = [P.STATUS_FINISHED, P.STATUS_REJECTED_CONTEXT, P.STATUS_REJECTED_KV, P.STATUS_NOT_ISSUED];

function expectAccounted(table: RequestTable, r: PoolRun): void {
  const n = table.count;
  expect(r.status).toBeInstanceOf(Uint8Array);
  expect(r.status.length).toBe(n);
  for (let i = 0; i < n; i++) {
    expect(statuses, `request ${i}`).toContain(r.status[i]);
    const before = table.predecessor[i];
    if (before < 0) expect(r.arrivedAtSeconds[i]).toBe(table.arrivalSeconds[i]);
    else if (r.status[i] === P.STATUS_NOT_ISSUED) expect(r.arrivedAtSeconds[i]).toBeNaN();
    else expect(r.arrivedAtSeconds[i]).toBe(r.finishSeconds[before] + table.gapSeconds[i]);
    if (r.status[i] === P.STATUS_FINISHED) expect(r.finishSeconds[i]).toBeGreaterThanOrEqual(r.firstTokenSeconds[i]);
  }
}

describe("the event loop's columns", () => {
  it("keep codes in byte-wide columns only where every code fits a byte", () => {
    const sim = resolve(layouts.find((l) => l.file === "assembly/sim/layout.ts")!);
    const block = sim.blocks.find((b) => b.size === "SIM_SLOTS")!;
    const bytes = block.slots.filter((s) => s.kind === "column" && s.type === "u8");
    expect(bytes.map((c) => c.name).sort()).toEqual(["S_STATUS", "S_SWAPPED"]);
    for (const column of bytes) {
      const codes = sim.layout.codes.find((k) => k.title === column.codes);
      expect(codes, column.name).toBeDefined();
      for (const [name] of codes!.names) expect(constants[name], name).toBeLessThan(256);
    }
    expect(constants.STATUS_TRANSFERRING).toBeGreaterThan(0);
  });

  it("account for every request of an open-loop run, with no transfer arrays", async () => {
    const { table, run: r } = await run(
      scenario({ arrival: { kind: "poisson", ratePerSecond: 40 }, ...lengths, requests: 600, seed: 2 }, aggregated),
    );
    expectAccounted(table, r);
    expect(r.transferSeconds.length).toBe(0);
    expect(r.decodeAdmittedAtSeconds.length).toBe(0);
    expect(Array.from(r.status).every((s) => s === P.STATUS_FINISHED)).toBe(true);
  });

  it("account for every request a prefill pool hands over, each with its transfer time", async () => {
    const { table, run: r } = await run(
      scenario({ arrival: { kind: "poisson", ratePerSecond: 10 }, ...lengths, requests: 300, seed: 5 }, disaggregated),
    );
    expectAccounted(table, r);
    expect(r.transferSeconds.length).toBe(table.count);
    for (let i = 0; i < table.count; i++) {
      if (r.status[i] !== P.STATUS_FINISHED) continue;
      expect(r.transferSeconds[i]).toBeGreaterThanOrEqual(0);
      // the first token comes out when the KV cache has crossed; decode admission follows unless it was the last
      if (table.outputTokens[i] > 1)
        expect(r.decodeAdmittedAtSeconds[i]).toBeGreaterThanOrEqual(r.firstTokenSeconds[i]);
    }
  });

  it("release each later turn its think time after its predecessor ends, and never issue past the duration", async () => {
    const { table, run: r } = await run(scenario(sessions, aggregated));
    expectAccounted(table, r);
    const notIssued = Array.from(r.status).filter((s) => s === P.STATUS_NOT_ISSUED).length;
    const released = Array.from(table.predecessor).filter((p) => p >= 0).length;
    expect(released).toBeGreaterThan(0);
    expect(notIssued).toBeGreaterThan(0);
    expect(notIssued).toBeLessThanOrEqual(released);
  });
});
