// The committed layout files are what the table generates now: edit scripts/layouts/table.mjs and
// run `npm run layouts`, never the generated files. The build does not regenerate them, so a
// table edited without that fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedSources, paramsModule } from "../scripts/layouts/generate.mjs";

const root = join(import.meta.dirname, "..");

describe("generated layout files", () => {
  for (const [path, contents] of generatedSources()) {
    it(`${path} is up to date with the table`, () => {
      expect(readFileSync(join(root, path), "utf8"), `${path} is stale: run \`npm run layouts\``).toBe(contents);
    });
  }

  it("build/params.js is up to date with the table", () => {
    const { js, dts } = paramsModule();
    const stale = "build/params.js is stale: run `npm run build:params`";
    expect(readFileSync(join(root, "build", "params.js"), "utf8"), stale).toBe(js);
    expect(readFileSync(join(root, "build", "params.d.ts"), "utf8"), stale).toBe(dts);
  });
});
