// The static import graph of a built module: every module it loads before running any code, and
// every bare specifier (package or Node built-in) those modules name. Type-only imports vanish in
// the build, so the built JavaScript is what a bundler or a browser sees.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

const staticImport = /^\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

export interface ImportGraph {
  /** Absolute paths of the modules reached. */
  modules: string[];
  /** Bare specifiers, each with the first module that names it. */
  external: Map<string, string>;
}

export function importGraph(entry: string, packageRoot: string): ImportGraph {
  const imports = (JSON.parse(readFileSync(resolve(packageRoot, "package.json"), "utf8")) as { imports: Record<string, string> }).imports;
  const modules = new Set<string>();
  const external = new Map<string, string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(staticImport)) {
      const specifier = m[1] ?? m[2];
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else if (specifier.startsWith("#")) visit(resolve(packageRoot, imports[specifier]));
      else if (!external.has(specifier)) external.set(specifier, file);
    }
  };
  visit(resolve(entry));
  return { modules: [...modules], external };
}
