/**
 * docs/validation.md from the shipped predictions and the cross-validation: the cross-validated
 * figures first, what is fitted from what, the cases reported apart, then the shipped chip files'
 * errors and every case. Deterministic: no dates or timings, so a rerun regenerates it byte for byte.
 */
import { type Case, configurationOf, crossValidated, type Outcome } from "./cases.js";
import type { Prediction } from "./cross-validate.js";
import type { Evaluation } from "./evaluate.js";
import { FIT_REQUESTS_SHARE, grids, PRIOR_WEIGHT, type Point } from "./grid.js";

/** A family's figure counts only from this many cases up. */
export const MIN_CASES = 3;

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const pct = (x: number | null) => (x === null ? "—" : `${(100 * x).toFixed(1)}%`);
export const signed = (x: number | null) => (x === null ? "—" : `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}%`);
export const fmt = (x: number | null) => (x === null ? "—" : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

export function summary(errors: (number | null | undefined)[]) {
  const abs = errors.filter((e): e is number => e !== null && e !== undefined).map(Math.abs);
  return { n: abs.length, median: median(abs), worst: abs.length ? Math.max(...abs) : null };
}

export function pointText(p: Point | null): string {
  if (p === null) return "—";
  const parts: string[] = [];
  if (p.compute !== undefined) parts.push(`compute ${p.compute}`);
  if (p.memory !== undefined) parts.push(`memory ${p.memory}`);
  if (p.operator !== undefined) parts.push(`${(p.operator * 1e6).toFixed(0)} µs/op`);
  if (p.prefillOperator !== undefined) parts.push(`+${(p.prefillOperator * 1e6).toFixed(0)} µs/op in prefill`);
  return parts.join(", ") || "chip file values";
}

/** Median and worst |error| of each method over some cases (no figure under MIN_CASES). */
export function figures(e: Evaluation, cases: Case[]) {
  const of = (m: Map<string, Prediction>) => summary(cases.map((c) => m.get(c.id)?.error));
  return {
    n: cases.length,
    configurations: new Set(cases.map(configurationOf)).size,
    counts: cases.length >= MIN_CASES,
    caseOut: of(e.leaveOneCaseOut),
    configurationOut: of(e.leaveOneConfigurationOut),
    inSample: of(e.inSample),
  };
}

function headline(e: Evaluation): string[] {
  const all = e.groups.flatMap((g) => g.cases);
  const families = [...new Set(all.map((c) => c.family))];
  const lines = [
    "| cases | n | configurations | leave one case out: median | worst | leave one configuration out: median | worst | in-sample fit: median | worst |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  const row = (label: string, cases: Case[]) => {
    const f = figures(e, cases);
    if (!f.counts)
      return `| ${label} | ${f.n} | ${f.configurations} | fewer than ${MIN_CASES} cases: no figure | | | | | |`;
    return `| ${label} | ${f.n} | ${f.configurations} | **${pct(f.caseOut.median)}** | ${pct(f.caseOut.worst)} | **${pct(f.configurationOut.median)}** | ${pct(f.configurationOut.worst)} | ${pct(f.inSample.median)} | ${pct(f.inSample.worst)} |`;
  };
  lines.push(
    row("all measured cases", all),
    row(
      "of which in the shipped fit or hold-out",
      all.filter((c) => c.split !== "cv"),
    ),
    row(
      "of which added after the shipped fit (cv)",
      all.filter((c) => c.split === "cv"),
    ),
  );
  for (const family of families)
    lines.push(
      row(
        family,
        all.filter((c) => c.family === family),
      ),
    );
  return lines;
}

function fitted(e: Evaluation): string[] {
  const lines = [
    "| family | chips fitted as one | factors fitted | from cases (configurations) | fitted on every case | fitted on the `fit` cases (n): the chip files |",
    "|---|---|---|---|---|---|",
  ];
  for (const g of e.groups) {
    const factors = g.group.fitted.length === 0 ? "none" : `${g.group.fitted.length}: ${g.group.reason}`;
    lines.push(
      `| ${g.cases[0].family} | ${g.group.chips.join(", ")} | ${factors} | ${g.cases.length} (${g.configurations}) | ${pointText(g.allCases)} | ${g.fitSplitCases ? `${pointText(g.fitSplit)} (${g.fitSplitCases})` : "—"} |`,
    );
  }
  const perFamily = new Map<string, { parameters: number; cases: number }>();
  for (const g of e.groups) {
    const f = perFamily.get(g.cases[0].family) ?? { parameters: 0, cases: 0 };
    perFamily.set(g.cases[0].family, {
      parameters: f.parameters + g.group.fitted.length,
      cases: f.cases + g.cases.length,
    });
  }
  lines.push(
    "",
    `Per family: ${[...perFamily].map(([family, f]) => `${family} ${f.parameters} parameter${f.parameters === 1 ? "" : "s"} from ${f.cases} cases`).join("; ")}.`,
  );
  return lines;
}

function apart(cases: Case[]): string[] {
  const rows = cases.filter((c) => c.notModelled);
  if (rows.length === 0) return ["None."];
  return [
    "| id | hardware | model | workload | metric | measured | why not |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (c) =>
        `| ${c.id} | ${hardware(c)} | ${c.model} | ${workload(c)} | ${metric(c)} | ${fmt(c.measured)} | ${c.notModelled} |`,
    ),
  ];
}

