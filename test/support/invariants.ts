// Invariants every simulation result must satisfy, whatever the scenario.
import { expect } from "vitest";
import type { SimulationResult } from "../../src/api/results.js";

const finite = (x: number | null) => x === null || Number.isFinite(x);

export function checkInvariants(result: SimulationResult): void {
  for (const r of result.results) {
    const m = r.metrics;
    // nothing vanishes
    expect(m.finished + m.rejected).toBe(m.arrived);
    expect(m.rejectedByReason.contextWindow + m.rejectedByReason.kvCapacity).toBe(m.rejected);
    expect(m.arrived + m.notIssued).toBe(r.requestsGenerated);
    // no KV cache beyond capacity
    expect(m.kvUsage.peak).toBeLessThanOrEqual(1 + 1e-12);
    // finite numbers everywhere; null only where a figure does not exist
    for (const d of [m.ttftSeconds, m.tpotSeconds, m.e2eSeconds, m.itlSeconds, m.queueingSeconds]) {
      for (const v of Object.values(d)) expect(finite(v)).toBe(true);
      if (d.p50 !== null) {
        expect(d.p50).toBeLessThanOrEqual(d.p90!);
        expect(d.p90).toBeLessThanOrEqual(d.p99!);
      }
    }
    for (const v of [
      m.outputTokensPerSecond,
      m.requestsPerSecond,
      m.goodputRequestsPerSecond,
      m.sloAttainment,
      m.makespanSeconds,
    ]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(m.sloAttainment).toBeLessThanOrEqual(1);
    expect(m.goodputRequestsPerSecond).toBeLessThanOrEqual(m.requestsPerSecond);
    for (const u of m.utilisation) {
      expect(u.busyShare).toBeLessThanOrEqual(1 + 1e-9);
      // chips draw at most their busy share of the idle-to-max range
      expect(u.powerShare).toBeGreaterThanOrEqual(0);
      expect(u.powerShare).toBeLessThanOrEqual(u.busyShare + 1e-12);
      for (const share of u.perReplica) expect(share).toBeLessThanOrEqual(1 + 1e-9);
    }
    // power and cost: null when a figure is unknown, otherwise positive and finite
    for (const v of [
      m.powerWatts,
      m.joulesPerOutputToken,
      m.outputTokensPerSecondPerKilowatt,
      m.usdPerMillionOutputTokens,
    ]) {
      if (v !== null) expect(Number.isFinite(v) && v >= 0).toBe(true);
    }
    // per request: TTFT ≤ end-to-end, times ordered
    const q = r.requests;
    if (q) {
      for (let i = 0; i < q.status.length; i++) {
        if (q.status[i] !== "finished") continue;
        expect(q.firstTokenSeconds[i]).toBeGreaterThanOrEqual(q.arrivalSeconds[i]);
        expect(q.finishSeconds[i]).toBeGreaterThanOrEqual(q.firstTokenSeconds[i]);
      }
    }
    if (m.finished > 0) {
      expect(m.ttftSeconds.mean!).toBeLessThanOrEqual(m.e2eSeconds.mean! + 1e-12);
      expect(m.ttftSeconds.p50!).toBeLessThanOrEqual(m.e2eSeconds.p99! + 1e-12);
    }
  }
}
