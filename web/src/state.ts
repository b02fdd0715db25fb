/**
 * What the page shows, as one validated object: the built-in comparison's choices (model, workload,
 * budget, designs, requests) and the user's overrides (traffic, lengths, SLO, design edits). It is
 * what the URL encodes, what the worker turns into a scenario, and nothing else holds page state.
 */
import { z } from "zod";
import { budgets, defaultDesigns, defaultSlo, defaultWorkloads, models, Scenario } from "infercast/data";
import { limitKinds } from "./limit.js";

const designNames = defaultDesigns.map((d) => d.name);
const positive = z.number().positive().finite();
const units = z.number().int().min(1).max(4096);

/** A design entry as a scenario file holds it. */
const DesignEntry = Scenario.shape.designs.element;

/**
 * Per design: template units (prefill and decode apart for disaggregated designs), link, mesh
 * split; or a whole design entry (`config`, a frontier point loaded into the editor), run as it is.
 */
export const DesignEdit = z.strictObject({
  config: DesignEntry.optional(),
  units: units.optional(),
  prefillUnits: units.optional(),
  /** KV link between the pools, bytes per second per prefill chip. */
  linkBytesPerSecond: positive.optional(),
  /** Galaxy rows that prefill (the rest decode); 0 serves both phases on the whole mesh. */
  prefillRows: z.number().int().min(0).max(3).optional(),
});
export type DesignEdit = z.infer<typeof DesignEdit>;

export const PageState = z.strictObject({
  model: z
    .string()
    .refine((id) => models.has(id), { message: `must be a catalog model: ${[...models.keys()].join(", ")}` }),
  workload: z.enum(Object.keys(defaultWorkloads) as [keyof typeof defaultWorkloads]),
  budget: z.enum(budgets),
  designs: z.array(z.enum(designNames as [string, ...string[]])).min(1),
  requests: z.number().int().min(50).max(20000),
  /** `sized`: the built-in rate (70% of the GPU baseline's capacity); or an open-loop rate; or a closed loop. */
  traffic: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("sized") }),
    z.strictObject({ kind: z.literal("rate"), ratePerSecond: positive }),
    z.strictObject({ kind: z.literal("concurrency"), concurrency: z.number().int().min(1).max(100000) }),
  ]),
  /** Mean prompt and output tokens (lognormal spread as in the built-in workload); unset keeps the workload's. */
  inputTokens: z.number().int().min(1).max(131072).optional(),
  outputTokens: z.number().int().min(1).max(32768).optional(),
  slo: z.strictObject({ ttftSeconds: positive, tpotSeconds: positive, percentile: z.number().min(1).max(99.9) }),
  /** Also run designs on chips with efficiency ranges (projections, vendor claims) at both ends of them. */
  ranges: z.boolean(),
  edits: z
    .partialRecord(z.enum(designNames as [string, ...string[]]), DesignEdit)
    .refine((edits) => Object.entries(edits).every(([name, e]) => !e?.config || e.config.name === name), {
      message: "a design's config must carry the design's own name",
    }),
  /** A deployment limit (kW, $/hour or chips): designs past it are flagged, not resized. */
  limit: z.strictObject({ kind: z.enum(limitKinds), value: positive }).optional(),
});
export type PageState = z.infer<typeof PageState>;

/** The page's first comparison: one model and workload, every built-in design, 1,000 requests. */
export const defaultState: PageState = Object.freeze({
  model: "llama-3.1-70b",
  workload: "chat",
  budget: "power",
  designs: designNames,
  requests: 1000,
  traffic: { kind: "sized" },
  slo: { ...defaultSlo },
  ranges: false,
  edits: {},
}) as PageState;

/**
 * What the frontier search depends on, as one string: two states with the same key show the same
 * frontiers (traffic, lengths, budget and edits change only the page's own scenario run).
 */
export const searchKey = (state: PageState): string =>
  JSON.stringify([
    state.model,
    state.workload,
    designNames.filter((d) => state.designs.includes(d)),
    state.slo,
    state.ranges,
  ]);

/** A readable error naming the field, for the page's status line. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join(".") || "state"}: ${issue.message}`;
}

// URL form: plain parameters a person can read and edit, defaults left out.
const numberParam = (params: URLSearchParams, key: string): number | undefined => {
  const raw = params.get(key);
  return raw === null ? undefined : Number(raw);
};

export function stateToQuery(state: PageState): string {
  const p = new URLSearchParams();
  const d = defaultState;
  if (state.model !== d.model) p.set("model", state.model);
  if (state.workload !== d.workload) p.set("workload", state.workload);
  if (state.budget !== d.budget) p.set("budget", state.budget);
  if (state.designs.join() !== d.designs.join()) p.set("designs", state.designs.join(","));
  if (state.requests !== d.requests) p.set("requests", String(state.requests));
  if (state.traffic.kind === "rate") p.set("rate", String(state.traffic.ratePerSecond));
  if (state.traffic.kind === "concurrency") p.set("concurrency", String(state.traffic.concurrency));
  if (state.inputTokens !== undefined) p.set("in", String(state.inputTokens));
  if (state.outputTokens !== undefined) p.set("out", String(state.outputTokens));
  if (state.slo.ttftSeconds !== d.slo.ttftSeconds) p.set("ttft", String(state.slo.ttftSeconds));
  if (state.slo.tpotSeconds !== d.slo.tpotSeconds) p.set("tpot", String(state.slo.tpotSeconds));
  if (state.slo.percentile !== d.slo.percentile) p.set("pct", String(state.slo.percentile));
  if (state.ranges) p.set("ranges", "1");
  if (state.limit) {
    p.set("limit", String(state.limit.value));
    if (state.limit.kind !== "kW") p.set("limitBy", state.limit.kind);
  }
  const edits = Object.entries(state.edits).filter(([, e]) => e && Object.keys(e).length > 0);
  if (edits.length) p.set("edits", JSON.stringify(Object.fromEntries(edits)));
  const query = p.toString();
  return query ? `?${query}` : "";
}

/** The state a URL encodes; throws a ZodError (or SyntaxError for bad edits JSON) naming the field. */
export function stateFromQuery(search: string): PageState {
  const p = new URLSearchParams(search);
  const d = defaultState;
  const rate = numberParam(p, "rate");
  const concurrency = numberParam(p, "concurrency");
  const edits = p.get("edits");
  const limit = numberParam(p, "limit");
  return PageState.parse({
    model: p.get("model") ?? d.model,
    workload: p.get("workload") ?? d.workload,
    budget: p.get("budget") ?? d.budget,
    designs: p.get("designs")?.split(",").filter(Boolean) ?? d.designs,
    requests: numberParam(p, "requests") ?? d.requests,
    traffic:
      rate !== undefined
        ? { kind: "rate", ratePerSecond: rate }
        : concurrency !== undefined
          ? { kind: "concurrency", concurrency }
          : { kind: "sized" },
    inputTokens: numberParam(p, "in"),
    outputTokens: numberParam(p, "out"),
    ranges: p.has("ranges") ? p.get("ranges") === "1" : d.ranges,
    slo: {
      ttftSeconds: numberParam(p, "ttft") ?? d.slo.ttftSeconds,
      tpotSeconds: numberParam(p, "tpot") ?? d.slo.tpotSeconds,
      percentile: numberParam(p, "pct") ?? d.slo.percentile,
    },
    edits: edits ? JSON.parse(edits) : {},
    limit: limit !== undefined || p.has("limitBy") ? { kind: p.get("limitBy") ?? "kW", value: limit } : undefined,
  });
}
