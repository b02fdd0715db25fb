/**
 * What the engine needs from its host, in a browser or web worker: no file system (scenarios,
 * model configs and traces are passed as data), and WebAssembly compiled while it streams in.
 */
export async function readTextFile(path: string): Promise<string> {
  throw Object.assign(new Error(`cannot read ${path} in a browser: pass its contents as data`), { code: "ENOTSUP" });
}

// Paths only matter where files can be read; these keep messages and relative references readable.
export const dirname = (path: string): string => path.replace(/\/[^/]*$/, "") || "/";
export const extname = (path: string): string => /(\.[^./]*)$/.exec(path)?.[1] ?? "";
export const resolvePath = (base: string, path: string): string =>
  path.startsWith("/") ? path : `${base.replace(/\/$/, "")}/${path}`;

export function compileWasm(url: URL): Promise<WebAssembly.Module> {
  return WebAssembly.compileStreaming(fetch(url));
}