/**
 * Every configuration with a user's decode speed (t/s/u) or one user's TTFT (the single-stream row)
 * measured at three or more prompt lengths, as a curve: measured against the chip files' prediction
 * and against the fit that left the whole configuration out.
 */
function contextCurves(outcomes: Outcome[], e: Evaluation): string[] {
  const byConfiguration = new Map<string, Outcome[]>();
  for (const o of outcomes.filter((o) => crossValidated(o.c))) {
    const key = configurationOf(o.c);
    byConfiguration.set(key, [...(byConfiguration.get(key) ?? []), o]);
  }
  const lines: string[] = [];
  for (const [configuration, rows] of byConfiguration) {
    const prompts = [...new Set(rows.map((o) => o.c.workload.inputTokens))].sort((a, b) => a - b);
    const cells = (o: Outcome | undefined) => {
      if (!o) return ["", "", "", ""];
      const out = e.leaveOneConfigurationOut.get(o.c.id);
      return [fmt(o.c.measured), fmt(o.predicted), signed(o.error), out ? signed(out.error) : ""];
    };
    const curve = prompts.flatMap((tokens) => {
      const at = rows.filter((o) => o.c.workload.inputTokens === tokens);
      const decode = at.find((o) => o.c.metric === "decodeTokensPerSecondPerUser");
      const ttft = at.find((o) => o.c.metric === "ttftSeconds" && o.c.workload.kind === "single-stream");
      if (!decode && !ttft) return [];
      const batch = decode ? String(decode.c.workload.concurrency ?? 1) : "";
      const ids = [decode, ttft].filter((o) => o !== undefined).map((o) => o.c.id);
      return [`| ${tokens} | ${batch} | ${[...cells(decode), ...cells(ttft)].join(" | ")} | ${ids.join(", ")} |`];
    });
    if (curve.length < 3) continue;
    lines.push(
      `${configuration}:`,
      "",
      "| prompt tokens | decode batch | t/s/u measured | predicted | error | leave configuration out | TTFT measured (s) | predicted | error | leave configuration out | cases |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
      ...curve,
      "",
    );
  }
  return lines.length ? lines : ["None.", ""];
}

const hardware = (c: Case) => `${c.count} × ${c.pool.chip ?? c.pool.system} (tp ${c.tp ?? 1}, pp ${c.pp ?? 1})`;
const workload = (c: Case) =>
  `${c.workload.kind}${c.workload.concurrency ? ` ${c.workload.concurrency}` : ""}, ${c.workload.inputTokens}/${c.workload.outputTokens}`;
const metric = (c: Case) => `${c.metric}${c.per === "chip" ? " per chip" : ""}`;

