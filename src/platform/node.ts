/**
 * What the engine needs from its host, under Node: files and paths. The browser build maps
 * `#platform` to ./browser.ts instead, so no Node built-in is ever in a page's import graph.
 */
import { readFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";

export const readTextFile = (path: string): Promise<string> => readFile(path, "utf8");

export { dirname, extname, resolve as resolvePath };

/** Compiles a WebAssembly module shipped beside the code (a file: URL under Node). */
export async function compileWasm(url: URL): Promise<WebAssembly.Module> {
  return WebAssembly.compile(url.protocol === "file:" ? await readFile(url) : await (await fetch(url)).arrayBuffer());
}
