/**
 * What a reader of the page needs to trust a figure: each chip's headline figures with their kind
 * and source (shown on hover), and whether the chip is a shipping part or a projection.
 */
import { chip, type Chip, type EfficiencyFigure, type Figure } from "infercast/data";

const si = (value: number, unit: string) => {
  const steps: [number, string][] = [[1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"], [1, ""]];
  const [factor, prefix] = steps.find(([f]) => Math.abs(value) >= f) ?? [1, ""];
  return `${Number((value / factor).toPrecision(3))} ${prefix}${unit}`;
};

const line = (label: string, f: Figure | undefined, unit: string) =>
  f ? `${label}: ${si(f.value, unit)} (${f.kind}; ${f.source})` : `${label}: unknown`;

const efficiency = (what: string, f: EfficiencyFigure) =>
  `efficiency, ${what}: ${f.value}${f.range ? ` (range ${f.range.low}–${f.range.high})` : ""} (${f.kind}; ${f.source})`;

/** True for chips whose figures are announcements or roadmap projections, not a shipping part. */
export const isProjected = (id: string) => chip(id).status !== "shipping";

export function statusLabel(c: Chip): string {
  return c.status === "shipping" ? "shipping" : c.status === "projected" ? "projected (roadmap figures)" : "announced (vendor figures, not measured)";
}

/** Multi-line hover text: the figures the engine uses for this chip, each with its source. */
export function chipSources(id: string): string {
  const c = chip(id);
  const compute = c.computeFlopsPerSecond;
  const lines = [
    `${c.name} (${c.vendor}, ${c.year}) — ${statusLabel(c)}`,
    line("dense bf16", compute.bf16, "FLOP/s"),
    line("dense fp8", compute.fp8, "FLOP/s"),
    ...c.memory.map((t) => `${t.name}: ${si(t.capacityBytes.value, "B")} at ${si(t.bytesPerSecond.value, "B/s")} (${t.bytesPerSecond.kind}; ${t.bytesPerSecond.source})`),
    efficiency("compute", c.efficiency.compute),
    efficiency("memory", c.efficiency.memory),
    line("max power", c.power.maxWatts, "W"),
  ];
  return lines.join("\n");
}
