/**
 * The explorer page: form ⇄ page state ⇄ URL, the state posted to the engine worker, its result
 * drawn as a table, charts, an editor and the verdicts. The latest state always wins: a state that
 * arrives while a run is in flight waits, and only the newest waiting one is run. Beside it the
 * frontier worker searches the frontiers (frontier-search.ts); their charts and verdict fill in
 * as its messages come, and a state with other frontiers restarts it.
 */
import { firstRunId, frontierWorker, worker } from "./boot.js";
import {
  defaultDesigns,
  defaultWorkloads,
  models,
  uncertaintyNotes,
  type ComparisonResult,
  type ScenarioInput,
} from "infercast/data";
import { renderEditor } from "./editor.js";
import { overLimit } from "./limit.js";
import { exports } from "./export.js";
import type { FrontierMessage, FrontierRequest, RunRequest, WorkerMessage } from "./protocol.js";
import {
  DesignEdit,
  defaultState,
  describeIssue,
  PageState,
  searchKey,
  stateFromQuery,
  stateToQuery,
} from "./state.js";
import type { EstimatedFrontier } from "infercast";
import type { FrontierSeries } from "#frontier-chart";
import { caseVerdict } from "#comparison-verdict";
import { renderTable } from "./table.js";

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => {
  const node = document.querySelector<T>(selector);
  if (!node) throw new Error(`page is missing ${selector}`);
  return node;
};
const form = $<HTMLFormElement>("#inputs");
const field = <T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(name: string) =>
  form.elements.namedItem(name) as T;

/** What tests and embedding pages can read: the state shown, its scenario and result, and timings. */
interface PageHandle {
  state: PageState;
  scenario?: ScenarioInput;
  result?: ComparisonResult;
  runs: number;
  firstResultMilliseconds?: number;
  busy: boolean;
  /** Milliseconds since navigation at which the first run passed each stage. */
  marks: Record<string, number>;
  frontiers: Frontiers;
}

/** The frontiers of the state's search key as they arrive: estimates first, then the confirmed ones merged. */
interface Frontiers {
  key: string;
  designs: string[];
  levels: { level: number; headline: boolean }[];
  estimates: Record<string, EstimatedFrontier>;
  result?: ComparisonResult;
  confirmed: number;
  error?: string;
  /** Milliseconds since navigation: the first design's estimate, every design's, every design confirmed. */
  firstEstimateMilliseconds?: number;
  allEstimatedMilliseconds?: number;
  allConfirmedMilliseconds?: number;
}
const noFrontiers = (state: PageState): Frontiers => ({
  key: searchKey(state),
  designs: state.designs,
  levels: [],
  estimates: {},
  confirmed: 0,
});
const page: PageHandle = {
  state: defaultState,
  runs: 0,
  busy: true,
  marks: { scriptStart: performance.now() },
  frontiers: noFrontiers(defaultState),
};
(globalThis as unknown as { infercast: PageHandle }).infercast = page;

function showError(message: string | null, where = "#error"): void {
  const error = $(where);
  error.hidden = message === null;
  error.textContent = message ?? "";
}

// ---------------------------------------------------------------------------------------------
// Form

function fillChoices(): void {
  field<HTMLSelectElement>("model").replaceChildren(
    ...[...models.values()].map((m) => new Option(`${m.meta.name}`, m.meta.id)),
  );
  field<HTMLSelectElement>("workload").replaceChildren(...Object.keys(defaultWorkloads).map((w) => new Option(w, w)));
  $("#design-choices").replaceChildren(
    ...defaultDesigns.map((d) => {
      const label = document.createElement("label");
      label.title = d.summary;
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = "design";
      box.value = d.name;
      label.append(box, d.name);
      return label;
    }),
  );
}

const workloadShape = (w: keyof typeof defaultWorkloads) => {
  const spec = defaultWorkloads[w](1, 1);
  const mean = (d: unknown) => (d && typeof d === "object" && "mean" in d ? (d as { mean: number }).mean : undefined);
  return { input: mean(spec.input), output: mean(spec.output), sessions: spec.sessions !== undefined };
};

