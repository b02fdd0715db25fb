/**
 * The page's form: its choices filled from the catalog and the built-in set, written from a page
 * state, and read back as a state to validate. `$` finds a page element or names the one missing.
 */
import { defaultDesigns, defaultWorkloads, models } from "infercast/data";
import type { PageState } from "./state.js";

export const $ = <T extends HTMLElement = HTMLElement>(selector: string) => {
  const node = document.querySelector<T>(selector);
  if (!node) throw new Error(`page is missing ${selector}`);
  return node;
};
export const form = $<HTMLFormElement>("#inputs");
export const field = <T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(name: string) =>
  form.elements.namedItem(name) as T;

export function fillChoices(): void {
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

export function writeForm(state: PageState): void {
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

/** The form as a state to validate (`PageState`), the design edits carried over. */
export function readForm(edits: PageState["edits"]): unknown {
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
    edits,
    limit:
      optionalNumber("limit") === undefined
        ? undefined
        : { kind: field("limitBy").value, value: optionalNumber("limit") },
  };
}
