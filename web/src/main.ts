/**
 * The explorer page: form ⇄ page state ⇄ URL, the state posted to the engine worker, its result
 * drawn as a table, charts, an editor and the verdicts. The latest state always wins: a state that
 * arrives while a run is in flight waits, and only the newest waiting one is run. Beside it the
 * frontier worker searches the frontiers (frontier-search.ts); their charts and verdict fill in
 * as its messages come, and a state with other frontiers restarts it.
 */
import { firstRunId, frontierWorker, worker } from "./boot.js";
import { defaultDesigns, uncertaintyNotes, type ComparisonResult, type ScenarioInput } from "infercast/data";
import { $, fillChoices, form, readForm, writeForm } from "./form.js";
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
import type { FrontierSeries } from "#frontier-chart";
import {
  type Frontiers,
  frontierSource,
  frontierWords,
  markDrawn,
  noFrontiers,
  pointEntry,
  receive,
  verdictText,
} from "./frontiers.js";
import { renderTable } from "./table.js";

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
  /** The frontiers of the state's search key as they arrive: estimates first, then the confirmed ones merged. */
  frontiers: Frontiers;
}

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
    drawFrontiersSoon();
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
  const entry = pointEntry(page.frontiers, series, pointIndex);
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
  const parsed = PageState.safeParse(readForm(page.state.edits));
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
  // a field left after typing fires "change" again with nothing new: no rerun (it would redraw the editor under the user)
  if (stateToQuery(state) === stateToQuery(s)) return;
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

async function renderFrontierSection(): Promise<void> {
  const f = page.frontiers;
  $("#frontier-status").textContent = frontierWords(f);
  const verdict = $("#verdict");
  const text = verdictText(f);
  verdict.hidden = text === null;
  verdict.textContent = text ?? "";
  verdict.dataset.complete = String(f.confirmed === f.designs.length);
  (await charts).renderFrontiers($("#frontier-charts"), frontierSource(f, page.state), loadPoint);
}

// messages that come within a frame are drawn once: three charts rebuilt per estimate would take the CPU the worker needs
let drawPending = false;
function drawFrontiersSoon(): void {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(async () => {
    drawPending = false;
    await renderFrontierSection();
    markDrawn(page.frontiers, performance.now());
  });
}

frontierWorker.onmessage = (event: MessageEvent<FrontierMessage>) => {
  const message = event.data;
  const f = page.frontiers;
  if (message.key !== f.key) return;
  if (message.type === "progress") {
    $("#frontier-status").textContent =
      `${frontierWords(f)} (${message.design}: ${Math.round(message.fraction * 100)}%)`;
    return;
  }
  receive(f, message);
  drawFrontiersSoon();
};
frontierWorker.onerror = (event) => {
  page.frontiers.error = `the frontier worker failed: ${event.message}`;
  drawFrontiersSoon();
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
