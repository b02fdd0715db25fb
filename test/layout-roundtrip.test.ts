// A round trip through the kernels' constants: TypeScript writes every slot of every block with a
// distinct value at the offset "#params" gives, and AssemblyScript reads each back through its own
// constant (assembly/layout-echo.ts, built beside the release kernel as build/layout-echo.wasm).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as P from "#params";
import { echoSlots, layouts, resolve } from "../scripts/layouts/generate.mjs";

interface EchoExports {
  memory: WebAssembly.Memory;
  allocate(bytes: number): number;
  echoLayoutSlots(block: number, b: number, out: number): number;
}

const blocks = layouts.flatMap((layout) => echoSlots(resolve(layout)));
const wasm = readFileSync(join(import.meta.dirname, "..", "build", "layout-echo.wasm"));
const abort = () => {
  throw new Error("layout-echo aborted");
};
const kernel = (await WebAssembly.instantiate(wasm, { env: { abort } })).instance.exports as unknown as EchoExports;
const constants = P as Record<string, number>;

describe("layout round trip through WASM", () => {
  blocks.forEach((block, number) => {
    it(`every slot of ${block.size} reads back through the kernels' constants`, () => {
      const size = constants[block.size];
      expect(size).toBe(block.slotCount);
      const b = kernel.allocate(8 * size);
      const out = kernel.allocate(8 * block.reads.length);
      const written = Float64Array.from({ length: size }, (_, at) => 1000 * (number + 1) + at + 0.25);
      new Float64Array(kernel.memory.buffer, b, size).set(written);
      expect(kernel.echoLayoutSlots(number, b, out)).toBe(block.reads.length);
      const read = new Float64Array(kernel.memory.buffer, out, block.reads.length);
      block.reads.forEach((slot, j) => {
        expect(read[j], `${slot.name} + ${slot.index}`).toBe(written[constants[slot.name] + slot.index]);
      });
    });
  });
});
