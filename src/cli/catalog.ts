/** `infercast catalog chips|systems|models`: the built-in data with its sources; power and price with kind and date. */
import { newTable } from "../report/table.js";
import { Argument, type Command } from "commander";
import { chips, models, systems } from "../catalog/index.js";
import type { DatedFigure, EfficiencyFigure, Figure, Price } from "../catalog/schema.js";
import { citedTags, sources } from "../catalog/sources.js";
import { parameterCounts } from "../model/spec.js";
import { formatBytes, formatBytesPerSecond, formatFlopsPerSecond, formatWatts } from "../report/units.js";
import { formatOption, writeOutput } from "./options.js";

const sections = ["chips", "systems", "models"] as const;

const marked = (f: Figure | undefined, format: (v: number) => string): string =>
  f === undefined
    ? "—"
    : `${format(f.value)}${f.kind === "projected" ? " (proj.)" : f.kind === "assumed" ? " (assumed)" : ""}`;

/** An efficiency with its range, e.g. "0.7 (0.29–0.7)": the range `--range` runs at. */
const efficiency = (f: EfficiencyFigure): string => `${f.value}${f.range ? ` (${f.range.low}–${f.range.high})` : ""}`;

export function registerCatalog(program: Command): void {
  program
    .command("catalog")
    .description("list the built-in chips, systems or models with their sources")
    .addArgument(new Argument("<section>", "what to list").choices(sections))
    .addOption(formatOption(["table", "json"]))
    .option("--sources", "list each entry's source tags with their addresses from docs/sources.md")
    .option("--wide", "every column (the default view fits 120 columns)")
    .action(
      async (section: (typeof sections)[number], options: { format: string; sources?: boolean; wide?: boolean }) => {
        const json = options.format === "json";
        if (options.sources)
          await writeOutput(json ? JSON.stringify(citations(section), null, 2) : citationsText(section));
        else await writeOutput(json ? catalogJson(section) : catalogTable(section, options.wide === true));
      },
    );
}

interface Citation {
  tag: string;
  /** null for a tag docs/sources.md does not list (test/sources.test.ts keeps there being none). */
  address: string | null;
}

/** Each entry's tags in order of first citation, anywhere in the entry (figures, notes). */
function citations(section: (typeof sections)[number]): { id: string; sources: Citation[] }[] {
  const entries: [string, unknown][] =
    section === "chips"
      ? [...chips.entries()]
      : section === "systems"
        ? [...systems.entries()]
        : [...models].map(([id, m]) => [id, m.meta]);
  return entries.map(([id, entry]) => ({
    id,
    sources: citedTags(JSON.stringify(entry)).map((tag) => ({ tag, address: sources.get(tag) ?? null })),
  }));
}

function citationsText(section: (typeof sections)[number]): string {
  const lines = citations(section).flatMap(({ id, sources }) => [
    id,
    ...(sources.length === 0
      ? ["  (no tags)"]
      : sources.map((s) => `  [${s.tag}] ${s.address ?? "(not in docs/sources.md)"}`)),
  ]);
  return lines.join("\n");
}

function catalogJson(section: (typeof sections)[number]): string {
  if (section === "chips") return JSON.stringify([...chips.values()], null, 2);
  if (section === "systems") return JSON.stringify([...systems.values()], null, 2);
  return JSON.stringify(
    [...models.values()].map((m) => ({ ...m.meta, config: m.config })),
    null,
    2,
  );
}

/** Widths of the default chips and systems views: with borders they fit 120 columns. */
const narrowChips = [30, 15, 21, 22, 26];
const narrowSystems = [31, 24, 30, 30];

/** `$30.3k`, `$7.80M`, `$2.24/h`. */
const usd = (v: number): string =>
  v >= 1e6 ? `$${(v / 1e6).toPrecision(3)}M` : v >= 1e3 ? `$${(v / 1e3).toPrecision(3)}k` : `$${v.toPrecision(3)}`;
const usdPerHour = (v: number): string => `$${Number(v.toPrecision(4))}/h`;

/** A power or price figure: value, range, then its kind and date: "1.80 kW\n(1.80 kW–2.30 kW)\nestimate 2026-12". */
const dated = (f: DatedFigure | undefined, format: (v: number) => string, label = ""): string =>
  f === undefined
    ? `${label}—`
    : `${label}${format(f.value)}${f.range ? `\n(${format(f.range.low)}–${format(f.range.high)})` : ""}\n${f.kind} ${f.asOf}`;

const priceText = (p: Price): string =>
  [p.purchaseUsd ? dated(p.purchaseUsd, usd, "buy ") : "", p.usdPerHour ? dated(p.usdPerHour, usdPerHour, "rent ") : ""]
    .filter(Boolean)
    .join("\n") || "—";

