/**
 * `npm run validate:fit`: fits each hardware family's achievable compute and memory efficiency on
 * the validation cases marked `"split": "fit"` (measured, exact configuration), by grid search
 * for the lowest median absolute error. It prints the fitted factors per chip; they go into the
 * chip files by hand, with the cases named in their source, and `npm run validate` then reports
 * the error on the hold-out cases, which the fit never saw.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { chips, system } from "../../src/catalog/index.js";
import { root, runCase, type Case } from "./cases.js";

const cases = (JSON.parse(await readFile(join(root, "bench", "validation", "cases.json"), "utf8")) as Case[])
  .filter((c) => c.split === "fit" && c.model !== null && c.quality === "M" && c.configuration === "exact");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const computeGrid = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const memoryGrid = [0.5, 0.6, 0.7, 0.8, 0.9];

const families = [...new Set(cases.map((c) => c.family))];
for (const family of families) {
  const familyCases = cases.filter((c) => c.family === family);
  const chipIds = [...new Set(familyCases.map((c) => c.pool.chip ?? system(c.pool.system!).chip))];
  const prior = chipIds.map((id) => ({ id, compute: chips.get(id)!.efficiency.compute.value, memory: chips.get(id)!.efficiency.memory.value }));
  let best = { error: Infinity, compute: 0, memory: 0 };
  for (const compute of computeGrid) {
    for (const memory of memoryGrid) {
      for (const id of chipIds) {
        chips.get(id)!.efficiency.compute.value = compute;
        chips.get(id)!.efficiency.memory.value = memory;
      }
      const errors: number[] = [];
      for (const c of familyCases) {
        const o = await runCase(c, 500);
        if (o.error !== null) errors.push(Math.abs(o.error));
      }
      const error = errors.length ? median(errors) : Infinity;
      if (error < best.error) best = { error, compute, memory };
    }
  }
  for (const p of prior) {
    chips.get(p.id)!.efficiency.compute.value = p.compute;
    chips.get(p.id)!.efficiency.memory.value = p.memory;
  }
  console.log(`${family}: chips ${chipIds.join(", ")}; ${familyCases.length} fit cases (${familyCases.map((c) => c.id).join(", ")}); ` +
    `best compute efficiency ${best.compute}, memory efficiency ${best.memory}, median |error| ${(100 * best.error).toFixed(1)}% ` +
    `(prior: ${prior.map((p) => `${p.id} ${p.compute}/${p.memory}`).join(", ")})`);
}
