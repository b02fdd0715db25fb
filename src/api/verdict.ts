/**
 * What limits a design in a run, in a hardware architect's words: the pool that binds and why,
 * from the run's metrics and a step estimated on the very configuration the run used (its
 * datatypes, layout, activation reserve, expert imbalance, layer half and efficiency case).
 */
import type { Configuration } from "../engine/configure.js";
import { DEFAULT_CHUNK_TOKENS, type Slo } from "../scenario/schema.js";
import type { PoolRole, RunSetup } from "../sim/run-pool.js";
import type { Binding, DesignVerdict } from "./compare-types.js";
import type { DesignResult, PoolSummary } from "./results.js";
import { configuredStep, fitsContextWindow, type Phase, type StepEstimate } from "./step.js";

/**
 * Peak KV use above which the cache counts as full. Chosen below 1: the cache fills in whole
 * blocks and admission holds some back, so a cache that binds peaks just short of 100%.
 */
const KV_FULL_PEAK_SHARE = 0.95;

/** KV transfer p90 above this share of TTFT p90 binds on the link: chosen as the point a user would notice it. */
const LINK_BOUND_TTFT_SHARE = 0.25;

/** A prefill pool busier than this is saturated: queueing delay grows without bound as utilisation nears 1. */
const SATURATED_UTILISATION = 0.9;

/**
 * Tokens of prompt (prefill) or cached context (decode) in the step a verdict estimates: one
 * length for every design, so verdicts compare; the scheduler's default chunk, so a prefill step
 * is one whole step of a default pool, and a context a chat turn reaches with its answer.
 */
const STEP_CONTEXT_TOKENS = DEFAULT_CHUNK_TOKENS;

/** The step's length as the verdicts word it ("2k"). */
const STEP_CONTEXT_WORDS = `${STEP_CONTEXT_TOKENS / 1024}k`;

/** A pool as it ran: its summary in the result and the configuration the event loop ran. */
interface RanPool {
  role: PoolRole;
  summary: PoolSummary;
  config: Configuration;
}

/** The pools of a result beside their setups (a split decode's feed-forward half belongs to its decode pool). */
function ranPools(r: DesignResult, setup: RunSetup): RanPool[] {
  // simulate summarises the pools in setup order, each split decode's feed-forward half after it
  const summaries = r.pools.filter((p) => p.role !== "decode-ffn");
  if (summaries.length !== setup.pools.length) {
    throw new Error(`verdict: ${r.design} has ${summaries.length} pool summaries for ${setup.pools.length} pools`);
  }
  return setup.pools.map((pool, i) => ({ role: pool.role, summary: summaries[i], config: pool.config }));
}

/** `batch` sequences at STEP_CONTEXT_TOKENS on a pool as it ran; null where the model's window is shorter. */
function poolStep(pool: RanPool, phase: Phase, batch: number): StepEstimate | null {
  if (!fitsContextWindow(pool.config.model, STEP_CONTEXT_TOKENS)) return null;
  return configuredStep(pool.config, phase, batch, STEP_CONTEXT_TOKENS);
}

/** How a prefill verdict words each binding. */
const prefillWords: Partial<Record<Binding, string>> = {
  overhead: "per-operator dispatch",
  "prefill compute": "compute-bound",
  "prefill bandwidth": "memory-bound",
  network: "collectives",
};

/**
 * What a prefill step of STEP_CONTEXT_TOKENS on `pool` is bound by: per-operator dispatch (a runtime that
 * dispatches prefill op by op), compute, memory or the network (collectives), with its share of
 * the step; null when the model's context window is shorter than the step.
 */
