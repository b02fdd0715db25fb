/**
 * The design editor: per design, the template units it runs with (prefill and decode apart for a
 * disaggregated design, so the prefill:decode split is a choice), the KV link's bandwidth, and how
 * many Galaxy rows prefill. Edits go into the page state; the worker rebuilds the design from its
 * template, so an edited design is always one the sizing could have produced. A design loaded
 * from a frontier point shows that point's layout instead (per pool TP, PP, EP and chips, the
 * batch cap), each field editing the loaded entry.
 */
import { batchCap, designChips, layoutText, poolLayout, type ScenarioInput } from "infercast/data";
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

type DesignInput = ScenarioInput["designs"][number];
type PoolInput = { count: number; tp?: number; pp?: number; ep?: number };

/** A field of a loaded entry: its label, where it sits in the entry, its value. */
interface ConfigField {
  label: string;
  path: string[];
  value: number;
}

const poolFields = (key: "pool" | "prefill" | "decode", pool: PoolInput): ConfigField[] => [
  { label: "TP", path: [key, "tp"], value: pool.tp ?? 1 },
  { label: "PP", path: [key, "pp"], value: pool.pp ?? 1 },
  { label: "EP", path: [key, "ep"], value: pool.ep ?? 1 },
  { label: "chips", path: [key, "count"], value: pool.count },
];

/** Per pool (a group each) the layout fields of a loaded entry, then its batch cap. */
function configGroups(d: DesignInput): { pool: string; fields: ConfigField[]; dp?: number }[] {
  const cap = (path: string[]): ConfigField => ({ label: "batch cap", path, value: batchCap(d) ?? 256 });
  if (d.kind === "aggregated")
    return [
      { pool: "pool", fields: poolFields("pool", d.pool), dp: poolLayout(d.pool).dp },
      { pool: "scheduler", fields: [cap(["scheduler", "maxSequences"])] },
    ];
  if (d.kind === "disaggregated")
    return [
      { pool: "prefill", fields: poolFields("prefill", d.prefill), dp: poolLayout(d.prefill).dp },
      { pool: "decode", fields: poolFields("decode", d.decode), dp: poolLayout(d.decode).dp },
      { pool: "scheduler", fields: [cap(["decode", "scheduler", "maxSequences"])] },
    ];
  return [
    {
      pool: "mesh",
      fields: [
        { label: "TP", path: ["tp"], value: d.tp ?? 1 },
        { label: "Galaxies", path: ["galaxies"], value: d.galaxies ?? 1 },
        cap(["scheduler", "maxSequences"]),
      ],
    },
  ];
}

/** The fields of a loaded entry; each change hands back the whole entry with that field set. */
function configFields(d: DesignInput, set: (next: DesignInput) => void): HTMLElement[] {
  return configGroups(d).map((group) => {
    const span = document.createElement("span");
    span.className = "pool-layout";
    span.dataset.pool = group.pool;
    if (group.pool === "prefill" || group.pool === "decode") span.append(`${group.pool}: `);
    for (const f of group.fields)
      span.append(
        numberField(f.label, f.value, { min: 1, max: 65536, name: `${d.name}.${f.path.join(".")}` }, (v) => {
          const copy = structuredClone(d) as unknown as Record<string, Record<string, unknown>>;
          let at: Record<string, unknown> = copy;
          for (const key of f.path.slice(0, -1)) {
            at[key] ??= {};
            at = at[key] as Record<string, unknown>;
          }
          at[f.path[f.path.length - 1]] = v;
          set(copy as unknown as DesignInput);
        }),
      );
    if (group.dp !== undefined) {
      const dp = document.createElement("span");
      dp.className = "muted";
      dp.dataset.dp = group.pool;
      dp.textContent = `DP ${group.dp}`;
      span.append(dp);
    }
    return span;
  });
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
    if (current.config) {
      row.dataset.config = "frontier point";
      const what = document.createElement("span");
      what.className = "muted";
      what.textContent = `a frontier point: ${layoutText(design)}`;
      row.append(...configFields(design, (next) => edit(design.name, { config: next as DesignEdit["config"] })), what);
    } else if (u.prefillUnits !== undefined) {
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
    if (!current.config && design.kind === "disaggregated" && design.link) {
      row.append(
        numberField(
          "KV link GB/s per prefill chip",
          gigabytesPerSecond(design.link.bandwidthBytesPerSecond),
          { min: 0.1, step: 0.1, name: `${design.name}.link` },
          (v) => set({ linkBytesPerSecond: v * 1e9 }),
        ),
      );
    }
    if (!current.config && design.kind === "unified-mesh") {
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
    chips.textContent = `${designChips(design)} chips`;
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
