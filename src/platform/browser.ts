/**
 * What the engine needs from its host, in a browser or web worker: no file system (scenarios,
 * model configs and traces are passed as data), and WebAssembly compiled while it streams in.
 */
const noFiles = (path: string) =>
  Object.assign(new Error(`cannot read ${path} in a browser: pass its contents as data`), { code: "ENOTSUP" });

export async function readTextFile(path: string, _maxBytes: number): Promise<string> {
  throw noFiles(path);
}

export async function resolveWithin(_baseDir: string, path: string): Promise<string> {
  throw noFiles(path);
}

export const E_NOT_REGULAR = "ENOTREG";
export const E_TOO_BIG = "EFBIG";
export const E_OUTSIDE = "EOUTSIDE";

// Paths only matter where files can be read; these keep messages and relative references readable.
export const dirname = (path: string): string => path.replace(/\/[^/]*$/, "") || "/";
export const extname = (path: string): string => /(\.[^./]*)$/.exec(path)?.[1] ?? "";
export const resolvePath = (base: string, path: string): string =>
  path.startsWith("/") ? path : `${base.replace(/\/$/, "")}/${path}`;

export function compileWasm(url: URL): Promise<WebAssembly.Module> {
  return WebAssembly.compileStreaming(fetch(url));
}
