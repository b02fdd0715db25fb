/**
 * The fit's grid: which chips are fitted as one group, which of their factors each group fits, the
 * grid of values searched, the research priors a weak pull settles near-ties towards, and every
 * case's prediction over its group's grid. A prediction depends only on its own case and the
 * factors, never on other cases, so the grid is simulated once and every fit (in-sample, or one per
 * cross-validation fold) only re-selects the best point over the cases it may use
 * (./cross-validate.ts).
 */
import { chips } from "../../src/catalog/index.js";
import { forgetConfigurations } from "../../src/designs/pool.js";
import { type Case, chipOf, scenarioKey, simulateCase, metricOf } from "./cases.js";

export type Factor = "compute" | "memory" | "operator" | "prefillOperator";

export interface FitGroup {
  /** Chips fitted as one: the same die and software stack. */
  chips: string[];
  /** The factors the fit searches; the others stay at each chip file's value. */
  fitted: Factor[];
  /** The research notes' defaults the efficiencies start from and are weakly pulled towards. */
  prior?: { compute: number; memory: number };
  /** Why the group fits what it fits (the choice the shipped chip files record). */
  reason: string;
}

/**
 * The groups and what each fits, as the shipped chip files record their fits ([R1] MAMF shares for
 * the priors; Tenstorrent's are the placeholders of its chip files). A chip with measured cases and
 * no group here is not fitted: its cases are forecast from the chip file's priors in every column.
 */
export const fitGroups: FitGroup[] = [
  {
    chips: ["nvidia-h100-sxm", "nvidia-h200"],
    fitted: ["compute"],
    prior: { compute: 0.75, memory: 0.85 },
    reason: "compute only: a joint fit put memory above the 0.83–0.89 GPU STREAM measures [B2]",
  },
  {
    chips: ["nvidia-b200", "nvidia-gb200"],
    fitted: ["compute", "memory", "operator"],
    prior: { compute: 0.76, memory: 0.9 },
    reason: "jointly",
  },
  {
    chips: ["amd-mi300x"],
    fitted: ["compute"],
    prior: { compute: 0.6, memory: 0.8 },
    reason: "compute only: a joint fit's memory share would break the decode bound",
  },
  {
    chips: ["intel-gaudi3"],
    fitted: ["compute"],
    prior: { compute: 0.74, memory: 0.8 },
    reason: "compute only (few cases)",
  },
  {
    chips: ["tenstorrent-wormhole"],
    fitted: ["compute", "memory", "operator", "prefillOperator"],
    prior: { compute: 0.7, memory: 0.8 },
    reason: "jointly, with tt-metal's prefill dispatch",
  },
  {
    chips: ["tenstorrent-blackhole-p150"],
    fitted: ["compute", "memory", "operator", "prefillOperator"],
    prior: { compute: 0.7, memory: 0.8 },
    reason: "jointly, with tt-metal's prefill dispatch",
  },
];

const unfitted = new Map<string, FitGroup>();

/** The group a chip is fitted in; a chip outside every group is a group of its own that fits nothing. */
export function groupOf(chipId: string): FitGroup {
  const group = fitGroups.find((g) => g.chips.includes(chipId)) ?? unfitted.get(chipId);
  if (group) return group;
  const own: FitGroup = { chips: [chipId], fitted: [], reason: "not fitted: forecast from the chip file's priors" };
  unfitted.set(chipId, own);
  return own;
}

export const groupOfCase = (c: Case) => groupOf(chipOf(c));

/** Cases by the group they are fitted in, groups in the order their first case comes. */
export function casesByGroup(cases: Case[]): Map<FitGroup, Case[]> {
  const byGroup = new Map<FitGroup, Case[]>();
  for (const c of cases) byGroup.set(groupOfCase(c), [...(byGroup.get(groupOfCase(c)) ?? []), c]);
  return byGroup;
}

