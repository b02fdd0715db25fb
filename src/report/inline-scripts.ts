/**
 * The scripts a self-contained HTML page inlines, read from installed files: Chart.js's UMD build,
 * and the compiled chart modules (comparison-charts.ts, frontier-chart.ts) as bodies of classic scripts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** No source map to fetch, and nothing that could close the script element early. */
const inlineSafe = (source: string) =>
  source
    .replace(/\/\/# sourceMappingURL=\S*\s*$/, "")
    .replace(/<\/(script)/gi, "<\\/$1")
    .replace(/<!--/g, "<\\!--");

/** Chart.js's UMD build, read from the installed package (its exports map hides the file, so it is found beside the main entry). */
export function chartJsSource(): string {
  let dir: string;
  try {
    dir = dirname(require.resolve("chart.js/dist/chart.umd.js"));
  } catch {
    dir = dirname(require.resolve("chart.js"));
  }
  let source: string;
  try {
    source = readFileSync(join(dir, "chart.umd.min.js"), "utf8");
  } catch {
    source = readFileSync(join(dir, "chart.umd.js"), "utf8");
  }
  return inlineSafe(source);
}

/**
 * A chart module as tsc compiled it, its `export` keywords dropped so that its declarations land
 * in the scope of the script around it. The `#` import (package.json) names the file in dist,
 * found alike from the CLI and from sources that vitest runs.
 */
function chartModuleSource(specifier: "#comparison-charts" | "#frontier-chart"): string {
  const module = readFileSync(require.resolve(specifier), "utf8");
  const script = module.replace(/^export (?=(?:async )?(?:function|const|let|class) )/gm, "");
  if (/^\s*(?:import|export)\b|\bimport\s*[(.]/m.test(script)) {
    throw new Error(`${specifier} has an import or an export that a script cannot hold`);
  }
  return inlineSafe(script);
}

/** The report's bar and scatter charts (comparison-charts.ts). */
export const comparisonChartsSource = (): string => chartModuleSource("#comparison-charts");

/** The frontier charts (frontier-chart.ts). */
export const frontierChartSource = (): string => chartModuleSource("#frontier-chart");
