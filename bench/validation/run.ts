/**
 * `npm run validate`: every published measurement in bench/validation/cases.json run through
 * `simulate` (the API a user calls) and compared: predicted, measured and signed error per case;
 * median and worst absolute error per hardware family and overall, fit and hold-out apart.
 * Writes docs/validation.md and a chart of predicted against measured (docs/validation.html).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { simulate } from "../../src/api/simulate.js";
import { chartJsSource } from "../../src/report/comparison.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";

interface Case {
  id: string;
  family: string;
  quality: string;
  configuration: "exact" | "vague";
  assumed?: string;
  model: string | null;
  pool: { chip?: string; system?: string };
  count: number;
  tp?: number;
  pp?: number;
  datatypes?: { weights?: string; activations?: string; kv?: string };
  workload: { kind: "max-throughput" | "closed" | "single-stream"; concurrency?: number; inputTokens: number; outputTokens: number; requests?: number };
  metric: "outputTokensPerSecond" | "outputTokensPerSecondPerUser" | "ttftSeconds" | "tpotSeconds";
  measured: number;
  per?: "total" | "chip" | "user";
  split: "fit" | "holdout";
  source: string;
  notes?: string;
}

interface Outcome {
  c: Case;
  predicted: number | null;
  error: number | null;
  problem?: string;
}

const root = join(import.meta.dirname, "..", "..", "..");

function scenarioOf(c: Case): ScenarioInput {
  const w = c.workload;
  const concurrency = w.kind === "single-stream" ? 1 : w.kind === "closed" ? (w.concurrency ?? 1) : undefined;
  const requests = concurrency !== undefined ? Math.max(4 * concurrency, concurrency === 1 ? 8 : 0, Math.min(w.requests ?? 0, 4 * concurrency)) : (w.requests ?? 2000);
  return {
    model: c.model!,
    datatypes: c.datatypes,
    workload: {
      arrival: concurrency !== undefined ? { kind: "closed", concurrency } : { kind: "burst" },
      input: { kind: "fixed", tokens: w.inputTokens },
      output: { kind: "fixed", tokens: w.outputTokens },
      requests,
      seed: 1,
    },
    slo: { ttftSeconds: 10, tpotSeconds: 1 },
    designs: [{
      name: c.id, kind: "aggregated",
      pool: { ...c.pool, count: c.count, tp: c.tp ?? 1, pp: c.pp ?? 1 },
      // a fixed batch runs all its sequences together; a max-throughput run lets the server batch freely
      // (8,192-token steps, TensorRT-LLM's default); smaller runs step no more tokens than they need,
      // which keeps the activation reserve within SRAM-only chips
      scheduler: {
        maxSequences: concurrency ?? 1024,
        chunkTokens: concurrency === undefined ? 8192 : Math.min(8192, Math.max(256, w.inputTokens, concurrency)),
        prefixCache: false,
      },
    }],
  };
}

async function runCase(c: Case): Promise<Outcome> {
  if (!c.model) return { c, predicted: null, error: null, problem: c.assumed ?? "no catalog model with this shape" };
  try {
    const result = await simulate(scenarioOf(c));
    const m = result.results[0].metrics;
    const value = c.metric === "outputTokensPerSecondPerUser" ? m.outputTokensPerSecondPerUser
      : c.metric === "ttftSeconds" ? m.ttftSeconds.mean
      : c.metric === "tpotSeconds" ? m.tpotSeconds.mean
      : c.per === "chip" ? m.outputTokensPerSecondPerChip : m.outputTokensPerSecond;
    if (value === null || !Number.isFinite(value)) return { c, predicted: null, error: null, problem: "no value (no request finished)" };
    return { c, predicted: value, error: (value - c.measured) / c.measured };
  } catch (error) {
    return { c, predicted: null, error: null, problem: (error as Error).message };
  }
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const pct = (x: number | null) => (x === null ? "—" : `${(100 * x).toFixed(1)}%`);
const signed = (x: number | null) => (x === null ? "—" : `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}%`);
const fmt = (x: number | null) => (x === null ? "—" : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

function summary(outcomes: Outcome[], filter: (o: Outcome) => boolean) {
  const errors = outcomes.filter((o) => o.error !== null && filter(o)).map((o) => Math.abs(o.error!));
  return { n: errors.length, median: median(errors), worst: errors.length ? Math.max(...errors) : null };
}

const cases = JSON.parse(await readFile(join(root, "bench", "validation", "cases.json"), "utf8")) as Case[];
const outcomes: Outcome[] = [];
for (const c of cases) {
  const o = await runCase(c);
  outcomes.push(o);
  console.log(`${c.id.padEnd(10)} ${c.family.padEnd(12)} predicted ${fmt(o.predicted).padStart(9)} measured ${fmt(c.measured).padStart(9)} ${signed(o.error).padStart(8)}${o.problem ? `  (${o.problem.slice(0, 100)})` : ""}`);
}

const measured = (o: Outcome) => o.c.quality === "M" && o.c.configuration === "exact";
const families = [...new Set(cases.map((c) => c.family))];
const lines = [
  "# Validation",
  "",
  "Generated by `npm run validate` from `bench/validation/cases.json` (the public measurements of",
  "`shared/research/hardware.md` Part 2, as data). Each case runs through `simulate`, the API a user calls:",
  "a burst of requests for max-throughput benchmarks, a closed loop at the stated batch or concurrency,",
  "or a single user for hosted-API speeds. Error = (predicted − measured) / measured.",
  "",
  "**No calibration has been fitted yet**: every efficiency factor is the prior from the catalog",
  "(research notes Part 3). The fit/hold-out split is recorded in the data for the calibration to come;",
  "until then both columns show uncalibrated error.",
  "",
  "## Summary (absolute error)",
  "",
  "| cases | n | median | worst |",
  "|---|---|---|---|",
];
for (const [label, filter] of [
  ["measured [M], exact configuration — fit set", (o: Outcome) => measured(o) && o.c.split === "fit"],
  ["measured [M], exact configuration — hold-out", (o: Outcome) => measured(o) && o.c.split === "holdout"],
  ["measured [M], exact configuration — all", measured],
  ["every case with a prediction", () => true],
] as [string, (o: Outcome) => boolean][]) {
  const s = summary(outcomes, filter);
  lines.push(`| ${label} | ${s.n} | ${pct(s.median)} | ${pct(s.worst)} |`);
}
lines.push("", "## By family (measured [M] cases, exact configuration)", "", "| family | n | median | worst |", "|---|---|---|---|");
for (const family of families) {
  const s = summary(outcomes, (o) => measured(o) && o.c.family === family);
  lines.push(`| ${family} | ${s.n} | ${pct(s.median)} | ${pct(s.worst)} |`);
}
lines.push("", "## Cases", "", "| id | family | hardware | model | workload | metric | predicted | measured | error | split | quality | notes |", "|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const o of outcomes) {
  const c = o.c;
  const hw = `${c.count} × ${c.pool.chip ?? c.pool.system} (tp ${c.tp ?? 1}, pp ${c.pp ?? 1})`;
  const w = c.workload;
  const workload = `${w.kind}${w.concurrency ? ` ${w.concurrency}` : ""}, ${w.inputTokens}/${w.outputTokens}`;
  const note = [c.configuration === "vague" ? `vague: ${c.assumed ?? ""}` : "", o.problem ? `not run: ${o.problem}` : ""].filter(Boolean).join("; ").replace(/\|/g, "/");
  lines.push(`| ${c.id} | ${c.family} | ${hw} | ${c.model ?? "—"} | ${workload} | ${c.metric}${c.per === "chip" ? " per chip" : ""} | ${fmt(o.predicted)} | ${fmt(c.measured)} | ${signed(o.error)} | ${c.split} | ${c.quality} | ${note} |`);
}
lines.push("", "A chart of predicted against measured (log–log) is in `docs/validation.html`.", "");
await writeFile(join(root, "docs", "validation.md"), lines.join("\n"));

const points = outcomes.filter((o) => o.predicted !== null).map((o) => ({ x: o.c.measured, y: o.predicted, id: o.c.id, family: o.c.family, metric: o.c.metric }));
await writeFile(join(root, "docs", "validation.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>infercast validation</title></head>
<body style="font-family:system-ui,sans-serif;margin:2rem;max-width:60rem"><h1>Predicted against measured</h1>
<p>Each point is one case of bench/validation/cases.json (log–log; the diagonal is a perfect forecast). Generated by npm run validate.</p>
<canvas id="chart" width="800" height="600"></canvas>
<script type="application/json" id="data">${JSON.stringify(points).replace(/</g, "\\u003c")}</script>
<script>${chartJsSource()}</script>
<script>
const points = JSON.parse(document.getElementById("data").textContent);
const families = [...new Set(points.map((p) => p.family))];
const lo = Math.min(...points.map((p) => Math.min(p.x, p.y))), hi = Math.max(...points.map((p) => Math.max(p.x, p.y)));
new Chart(document.getElementById("chart"), { type: "scatter", data: { datasets: [
  ...families.map((f) => ({ label: f, data: points.filter((p) => p.family === f) })),
  { label: "predicted = measured", type: "line", data: [{ x: lo, y: lo }, { x: hi, y: hi }], pointRadius: 0, borderDash: [4, 4] },
] }, options: { scales: {
  x: { type: "logarithmic", title: { display: true, text: "measured (tokens/s, or seconds for TTFT/TPOT)" } },
  y: { type: "logarithmic", title: { display: true, text: "predicted (same unit)" } } },
  plugins: { tooltip: { callbacks: { label: (c) => c.raw.id ? c.raw.id + " " + c.raw.metric + ": " + c.raw.y.toPrecision(3) + " vs " + c.raw.x.toPrecision(3) : "" } } } } });
</script></body></html>
`);
console.log("written docs/validation.md and docs/validation.html");
