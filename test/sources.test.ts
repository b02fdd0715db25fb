// Every source tag the repository cites resolves in docs/sources.md, and the CLI lists them.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import bundled from "#sources-data";
import { citedTags, parseSources } from "../src/catalog/sources.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const bibliography = readFileSync(join(root, "docs", "sources.md"), "utf8");
const sources = parseSources(bibliography);

/** Where tags are cited: data, docs and sources; generated bench results and the bibliography aside. */
const scanned = ["catalog", "src", "assembly", "bench", "scripts", "web/src", "docs", "examples", "README.md"];
const skipped = new Set(["bench/results", "docs/sources.md"]);
const textFile = /\.(ts|mjs|json|md|yaml|html)$/;

function files(path: string): string[] {
  if (skipped.has(relative(root, path))) return [];
  const entries = readdirSync(path, { withFileTypes: true });
  return entries.flatMap((e) => {
    const child = join(path, e.name);
    if (e.isDirectory()) return files(child);
    return textFile.test(e.name) && !skipped.has(relative(root, child)) ? [child] : [];
  });
}

describe("docs/sources.md", () => {
  it("has an entry for every tag cited in catalog entries, validation cases, docs and comments", () => {
    const paths = scanned.flatMap((p) => (p.endsWith(".md") ? [join(root, p)] : files(join(root, p))));
    expect(paths.length).toBeGreaterThan(100);
    const missing = paths.flatMap((path) =>
      citedTags(readFileSync(path, "utf8"))
        .filter((tag) => !sources.has(tag))
        .map((tag) => `${relative(root, path)}: [${tag}]`),
    );
    expect(missing).toEqual([]);
  });

  it("gives each tag an address: a URL or an owner/repo with a path", () => {
    const url = /https?:\/\/\S+/;
    const repository = /`[\w.-]+\/[\w.-]+(@[0-9a-f]{40})?` (\(commit not recorded[;)]|`[^`]+`)/;
    const without = [...sources].filter(([, address]) => !url.test(address) && !repository.test(address));
    expect(without).toEqual([]);
    expect(sources.get("R2")).toBe("https://glennklockwood.com/garden/processors/h100");
  });

  it("refuses a tag listed twice and reads only `- [TAG] address` lines", () => {
    expect(() => parseSources("- [R1] https://a\n- [R1] https://b")).toThrow(/\[R1\] twice/);
    expect([...parseSources("# [R1] heading\n- [R2] https://b\n  - [R3] nested")]).toEqual([["R2", "https://b"]]);
  });

  it("finds tags by their digit, not quality marks or code", () => {
    const text = "[R1][S-A4] [S] [C] x[Symbol.toStringTag] [B1-note]; [R1] again";
    expect(citedTags(text)).toEqual(["R1", "S-A4", "B1-note"]);
  });

  it("is bundled unchanged for the installed package", () => {
    expect(bundled).toBe(bibliography);
  });

  it("resolves each catalog entry's tags in `infercast catalog chips --sources`", async () => {
    const cli = join(root, "dist", "src", "cli", "main.js");
    for (const section of ["chips", "systems"]) {
      const args = [cli, "catalog", section, "--sources", "--format", "json"];
      const { stdout } = await run(process.execPath, args, { cwd: root });
      const listed = JSON.parse(stdout) as { id: string; sources: { tag: string; address: string | null }[] }[];
      expect(listed.length).toBeGreaterThan(10);
      expect(listed.flatMap((e) => e.sources.filter((s) => s.address === null))).toEqual([]);
    }
    const { stdout } = await run(process.execPath, [cli, "catalog", "chips", "--sources"], { cwd: root });
    expect(stdout).toContain("nvidia-h100-sxm\n");
    expect(stdout).toContain("  [R2] https://glennklockwood.com/garden/processors/h100\n");
  });
});
