/**
 * `infercast plan`: per design, the cheapest deployment that serves a target request rate within
 * the SLO: copies of a confirmed point of the design's searched frontier.
 */
import { Option, type Command } from "commander";
import { plan } from "../api/plan.js";
import { InputError } from "../errors.js";
import { newTable } from "../report/table.js";
import { formatPercent, formatSeconds } from "../report/units.js";
import { rankingBases, type RankingBasis } from "../search/score.js";
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

const basisColumn: Record<RankingBasis, string> = { mw: "facility power", usd: "$/hour", chip: "chips" };

export function registerPlan(program: Command): void {
  const command = program
    .command("plan")
    .description(
      "for each design, the cheapest deployment that serves a request rate within the SLO, from its searched frontier",
    )
    .requiredOption("--model <id>", "catalog model")
    .requiredOption("--rate <requests/s>", "target request rate", numberArgument)
    .option("--input <tokens>", "mean prompt tokens (lognormal, σ 1.0)", numberArgument, 1000)
    .option("--output <tokens>", "mean output tokens (lognormal, σ 0.6)", numberArgument, 250)
    .option("--ttft <seconds>", "TTFT target", numberArgument, 2)
    .option("--tpot <seconds>", "TPOT target", numberArgument, 0.05)
    .option("--percentile <p>", "share of requests that must meet both", numberArgument, 90)
    .option("--max-copies <n>", "most copies of one deployment a plan may take", numberArgument, 4096)
    .option("--designs <names>", "comma-separated designs of the built-in set", list)
    .addOption(
      new Option("--per <basis>", "what 'cheapest' counts: facility power, $/hour or chips")
        .choices(rankingBases)
        .default("mw"),
    )
    .addOption(formatOption(["table", "json"]))
    .option("--out <file>", "write to a file instead of standard output")
    .addOption(new Option("--budget <budget>").hideHelp())
    .addOption(new Option("--requests <n>").hideHelp())
    .addOption(new Option("--max-units <n>").hideHelp());
  economicsOptions(command).action(async (o: Record<string, unknown>) => {
    if (o.budget !== undefined)
      throw new InputError("budget", "--budget is retired: say what 'cheapest' counts with --per mw|usd|chip");
    if (o.requests !== undefined)
      throw new InputError("requests", "--requests is retired: each candidate runs until it reaches steady state");
    if (o.maxUnits !== undefined) throw new InputError("max-units", "--max-units is retired: use --max-copies");
    const copies = o.maxCopies;
    if (typeof copies !== "number" || !Number.isInteger(copies) || copies <= 0)
      throw new InputError("max-copies", `must be a positive integer, got ${JSON.stringify(copies)}`);
    const per = o.per as RankingBasis;
    const rows = await plan({
      model: o.model as string,
      ratePerSecond: positive(o.rate, "rate"),
      workload: {
        arrival: { kind: "poisson", ratePerSecond: positive(o.rate, "rate") },
        input: { kind: "lognormal", mean: positive(o.input, "input"), sigma: 1.0, min: 16, max: 32768 },
        output: { kind: "lognormal", mean: positive(o.output, "output"), sigma: 0.6, min: 1, max: 8192 },
        seed: 1,
      },
      slo: {
        ttftSeconds: positive(o.ttft, "ttft"),
        tpotSeconds: positive(o.tpot, "tpot"),
        percentile: positive(o.percentile, "percentile"),
      },
      per,
      designs: o.designs as string[] | undefined,
      maxCopies: copies,
      economics: readEconomics(o),
    });
    if (o.format === "json")
      return writeOutput(
        JSON.stringify(
          rows.map(({ result, point, ...r }) => ({ ...r, scenario: point?.scenario, metrics: result?.metrics })),
          null,
          2,
        ),
        o.out as string | undefined,
      );
    const table = newTable([
      "design",
      "copies",
      "chips",
      basisColumn[per],
      "TTFT p90",
      "TPOT p90",
      "SLO met",
      "deployment or why none",
    ]);
    // cheapest first; designs that cannot serve the rate last
    const sorted = [...rows].sort((a, b) => (a.cost ?? Infinity) - (b.cost ?? Infinity));
    for (const r of sorted) {
      const m = r.result?.metrics;
      table.push([
        r.design,
        r.copies ?? "—",
        r.chips ?? "—",
        r.costText,
        m?.ttftSeconds.p90 == null ? "—" : formatSeconds(m.ttftSeconds.p90),
        m?.tpotSeconds.p90 == null ? "—" : formatSeconds(m.tpotSeconds.p90),
        m ? formatPercent(m.sloAttainment) : "—",
        r.configuration ?? r.reason ?? "",
      ]);
    }
    await writeOutput(table.toString(), o.out as string | undefined);
  });
}
