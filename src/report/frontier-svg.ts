/**
 * A frontier chart as an SVG document, written from what Chart.js laid out (chart area, scales,
 * ticks, the points' pixels) and what the frontier plugin drew (guides, labels), so the file is
 * the chart on screen as vectors: it holds no script, font file or link, and opens offline. Like
 * frontier-chart.ts it imports nothing at run time, so the report inlines it (ahead of that file).
 */

/** What the SVG is written from: the parts of a Chart.js chart it reads. */
export interface SvgSource {
  width: number;
  height: number;
  chartArea: { left: number; top: number; right: number; bottom: number };
  scales: Record<"x" | "y", SvgScale>;
  data: { datasets: { label?: string; borderColor?: unknown; borderDash?: unknown }[] };
  getDatasetMeta(index: number): { data: { x: number; y: number }[] };
  isDatasetVisible(index: number): boolean;
}
interface SvgScale {
  ticks: { value: number; label?: string | string[] | number }[];
  getPixelForValue(value: number): number;
  options: { title?: { text?: string | string[] } };
}

/** A label the chart's plugin drew, with its colour and, for a moved end label, the point it names. */
export interface SvgLabel {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  colour: string;
  anchor?: { x: number; y: number };
}

/** A guide line the plugin drew. */
export interface SvgGuide {
  px: number;
  headline: boolean;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
const n = (v: number) => String(Math.round(v * 10) / 10);
const tickText = (label: string | string[] | number | undefined) =>
  Array.isArray(label) ? label.join(" ") : label === undefined ? "" : String(label);

/** The chart as a standalone SVG document (black text on white, the series in their colours, estimates dashed). */
export function frontierSvg(chart: SvgSource, guides: SvgGuide[], labels: SvgLabel[]): string {
  const { left, top, right, bottom } = chart.chartArea;
  const parts: string[] = [`<rect width="${n(chart.width)}" height="${n(chart.height)}" fill="#ffffff"/>`];
  const x = chart.scales.x;
  const y = chart.scales.y;
  // grid lines and tick labels, as Chart.js laid them out
  for (const t of x.ticks) {
    const px = x.getPixelForValue(t.value);
    if (px < left - 0.5 || px > right + 0.5) continue;
    parts.push(`<line class="grid" x1="${n(px)}" y1="${n(top)}" x2="${n(px)}" y2="${n(bottom)}" stroke="#e5e5e5"/>`);
    const label = tickText(t.label);
    if (label)
      parts.push(
        `<text class="tick" x="${n(px)}" y="${n(bottom + 16)}" text-anchor="middle" fill="#666666">${escapeXml(label)}</text>`,
      );
  }
  for (const t of y.ticks) {
    const py = y.getPixelForValue(t.value);
    if (py < top - 0.5 || py > bottom + 0.5) continue;
    parts.push(`<line class="grid" x1="${n(left)}" y1="${n(py)}" x2="${n(right)}" y2="${n(py)}" stroke="#e5e5e5"/>`);
    const label = tickText(t.label);
    if (label)
      parts.push(
        `<text class="tick" x="${n(left - 6)}" y="${n(py + 4)}" text-anchor="end" fill="#666666">${escapeXml(label)}</text>`,
      );
  }
  parts.push(
    `<path class="axes" d="M${n(left)} ${n(top)}V${n(bottom)}H${n(right)}" fill="none" stroke="#999999"/>`,
    `<text class="axis-title" data-axis="x" x="${n((left + right) / 2)}" y="${n(chart.height - 6)}" text-anchor="middle">${escapeXml(tickText(x.options.title?.text))}</text>`,
    `<text class="axis-title" data-axis="y" transform="translate(14 ${n((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(tickText(y.options.title?.text))}</text>`,
  );
  for (const g of guides)
    parts.push(
      `<line class="guide" x1="${n(g.px)}" y1="${n(top)}" x2="${n(g.px)}" y2="${n(bottom)}" stroke="${g.headline ? "#b3261e" : "#8a94a3"}" stroke-width="${g.headline ? 1.5 : 1}" stroke-dasharray="${g.headline ? "6 3" : "2 3"}"/>`,
    );
  chart.data.datasets.forEach((dataset, i) => {
    if (!chart.isDatasetVisible(i)) return;
    const points = chart.getDatasetMeta(i).data;
    const colour = escapeXml(String(dataset.borderColor ?? "#000000"));
    const dash =
      Array.isArray(dataset.borderDash) && dataset.borderDash.length
        ? ` stroke-dasharray="${dataset.borderDash.join(" ")}"`
        : "";
    parts.push(
      `<g class="series" data-label="${escapeXml(dataset.label ?? "")}">` +
        `<polyline points="${points.map((p) => `${n(p.x)},${n(p.y)}`).join(" ")}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>` +
        points.map((p) => `<circle cx="${n(p.x)}" cy="${n(p.y)}" r="3" fill="${colour}"/>`).join("") +
        "</g>",
    );
  });
  for (const l of labels) {
    if (l.anchor)
      parts.push(
        `<line class="leader" x1="${n(l.anchor.x)}" y1="${n(l.anchor.y)}" x2="${n(l.x - 1)}" y2="${n(l.y + l.height / 2)}" stroke="${escapeXml(l.colour)}"/>`,
      );
    parts.push(
      `<text class="label" x="${n(l.x)}" y="${n(l.y + l.height - 3)}" fill="${escapeXml(l.colour)}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(l.text)}</text>`,
    );
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(chart.width)}" height="${n(chart.height)}" viewBox="0 0 ${n(chart.width)} ${n(chart.height)}" font-family="system-ui, sans-serif" font-size="12">\n` +
    `${parts.join("\n")}\n</svg>\n`
  );
}
