// The layout table: no two slots of a block overlap, every block holds its slots, declared groups
// stay contiguous, and "#params" carries exactly the table's constants.
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { layouts, resolve } from "../scripts/layouts/generate.mjs";

const resolved = layouts.map(resolve);

describe("layout table", () => {
  for (const r of resolved) {
    for (const block of r.blocks) {
      it(`${r.layout.file} ${block.size}: no two slots overlap, and all lie inside the block`, () => {
        const owner: (string | undefined)[] = new Array(block.slotCount).fill(undefined);
        for (const slot of block.slots) {
          expect(slot.width).toBeGreaterThan(0);
          for (let at = slot.offset; at < slot.offset + slot.width; at++) {
            expect(at, slot.name).toBeLessThan(block.slotCount);
            expect(owner[at], `${slot.name} overlaps ${owner[at]} at ${at}`).toBeUndefined();
            owner[at] = slot.name;
          }
        }
        // every slot up to the size is used: no gap, so the size is the last slot plus its width
        expect(owner.every((name) => name !== undefined)).toBe(true);
      });

      for (const group of block.groups) {
        it(`${group.name} is contiguous`, () => {
          const members = block.slots.filter((s) => s.offset >= group.begin && s.offset < group.end);
          expect(members.reduce((sum, s) => sum + s.width, 0)).toBe(group.end - group.begin);
          expect((P as Record<string, number>)[`${group.name}_BEGIN`]).toBe(group.begin);
          expect((P as Record<string, number>)[`${group.name}_END`]).toBe(group.end);
        });
      }
    }
  }

  it("the replica's list heads and tails are the RS_LISTS group the event loop resets", () => {
    const lists = [
      "RS_WAIT_HEAD",
      "RS_WAIT_TAIL",
      "RS_PREFILL_HEAD",
      "RS_PREFILL_TAIL",
      "RS_DECODE_HEAD",
      "RS_DECODE_TAIL",
      "RS_LRU_HEAD",
      "RS_LRU_TAIL",
    ] as const;
    const slots = P as Record<string, number>;
    for (const name of lists) {
      expect(slots[name]).toBeGreaterThanOrEqual(P.RS_LISTS_BEGIN);
      expect(slots[name]).toBeLessThan(P.RS_LISTS_END);
    }
    expect(P.RS_LISTS_END - P.RS_LISTS_BEGIN).toBe(lists.length);
  });

  it('"#params" holds every constant of the table with its value, and nothing else', () => {
    const table = Object.fromEntries(resolved.flatMap((r) => [...r.constants]));
    expect({ ...P }).toEqual(table);
  });
});
