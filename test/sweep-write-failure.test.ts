// A write that fails mid-sweep (a full disk) is one line naming the file, and leaves a file that
// `--resume` completes to exactly the lines of an uninterrupted run. The disk filling up is
// simulated: the first append writes half its text, then fails with ENOSPC.
import { describe, expect, it, vi } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const disk = vi.hoisted(() => ({ full: false }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...actual,
    appendFile: async (path: string, data: string) => {
      if (!disk.full) return actual.appendFile(path, data);
      disk.full = false;
      await actual.appendFile(path, data.slice(0, Math.floor(data.length / 2)));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    },
  };
});

const { InputError } = await import("../src/errors.js");
const { parseSweep } = await import("../src/sweep/load.js");
const { sweep } = await import("../src/sweep/run.js");

const spec = parseSweep({
  base: {
    model: "llama-3.1-8b",
    workload: {
      arrival: { kind: "poisson", ratePerSecond: 2 },
      input: { kind: "fixed", tokens: 500 },
      output: { kind: "fixed", tokens: 50 },
      requests: 10,
    },
    slo: { ttftSeconds: 2, tpotSeconds: 0.05 },
    designs: [
      { name: "one", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 1 } },
      { name: "two", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 2, tp: 2 } },
    ],
  },
  axes: [{ path: "workload.input.tokens", range: { from: 100, to: 8000, steps: 3000, integer: true } }],
}).spec;

const sorted = async (path: string) => (await readFile(path, "utf8")).trim().split("\n").sort();

describe("a write that fails mid-sweep", () => {
  it("is one line, and --resume completes the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "infercast-full-"));
    const whole = join(dir, "whole.jsonl");
    await sweep(spec, { out: whole, workers: 1 });

    const out = join(dir, "out.jsonl");
    disk.full = true;
    const error = await sweep(spec, { out, workers: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^out: cannot write .*out.jsonl \(ENOSPC\); .* --resume$/);
    expect((error as Error).message).not.toContain("\n");

    const resumed = await sweep(spec, { out, workers: 1, resume: true });
    // the whole points of the half-written append were kept, the cut-off one dropped
    expect(resumed.skipped).toBeGreaterThan(0);
    expect(resumed.skipped).toBeLessThan(resumed.points);
    expect(await sorted(out)).toEqual(await sorted(whole));
  });
});
