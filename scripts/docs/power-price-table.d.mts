// Types of power-price-table.mjs for the test that holds docs/designs.md to the catalog.
import type { Chip, System } from "../../src/catalog/schema.js";

export declare const BEGIN: string;
export declare const END: string;
export declare function powerPriceTable(
  chips: Pick<Chip, "id" | "power" | "price">[],
  systems: Pick<System, "id" | "power" | "price">[],
): string;