/** Values searched per factor. */
export const grids: Record<Factor, number[]> = {
  compute: [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
  memory: [0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
  // a traced or graph-launched operator costs a few µs; allowing more let the Wormhole fit trade GDDR6
  // bandwidth for dispatch (80–160 µs per op), which the 32-chip Galaxy, with little data per op, refutes
  operator: [2e-6, 5e-6, 1e-5],
  // extra per-operator time of steps with prefill (runtimes that replay a trace for decode only)
  prefillOperator: [0, 2.5e-5, 5e-5, 1e-4, 2e-4, 4e-4],
};

/** One point of a group's grid: a value per fitted factor (the others keep the chip files' values). */
export type Point = Partial<Record<Factor, number>>;

/** Every point of a group's grid, in a fixed order (the first of equal objectives wins). */
export function pointsOf(group: FitGroup): Point[] {
  let points: Point[] = [{}];
  for (const factor of group.fitted) points = points.flatMap((p) => grids[factor].map((v) => ({ ...p, [factor]: v })));
  return points;
}

/**
 * A weak pull towards the research priors, PRIOR_WEIGHT × |log(value / prior)| per fitted
 * efficiency, added to the mean |log error|: a few short-prompt cases cannot always tell compute
 * efficiency from dispatch overhead (a 128-token prefill on tt-metal fits 0.25 of peak with no extra
 * dispatch about as well as 0.55 with 200 µs an operator), yet a long prompt's forecast hangs on
 * which; the pull settles such near-ties and little else.
 */
export const PRIOR_WEIGHT = 0.005;

export function pullOf(group: FitGroup, point: Point): number {
  if (!group.prior) return 0;
  let pull = 0;
  if (point.compute !== undefined) pull += Math.abs(Math.log(point.compute / group.prior.compute));
  if (point.memory !== undefined) pull += Math.abs(Math.log(point.memory / group.prior.memory));
  return PRIOR_WEIGHT * pull;
}

/**
 * Sets a group's chips to a point (factors the point leaves out go back to the chip files' values),
 * and drops the configurations made from the chips' values before.
 */
function setPoint(group: FitGroup, point: Point, files: Map<string, Point>) {
  for (const id of group.chips) {
    const chip = chips.get(id)!;
    const file = files.get(id)!;
    const at = { ...file, ...point };
    chip.efficiency.compute.value = at.compute!;
    chip.efficiency.memory.value = at.memory!;
    chip.overheads.operatorSeconds.value = at.operator!;
    if (chip.overheads.prefillOperatorSeconds && at.prefillOperator !== undefined)
      chip.overheads.prefillOperatorSeconds.value = at.prefillOperator;
  }
  forgetConfigurations();
}

function fileValues(id: string): Point {
  const chip = chips.get(id)!;
  return {
    compute: chip.efficiency.compute.value,
    memory: chip.efficiency.memory.value,
    operator: chip.overheads.operatorSeconds.value,
    prefillOperator: chip.overheads.prefillOperatorSeconds?.value,
  };
}

/**
 * Requests of a max-throughput run inside the fit: a quarter of the case's own (500 of the usual
 * 2,000), so a case that scales its requests with its replicas or DEP attention groups still runs
 * each of them at steady state, at a quarter of the report's cost.
 */
export const FIT_REQUESTS_SHARE = 0.25;
export const fitRequests = (c: Case): number => Math.ceil(FIT_REQUESTS_SHARE * (c.workload.requests ?? 2000));

/**
 * Each case's prediction at every point of its group's grid (NaN where the run gives no value),
 * simulating each distinct scenario once per point. The chip catalog is restored afterwards.
 */
export async function predictOverGrid(
  cases: Case[],
  onGroup?: (group: FitGroup, points: number, runs: number) => void,
): Promise<Map<string, Float64Array>> {
  const predictions = new Map<string, Float64Array>();
  for (const [group, groupCases] of casesByGroup(cases)) {
    const points = pointsOf(group);
    const runs = new Map<string, Case[]>();
    for (const c of groupCases) {
      const key = scenarioKey(c, fitRequests(c));
      runs.set(key, [...(runs.get(key) ?? []), c]);
    }
    onGroup?.(group, points.length, runs.size);
    for (const c of groupCases) predictions.set(c.id, new Float64Array(points.length).fill(Number.NaN));
    const files = new Map(group.chips.map((id) => [id, fileValues(id)]));
    try {
      for (const [i, point] of points.entries()) {
        setPoint(group, point, files);
        for (const sharing of runs.values()) {
          const m = await simulateCase(sharing[0], fitRequests(sharing[0]));
          if (typeof m === "string") continue;
          for (const c of sharing) predictions.get(c.id)![i] = metricOf(c, m) ?? Number.NaN;
        }
      }
    } finally {
      setPoint(group, {}, files);
    }
  }
  return predictions;
}