function writeForm(state: PageState): void {
  field("model").value = state.model;
  field("workload").value = state.workload;
  field("budget").value = state.budget;
  field("requests").value = String(state.requests);
  field("traffic").value = state.traffic.kind;
  field("rate").value = state.traffic.kind === "rate" ? String(state.traffic.ratePerSecond) : field("rate").value;
  field("concurrency").value =
    state.traffic.kind === "concurrency" ? String(state.traffic.concurrency) : field("concurrency").value;
  const shape = workloadShape(state.workload);
  field("inputTokens").value = state.inputTokens !== undefined ? String(state.inputTokens) : "";
  field("inputTokens").placeholder = String(shape.input ?? "");
  field("outputTokens").value = state.outputTokens !== undefined ? String(state.outputTokens) : "";
  field("outputTokens").placeholder = String(shape.output ?? "");
  field("ttft").value = String(state.slo.ttftSeconds * 1000);
  field("tpot").value = String(state.slo.tpotSeconds * 1000);
  field("percentile").value = String(state.slo.percentile);
  field("ranges").checked = state.ranges;
  field("limit").value = state.limit ? String(state.limit.value) : "";
  field("limitBy").value = state.limit?.kind ?? "kW";
  for (const box of form.querySelectorAll<HTMLInputElement>("input[name=design]"))
    box.checked = state.designs.includes(box.value);
  $("#workload-summary").textContent = shape.sessions
    ? "Agent sessions of 6–10 turns whose context grows (prefix reused); the rate counts sessions."
    : "Independent chat requests, lognormal prompt and output lengths.";
  $("#rate-unit").textContent = shape.sessions ? "sessions/s" : "requests/s";
  for (const el of form.querySelectorAll<HTMLElement>("[data-traffic]"))
    el.hidden = el.dataset.traffic !== state.traffic.kind;
}

const optionalNumber = (name: string) => (field(name).value.trim() === "" ? undefined : Number(field(name).value));

function readForm(): unknown {
  const traffic = field("traffic").value;
  return {
    model: field("model").value,
    workload: field("workload").value,
    budget: field("budget").value,
    designs: [...form.querySelectorAll<HTMLInputElement>("input[name=design]:checked")].map((b) => b.value),
    requests: Number(field("requests").value),
    traffic:
      traffic === "rate"
        ? { kind: "rate", ratePerSecond: Number(field("rate").value) }
        : traffic === "concurrency"
          ? { kind: "concurrency", concurrency: Number(field("concurrency").value) }
          : { kind: "sized" },
    inputTokens: optionalNumber("inputTokens"),
    outputTokens: optionalNumber("outputTokens"),
    slo: {
      ttftSeconds: Number(field("ttft").value) / 1000,
      tpotSeconds: Number(field("tpot").value) / 1000,
      percentile: Number(field("percentile").value),
    },
    ranges: field("ranges").checked,
    edits: page.state.edits,
    limit:
      optionalNumber("limit") === undefined
        ? undefined
        : { kind: field("limitBy").value, value: optionalNumber("limit") },
  };
}

// ---------------------------------------------------------------------------------------------
// Runs

// Chart.js is most of the page's script: it loads while the first run computes, not before it
const charts = import("./charts.js");

// the first run (the URL's) was posted by boot.ts
let nextId = firstRunId;
let inFlight: number | null = firstRunId;
let waiting: PageState | null = null;

function setState(state: PageState, { run = true } = {}): void {
  page.state = state;
  const query = stateToQuery(state);
  if (location.search !== query) history.replaceState(null, "", `${location.pathname}${query}${location.hash}`);
  if (searchKey(state) !== page.frontiers.key) {
    page.frontiers = noFrontiers(state);
    void renderFrontierSection();
    // on load boot.ts asked for the URL's frontiers; after it, a change of key asks anew (and stops the old search)
    if (run) frontierWorker.postMessage({ kind: "frontiers", state } satisfies FrontierRequest);
  }
  if (run) request(state);
}

function request(state: PageState): void {
  if (inFlight !== null) {
    waiting = state;
    return;
  }
  inFlight = ++nextId;
  page.busy = true;
  worker.postMessage({ id: inFlight, state } satisfies RunRequest);
}

/** A clicked frontier point's design entry, loaded into the editor: the design then runs as that point ran. */
function loadPoint(series: FrontierSeries, pointIndex: number): void {
  const f = page.frontiers;
  const at = series.sources[pointIndex];
  const entry = series.estimated
    ? f.estimates[series.design]?.points[at]?.design
    : f.result?.cases[0].frontiers?.find((d) => d.design === series.design)?.points[at]?.scenario.designs[0];
  if (!entry) return;
  // parsed as a link would be, so the state and its URL read back the same
  edit(series.design, DesignEdit.parse({ config: entry }));
  $("#status-text").textContent =
    `loaded ${series.design}'s ${series.estimated ? "estimated" : "confirmed"} point into the editor`;
}