function shipped(outcomes: Outcome[]): string[] {
  const measured = (o: Outcome) => o.c.quality === "M" && o.c.configuration === "exact";
  const lines = ["| cases | n | median | worst |", "|---|---|---|---|"];
  for (const [label, filter] of [
    ["measured [M], exact configuration — fit set", (o: Outcome) => measured(o) && o.c.split === "fit"],
    ["measured [M], exact configuration — hold-out", (o: Outcome) => measured(o) && o.c.split === "holdout"],
    ["measured [M], exact configuration — added after the fit (cv)", (o: Outcome) => measured(o) && o.c.split === "cv"],
    ["measured [M], exact configuration — all", measured],
    ["every case with a prediction", () => true],
  ] as [string, (o: Outcome) => boolean][]) {
    const s = summary(outcomes.filter(filter).map((o) => o.error));
    lines.push(`| ${label} | ${s.n} | ${pct(s.median)} | ${pct(s.worst)} |`);
  }
  return lines;
}

function caseTable(outcomes: Outcome[], e: Evaluation): string[] {
  const lines = [
    "| id | family | hardware | model | workload | metric | measured | predicted (chip files) | error (chip files) | in-sample fit | leave case out | leave configuration out | split | quality | notes |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const o of outcomes) {
    const c = o.c;
    const note = [
      c.configuration === "vague" ? `vague: ${c.assumed ?? ""}` : "",
      o.problem ? `not run: ${o.problem}` : "",
    ]
      .filter(Boolean)
      .join("; ")
      .replace(/\|/g, "/");
    const cv = (m: Map<string, Prediction>) => (m.has(c.id) ? signed(m.get(c.id)!.error) : "");
    lines.push(
      `| ${c.id} | ${c.family} | ${hardware(c)} | ${c.model ?? "—"} | ${workload(c)} | ${metric(c)} | ${fmt(c.measured)} | ${fmt(o.predicted)} | ${signed(o.error)} | ${cv(e.inSample)} | ${cv(e.leaveOneCaseOut)} | ${cv(e.leaveOneConfigurationOut)} | ${c.split} | ${c.quality} | ${note} |`,
    );
  }
  return lines;
}

