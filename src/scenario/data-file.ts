/**
 * Reading a JSON or YAML data file (scenarios, sweeps) with errors that name the file: an unknown
 * extension, a file that cannot be read, text that does not parse. Node only.
 */
import { InputError } from "../errors.js";
import { dirname, extname, readTextFile, resolvePath } from "#platform";

export const dataFileExtensions = [".json", ".yaml", ".yml"];

/** The decoded contents of `path` and the directory relative paths inside it resolve against. */
export async function readDataFile(path: string, field: string): Promise<{ data: unknown; baseDir: string }> {
  const extension = extname(path).toLowerCase();
  if (!dataFileExtensions.includes(extension)) {
    throw new InputError(field, `${path}: unknown file type "${extension}"`, dataFileExtensions);
  }
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    throw new InputError(
      field,
      `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  // YAML's parser is imported only for YAML files: it is a good part of a JSON scenario's CLI start
  const parseYaml = extension === ".json" ? undefined : (await import("yaml")).parse;
  try {
    return {
      data: parseYaml ? parseYaml(text) : JSON.parse(text),
      baseDir: dirname(resolvePath(".", path)),
    };
  } catch (error) {
    throw new InputError(
      field,
      `${path} is not valid ${extension === ".json" ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
}
