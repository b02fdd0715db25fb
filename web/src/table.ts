/**
 * The side-by-side table: one row per design, one column per headline metric with its unit in the
 * header. Secondary figures (SLO met, goodput, power, energy, cost, what binds) sit in a detail row
 * under each design, opened by its "details" button, so the table fits a 1,600 px screen unscrolled.
 * Each number carries its raw value (`data-value`, SI units as the API returns them), so what a
 * test or a copy-paste reads is the engine's number, not a rounding of it.
 */
import { rangeSuffix, type ComparisonCase, type DesignResult, type HeadlineMetrics } from "infercast/data";
import { chipSources, isProjected } from "./chips.js";
import { finite, formats, show } from "./format.js";

type Better = "higher" | "lower";
/** A column reads headline metrics, so the same accessor gives the nominal figure and the range runs' figures. */
interface Column {
  key: string;
  label: string;
  unit: string;
  value: (m: HeadlineMetrics) => number | null;
  format: (v: number) => string;
  better?: Better;
  /** Shown in the design's detail row rather than as a column. */
  detail?: true;
}

const m = (x: HeadlineMetrics) => x;
export const columns: Column[] = [
  {
    key: "outputTokensPerSecond",
    label: "Throughput",
    unit: "tok/s",
    value: (x) => m(x).outputTokensPerSecond,
    format: formats.rate,
    better: "higher",
  },
  {
    key: "outputTokensPerSecondPerChip",
    label: "Per chip",
    unit: "tok/s/chip",
    value: (x) => m(x).outputTokensPerSecondPerChip,
    format: formats.rate,
    better: "higher",
  },
  {
    key: "outputTokensPerSecondPerUser",
    label: "Per user",
    unit: "tok/s/user",
    value: (x) => m(x).outputTokensPerSecondPerUser,
    format: formats.rate,
    better: "higher",
  },
  {
    key: "ttft.p50",
    label: "TTFT p50",
    unit: "ms",
    value: (x) => m(x).ttftSeconds.p50,
    format: formats.milliseconds,
    better: "lower",
  },
  {
    key: "ttft.p90",
    label: "TTFT p90",
    unit: "ms",
    value: (x) => m(x).ttftSeconds.p90,
    format: formats.milliseconds,
    better: "lower",
  },
  {
    key: "ttft.p99",
    label: "TTFT p99",
    unit: "ms",
    value: (x) => m(x).ttftSeconds.p99,
    format: formats.milliseconds,
    better: "lower",
  },
  {
    key: "tpot.p50",
    label: "TPOT p50",
    unit: "ms",
    value: (x) => m(x).tpotSeconds.p50,
    format: formats.milliseconds,
    better: "lower",
  },
  {
    key: "tpot.p90",
    label: "TPOT p90",
    unit: "ms",
    value: (x) => m(x).tpotSeconds.p90,
    format: formats.milliseconds,
    better: "lower",
  },
  {
    key: "tpot.p99",
    label: "TPOT p99",
    unit: "ms",
    value: (x) => m(x).tpotSeconds.p99,
    format: formats.milliseconds,
    better: "lower",
  },
  {
    key: "sloAttainment",
    detail: true,
    label: "SLO met",
    unit: "%",
    value: (x) => m(x).sloAttainment,
    format: formats.percent,
    better: "higher",
  },
  {
    key: "goodputRequestsPerSecond",
    detail: true,
    label: "Goodput",
    unit: "req/s",
    value: (x) => m(x).goodputRequestsPerSecond,
    format: formats.rate,
    better: "higher",
  },
  {
    key: "powerWatts",
    label: "Power",
    unit: "kW",
    value: (x) => m(x).powerWatts,
    format: formats.kilowatts,
    detail: true,
  },
  {
    key: "joulesPerOutputToken",
    detail: true,
    label: "Energy",
    unit: "J/tok",
    value: (x) => m(x).joulesPerOutputToken,
    format: formats.joules,
    better: "lower",
  },
  {
    key: "usdPerMillionOutputTokens",
    detail: true,
    label: "Cost",
    unit: "$/M tok",
    value: (x) => m(x).usdPerMillionOutputTokens,
    format: formats.dollars,
    better: "lower",
  },
];

const main = columns.filter((col) => !col.detail);
const secondary = columns.filter((col) => col.detail);
/** Designs whose detail row the user opened: kept open across reruns. */
const expanded = new Set<string>();

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};

function best(results: DesignResult[], column: Column): number | null {
  const values = results
    .filter((r) => !r.metrics.overloaded)
    .map((r) => column.value(r.metrics))
    .filter(finite);
  if (!column.better || values.length < 2) return null;
  return column.better === "higher" ? Math.max(...values) : Math.min(...values);
}

