// The portable entry (what the exports map serves to browsers) loads no Node built-in and no
// Node-only package, statically or lazily, yet gives the same numbers as the Node entry.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { importGraph } from "./support/import-graph.js";
import * as portable from "../src/portable.js";
import * as node from "../src/index.js";
import * as nodePlatform from "../src/platform/node.js";
import * as browserPlatform from "../src/platform/browser.js";

const root = join(import.meta.dirname, "..");
const browserSafePackages = ["zod", "yaml"];

describe("portable entry", () => {
  it("imports no Node built-in and no Node-only package, statically or lazily", () => {
    const graph = importGraph(join(root, "dist", "src", "portable.js"), root, ["browser", "default"]);
    expect(graph.modules.length).toBeGreaterThan(20); // the walk really follows the API's modules
    const offenders = [...graph.external].filter(([specifier]) => !browserSafePackages.includes(specifier));
    expect(offenders).toEqual([]);
  });

  it("serves the catalog, built-in designs and result encodings without the WASM kernel (infercast/data)", async () => {
    const graph = importGraph(join(root, "dist", "src", "data.js"), root, ["browser", "default"]);
    expect(graph.modules.some((m) => m.endsWith(join("src", "catalog", "index.js")))).toBe(true);
    expect(graph.modules.filter((m) => /engine[\\/]kernel\.js$|release\.js$/.test(m))).toEqual([]);
    expect([...graph.external.keys()].filter((s) => !browserSafePackages.includes(s))).toEqual([]);
    const pkg = (await import("../package.json", { with: { type: "json" } })).default;
    expect(pkg.exports["./data"].default).toBe("./dist/src/data.js");
  });

  it("the walk does find the Node entry's built-ins and the kernel, so the checks above can fail", () => {
    expect(
      importGraph(join(root, "dist", "src", "portable.js"), root, ["browser", "default"]).modules.some((m) =>
        m.endsWith(join("engine", "kernel.js")),
      ),
    ).toBe(true);
    const graph = importGraph(join(root, "dist", "src", "index.js"), root, ["node", "default"]);
    expect([...graph.external.keys()]).toEqual(expect.arrayContaining(["node:fs/promises", "piscina"]));
  });

  it("has a browser platform module with the Node one's exports, refusing files with a clear error", async () => {
    expect(Object.keys(browserPlatform).sort()).toEqual(Object.keys(nodePlatform).sort());
    await expect(browserPlatform.readTextFile("model/config.json", 1024)).rejects.toThrow(
      /cannot read model\/config\.json in a browser/,
    );
    expect(browserPlatform.resolvePath("/a/b", "c.json")).toBe("/a/b/c.json");
    expect(browserPlatform.extname("trace.CSV")).toBe(".CSV");
  });

  it("is the Node entry less the file and worker-pool functions", () => {
    const nodeOnly = Object.keys(node)
      .filter((k) => !(k in portable))
      .sort();
    expect(nodeOnly).toEqual(["loadHfConfig", "loadScenario", "loadSweep", "simulateFile", "sweep"]);
    for (const k of Object.keys(portable))
      expect((node as Record<string, unknown>)[k]).toBe((portable as Record<string, unknown>)[k]);
  });

  it("the exports map serves it to browsers and as infercast/portable", async () => {
    const pkg = (await import("../package.json", { with: { type: "json" } })).default;
    expect(pkg.exports["."].browser).toBe("./dist/src/portable.js");
    expect(pkg.exports["./portable"].default).toBe("./dist/src/portable.js");
  });
});