function catalogTable(section: (typeof sections)[number], wide: boolean): string {
  if (section === "chips" && !wide) {
    const table = newTable(["id (status)", "fp8 / bf16", "first memory tier", "max power", "price"], narrowChips);
    for (const c of chips.values()) {
      const f = c.computeFlopsPerSecond;
      const t = c.memory[0];
      table.push([
        `${c.id}\n(${c.status})`,
        `${marked(f.fp8, formatFlopsPerSecond)}\n${marked(f.bf16, formatFlopsPerSecond)}`,
        `${t.name} ${marked(t.capacityBytes, formatBytes)}\n@ ${marked(t.bytesPerSecond, formatBytesPerSecond)}`,
        dated(c.power.maxWatts, formatWatts),
        priceText(c.price),
      ]);
    }
    return table.toString();
  }
  if (section === "chips") {
    const table = newTable([
      "id",
      "status",
      "bf16",
      "fp8",
      "fp4",
      "memory tiers",
      "efficiency compute / memory",
      "idle / max power",
      "price",
      "power and price sources",
      "sources",
    ]);
    for (const c of chips.values()) {
      const f = c.computeFlopsPerSecond;
      const tiers = c.memory
        .map(
          (t) =>
            `${t.name} ${marked(t.capacityBytes, formatBytes)} @ ${marked(t.bytesPerSecond, formatBytesPerSecond)}`,
        )
        .join("\n");
      const sources = [
        ...new Set([f.bf16?.source, f.fp8?.source, ...c.memory.map((t) => t.capacityBytes.source)].filter(Boolean)),
      ].join("\n");
      const figures = [c.power.idleWatts, c.power.maxWatts, c.price.purchaseUsd, c.price.usdPerHour];
      table.push([
        c.id,
        c.status,
        marked(f.bf16, formatFlopsPerSecond),
        marked(f.fp8, formatFlopsPerSecond),
        marked(f.fp4, formatFlopsPerSecond),
        tiers,
        `${efficiency(c.efficiency.compute)} /\n${efficiency(c.efficiency.memory)}`,
        `${dated(c.power.idleWatts, formatWatts, "idle ")}\n${dated(c.power.maxWatts, formatWatts, "max ")}`,
        priceText(c.price),
        [...new Set(figures.map((x) => x?.source).filter(Boolean))].join("\n"),
        sources,
      ]);
    }
    return table.toString();
  }
  if (section === "systems" && !wide) {
    const table = newTable(["id", "chips", "overhead power", "price (whole system)"], narrowSystems);
    for (const s of systems.values())
      table.push([s.id, `${s.chips} × ${s.chip}`, dated(s.power.overheadWatts, formatWatts), priceText(s.price)]);
    return table.toString();
  }
  if (section === "systems") {
    const table = newTable([
      "id",
      "chip",
      "chips",
      "topology",
      "scale-up per chip",
      "scale-out per chip",
      "overhead power",
      "price",
      "power and price sources",
      "sources",
    ]);
    for (const s of systems.values()) {
      const t = s.topology;
      const topology = t.kind === "mesh2d" ? `${t.rows}×${t.cols} ${t.wrap ? "torus" : "mesh"}` : t.kind;
      const figures = [s.power.overheadWatts, s.price.purchaseUsd, s.price.usdPerHour];
      table.push([
        s.id,
        s.chip,
        s.chips,
        topology,
        marked(s.scaleUp.bytesPerSecondPerDirection, formatBytesPerSecond),
        marked(s.scaleOut.bytesPerSecondPerDirection, formatBytesPerSecond),
        dated(s.power.overheadWatts, formatWatts),
        priceText(s.price),
        [...new Set(figures.map((x) => x?.source).filter(Boolean))].join("\n"),
        [s.scaleUp.bytesPerSecondPerDirection.source, s.scaleOut.bytesPerSecondPerDirection.source].join("\n"),
      ]);
    }
    return table.toString();
  }
  const table = newTable(["id", "layers", "hidden", "heads / KV", "attention", "experts", "params (active)", "source"]);
  for (const m of models.values()) {
    const s = m.spec;
    const p = parameterCounts(s);
    const experts = s.moe
      ? `${s.moe.expertsPerToken} of ${s.moe.experts}${s.moe.sharedExperts ? ` + ${s.moe.sharedExperts} shared` : ""}`
      : "dense";
    const attention =
      s.attention.kind === "mla" ? "MLA" : s.slidingWindowTokens ? `GQA, window ${s.slidingWindowTokens}` : "GQA";
    table.push([
      m.meta.id,
      s.layers.length,
      s.hidden,
      `${s.heads} / ${s.kvHeads}`,
      attention,
      experts,
      `${(p.total / 1e9).toFixed(1)}B (${(p.activePerToken / 1e9).toFixed(1)}B)`,
      m.meta.source,
    ]);
  }
  return table.toString();
}
