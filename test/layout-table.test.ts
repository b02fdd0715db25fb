// The layout table against the constants the code uses: no two slots of a block overlap at the
// offsets "#params" gives, every block holds its slots, declared groups stay contiguous, and
// "#params" carries exactly the table's constants. The generator supplies only the names and
// widths; a hand-edited constant that overlaps another fails here, and the AssemblyScript side is
// held to "#params" by the round trip (test/layout-roundtrip.test.ts).
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { layouts, resolve } from "../scripts/layouts/generate.mjs";

const resolved = layouts.map(resolve);
const constants = P as Record<string, number>;

describe("layout table", () => {
  for (const r of resolved) {
    for (const block of r.blocks) {
      it(`${r.layout.file} ${block.size}: no two slots overlap, and all lie inside the block`, () => {
        const size = constants[block.size];
        expect(size, block.size).toBeGreaterThan(0);
        const owner: (string | undefined)[] = new Array(size).fill(undefined);
        for (const slot of block.slots) {
          const offset = constants[slot.name];
          expect(slot.width).toBeGreaterThan(0);
          expect(offset, slot.name).toBeGreaterThanOrEqual(0);
          for (let at = offset; at < offset + slot.width; at++) {
            expect(at, slot.name).toBeLessThan(size);
            expect(owner[at], `${slot.name} overlaps ${owner[at]} at ${at}`).toBeUndefined();
            owner[at] = slot.name;
          }
        }
        // every slot up to the size is used: no gap, so the size is the last slot plus its width
        expect(owner.every((name) => name !== undefined)).toBe(true);
      });

      for (const group of block.groups) {
        it(`${group.name} is contiguous`, () => {
          const begin = constants[`${group.name}_BEGIN`];
          const end = constants[`${group.name}_END`];
          const width = (name: string) => block.slots.find((s) => s.name === name)?.width ?? Number.NaN;
          const members = [...group.members].sort((a, b) => constants[a] - constants[b]);
          let at = begin;
          for (const name of members) {
            expect(constants[name], `${name} in ${group.name}`).toBe(at);
            at += width(name);
          }
          expect(at, `${group.name}_END`).toBe(end);
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
    for (const name of lists) {
      expect(constants[name]).toBeGreaterThanOrEqual(P.RS_LISTS_BEGIN);
      expect(constants[name]).toBeLessThan(P.RS_LISTS_END);
    }
    expect(P.RS_LISTS_END - P.RS_LISTS_BEGIN).toBe(lists.length);
  });

  it('"#params" holds every constant of the table with its value, and nothing else', () => {
    const table = Object.fromEntries(resolved.flatMap((r) => [...r.constants]));
    expect({ ...P }).toEqual(table);
  });
});
