// The import graph of a built module: every module it loads, statically or by a dynamic import()
// of a literal, and every bare specifier (package or Node built-in) those modules name, with the
// package's `imports` map resolved under the given conditions (a bundler for browsers picks
// "browser"). Type-only imports vanish in the build, so the built JavaScript is what a bundler sees.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const moduleImport = /^\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;

type Target = string | Record<string, string>;

export interface ImportGraph {
  /** Absolute paths of the modules reached. */
  modules: string[];
  /** Bare specifiers, each with the first module that names it. */
  external: Map<string, string>;
}

export function importGraph(entry: string, packageRoot: string, conditions: string[]): ImportGraph {
  const imports = (JSON.parse(readFileSync(resolve(packageRoot, "package.json"), "utf8")) as { imports: Record<string, Target> }).imports;
  const target = (specifier: string) => {
    const t = imports[specifier];
    if (typeof t === "string") return t;
    const condition = conditions.find((c) => c in t);
    if (!condition) throw new Error(`${specifier} has none of the conditions ${conditions.join(", ")}`);
    return t[condition];
  };
  const modules = new Set<string>();
  const external = new Map<string, string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(moduleImport)) {
      const specifier = m[1] ?? m[2] ?? m[3];
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else if (specifier.startsWith("#")) visit(resolve(packageRoot, target(specifier)));
      else if (!external.has(specifier)) external.set(specifier, file);
    }
  };
  visit(resolve(entry));
  return { modules: [...modules], external };
}
