/**
 * The file-access policy (docs/security.md). A path the user types (a scenario or sweep file,
 * `step --model ./config.json`) is theirs to choose and is read as given; a path named inside a
 * scenario (a model config, a trace) is read only below the scenario's folder, and only when a
 * base folder was given at all. Either way only regular files are read, up to a size cap checked
 * before reading, and an error names the path and the reason in words — never the file's contents,
 * and never whether something outside the base folder exists.
 */
import { InputError } from "./errors.js";
import { E_NOT_REGULAR, E_OUTSIDE, E_TOO_BIG, readTextFile, resolveWithin } from "#platform";

/** Largest scenario, sweep or model config file read. */
export const maxDataFileBytes = 16 * 2 ** 20;
/** Largest trace file read. */
export const maxTraceFileBytes = 256 * 2 ** 20;

const mebibytes = (bytes: number) => `${bytes / 2 ** 20} MiB`;

function reason(error: unknown, maxBytes: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
    case E_NOT_REGULAR:
      return "not a regular file";
    case E_TOO_BIG:
      return `larger than ${mebibytes(maxBytes)}`;
    case "ENOTSUP":
      return "no file system here: pass the contents as data";
    default:
      return code ?? "cannot be read";
  }
}

/** Reads a file whose path the user gave directly (command line, `simulateFile`). */
export async function readUserFile(path: string, maxBytes: number, field: string): Promise<string> {
  try {
    return await readTextFile(path, maxBytes);
  } catch (error) {
    throw new InputError(field, `cannot read ${path} (${reason(error, maxBytes)})`);
  }
}

/**
 * Reads a file named inside a scenario: `path` relative to `baseDir` and inside it. Without a
 * `baseDir` no file is read (a scenario given as data, as a service passes it).
 */
export async function readScenarioFile(
  baseDir: string | undefined,
  path: string,
  maxBytes: number,
  field: string,
): Promise<string> {
  if (baseDir === undefined) {
    throw new InputError(
      field,
      `names a file (${path}), but this scenario was given as data with no baseDir, so no file is read; give the contents inline, or pass baseDir`,
    );
  }
  let resolved: string;
  try {
    resolved = await resolveWithin(baseDir, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === E_OUTSIDE)
      throw new InputError(
        field,
        `${path}: no such file inside the scenario's folder (paths must be relative and stay inside it)`,
      );
    throw new InputError(field, `cannot read ${path} (${reason(error, maxBytes)})`);
  }
  try {
    return await readTextFile(resolved, maxBytes);
  } catch (error) {
    throw new InputError(field, `cannot read ${path} (${reason(error, maxBytes)})`);
  }
}
