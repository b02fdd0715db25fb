/**
 * `npm run validate:fit`: fits each hardware family's achievable compute and memory efficiency on
 * the validation cases marked `"split": "fit"` (measured, exact configuration), by grid search
 * for the lowest median absolute error — jointly, and compute alone with memory at its prior (a
 * memory efficiency far below the measured STREAM figures signals a modelling gap, not a factor).
 * It prints the fitted factors per chip; they go into the chip files by hand, with the cases named
 * in their source, and `npm run validate` then reports the error on the hold-out cases, which the
 * fit never saw. It starts from the chip files as they are: run it on priors to refit.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { chips, system } from "../../src/catalog/index.js";
import { root, runCase, type Case } from "./cases.js";

const cases = (JSON.parse(await readFile(join(root, "bench", "validation", "cases.json"), "utf8")) as Case[])
  .filter((c) => c.split === "fit" && c.model !== null && c.quality === "M" && c.configuration === "exact");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const computeGrid = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const memoryGrid = [0.5, 0.6, 0.7, 0.8, 0.9];

const families = [...new Set(cases.map((c) => c.family))];
for (const family of families) {
  const familyCases = cases.filter((c) => c.family === family);
  const chipIds = [...new Set(familyCases.map((c) => c.pool.chip ?? system(c.pool.system!).chip))];
  const prior = chipIds.map((id) => ({ id, compute: chips.get(id)!.efficiency.compute.value, memory: chips.get(id)!.efficiency.memory.value }));
  const score = async (compute: number, memory: number | undefined) => {
    for (const p of prior) {
      chips.get(p.id)!.efficiency.compute.value = compute;
      chips.get(p.id)!.efficiency.memory.value = memory ?? p.memory;
    }
    const errors: number[] = [];
    for (const c of familyCases) {
      const o = await runCase(c, 500);
      if (o.error !== null) errors.push(Math.abs(o.error));
    }
    return errors.length ? median(errors) : Infinity;
  };
  let best = { error: Infinity, compute: 0, memory: 0 };
  let computeOnly = { error: Infinity, compute: 0 };
  for (const compute of computeGrid) {
    for (const memory of memoryGrid) {
      const error = await score(compute, memory);
      if (error < best.error) best = { error, compute, memory };
    }
    const error = await score(compute, undefined);
    if (error < computeOnly.error) computeOnly = { error, compute };
  }
  for (const p of prior) {
    chips.get(p.id)!.efficiency.compute.value = p.compute;
    chips.get(p.id)!.efficiency.memory.value = p.memory;
  }
  console.log(`${family}: chips ${chipIds.join(", ")}; ${familyCases.length} fit cases (${familyCases.map((c) => c.id).join(", ")}); ` +
    `joint fit: compute ${best.compute}, memory ${best.memory}, median |error| ${(100 * best.error).toFixed(1)}%; ` +
    `compute only: ${computeOnly.compute}, median |error| ${(100 * computeOnly.error).toFixed(1)}% ` +
    `(prior: ${prior.map((p) => `${p.id} ${p.compute}/${p.memory}`).join(", ")})`);
}
