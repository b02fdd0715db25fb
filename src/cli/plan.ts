/** `infercast plan`: the cheapest number of units of each design that meets an SLO at a target rate. */
import { Option, type Command } from "commander";
import { plan } from "../api/plan.js";
import { budgets } from "../designs/sizing.js";
import { InputError } from "../errors.js";
import { newTable } from "../report/table.js";
import { formatPercent, formatSeconds } from "../report/units.js";
import { economicsOptions, formatOption, numberArgument, readEconomics, writeOutput } from "./options.js";

const list = (value: string) =>
  value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const positive = (value: unknown, field: string): number => {
  if (typeof value !== "number" || !(value > 0))
    throw new InputError(field, `must be a positive number, got ${JSON.stringify(value)}`);
  return value;
};

export function registerPlan(program: Command): void {
  const command = program
    .command("plan")
    .description("for each design, the fewest units that meet the SLO at a target request rate, and their cost")
    .requiredOption("--model <id>", "catalog model")
    .requiredOption("--rate <requests/s>", "target arrival rate (Poisson)", numberArgument)
    .option("--input <tokens>", "mean prompt tokens (lognormal, σ 1.0)", numberArgument, 1000)
    .option("--output <tokens>", "mean output tokens (lognormal, σ 0.6)", numberArgument, 250)
    .option("--ttft <seconds>", "TTFT target", numberArgument, 2)
    .option("--tpot <seconds>", "TPOT target", numberArgument, 0.05)
    .option("--percentile <p>", "share of requests that must meet both", numberArgument, 90)
    .option("--requests <n>", "requests simulated per candidate", numberArgument, 1000)
    .option("--max-units <n>", "largest number of units tried per design", numberArgument, 64)
    .option("--designs <names>", "comma-separated designs of the built-in set", list)
    .addOption(new Option("--budget <budget>", "what 'cheapest' counts").choices(budgets).default("power"))
    .addOption(formatOption(["table", "json"]))
    .option("--out <file>", "write to a file instead of standard output");
  economicsOptions(command).action(async (o: Record<string, unknown>) => {
    const requests = o.requests;
    if (typeof requests !== "number" || !Number.isInteger(requests) || requests <= 0)
      throw new InputError("requests", `must be a positive integer, got ${JSON.stringify(requests)}`);
    const rows = await plan({
      model: o.model as string,
      workload: {
        arrival: { kind: "poisson", ratePerSecond: positive(o.rate, "rate") },
        input: { kind: "lognormal", mean: positive(o.input, "input"), sigma: 1.0, min: 16, max: 32768 },
        output: { kind: "lognormal", mean: positive(o.output, "output"), sigma: 0.6, min: 1, max: 8192 },
        requests,
        seed: 1,
      },
      slo: {
        ttftSeconds: positive(o.ttft, "ttft"),
        tpotSeconds: positive(o.tpot, "tpot"),
        percentile: positive(o.percentile, "percentile"),
      },
      budget: o.budget as (typeof budgets)[number],
      designs: o.designs as string[] | undefined,
      maxUnits: o.maxUnits as number,
      economics: readEconomics(o),
    });
    if (o.format === "json")
      return writeOutput(
        JSON.stringify(
          rows.map(({ result, ...r }) => ({ ...r, metrics: result?.metrics })),
          null,
          2,
        ),
        o.out as string | undefined,
      );
    const table = newTable([
      "design",
      "units",
      "chips",
      String(o.budget),
      "TTFT p90",
      "TPOT p90",
      "SLO attainment",
      "note",
    ]);
    // cheapest first; designs that cannot meet the SLO last
    const sorted = [...rows].sort((a, b) => (a.cost ?? Infinity) - (b.cost ?? Infinity));
    for (const r of sorted) {
      const m = r.result?.metrics;
      table.push([
        r.design,
        r.ratio ?? r.units ?? "—",
        r.chips ?? "—",
        r.costText,
        m?.ttftSeconds.p90 == null ? "—" : formatSeconds(m.ttftSeconds.p90),
        m?.tpotSeconds.p90 == null ? "—" : formatSeconds(m.tpotSeconds.p90),
        m ? formatPercent(m.sloAttainment) : "—",
        r.reason ?? "",
      ]);
    }
    await writeOutput(table.toString(), o.out as string | undefined);
  });
}
