/**
 * Power and price overrides: figures a scenario (`economics.overrides`), an API caller or the CLI
 * (`--price`, `--rental`, `--power`) sets over the catalog's, by chip or system id, in the
 * catalog's own field names. A chip id sets per-chip figures; a system id sets the system's own:
 * its purchase price as a whole (which replaces chips × chip price), its rental rate and its
 * overhead watts. This module checks them; `src/metrics/figures.ts` applies them.
 */
import { InputError } from "../errors.js";
import { chips, systems } from "./index.js";

export const chipOverrideFields = ["purchaseUsd", "usdPerHour", "maxWatts", "idleWatts"] as const;
export const systemOverrideFields = ["purchaseUsd", "usdPerHour", "overheadWatts"] as const;
export const overrideFields = [...new Set([...chipOverrideFields, ...systemOverrideFields])];
export type OverrideField = (typeof overrideFields)[number];

/** One chip's or system's figures set by the user: USD, USD per hour, watts. */
export type HardwareOverride = Partial<Record<OverrideField, number>>;
/** Overrides by chip or system id. */
export type HardwareOverrides = Record<string, HardwareOverride>;

/** Whether `id` names a chip or a system, and the fields an override of it may set. */
function fieldsOf(id: string): { what: "chip" | "system"; fields: readonly OverrideField[] } | undefined {
  if (chips.has(id)) return { what: "chip", fields: chipOverrideFields };
  if (systems.has(id)) return { what: "system", fields: systemOverrideFields };
  return undefined;
}

/**
 * What is wrong with an override, as [path below the override, message] (undefined when nothing
 * is): an unknown id, a field that does not apply to it, a value that is not a number ≥ 0, or a
 * chip's idle power above its maximum.
 */
export function overrideProblem(id: string, override: unknown): [string[], string] | undefined {
  const target = fieldsOf(id);
  if (!target) return [[], `unknown chip or system id "${id}" (see infercast catalog chips / systems)`];
  if (!override || typeof override !== "object" || Array.isArray(override))
    return [[], `must be an object of ${target.fields.join(", ")}`];
  for (const [field, value] of Object.entries(override)) {
    if (!(target.fields as readonly string[]).includes(field)) {
      const hint =
        target.what === "system" && (field === "maxWatts" || field === "idleWatts")
          ? `; a system's chips have it: set it on ${systems.get(id)!.chip}`
          : target.what === "chip" && field === "overheadWatts"
            ? `; overhead is a system's: set it on ${chips.get(id)!.defaultSystem} or the system you use`
            : "";
      return [[field], `a ${target.what} has no ${field}${hint} (allowed: ${target.fields.join(", ")})`];
    }
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      return [[field], `must be a number ≥ 0, got ${JSON.stringify(value)}`];
  }
  if (target.what === "chip") {
    const o = override as HardwareOverride;
    const chip = chips.get(id)!;
    const max = o.maxWatts ?? chip.power.maxWatts?.value;
    const idle = o.idleWatts ?? chip.power.idleWatts?.value;
    if (max !== undefined && idle !== undefined && idle > max)
      return [
        [o.idleWatts !== undefined ? "idleWatts" : "maxWatts"],
        `idle ${idle} W is above max ${max} W for ${id}; set idleWatts too`,
      ];
  }
  return undefined;
}

/** `overrides` checked; the first problem is an {@link InputError} naming `field`.<id>.<field>. */
export function checkOverrides(overrides: unknown, field = "overrides"): HardwareOverrides {
  if (overrides === undefined) return {};
  if (!overrides || typeof overrides !== "object" || Array.isArray(overrides))
    throw new InputError(field, "must be an object of chip or system ids");
  for (const [id, override] of Object.entries(overrides)) {
    const problem = overrideProblem(id, override);
    if (problem) throw new InputError([field, id, ...problem[0]].join("."), problem[1]);
  }
  return overrides as HardwareOverrides;
}