function edit(design: string, change: DesignEdit | null): void {
  const edits = { ...page.state.edits };
  if (change === null) delete edits[design];
  else edits[design] = change;
  setState({ ...page.state, edits });
}

/** The form field behind each state path, so an error names what the user sees and marks it. */
const fieldOfPath: Record<string, { name: string; label: string }> = {
  "slo.ttftSeconds": { name: "ttft", label: "TTFT (ms)" },
  "slo.tpotSeconds": { name: "tpot", label: "TPOT (ms)" },
  "slo.percentile": { name: "percentile", label: "Percentile" },
  "traffic.ratePerSecond": { name: "rate", label: "Arrival rate" },
  "traffic.concurrency": { name: "concurrency", label: "Concurrency" },
  inputTokens: { name: "inputTokens", label: "Mean prompt (tokens)" },
  outputTokens: { name: "outputTokens", label: "Mean output (tokens)" },
  requests: { name: "requests", label: "Requests simulated" },
  designs: { name: "design", label: "Designs" },
  "limit.value": { name: "limit", label: "Deployment limit" },
};

function onInput(): void {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const parsed = PageState.safeParse(readForm());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const f = fieldOfPath[issue.path.join(".")];
    if (f) for (const el of form.querySelectorAll(`[name="${f.name}"]`)) el.setAttribute("aria-invalid", "true");
    showError(f ? `${f.label}: ${issue.message} (state field ${issue.path.join(".")})` : describeIssue(parsed.error));
    return;
  }
  showError(null);
  // a new model, workload, budget or design set is sized afresh: per-design edits no longer apply
  const s = page.state;
  const resized =
    parsed.data.model !== s.model || parsed.data.workload !== s.workload || parsed.data.budget !== s.budget;
  const state = resized ? { ...parsed.data, edits: {} } : parsed.data;
  writeForm(state);
  setState(state);
}

async function renderResult(message: Extract<WorkerMessage, { type: "result" }>): Promise<void> {
  const { result, scenario } = message;
  const c = result.cases[0];
  page.scenario = scenario;
  page.result = result;
  const summaries = new Map(defaultDesigns.map((d) => [d.name, d.summary]));
  $("#case-title").textContent =
    `${c.model} × ${page.state.workload}: ${c.workloadDescription}; SLO TTFT ≤ ${result.slo.ttftSeconds * 1000} ms and TPOT ≤ ${result.slo.tpotSeconds * 1000} ms at p${result.slo.percentile}`;
  const over = overLimit(c.results, page.state.limit);
  renderTable($<HTMLTableElement>("#results"), c, summaries, new Set(over.map((o) => o.design)));
  $("#limit-warnings").hidden = over.length === 0;
  $("#limit-warnings").replaceChildren(
    ...over.map((o) => {
      const li = document.createElement("li");
      li.dataset.design = o.design;
      li.textContent = o.text;
      return li;
    }),
  );
  (await charts).renderCharts($("#charts"), c, result.slo);
  renderEditor($("#editor"), page.state, scenario, message.units, edit);
  $("#verdicts").replaceChildren(
    ...c.verdicts.map((v) => {
      const li = document.createElement("li");
      li.innerHTML = "<strong></strong>: ";
      li.firstElementChild!.textContent = v.design;
      li.append(`${v.binding} — ${v.explanation}`);
      return li;
    }),
  );
  $("#sizing").textContent = message.sizing;
  const warnings = c.results.flatMap((r) => r.warnings.map((w) => `${r.design}: ${w}`));
  const notes = uncertaintyNotes(c.results, "tick “efficiency ranges” under Uncertainty");
  $("#notes").replaceChildren(
    ...[...notes, ...warnings].map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }),
  );
  page.runs++;
  page.firstResultMilliseconds ??= performance.now();
  $("#status-text").textContent = `${c.results.length} designs compared in ${(message.seconds * 1000).toFixed(0)} ms`;
  $<HTMLProgressElement>("#progress").value = 1;
}

// ---------------------------------------------------------------------------------------------
// Frontiers

