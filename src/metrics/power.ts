/**
 * Power a pool draws: each chip between its idle and maximum power by the share of its range it
 * drew, plus each system's in-rack overhead (host CPUs, NICs, switches, fans; facility cooling is
 * PUE's). The figures are the catalog's or a user's override, at the bound a run asks for
 * (`./figures.ts`). A system's `overheadWatts` is optional; where it is absent it counts as 0 and
 * the basis says so. Some chips (Cerebras WSE-3, SambaNova SN40L, Lumai Iris) carry whole-system
 * power on the chip entry, and their systems deliberately have no overhead.
 */
import type { Chip, System } from "../catalog/schema.js";
import { figure, fmt, note, type EnergyBasis } from "./basis.js";
import { poolFigures, type FigureTerms } from "./figures.js";

/** A pool as its power counts it: chips, whole systems, and the shares of the run they were busy and drew. */
export interface PoolDraw {
  chip: Chip;
  system: System;
  chips: number;
  systems: number;
  /** Share of the run the chips spent computing steps (0..1). */
  busyShare: number;
  /** Share of the idle-to-max range drawn on average (0..busyShare). */
  drawnShare: number;
}

/**
 * Share of its idle-to-max power range a busy chip draws in a step that spends `computeShare` of
 * its time at the achievable FLOP rate: `memoryBoundShare` with no arithmetic, rising linearly to
 * 1 at `computeSaturationShare` (the H200 measured 0.62 and 0.23). 1 for a chip without these
 * figures. The reference of the event loop's rule (assembly/sim/step-cost.ts, lastStepPowerShare).
 */
export function stepPowerShare(chip: Chip, computeShare: number): number {
  const floor = chip.power.memoryBoundShare?.value ?? 1;
  if (floor >= 1) return 1;
  // the catalog schema gives computeSaturationShare wherever memoryBoundShare is
  return floor + (1 - floor) * Math.min(1, computeShare / chip.power.computeSaturationShare!.value);
}

/**
 * chips × (idle + (max − idle) × drawn share) + systems × overhead; null when the chip's max is
 * unknown. The figures are the catalog's after `terms` (overrides, range bound); the words go to
 * `basis` (null: none).
 */
export function poolPowerWatts(
  pool: PoolDraw,
  label: string,
  basis: EnergyBasis | null,
  terms: FigureTerms = {},
): number | null {
  const { chip, system, busyShare: busy, drawnShare: drawn } = pool;
  const { maxWatts: max, idleWatts: idle, overheadWatts: overhead } = poolFigures(chip, system, terms);
  let chipWatts: number | null;
  if (!max) {
    chipWatts = null;
    note(basis, "missing", () => `${label}: ${chip.id} has no maxWatts, so its power is unknown`);
  } else if (!idle) {
    chipWatts = max.value;
    note(
      basis,
      "power",
      (b) => `${label}: ${chip.id} has no idleWatts — max ${figure(max, "W", b)} used at any load (conservative)`,
    );
  } else {
    chipWatts = idle.value + (max.value - idle.value) * drawn;
    const watts = chipWatts;
    note(basis, "power", (b) => {
      const share =
        drawn < busy
          ? `drawn ${drawn.toFixed(3)} (busy ${busy.toFixed(3)}; memory-bound steps draw ${chip.power.memoryBoundShare?.value} of the range)`
          : `busy ${busy.toFixed(3)}`;
      return `${label}: ${chip.id} idle ${figure(idle, "W", b)} + (max ${figure(max, "W", b)} − idle) × ${share} = ${fmt(watts)} W per chip`;
    });
  }

  let overheadWatts = 0;
  if (overhead) {
    overheadWatts = overhead.value * pool.systems;
    const watts = overheadWatts;
    note(
      basis,
      "power",
      (b) =>
        `${label}: ${system.id} overhead ${figure(overhead, "W", b)} × ${pool.systems} system(s) = ${fmt(watts)} W`,
    );
  } else {
    note(
      basis,
      "power",
      () =>
        `${label}: ${system.id} has no overheadWatts — counted as 0 (optional data; some chips carry whole-system power)`,
    );
  }
  return chipWatts === null ? null : chipWatts * pool.chips + overheadWatts;
}
