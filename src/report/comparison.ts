/**
 * The reports of `infercast compare`, one module per format: the designs of each model × workload
 * side by side as a terminal table, Markdown, CSV, JSON, and one self-contained HTML page, and the
 * verdict of a searched comparison.
 */
export { comparisonCsv, comparisonJson } from "./comparison-data.js";
export { comparisonHtml } from "./comparison-html.js";
export { comparisonMarkdown } from "./comparison-markdown.js";
export { comparisonTable } from "./comparison-table.js";
export { comparisonVerdict } from "./comparison-verdict.js";
