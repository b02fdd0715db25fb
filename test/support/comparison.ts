// The comparison the report tests start from: `<b>fast</b>` and `mesh, "big"` on one model × workload,
// with names that need escaping, unknown power and cost, and one overloaded design.
import { emptyBasis } from "../../src/metrics/basis.js";
import type { ComparisonResult } from "../../src/api/compare-types.js";
import type { DesignResult, PoolSummary } from "../../src/api/results.js";
import type { Distribution } from "../../src/metrics/percentiles.js";

export const dist = (mean: number, p50: number, p90: number, p99: number): Distribution => ({ mean, p50, p90, p99 });
export const none = (): Distribution => ({ mean: null, p50: null, p90: null, p99: null });

export const pool = (role: string, chip: string, chips: number): PoolSummary => ({
  role,
  chip,
  system: `${chip}-system`,
  chips,
  layout: { tp: chips, pp: 1, ep: 1 },
  replicas: 1,
  datatypes: { weights: "fp8", activations: "bf16", kv: "fp8", compute: "fp8" },
  weightTier: "hbm",
  kvTokensPerReplica: 100_000,
  utilisation: 0.6,
});

interface Figures {
  ttft: Distribution;
  tpot: Distribution;
  tokens: number;
  chips: number;
  perUser: number | null;
  goodput: number;
  attainment: number;
  power: number | null;
  usdPerM: number | null;
  kv: Distribution;
  overloaded: boolean;
}

export function design(
  name: string,
  kind: DesignResult["kind"],
  pools: PoolSummary[],
  f: Figures,
): DesignResult & { workload: string } {
  const kw = f.power === null ? null : f.power / 1000;
  return {
    design: name,
    kind,
    model: "llama-3.1-8b",
    workload: "chat",
    pools,
    requestsGenerated: 1000,
    metrics: {
      ttftSeconds: f.ttft,
      tpotSeconds: f.tpot,
      itlSeconds: f.tpot,
      e2eSeconds: dist(8, 7, 12, 20),
      queueingSeconds: dist(0.1, 0.05, 0.2, 0.5),
      outputTokensPerSecond: f.tokens,
      outputTokensPerSecondPerChip: f.tokens / f.chips,
      outputTokensPerSecondPerUser: f.perUser,
      decodeTokensPerSecondPerUser: f.tpot.p50 === null ? null : 1 / f.tpot.p50,
      requestsPerSecond: f.goodput * 1.1,
      goodputRequestsPerSecond: f.goodput,
      sloAttainment: f.attainment,
      chips: f.chips,
      arrived: 1000,
      finished: 990,
      rejected: 10,
      rejectedByReason: { contextWindow: 0, kvCapacity: 10 },
      notIssued: 0,
      preemptions: 3,
      recomputes: 3,
      swaps: 0,
      prefixCacheHitRate: null,
      overloaded: f.overloaded,
      makespanSeconds: 100,
      steps: 5000,
      batchTokens: dist(512, 480, 900, 1024),
      kvUsage: { ...dist(0.5, 0.5, 0.8, 0.9), peak: 0.95 },
      kvTransferSeconds: f.kv,
      utilisation: pools.map((p) => ({ pool: p.role, busyShare: 0.6, powerShare: 0.6, perReplica: [0.6] })),
      powerWatts: f.power,
      facilityPowerWatts: f.power === null ? null : f.power * 1.3,
      joulesPerOutputToken: f.power === null ? null : f.power / f.tokens,
      outputTokensPerSecondPerKilowatt: kw === null ? null : f.tokens / kw,
      outputTokensPerSecondPerMegawattFacility: kw === null ? null : f.tokens / ((kw * 1.3) / 1000),
      usdPerHour: f.usdPerM === null ? null : (f.usdPerM * f.tokens * 3600) / 1e6,
      usdPerMillionOutputTokens: f.usdPerM,
      hardwareUsdPerMillionOutputTokens: f.usdPerM,
      energyUsdPerMillionOutputTokens: f.usdPerM === null ? null : 0,
      datacenterUsdPerMillionOutputTokens: f.usdPerM === null ? null : 0,
    },
    energyBasis: { ...emptyBasis("rental"), missing: f.power === null ? ["chip power unknown"] : [] },
    warnings: [],
  };
}

// `<b>fast</b>`: disaggregated, steady, power and cost unknown.
// `mesh, "big"`: faster on every figure but overloaded, so it is never the best.
export const fast = design("<b>fast</b>", "disaggregated", [pool("prefill", "H100", 8), pool("decode", "H100", 8)], {
  ttft: dist(0.3, 0.25, 0.5, 0.9),
  tpot: dist(0.03, 0.028, 0.04, 0.06),
  tokens: 8000,
  chips: 16,
  perUser: 35,
  goodput: 9.5,
  attainment: 0.85,
  power: null,
  usdPerM: null,
  kv: dist(0.004, 0.003, 0.006, 0.01),
  overloaded: false,
});
export const big = design('mesh, "big"', "unified-mesh", [pool("pool", "WSE-3", 4)], {
  ttft: dist(0.1, 0.08, 0.2, 0.3),
  tpot: dist(0.01, 0.009, 0.012, 0.02),
  tokens: 20000,
  chips: 4,
  perUser: 100,
  goodput: 20,
  attainment: 0.99,
  power: 90_000,
  usdPerM: 0.42,
  kv: none(),
  overloaded: true,
});

export function comparison(results: (DesignResult & { workload: string })[]): ComparisonResult {
  return {
    budget: "power",
    budgetDescription: "each design sized to ≈ 20 kW of IT power",
    slo: { ttftSeconds: 1, tpotSeconds: 0.05, percentile: 90 },
    cases: [
      {
        model: "llama-3.1-8b",
        workload: "chat",
        workloadDescription: "Poisson 10/s, 1000 requests",
        results,
        verdicts: results.map((r, i) => ({
          design: r.design,
          binding: i === 0 ? "decode bandwidth" : "prefill compute",
          explanation: `why ${r.design} binds`,
        })),
      },
    ],
    results,
  };
}

export const result = comparison([fast, big]);
