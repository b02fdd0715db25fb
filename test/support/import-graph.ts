// The import graph of a built module: every module it loads, statically or by a dynamic import()
// of a literal, and every bare specifier (package or Node built-in) those modules name, with the
// package's `imports` map resolved under the given conditions (a bundler for browsers picks
// "browser"). Type-only imports vanish in the build, so the built JavaScript is what a bundler sees.
// The specifier parsing is shared with the layering check (test/support/layering.ts), which reads
// the TypeScript sources so that type-only imports count there.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";

/**
 * Every module specifier a source names: static imports and re-exports (`import type` too), and
 * dynamic imports of a literal. TypeScript's own scanner reads them, so no import form or comment
 * placement can hide one, and a comment that says `from "…"` is not one.
 */
export function moduleSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

type Target = string | Record<string, string>;

/** Where a `#name` specifier of the package's `imports` map leads under the given conditions (a path relative to the package). */
export function packageImportTarget(packageRoot: string, conditions: string[]): (specifier: string) => string {
  const imports = (
    JSON.parse(readFileSync(resolve(packageRoot, "package.json"), "utf8")) as { imports: Record<string, Target> }
  ).imports;
  return (specifier) => {
    const t = imports[specifier];
    if (typeof t === "string") return t;
    const condition = conditions.find((c) => c in t);
    if (!condition) throw new Error(`${specifier} has none of the conditions ${conditions.join(", ")}`);
    return t[condition];
  };
}

export interface ImportGraph {
  /** Absolute paths of the modules reached. */
  modules: string[];
  /** Bare specifiers, each with the first module that names it. */
  external: Map<string, string>;
}

export function importGraph(entry: string, packageRoot: string, conditions: string[]): ImportGraph {
  const target = packageImportTarget(packageRoot, conditions);
  const modules = new Set<string>();
  const external = new Map<string, string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const specifier of moduleSpecifiers(readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else if (specifier.startsWith("#")) visit(resolve(packageRoot, target(specifier)));
      else if (!external.has(specifier)) external.set(specifier, file);
    }
  };
  visit(resolve(entry));
  return { modules: [...modules], external };
}