function prefillStepBinding(pool: RanPool): { binding: Binding; explanation: string } | null {
  const step = poolStep(pool, "prefill", 1);
  if (!step) return null;
  const shares = new Map<Binding, number>([
    ["overhead", 0],
    ["prefill compute", 0],
    ["prefill bandwidth", 0],
    ["network", 0],
  ]);
  const add = (b: Binding, seconds: number) => shares.set(b, shares.get(b)! + seconds / step.stepSeconds);
  for (const o of step.operators) {
    add("overhead", o.dispatchSeconds + (o.bound === "overhead" ? o.seconds : 0));
    if (o.bound !== "overhead")
      add(
        o.bound === "compute" ? "prefill compute" : o.bound === "memory" ? "prefill bandwidth" : "network",
        o.seconds - o.dispatchSeconds,
      );
  }
  const [binding, share] = [...shares.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
  const what = prefillWords[binding];
  return {
    binding,
    explanation:
      `a ${STEP_CONTEXT_WORDS}-token prefill step on ${pool.summary.chip} takes ${(step.stepSeconds * 1000).toFixed(0)} ms ` +
      `(${Math.round(step.tokensPerSecondPerReplica).toLocaleString("en-US")} tokens/s per replica), ${(100 * share).toFixed(0)}% of it ${what}`,
  };
}

/**
 * What limits a design in a run: the pool that binds and why, from its metrics and a step
 * estimated on the configuration `setup` (the design's run setup, as simulate built it) holds.
 */
export function verdict(r: DesignResult, setup: RunSetup, slo: Slo): DesignVerdict {
  const m = r.metrics;
  const say = (binding: Binding, explanation: string): DesignVerdict => ({ design: r.design, binding, explanation });
  const pools = ranPools(r, setup);
  const decode = pools.find((p) => p.role === "decode") ?? pools[0];
  const prefill = pools.find((p) => p.role === "prefill");
  if (m.rejectedByReason.kvCapacity > 0 || m.preemptions > 0 || m.kvUsage.peak > KV_FULL_PEAK_SHARE) {
    const sram = decode.config.chip.memory[decode.config.memory.weightTier].technology === "sram";
    return say(
      sram ? "SRAM capacity" : "KV capacity",
      `KV cache full (peak ${(100 * m.kvUsage.peak).toFixed(0)}%, ${m.preemptions} preemptions, ${m.rejectedByReason.kvCapacity} rejected)${sram ? ": weights and KV share on-chip SRAM" : ""}`,
    );
  }
  const transfer = m.kvTransferSeconds.p90;
  if (transfer !== null && m.ttftSeconds.p90 !== null && transfer > LINK_BOUND_TTFT_SHARE * m.ttftSeconds.p90) {
    return say(
      "link",
      `KV transfer p90 ${(transfer * 1000).toFixed(1)} ms is ${((100 * transfer) / m.ttftSeconds.p90).toFixed(0)}% of TTFT p90`,
    );
  }
  // prompts are what binds when a prefill pool is the busier and saturated, or when they wait
  // (TTFT over the SLO, a growing queue) on the pool that prefills, unless decode is the busier pool
  const decodeBusy = decode.summary.utilisation;
  const prefillBusy =
    prefill !== undefined &&
    prefill.summary.utilisation > SATURATED_UTILISATION &&
    prefill.summary.utilisation >= decodeBusy;
  const promptsWait =
    (m.overloaded || (m.ttftSeconds.p90 !== null && m.ttftSeconds.p90 > slo.ttftSeconds)) &&
    (prefill === undefined || prefill.summary.utilisation >= decodeBusy);
  if (prefillBusy || promptsWait) {
    const why = prefillBusy
      ? `prefill pool busy ${(100 * prefill.summary.utilisation).toFixed(0)}% of the time (decode ${(100 * decodeBusy).toFixed(0)}%)`
      : `prompts wait (TTFT p90 ${m.ttftSeconds.p90 === null ? "—" : `${m.ttftSeconds.p90.toPrecision(3)} s`})`;
    const step = prefillStepBinding(prefill ?? pools[0]);
    if (step) return say(step.binding, `${why}: ${step.explanation}`);
    if (prefillBusy) return say("prefill compute", why);
  }
  // what a decode step at the run's typical batch is bound by
  const batch = Math.max(1, Math.round(m.batchTokens.p50 ?? 1));
  const step = poolStep(decode, "decode", batch);
  if (!step) return say("decode bandwidth", `decode pool busy ${(100 * decodeBusy).toFixed(0)}%`);
  const share = (bound: string) =>
    step.operators.filter((o) => o.bound === bound).reduce((s, o) => s + o.seconds, 0) / step.stepSeconds;
  const tpot =
    m.tpotSeconds.p90 === null
      ? ""
      : `, TPOT p90 ${(m.tpotSeconds.p90 * 1000).toFixed(1)} ms${m.tpotSeconds.p90 > slo.tpotSeconds ? " (over the SLO)" : ""}`;
  const binding: Binding =
    step.bound === "memory"
      ? "decode bandwidth"
      : step.bound === "compute"
        ? "decode compute"
        : step.bound === "network"
          ? "network"
          : "overhead";
  return say(
    binding,
    `a decode step of ${batch} at ${STEP_CONTEXT_WORDS} context is ${(100 * share(step.bound)).toFixed(0)}% ${step.bound}-bound on ${decode.summary.chip} (${decode.summary.weightTier})${tpot}`,
  );
}
