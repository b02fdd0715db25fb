/**
 * Reading a JSON or YAML data file (scenarios, sweeps) with errors that name the file: an unknown
 * extension, a file that cannot be read, text that does not parse (one line, with where, never
 * the text itself). Numbers are decimal only: YAML's hexadecimal, octal, `.inf` and `.nan` stay
 * strings, so a field that wants a number rejects them. Node only. YAML's parser is imported only
 * for YAML text or a JSON error: it is a good part of a JSON scenario's CLI start.
 */
import type { Tags } from "yaml";
import { InputError } from "../errors.js";
import { maxDataFileBytes, readUserFile } from "../file-access.js";
import { dirname, extname, resolvePath } from "#platform";

export const dataFileExtensions = [".json", ".yaml", ".yml"];

/** YAML's core schema without the number forms JSON lacks (0x10, 0o7, .inf, .nan). */
const decimalOnly = (tags: Tags): Tags =>
  tags.filter((tag) => {
    const t = tag as { format?: string; test?: RegExp };
    return t.format !== "HEX" && t.format !== "OCT" && !(t.test && /inf/.test(String(t.test)));
  });

/**
 * Decodes JSON or YAML text (a leading byte-order mark is ignored). A syntax error is one line:
 * where it is (line and column) and what, without quoting the text.
 */
async function decodeData(text: string, json: boolean, source: string, field: string): Promise<unknown> {
  const body = text.replace(/^\uFEFF/, "");
  const where = async () => {
    const { parseDocument } = await import("yaml");
    const error = parseDocument(body, { schema: "core", customTags: decimalOnly }).errors[0];
    const at = error?.linePos?.[0];
    return at ? ` at line ${at.line}, column ${at.col}` : "";
  };
  if (json) {
    try {
      return JSON.parse(body);
    } catch {
      throw new InputError(field, `${source} is not valid JSON${await where()}`);
    }
  }
  const { parse: parseYaml } = await import("yaml");
  try {
    return parseYaml(body, { schema: "core", customTags: decimalOnly, prettyErrors: false });
  } catch (error) {
    const what = String((error as Error).message)
      .split("\n")[0]
      .replace(/ at line \d+, column \d+:?$/, "");
    throw new InputError(field, `${source} is not valid YAML${await where()}: ${what}`);
  }
}

/** The decoded contents of `path` and the directory relative paths inside it resolve against. */
export async function readDataFile(path: string, field: string): Promise<{ data: unknown; baseDir: string }> {
  const extension = extname(path).toLowerCase();
  if (!dataFileExtensions.includes(extension)) {
    throw new InputError(field, `${path}: unknown file type "${extension}"`, dataFileExtensions);
  }
  const text = await readUserFile(path, maxDataFileBytes, field);
  return {
    data: await decodeData(text, extension === ".json", path, field),
    baseDir: dirname(resolvePath(".", path)),
  };
}
