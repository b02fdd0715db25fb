/**
 * The bibliography, docs/sources.md: source tags (`[R1]`, `[S-A4]`) and the address each resolves
 * to. The build bundles the file (scripts/bundle-catalog.mjs), so the CLI reads it from an installed
 * package; test/sources.test.ts reads the file itself with the same parser.
 */
import bundled from "#sources-data";

/** A source tag in brackets: a capital letter, then word characters, dots or dashes, with a digit. */
const tagPattern = /\[([A-Z][\w.-]*)\]/g;
/** An entry of docs/sources.md: `- [TAG] address`. */
const entryPattern = /^- \[([A-Z][\w.-]*)\] (.+)$/;

/** Tags in order of first citation. The digit keeps out `[S]`, `[C]` (quality marks) and code. */
export function citedTags(text: string): string[] {
  const tags = [...text.matchAll(tagPattern)].map((m) => m[1]).filter((tag) => /\d/.test(tag));
  return [...new Set(tags)];
}

/** Address by tag; a tag listed twice is an error, since one of the two addresses would be lost. */
export function parseSources(markdown: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const entry = entryPattern.exec(line.trimEnd());
    if (!entry) continue;
    if (sources.has(entry[1])) throw new Error(`docs/sources.md lists [${entry[1]}] twice`);
    sources.set(entry[1], entry[2]);
  }
  return sources;
}

/** The bundled bibliography. */
export const sources: ReadonlyMap<string, string> = parseSources(bundled);
