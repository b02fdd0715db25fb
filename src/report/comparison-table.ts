/** The comparison for the terminal: cli-table3 tables and lines wrapped to 120 columns. */
import type { ComparisonCase, ComparisonResult } from "../api/compare-types.js";
import {
  FOOTNOTE,
  budgetText,
  caseLines,
  caseRows,
  caseTitle,
  sloText,
  summaryText,
  type Part,
  type Row,
} from "./comparison-rows.js";
import { newTable } from "./table.js";
import { RANGE_FOOTNOTE, isRanged } from "./uncertainty.js";

const MAX_WIDTH = 120;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes this strips
const ansi = /\x1b\[[0-9;]*m/g;
const widthOf = (text: string) =>
  Math.max(
    0,
    ...text
      .replace(ansi, "")
      .split("\n")
      .map((l) => [...l].length),
  );

/** Breaks a line longer than `width` at spaces; continuation lines are indented. */
function wrap(line: string, width = MAX_WIDTH, indent = "    "): string {
  if ([...line].length <= width) return line;
  const out: string[] = [];
  let current = "";
  for (const word of line.split(" ")) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if ([...candidate].length > width && current.trim() !== "") {
      out.push(current);
      current = indent + word;
    } else current = candidate;
  }
  out.push(current);
  return out.join("\n");
}

const terminalCell = (parts: Part[], separator: string) =>
  parts.map((p) => `${p.text}${p.best ? "*" : ""}${p.suffix ? ` ${p.suffix}` : ""}`).join(separator);

function terminalTables(c: ComparisonCase, rows: Row[]): string {
  const render = (indices: number[]) => {
    const table = newTable(["metric", ...indices.map((i) => c.results[i].design)]);
    for (const row of rows) table.push([row.label, ...indices.map((i) => terminalCell(row.cells[i], row.separator))]);
    return table.toString();
  };
  const all = c.results.map((_, i) => i);
  // as many designs side by side as fit in MAX_WIDTH columns; more tables below when they do not
  for (let per = all.length; per >= 1; per--) {
    const chunks: number[][] = [];
    for (let i = 0; i < all.length; i += per) chunks.push(all.slice(i, i + per));
    const tables = chunks.map(render);
    if (per === 1 || tables.every((t) => widthOf(t) <= MAX_WIDTH)) return tables.join("\n");
  }
  return render(all);
}

/** For the terminal: per case, a heading, the designs side by side, verdicts; then the budget. */
export function comparisonTable(result: ComparisonResult, notes: string[] = []): string {
  const lines: string[] = [wrap(`Compared ${summaryText(result)}`), wrap(`SLO: ${sloText(result.slo)}`)];
  for (const note of notes) lines.push(wrap(`note: ${note}`));
  for (const c of result.cases) {
    lines.push("", wrap(`${caseTitle(c)} — ${c.workloadDescription}`));
    lines.push(terminalTables(c, caseRows(c, result.slo)));
    if (c.results.length > 1) lines.push(wrap(FOOTNOTE));
    if (c.results.some(isRanged)) lines.push(wrap(RANGE_FOOTNOTE));
    for (const line of caseLines(c)) lines.push(wrap(line));
  }
  lines.push("", wrap(`${result.basis ? "ranking" : "budget"}: ${budgetText(result)}`));
  return lines.join("\n");
}
