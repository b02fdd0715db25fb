/**
 * The design editor: per design, the template units it runs with (prefill and decode apart for a
 * disaggregated design, so the prefill:decode split is a choice), the KV link's bandwidth, and how
 * many Galaxy rows prefill. Edits go into the page state; the worker rebuilds the design from its
 * template, so an edited design is always one the sizing could have produced.
 */
import { system, type ScenarioInput } from "infercast/data";
import { gigabytesPerSecond } from "./format.js";
import type { DesignEdit, PageState } from "./state.js";
import type { WorkerMessage } from "./protocol.js";

type Units = Extract<WorkerMessage, { type: "result" }>["units"];

function numberField(
  label: string,
  value: number,
  attrs: { min: number; max?: number; step?: number; name: string },
  onChange: (v: number) => void,
): HTMLLabelElement {
  const wrap = document.createElement("label");
  wrap.textContent = `${label} `;
  const input = document.createElement("input");
  input.type = "number";
  input.name = attrs.name;
  input.min = String(attrs.min);
  if (attrs.max !== undefined) input.max = String(attrs.max);
  input.step = String(attrs.step ?? 1);
  input.value = String(value);
  input.addEventListener("change", () => {
    const v = Number(input.value);
    if (input.checkValidity() && Number.isFinite(v)) onChange(v);
    else input.reportValidity();
  });
  wrap.append(input);
  return wrap;
}

export function renderEditor(
  root: HTMLElement,
  state: PageState,
  scenario: ScenarioInput,
  units: Units,
  edit: (design: string, change: DesignEdit | null) => void,
): void {
  const rows = scenario.designs.map((design) => {
    const u = units[design.name];
    const current = state.edits[design.name] ?? {};
    const row = document.createElement("div");
    row.className = "edit-row";
    row.dataset.design = design.name;
    const name = document.createElement("strong");
    name.textContent = design.name;
    row.append(name);
    const set = (change: DesignEdit) => edit(design.name, { ...current, ...change });
    if (u.prefillUnits !== undefined) {
      row.append(
        numberField("prefill units", u.prefillUnits, { min: 1, max: 4096, name: `${design.name}.prefillUnits` }, (v) =>
          set({ prefillUnits: v }),
        ),
        numberField("decode units", u.units, { min: 1, max: 4096, name: `${design.name}.units` }, (v) =>
          set({ units: v }),
        ),
      );
    } else {
      row.append(
        numberField("units", u.units, { min: 1, max: 4096, name: `${design.name}.units` }, (v) => set({ units: v })),
      );
    }
    if (design.kind === "disaggregated" && design.link) {
      row.append(
        numberField(
          "KV link GB/s per prefill chip",
          gigabytesPerSecond(design.link.bandwidthBytesPerSecond),
          { min: 0.1, step: 0.1, name: `${design.name}.link` },
          (v) => set({ linkBytesPerSecond: v * 1e9 }),
        ),
      );
    }
    if (design.kind === "unified-mesh") {
      row.append(
        numberField(
          "rows prefilling (0 = whole mesh serves both)",
          design.split?.prefillRows ?? 0,
          { min: 0, max: 3, name: `${design.name}.prefillRows` },
          (v) => set({ prefillRows: v }),
        ),
      );
    }
    const chips = document.createElement("span");
    chips.className = "muted";
    const count =
      design.kind === "aggregated"
        ? design.pool.count
        : design.kind === "disaggregated"
          ? design.prefill.count + design.decode.count + (design.decode.ffn?.count ?? 0)
          : system(design.system).chips * (design.galaxies ?? 1);
    chips.textContent = `${count} chips`;
    row.append(chips);
    if (Object.keys(current).length) {
      const reset = document.createElement("button");
      reset.type = "button";
      reset.textContent = "reset to sized";
      reset.addEventListener("click", () => edit(design.name, null));
      row.append(reset);
    }
    return row;
  });
  root.replaceChildren(...rows);
}
