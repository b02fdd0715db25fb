/**
 * `npm run validate:fit`: fits the chip factors each group declares (./grid.ts: compute, memory,
 * per-operator and prefill dispatch, by grid search per group of chips that share a die and a
 * software stack) and prints, per group, the factors fitted on the cases marked `fit` (how the chip
 * files were chosen; they go into the chip files by hand, with the cases named in their source),
 * the factors fitted on every measured case, and the cross-validated error of the procedure
 * (./evaluate.ts). It starts from the chip files as they are: the grid is absolute, so a refit does
 * not depend on the last one. Arguments, if any, name the groups to fit (by their first chip).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Case, root } from "./cases.js";
import { evaluate } from "./evaluate.js";
import { groupOfCase } from "./grid.js";
import { figures, pointText } from "./report.js";

const only = process.argv.slice(2);
const cases = (JSON.parse(await readFile(join(root, "bench", "validation", "cases.json"), "utf8")) as Case[]).filter(
  (c) => only.length === 0 || only.includes(groupOfCase(c).chips[0]),
);
const pct = (x: number | null) => (x === null ? "—" : `${(100 * x).toFixed(1)}%`);

const evaluation = await evaluate(cases, (group, points, runs) =>
  console.log(`fitting ${group.chips.join(", ")}: ${runs} runs × ${points} grid points`),
);
for (const g of evaluation.groups) {
  const f = figures(evaluation, g.cases);
  console.log(
    `${g.group.chips.join(", ")} (${g.group.fitted.join(", ") || "nothing fitted"}): ` +
      `on the ${g.fitSplitCases} fit cases: ${pointText(g.fitSplit)}; ` +
      `on all ${g.cases.length} measured cases (${g.configurations} configurations): ${pointText(g.allCases)}, median |error| ${pct(f.inSample.median)}; ` +
      `cross-validated median |error|: leave one case out ${pct(f.caseOut.median)}, leave one configuration out ${pct(f.configurationOut.median)}`,
  );
}