export function validationMarkdown(
  outcomes: Outcome[],
  e: Evaluation,
  fittedChips: string[],
  handFitted: { chip: string; factors: string; cases: string }[],
): string {
  const cases = outcomes.map((o) => o.c);
  const all = figures(
    e,
    e.groups.flatMap((g) => g.cases),
  );
  return [
    "# Validation",
    "",
    "Generated by `npm run validate` from `bench/validation/cases.json`: published measurements as data,",
    "each citing its source by a tag of `docs/sources.md`. Each case runs through `simulate`, the API a user",
    "calls: a burst of requests for max-throughput benchmarks, a closed loop at the stated batch or",
    "concurrency, or a single user for hosted-API speeds and batch-1 rows. Error = (predicted − measured) / measured.",
    "",
    "## Cross-validated accuracy",
    "",
    `Over the ${all.n} measured cases (quality [M], exact configuration, a layout the engine models), a case`,
    `predicted with every factor fitted without it errs by ${pct(all.caseOut.median)} (median), and by ${pct(all.configurationOut.median)} when`,
    "every row of its configuration (same source table, hardware and model) is left out of the fit too.",
    "",
    "What they mean: how far a forecast is likely off for a measurement whose factors were fitted without it,",
    "on hardware, software and workloads like these cases'. What they don't: they cover no chip without a",
    "measured case (those run on priors), no layout the engine does not model (reported apart below) and",
    "none of the vague or secondary cases, and which factors each group fits and the grid's bounds were",
    "chosen by people who had seen these cases, so the procedure itself is not held out.",
    "",
    ...headline(e),
    "",
    `A family's figure counts only where it has at least ${MIN_CASES} measured cases; smaller families are listed`,
    "with their count. Leave one case out is the headline; leave one configuration out says how well a new",
    "configuration is predicted. The in-sample fit is the same procedure fitted on every case, beside them for",
    "comparison. All three come from the same grid of runs (max-throughput runs at",
    `${FIT_REQUESTS_SHARE * 100}% of each case's requests), so they differ only in which cases chose the factors.`,
    "",
    "## What is fitted, from what",
    "",
    "`npm run validate:fit` and every fold here fit the same way: per group of chips sharing a die and a",
    "software stack, a grid search for the lowest mean |log(predicted / measured)| over the group's cases,",
    `plus a weak pull towards the research priors that settles near-ties (${PRIOR_WEIGHT} × |log(value / prior)| per`,
    `fitted efficiency). The grid: compute ${grids.compute.join(", ")}; memory ${grids.memory.join(", ")};`,
    `operator dispatch ${grids.operator.map((s) => `${s * 1e6} µs`).join(", ")} (a traced or graph-launched operator costs a few µs, and a`,
    "larger figure lets a fit trade bandwidth for dispatch that fails on other chip counts); prefill dispatch",
    `${grids.prefillOperator.map((s) => `${s * 1e6} µs`).join(", ")} for runtimes that trace decode only.`,
    "Each case's prediction over its group's grid is simulated once; a fold only re-selects the best point",
    "without its held-out cases. A group left with no case falls to the point nearest its priors. Collective",
    "latency and efficiency are not fitted here: they come from published all-reduce sweeps where one exists",
    "(NVLink, [B2]). Factors not fitted stay at the chip files' values.",
    "",
    ...fitted(e),
    "",
    "The chip files carry the fit on the cases marked `fit`, which the procedure above reproduces; the fit on",
    "every case is reported, not applied. Chips carrying fitted factors today:",
    `${fittedChips.join(", ") || "none"}; every other chip uses its prior from the research notes.`,
    "",
    "Not refitted per fold, so in-sample in every column above: factors fitted by hand outside the grid.",
    ...(handFitted.length === 0
      ? ["None today."]
      : handFitted.map(
          (h) =>
            `- ${h.chip}: ${h.factors}, fitted on ${h.cases}. The cross-validated figures of the decode rows on this chip, the Galaxy sweep's most of all, are partly in-sample.`,
        )),
    "",
    "## Context curves",
    "",
    "Predicted against measured as the prompt grows, for each configuration with a user's decode speed or",
    "one user's TTFT measured at three or more prompt lengths. The prediction uses the chip files as shipped:",
    "their grid factors were fitted on other cases, but a hand-fitted factor above may have been fitted on",
    "this very curve (then its t/s/u is in-sample). Leave configuration out refits the grid factors without",
    "any row of the curve. TTFT is one user's prefill (the single-stream row); a server's TTFT under load",
    "is in the case table.",
    "",
    ...contextCurves(outcomes, e),
    "## Reported apart: layouts not modelled",
    "",
    "Out of every figure above until the engine can lay these out.",
    "",
    ...apart(cases),
    "",
    "## The chip files as shipped",
    "",
    "Each case run with the chip files' factors (max-throughput runs at the case's own request count). The",
    "`fit` cases chose those factors and the `holdout` cases helped decide which fits to keep, so these",
    "figures are selected, not cross-validated; `cv` cases came after the fit.",
    "",
    ...shipped(outcomes),
    "",
    "## Cases",
    "",
    "Metrics are read as each source defines them. A max-throughput run batches as many sequences as the KV",
    'cache holds at full length (`scheduler.admission: "reserve"`, TensorRT-LLM\'s guaranteed-no-evict; a tuned',
    "MLPerf batch), at most 1,024. tt-metal's t/s/u is the decode step of a batch already prefilled, so those",
    "cases read `decodeTokensPerSecondPerUser` = 1 / the median inter-token latency (that metric of",
    "`infercast simulate --format json`; in a closed loop the median step carries no prompt) and its t/s",
    "`decodeTokensPerSecond` = batch × that; `outputTokensPerSecondPerUser` (1 / TPOT, others' prompts",
    "included) is what a server's users see, and is lower. tt-metal's TTFT is one user's prefill of the",
    "stated prompt. TensorRT-LLM's later perf overview reports output tokens/s per GPU; LLMPerf reports",
    "per-request TTFT and inter-token latency at concurrency 1.",
    "",
    "The in-sample and cross-validated columns are filled for the measured cases only. Split: what the shipped",
    "chip files saw (`fit`, `holdout`, or `cv`: added after that fit); the cross-validation treats all alike.",
    "",
    ...caseTable(outcomes, e),
    "",
    "A chart of predicted against measured (log–log, chip files as shipped) is in `docs/validation.html`.",
    "",
  ].join("\n");
}
