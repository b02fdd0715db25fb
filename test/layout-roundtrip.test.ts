// A round trip through the kernels: TypeScript writes every slot of every block with a distinct
// value at the offset "#params" gives, and the kernels read each back through their own constant.
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { kernel } from "../src/engine/kernel.js";
import { echoSlots, layouts, resolve } from "../scripts/layouts/generate.mjs";

const blocks = layouts.flatMap((layout) => echoSlots(resolve(layout)));
const echo = (kernel as unknown as { echoLayoutSlots(block: number, b: number, out: number): number }).echoLayoutSlots;
const constants = P as Record<string, number>;

describe("layout round trip through WASM", () => {
  blocks.forEach((block, number) => {
    it(`every slot of ${block.size} reads back through the kernels' constants`, () => {
      const size = constants[block.size];
      expect(size).toBe(block.slotCount);
      const b = kernel.allocate(8 * size);
      const out = kernel.allocate(8 * block.reads.length);
      try {
        const written = Float64Array.from({ length: size }, (_, at) => 1000 * (number + 1) + at + 0.25);
        new Float64Array(kernel.memory.buffer, b, size).set(written);
        expect(echo(number, b, out)).toBe(block.reads.length);
        const read = new Float64Array(kernel.memory.buffer, out, block.reads.length);
        block.reads.forEach((slot, j) => {
          expect(read[j], `${slot.name} + ${slot.index}`).toBe(written[constants[slot.name] + slot.index]);
        });
      } finally {
        kernel.release(out);
        kernel.release(b);
      }
    });
  });
});
