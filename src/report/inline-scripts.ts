/**
 * The scripts a self-contained HTML page inlines, read from installed files: Chart.js's UMD build,
 * and the compiled chart modules (frontier-chart.ts, comparison-charts.ts) as the body of a classic script.
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
 * in the scope of the script around it, and the imports named in `inlinedBefore` (modules the
 * same script holds ahead of it) dropped. The `#` import (package.json) names the file in dist,
 * found alike from the CLI and from sources that vitest runs.
 */
function chartModuleSource(
  specifier: "#comparison-charts" | "#frontier-chart" | "#frontier-svg",
  inlinedBefore: string[] = [],
): string {
  let script = readFileSync(require.resolve(specifier), "utf8").replace(
    /^export (?=(?:async )?(?:function|const|let|class) )/gm,
    "",
  );
  for (const path of inlinedBefore) {
    script = script.replace(new RegExp(`^import \\{[^}]*\\} from "${path.replace(/\./g, "\\.")}";\n`, "gm"), "");
  }
  if (/^\s*(?:import|export)\b|\bimport\s*[(.]/m.test(script)) {
    throw new Error(`${specifier} has an import or an export that a script cannot hold`);
  }
  return inlineSafe(script);
}

/**
 * The report's chart modules as the body of one script: the SVG writer (frontier-svg.ts), the
 * frontier charts (frontier-chart.ts), which save through it, then the bar and scatter charts
 * (comparison-charts.ts), which use the frontier charts' ticks.
 */
export const reportChartsSource = (): string =>
  [
    chartModuleSource("#frontier-svg"),
    chartModuleSource("#frontier-chart", ["./frontier-svg.js"]),
    chartModuleSource("#comparison-charts", ["./frontier-chart.js"]),
  ].join("\n");
