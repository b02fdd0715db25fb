// What the power, price and energy tests share: the H100 and its HGX system, a pool of a catalog
// chip, and a chip with figures removed. energy.test.ts checks the catalog figures they rely on.
import { chip, system } from "../../src/catalog/index.js";
import type { Chip, System } from "../../src/catalog/schema.js";
import type { PoolUsage } from "../../src/metrics/energy.js";

export const h100 = chip("nvidia-h100-sxm");
export const hgxH100 = system("nvidia-hgx-h100-8");

export function pool(chipId: string, chips: number, busyShare: number, systemId?: string): PoolUsage {
  const c = chip(chipId);
  return { chip: c, system: system(systemId ?? c.defaultSystem), chips, busyShare };
}

/** A copy of a chip with some power/price figures removed. */
export function without(
  c: Chip,
  power: ("idleWatts" | "maxWatts")[],
  price: ("purchaseUsd" | "usdPerHour")[] = [],
): Chip {
  const copy: Chip = structuredClone(c);
  for (const key of power) delete copy.power[key];
  for (const key of price) delete copy.price[key];
  return copy;
}

/** A copy of a system with no price. */
export function withoutPrice(s: System): System {
  return { ...structuredClone(s), price: {} };
}
