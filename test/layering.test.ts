// The layers of the code, listed once: a module may import from its own layer and the ones below,
// never from above, and no modules import each other round in a cycle. The check reads the
// TypeScript sources, so type-only imports count (they vanish from the built JavaScript).
// docs/architecture.md explains the order; this test keeps its list and allow-list in step.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageImportTarget } from "./support/import-graph.js";
import {
  importCycles,
  layerOf,
  moduleGraph,
  readSources,
  upwardImports,
  type AllowedEdge,
  type Layer,
} from "./support/layering.js";

/** Lowest first. */
const layers: Layer[] = [
  {
    name: "base",
    paths: ["src/errors.ts", "src/encoding.ts", "src/number-schemas.ts", "src/file-access.ts", "src/platform/"],
  },
  { name: "model", paths: ["src/model/"] },
  { name: "catalog", paths: ["src/catalog/"] },
  { name: "engine", paths: ["src/engine/"] },
  { name: "workload", paths: ["src/workload/"] },
  { name: "scenario", paths: ["src/scenario/"] },
  { name: "sim", paths: ["src/sim/"] },
  { name: "metrics", paths: ["src/metrics/"] },
  { name: "designs", paths: ["src/designs/"] },
  { name: "search", paths: ["src/search/"] },
  { name: "api", paths: ["src/api/"] },
  { name: "sweep", paths: ["src/sweep/"] },
  { name: "report", paths: ["src/report/"] },
  { name: "entry", paths: ["src/data.ts", "src/portable.ts", "src/index.ts"] },
  { name: "cli", paths: ["src/cli/"] },
  { name: "bench", paths: ["bench/"] },
];

/** Imports that climb on purpose; each is named, with its reason, in docs/architecture.md. */
const allowedUpward: AllowedEdge[] = [];

const root = join(import.meta.dirname, "..");
const sources = readSources(root, ["src", "bench"]);
const conditions = [packageImportTarget(root, ["node", "default"]), packageImportTarget(root, ["browser", "default"])];
const packageImport = (specifier: string) => [...new Set(conditions.map((target) => target(specifier)))];
const edges = moduleGraph(sources, packageImport);
const architecture = readFileSync(join(root, "docs", "architecture.md"), "utf8");

describe("layering", () => {
  it("reads every source, type-only imports included", () => {
    expect(sources.size).toBeGreaterThan(75);
    expect(edges.length).toBeGreaterThan(300);
    // a type-only import and a `#platform` import, both absent from or renamed in the built JavaScript
    expect(edges).toContainEqual({ from: "src/api/compare-types.ts", to: "src/api/results.ts" });
    expect(edges).toContainEqual({ from: "src/file-access.ts", to: "src/platform/node.ts" });
    expect(edges).toContainEqual({ from: "src/file-access.ts", to: "src/platform/browser.ts" });
  });

  it("puts every source in exactly one layer", () => {
    for (const path of sources.keys()) expect(() => layerOf(path, layers)).not.toThrow();
  });

  it("has no import cycle", () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it("has no import from a lower layer to a higher one beyond the allow-list", () => {
    expect(upwardImports(edges, layers, allowedUpward)).toEqual([]);
  });

  it("allows only imports that climb, each with a reason that docs/architecture.md gives", () => {
    for (const allowed of allowedUpward) {
      expect(allowed.reason.length).toBeGreaterThan(20);
      expect(edges).toContainEqual({ from: allowed.from, to: allowed.to });
      expect(upwardImports([allowed], layers)).toHaveLength(1);
      expect(architecture).toContain(`${allowed.from} → ${allowed.to}`);
    }
  });

  it("lists the same layers in docs/architecture.md, in the same order", () => {
    const section = architecture.slice(
      architecture.indexOf("## Layers"),
      architecture.indexOf("\n## ", architecture.indexOf("## Layers") + 1),
    );
    const documented = [...section.matchAll(/^\d+\. \*\*(\w+)\*\*/gm)].map((m) => m[1]);
    expect(documented).toEqual(layers.map((layer) => layer.name));
  });

  it("catches a climbing import and a cycle, type-only ones included, so the checks above can fail", () => {
    const synthetic = new Map([
      ["src/engine/a.ts", 'import type { B } from "../api/b.js";\n'],
      ["src/api/b.ts", 'export const c = () => import("./c.js");\n'],
      ["src/api/c.ts", 'export type {\n  B, // } not the end\n} from "./b.js";\nimport D, * as all from "./d.js";\n'],
      ["src/api/d.ts", '/** Not an import: the d from "./c.js". */\nexport interface D {\n  /** from "./c.js" */\n}\n'],
    ]);
    const graph = moduleGraph(synthetic, packageImport);
    expect(graph).toHaveLength(4);
    expect(upwardImports(graph, layers)).toEqual(["src/engine/a.ts → src/api/b.ts (engine → api)"]);
    expect(upwardImports(graph, layers, [{ from: "src/engine/a.ts", to: "src/api/b.ts" }])).toEqual([]);
    expect(importCycles(graph)).toEqual(["src/api/b.ts → src/api/c.ts → src/api/b.ts"]);
    for (const stray of [
      'import "./missing.js";',
      'import { x } from "../../web/src/charts.js";',
      'import "#params-typo";',
    ]) {
      const source = new Map([["src/api/e.ts", `${stray}\n`]]);
      const lookup = (s: string) => (s === "#params-typo" ? ["./dist/src/engine/gone.js"] : packageImport(s));
      expect(() => moduleGraph(source, lookup), stray).toThrow(/names no source/);
    }
  });
});
