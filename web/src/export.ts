/** Downloads: the scenario file (what `infercast compare <file>` reads) and the results as JSON or CSV, the CLI's own formats. */
import { comparisonCsv, comparisonJson, type ComparisonResult, type ScenarioInput } from "infercast/data";

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const exports = {
  scenario: (s: ScenarioInput) =>
    download("infercast-scenario.json", "application/json", `${JSON.stringify(s, null, 2)}\n`),
  json: (r: ComparisonResult) => download("infercast-results.json", "application/json", comparisonJson(r)),
  csv: (r: ComparisonResult) => download("infercast-results.csv", "text/csv", comparisonCsv(r)),
};
