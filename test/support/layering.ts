// The module graph of the TypeScript sources, `import type` included, and the two rules the layering
// test holds it to: no cycle, and no import from a lower layer to a higher one. Paths are relative to
// the repository root with `/` separators, so messages read the same on every machine.
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { moduleSpecifiers } from "./import-graph.js";

export interface Layer {
  name: string;
  /** Files, or folders ending in `/`, relative to the repository root. */
  paths: string[];
}

export interface Edge {
  from: string;
  to: string;
}

export interface AllowedEdge extends Edge {
  reason: string;
}

/** Every `.ts` file under the given folders, by path, with its text. */
export function readSources(root: string, folders: string[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const folder of folders) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })) {
      const path = posix.join(folder, entry.split("\\").join("/"));
      if (path.endsWith(".ts") && !path.endsWith(".d.ts")) sources.set(path, readFileSync(join(root, path), "utf8"));
    }
  }
  return sources;
}

/**
 * The imports between the sources, each pair once. A relative specifier names the built `.js` of a
 * source; a `#name` one goes through the package's `imports` map (`packageImport`, every target it
 * has under the conditions that matter, e.g. `#platform` for Node and for browsers) and counts where
 * it leads to the build of a source (`./dist/src/platform/node.js`). Only data (`.json`) and
 * generated files (`build/`) are left out; any other target that names no source throws (an import
 * into `web/` or `test/`, or a `#name` whose source was renamed), so no import can drop an edge.
 */
export function moduleGraph(sources: Map<string, string>, packageImport: (specifier: string) => string[]): Edge[] {
  const edges = new Map<string, Edge>();
  for (const [from, text] of sources) {
    for (const specifier of moduleSpecifiers(text)) {
      let targets: string[];
      if (specifier.startsWith(".")) targets = [posix.join(posix.dirname(from), specifier)];
      else if (specifier.startsWith("#")) targets = packageImport(specifier).map((t) => posix.normalize(t));
      else continue;
      for (const target of targets) {
        if (target.endsWith(".json") || target.startsWith("build/")) continue;
        const to = target.replace(/^dist\//, "").replace(/\.js$/, ".ts");
        if (!sources.has(to)) throw new Error(`${from}: "${specifier}" names no source (${target})`);
        edges.set(`${from} ${to}`, { from, to });
      }
    }
  }
  return [...edges.values()];
}

/** The index of the layer a path belongs to; throws unless exactly one layer claims it. */
export function layerOf(path: string, layers: Layer[]): number {
  const claims = layers.flatMap((layer, i) =>
    layer.paths.some((p) => (p.endsWith("/") ? path.startsWith(p) : path === p)) ? [i] : [],
  );
  if (claims.length !== 1)
    throw new Error(
      `${path} is in ${claims.length === 0 ? "no layer" : `layers ${claims.map((i) => layers[i].name).join(" and ")}`}`,
    );
  return claims[0];
}

/** Edges from a lower layer to a higher one, written `from → to (lower layer → higher layer)`. */
export function upwardImports(edges: Edge[], layers: Layer[], allowed: Edge[] = []): string[] {
  return edges
    .filter(
      (e) =>
        layerOf(e.from, layers) < layerOf(e.to, layers) && !allowed.some((a) => a.from === e.from && a.to === e.to),
    )
    .map(
      (e) => `${e.from} → ${e.to} (${layers[layerOf(e.from, layers)].name} → ${layers[layerOf(e.to, layers)].name})`,
    );
}

/** One cycle per strongly connected component of more than one module (or a module importing itself), as `a → b → a`. */
export function importCycles(edges: Edge[]): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  return components(next).map((component) => shortestLoop(component[0], new Set(component), next).join(" → "));
}

/** Tarjan's strongly connected components that hold a cycle. */
function components(next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || next.get(v)?.includes(v)) found.push(component.sort());
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** The shortest path from `start` back to itself inside its component (breadth first). */
function shortestLoop(start: string, component: Set<string>, next: Map<string, string[]>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = cameFrom.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (component.has(w) && !cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  throw new Error(`${start} is on no cycle`);
}