/** Pools as "16 × nvidia-h200 (tp 8)", each chip with its sources on hover. */
function poolsCell(r: DesignResult): HTMLTableCellElement {
  const td = el("td", { class: "pools" });
  r.pools.forEach((p, i) => {
    if (i) td.append(el("br"));
    const chip = el("abbr", { title: chipSources(p.chip), class: isProjected(p.chip) ? "projected" : "" }, p.chip);
    td.append(
      `${p.role === "pool" ? "" : `${p.role}: `}${p.chips} × `,
      chip,
      ` (tp ${p.layout.tp}${p.layout.pp > 1 ? `, pp ${p.layout.pp}` : ""}${p.layout.ep > 1 ? `, ep ${p.layout.ep}` : ""})`,
    );
  });
  return td;
}

export function renderTable(
  table: HTMLTableElement,
  c: ComparisonCase,
  summaries: Map<string, string>,
  overLimit: ReadonlySet<string> = new Set(),
): void {
  const head = el("thead");
  const headRow = el("tr");
  headRow.append(
    el("th", { scope: "col" }, "Design"),
    el("th", { scope: "col" }, "Pools"),
    el("th", { scope: "col", "data-metric": "chips" }, "Chips"),
  );
  for (const col of main) {
    const th = el("th", { scope: "col", "data-metric": col.key }, col.label);
    if (col.unit) th.append(el("br"), el("span", { class: "unit" }, col.unit));
    headRow.append(th);
  }
  head.append(headRow);

  const body = el("tbody");
  const bests = new Map(columns.map((col) => [col, best(c.results, col)]));
  for (const r of c.results) {
    const projected = r.pools.some((p) => isProjected(p.chip));
    const row = el("tr", {
      "data-design": r.design,
      class: [projected ? "projected" : "", r.metrics.overloaded ? "overloaded" : ""].join(" ").trim(),
    });
    const name = el("th", { scope: "row", title: summaries.get(r.design) ?? "" }, r.design);
    if (projected) name.append(el("sup", { title: "uses projected or announced chip figures" }, "†"));
    if (r.metrics.overloaded)
      name.append(
        el("span", { class: "flag", title: "arrivals outran the design: queues grew through the run" }, " overloaded"),
      );
    if (overLimit.has(r.design))
      name.append(el("span", { class: "flag over-limit", title: "past the deployment limit" }, " over limit"));
    row.append(
      name,
      poolsCell(r),
      el("td", { "data-metric": "chips", "data-value": String(r.metrics.chips) }, formats.count(r.metrics.chips)),
    );
    const figure = (col: Column, tag: "td" | "span") => {
      const v = col.value(r.metrics);
      const node = el(tag, { "data-metric": col.key, "data-value": finite(v) ? String(v) : "" }, show(v, col.format));
      if (finite(v) && v === bests.get(col)) node.classList.add("best");
      const range = rangeSuffix(r, col.value, col.format).trim();
      if (range)
        node.append(
          tag === "td" ? el("br") : " ",
          el("span", { class: "range", title: "at the low and high ends of the chips' efficiency ranges" }, range),
        );
      return node;
    };
    for (const col of main) row.append(figure(col, "td"));

    const detail = el("tr", { class: "detail", "data-detail": r.design });
    const cell = el("td", { colspan: String(3 + main.length) });
    const list = el("ul", { class: "figures" });
    for (const col of secondary) {
      const item = el("li", {}, `${col.label} `);
      item.append(figure(col, "span"), " ", el("span", { class: "unit" }, col.unit));
      list.append(item);
    }
    const verdict = c.verdicts.find((v) => v.design === r.design);
    const bound = el("li", { class: "binding" }, "Bound by ");
    bound.append(el("strong", { "data-metric": "binding" }, verdict?.binding ?? "—"));
    if (verdict?.explanation) bound.append(` — ${verdict.explanation}`);
    list.append(bound);
    cell.append(list);
    detail.append(cell);

    const open = expanded.has(r.design);
    detail.hidden = !open;
    const toggle = el("button", { type: "button", class: "toggle", "aria-expanded": String(open) }, "details");
    toggle.addEventListener("click", () => {
      const now = detail.hidden;
      detail.hidden = !now;
      toggle.setAttribute("aria-expanded", String(now));
      if (now) expanded.add(r.design);
      else expanded.delete(r.design);
    });
    name.append(" ", toggle);
    body.append(row, detail);
  }
  table.replaceChildren(head, body);
}
