// The WASM kernels and the TypeScript reference agree to 1e-9 relative on thousands of random cases.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { referenceStep } from "../src/engine/reference.js";
import { arbitraryBatch, arbitraryChoice, withBlock } from "./support/random-configs.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-300);

describe("WASM kernels against the TypeScript reference", () => {
  it("agree on latency, interval and every breakdown value", () => {
    let compared = 0;
    fc.assert(
      fc.property(arbitraryChoice, fc.context(), (choice, ctx) => {
        withBlock(choice, (config, block) => {
          for (const batch of fc.sample(arbitraryBatch(config.model.slidingWindowTokens), {
            numRuns: 8,
            seed: compared,
          })) {
            const wasm = block.record(batch);
            const reference = referenceStep(config.params, batch);
            ctx.log(JSON.stringify({ choice, batch }));
            expect(close(wasm.latencySeconds, reference.latencySeconds)).toBe(true);
            expect(close(wasm.intervalSeconds, reference.intervalSeconds)).toBe(true);
            for (const [i, value] of wasm.breakdown.entries())
              expect(close(value, reference.breakdown[i]), `breakdown[${i}]`).toBe(true);
            expect(block.latency(batch)).toBe(wasm.latencySeconds);
            compared++;
          }
        });
      }),
      { numRuns: 1500, seed: 20261128 },
    );
    // the generator must actually reach feasible configurations, or this test proves nothing
    expect(compared).toBeGreaterThan(2000);
  });

  it("agree on 2D-sharded meshes, their data-parallel sub-meshes and tt-metal's decode attention", () => {
    let compared = 0;
    for (const model of ["llama-3.1-70b", "llama-3.1-8b", "qwen2.5-72b"]) {
      for (const [tp, tpRows] of [
        [32, undefined],
        [16, undefined],
        [8, 2],
        [4, 2],
      ] as const) {
        withBlock({ model, system: "tenstorrent-galaxy-wormhole", tp, tpRows, count: 32 }, (config, block) => {
          for (const batch of fc.sample(arbitraryBatch(config.model.slidingWindowTokens), { numRuns: 20, seed: tp })) {
            const wasm = block.record(batch);
            const reference = referenceStep(config.params, batch);
            expect(close(wasm.latencySeconds, reference.latencySeconds)).toBe(true);
            for (const [i, value] of wasm.breakdown.entries())
              expect(close(value, reference.breakdown[i]), `breakdown[${i}]`).toBe(true);
            compared++;
          }
        });
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
