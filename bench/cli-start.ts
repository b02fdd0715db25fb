/**
 * CLI start, measured from outside the process: wall time of `infercast --version` and of
 * `infercast simulate examples/aggregated.json`, with `node -e 0` run alongside as the reference
 * for how loaded the machine is. The three commands take turns, five rounds, medians reported.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { formatSpread, spread, type Spread } from "./spread.js";
import type { SuiteResult } from "./suite-result.js";

const rounds = 5;
const root = join(import.meta.dirname, "..", "..");
const cli = join(root, "dist", "src", "cli", "main.js");

const commands: { name: string; args: string[]; targetSeconds?: number }[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "infercast --version", args: [cli, "--version"], targetSeconds: 0.2 },
  {
    name: "infercast simulate examples/aggregated.json",
    args: [cli, "simulate", "examples/aggregated.json"],
    targetSeconds: 0.4,
  },
];

function wallSeconds(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${result.stderr}`);
  return seconds;
}

export async function benchCliStart(): Promise<SuiteResult[]> {
  const timings = commands.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, c] of commands.entries()) timings[i].push(wallSeconds(c.args));
  }
  const spreads: Spread[] = timings.map(spread);
  const reference = spreads[0].median;
  return commands.map((c, i) => {
    const s = spreads[i];
    const verdict =
      c.targetSeconds === undefined ? "" : s.median <= c.targetSeconds ? ", target met" : ", target NOT met";
    console.log(
      `${c.name}: ${formatSpread(s)}, ${(s.median / reference).toFixed(2)}× node -e 0` +
        (c.targetSeconds === undefined ? "" : ` (target ${c.targetSeconds} s${verdict})`),
    );
    return {
      suite: "cli",
      name: c.name,
      opsPerSecond: 1 / s.median,
      relativeMarginOfError: 0,
      samples: rounds,
      medianSeconds: s.median,
      minSeconds: s.min,
      maxSeconds: s.max,
      timings: s.samples,
      ratioToNodeStart: s.median / reference,
      targetSeconds: c.targetSeconds ?? null,
    };
  });
}
