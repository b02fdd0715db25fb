/**
 * What the engine needs from its host, under Node: files and paths. The browser build maps
 * `#platform` to ./browser.ts instead, so no Node built-in is ever in a page's import graph.
 *
 * Every file read goes through {@link readTextFile}: regular files only (a FIFO, a device or a
 * directory is refused before a byte is read, so nothing hangs or streams without end), nothing
 * under /proc or /sys, and at most `maxBytes`. Paths named inside a scenario are resolved with
 * {@link resolveWithin}, which keeps them below a base folder (docs/security.md).
 */
import { constants } from "node:fs";
import { open, readFile, realpath } from "node:fs/promises";
import { dirname, extname, isAbsolute, relative, resolve, sep } from "node:path";

export { dirname, extname, resolve as resolvePath };

/** An error with a Node-style code; the codes below are this module's own. */
const fileError = (code: string, message: string) => Object.assign(new Error(message), { code });

/** Not a regular file (FIFO, device, directory, socket, or a file under /proc or /sys). */
export const E_NOT_REGULAR = "ENOTREG";
/** Larger than the cap the caller set. */
export const E_TOO_BIG = "EFBIG";
/** A path named in a scenario that is absolute, climbs out of the base folder, or is missing there. */
export const E_OUTSIDE = "EOUTSIDE";

const kernelFileSystems = ["/proc", "/sys"];

/**
 * The text of a regular file of at most `maxBytes` bytes. Opened non-blocking so a FIFO cannot
 * stall the open; the type and size are checked on the open handle before anything is read, and
 * the read stops at the cap even where the size reported is 0 (as files under /proc report).
 */
export async function readTextFile(path: string, maxBytes: number): Promise<string> {
  const real = await realpath(path);
  if (kernelFileSystems.some((root) => real === root || real.startsWith(`${root}/`)))
    throw fileError(E_NOT_REGULAR, `${path} is not a regular file`);
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw fileError(E_NOT_REGULAR, `${path} is not a regular file`);
    if (info.size > maxBytes) throw fileError(E_TOO_BIG, `${path} is larger than ${maxBytes} bytes`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw fileError(E_TOO_BIG, `${path} is larger than ${maxBytes} bytes`);
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * The real path of `path` (named inside a scenario) when it lies below `baseDir`, symbolic links
 * followed. Absolute paths, paths that climb out, links that lead out and missing files all give
 * the same {@link E_OUTSIDE}, so an answer never tells whether something outside the base exists.
 */
export async function resolveWithin(baseDir: string, path: string): Promise<string> {
  const outside = () => fileError(E_OUTSIDE, `${path} is not a file inside the base folder`);
  if (isAbsolute(path) || path.includes("\0")) throw outside();
  const base = resolve(baseDir);
  const inside = (root: string, target: string) => {
    const rel = relative(root, target);
    return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  };
  const lexical = resolve(base, path);
  if (!inside(base, lexical)) throw outside();
  let real: string;
  let realBase: string;
  try {
    [real, realBase] = await Promise.all([realpath(lexical), realpath(base)]);
  } catch {
    throw outside();
  }
  if (!inside(realBase, real)) throw outside();
  return real;
}

/** Compiles a WebAssembly module shipped beside the code (a file: URL under Node). */
export async function compileWasm(url: URL): Promise<WebAssembly.Module> {
  return WebAssembly.compile(url.protocol === "file:" ? await readFile(url) : await (await fetch(url)).arrayBuffer());
}
