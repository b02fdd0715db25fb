/**
 * What a reader of the page needs to trust a figure: each chip's headline figures with their kind
 * and source (shown on hover), and whether the chip is a shipping part or a projection.
 */
import {
  chip,
  chipStatusText,
  formatBytes,
  formatBytesPerSecond,
  formatFlopsPerSecond,
  formatWatts,
  type EfficiencyFigure,
  type Figure,
} from "infercast/data";

const line = (label: string, f: Figure | undefined, format: (v: number) => string) =>
  f ? `${label}: ${format(f.value)} (${f.kind}; ${f.source})` : `${label}: unknown`;

const efficiency = (what: string, f: EfficiencyFigure) =>
  `efficiency, ${what}: ${f.value}${f.range ? ` (range ${f.range.low}–${f.range.high})` : ""} (${f.kind}; ${f.source})`;

/** True for chips whose figures are announcements or roadmap projections, not a shipping part. */
export const isProjected = (id: string) => chip(id).status !== "shipping";

/** Multi-line hover text: the figures the engine uses for this chip, each with its source. */
export function chipSources(id: string): string {
  const c = chip(id);
  const compute = c.computeFlopsPerSecond;
  const lines = [
    `${c.name} (${c.vendor}, ${c.year}) — ${chipStatusText(c)}`,
    line("dense bf16", compute.bf16, formatFlopsPerSecond),
    line("dense fp8", compute.fp8, formatFlopsPerSecond),
    ...c.memory.map(
      (t) =>
        `${t.name}: ${formatBytes(t.capacityBytes.value)} at ${formatBytesPerSecond(t.bytesPerSecond.value)} (${t.bytesPerSecond.kind}; ${t.bytesPerSecond.source})`,
    ),
    efficiency("compute", c.efficiency.compute),
    efficiency("memory", c.efficiency.memory),
    line("max power", c.power.maxWatts, formatWatts),
  ];
  return lines.join("\n");
}
