/** The comparison as GitHub-flavoured Markdown: a header (what, SLO, budget), a table per case. */
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
} from "./comparison-rows.js";
import { RANGE_FOOTNOTE, isRanged } from "./uncertainty.js";
import { caseVerdict, compact } from "./comparison-verdict.js";

/** Text safe inside Markdown (and a GitHub table cell): no markup, no math, no HTML, no column breaks. */
const md = (text: string): string =>
  text
    .replace(/[\\`*_[\]|$]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, "<br>");

const markdownCell = (parts: Part[], separator: string) =>
  parts
    .map((p) => `${md(p.text)}${p.best ? "\\*" : ""}${p.suffix ? ` ${md(p.suffix)}` : ""}`)
    .join(separator === "\n" ? "<br>" : md(separator));

/** Every design's confirmed frontier as a table: one row per point. */
function frontierMarkdown(c: ComparisonCase): string[] {
  const out = [
    "| design | tok/s/user | output tok/s per MW | per chip | TTFT p90 | users | configuration | binds |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
  ];
  for (const f of c.frontiers ?? [])
    for (const p of f.points)
      out.push(
        `| ${md(f.design)} | ${compact(p.outputTokensPerSecondPerUser)} | ${p.outputTokensPerSecondPerMegawattFacility === null ? "—" : compact(p.outputTokensPerSecondPerMegawattFacility)} | ${compact(p.outputTokensPerSecondPerChip)} | ${p.ttftSeconds.p90 === null ? "—" : `${p.ttftSeconds.p90.toPrecision(3)} s`} | ${p.concurrency} | ${md(p.label)} | ${md(p.binding)} |`,
      );
  return out;
}

export function comparisonMarkdown(result: ComparisonResult, notes: string[] = []): string {
  const out: string[] = ["# infercast compare", "", `Compared ${md(summaryText(result))}.`, ""];
  out.push(
    `- **SLO:** ${md(sloText(result.slo))}`,
    `- **${result.basis ? "Ranking" : "Budget"}:** ${md(budgetText(result))}`,
  );
  for (const note of notes) out.push(`- **Note:** ${md(note)}`);
  for (const c of result.cases) {
    const rows = caseRows(c, result.slo);
    out.push("", `## ${md(caseTitle(c))}`, "", md(c.workloadDescription), "");
    if (c.frontiers) out.push("```text", ...caseVerdict(c, result), "```", "", ...frontierMarkdown(c), "");
    out.push(`| metric | ${c.results.map((r) => md(r.design)).join(" | ")} |`);
    out.push(`| --- | ${c.results.map(() => "---:").join(" | ")} |`);
    for (const row of rows)
      out.push(`| ${md(row.label)} | ${row.cells.map((cell) => markdownCell(cell, row.separator)).join(" | ")} |`);
    if (c.results.length > 1) out.push("", md(FOOTNOTE));
    if (c.results.some(isRanged)) out.push("", md(RANGE_FOOTNOTE));
    const list = caseLines(c);
    if (list.length > 0) out.push("", ...list.map((l) => `- ${md(l)}`));
  }
  return `${out.join("\n")}\n`;
}