const frontierWords = (f: Frontiers) => {
  const total = f.designs.length;
  const estimated = Object.keys(f.estimates).length;
  if (f.error) return `the frontier search failed: ${f.error}`;
  if (f.confirmed === total)
    return `Every design's frontier confirmed by the event loop: the same search as infercast compare.`;
  if (estimated < total) return `Estimating frontiers analytically: ${estimated} of ${total} designs…`;
  return `Estimated frontiers (analytic, dashed), confirming with the event loop: ${f.confirmed} of ${total} designs confirmed…`;
};

async function renderFrontierSection(): Promise<void> {
  const f = page.frontiers;
  const c = f.result?.cases[0];
  $("#frontier-status").textContent = frontierWords(f);
  const verdict = $("#verdict");
  verdict.hidden = !c;
  verdict.textContent = c ? caseVerdict(c, f.result!).join("\n") : "";
  verdict.dataset.complete = String(f.confirmed === f.designs.length);
  (await charts).renderFrontiers(
    $("#frontier-charts"),
    {
      model: page.state.model,
      workload: page.state.workload,
      designs: f.designs,
      confirmed: c?.frontiers ?? [],
      estimated: Object.values(f.estimates),
      levels: c?.levels ?? f.levels,
      basis: f.result?.basis ?? "mw",
    },
    loadPoint,
  );
}

frontierWorker.onmessage = async (event: MessageEvent<FrontierMessage>) => {
  const message = event.data;
  const f = page.frontiers;
  if (message.key !== f.key) return;
  const now = performance.now();
  if (message.type === "progress") {
    $("#frontier-status").textContent =
      `${frontierWords(f)} (${message.design}: ${Math.round(message.fraction * 100)}%)`;
    return;
  }
  if (message.type === "estimate") {
    f.estimates[message.estimate.design] = message.estimate;
    f.levels = message.levels;
    f.firstEstimateMilliseconds ??= now;
    if (Object.keys(f.estimates).length === f.designs.length) f.allEstimatedMilliseconds ??= now;
  } else if (message.type === "confirmed") {
    f.result = message.result;
    f.confirmed = message.result.cases[0].frontiers?.length ?? 0;
    if (f.confirmed === f.designs.length) f.allConfirmedMilliseconds ??= now;
  } else f.error = message.message;
  await renderFrontierSection();
  document.body.dataset.frontiers = `${Object.keys(f.estimates).length}/${f.confirmed}/${f.designs.length}`;
};

worker.onmessage = async (event: MessageEvent<WorkerMessage>) => {
  const message = event.data;
  if (message.id !== inFlight) return;
  page.marks[`first ${message.type}`] ??= performance.now();
  if (message.type === "progress") {
    $<HTMLProgressElement>("#progress").value = message.fraction;
    $("#status-text").textContent = `simulating ${message.label}…`;
    return;
  }
  if (message.type === "result") {
    showError(null);
    await renderResult(message);
  } else {
    showError(message.message);
    $("#status-text").textContent = "the last change could not be run; the results shown are from before it";
  }
  inFlight = null;
  if (waiting) {
    const next = waiting;
    waiting = null;
    request(next);
  } else {
    page.busy = false;
    document.body.dataset.ready = String(page.runs);
  }
};
worker.onerror = (event) => {
  showError(`the engine worker failed: ${event.message}`);
  page.busy = false;
};

// ---------------------------------------------------------------------------------------------
// Start

fillChoices();
let initial: PageState = defaultState;
try {
  initial = stateFromQuery(location.search);
} catch (error) {
  showError(
    `the link's settings are not valid (${error instanceof Error && "issues" in error ? describeIssue(error as never) : String(error)}); showing the default comparison`,
    "#link-error",
  );
}
writeForm(initial);
setState(initial, { run: false });
form.addEventListener("change", onInput);
form.addEventListener("submit", (e) => e.preventDefault());
$("#share").addEventListener("click", async () => {
  await navigator.clipboard?.writeText(location.href).catch(() => undefined);
  $("#status-text").textContent = "link copied: it opens this exact comparison";
});
$("#export-scenario").addEventListener("click", () => page.scenario && exports.scenario(page.scenario));
$("#export-json").addEventListener("click", () => page.result && exports.json(page.result));
$("#export-csv").addEventListener("click", () => page.result && exports.csv(page.result));
$("#reset").addEventListener("click", () => {
  writeForm(defaultState);
  setState(defaultState);
});
