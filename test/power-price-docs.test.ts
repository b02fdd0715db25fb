// docs/designs.md §5 lists every power and price figure of the catalog, as the catalog holds it.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chips, systems } from "../src/catalog/index.js";
import { BEGIN, END, powerPriceTable } from "../scripts/docs/power-price-table.mjs";

describe("docs/designs.md power and price table", () => {
  it("matches the catalog (npm run docs:power-price rewrites it)", () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "docs", "designs.md"), "utf8");
    const table = doc.slice(doc.indexOf(BEGIN) + BEGIN.length, doc.indexOf(END)).trim();
    expect(table).toBe(powerPriceTable([...chips.values()], [...systems.values()]));
  });

  it("has a row with kind, date and source for every power and price figure of the built-in comparison's hardware", () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "docs", "designs.md"), "utf8");
    for (const [id, field] of [
      ["nvidia-rubin", "maxWatts"],
      ["nvidia-vr-nvl72", "overheadWatts"],
      ["groq-lp30", "maxWatts"],
      ["groq-lpx", "purchaseUsd"],
      ["aws-trainium2", "usdPerHour"],
    ])
      expect(doc).toMatch(
        new RegExp(`\\| ${id} \\| ${field} \\| [^|]+ \\| [^|]+ \\| \\w+ \\| \\d{4}[-\\d]* \\| [^|]+`),
      );
  });
});
