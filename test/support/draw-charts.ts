// Draws a comparison page's charts outside a browser, for the report tests.
import vm from "node:vm";

/**
 * Runs a page's scripts (Chart.js and the chart script) in a bare context whose canvases hand out
 * a 2D context that draws nothing, and reports the charts Chart.js built.
 */
export function drawCharts(page: string) {
  const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  const json = scripts.find((s) => s[1].includes("application/json"))![2];
  const texts: string[] = [];
  const errors: unknown[] = [];
  const context2d = (canvas: unknown) =>
    new Proxy({ canvas } as Record<string | symbol, unknown>, {
      get(target, key) {
        if (key in target) return target[key];
        if (key === "measureText")
          return (s: string) => ({
            width: String(s).length * 6,
            actualBoundingBoxAscent: 8,
            actualBoundingBoxDescent: 2,
          });
        if (key === "fillText") return (s: string) => texts.push(s);
        if (key === "getLineDash") return () => [];
        if (typeof key === "string" && /^create/.test(key)) return () => ({ addColorStop() {} });
        if (typeof key !== "string") return undefined;
        target[key] = () => undefined;
        return target[key];
      },
      set(target, key, value) {
        target[key] = value;
        return true;
      },
    });
  const canvases = new Map<string, object>();
  const document = {
    getElementById(id: string) {
      if (id === "infercast-data") return { textContent: json };
      if (!page.includes(`<canvas id="${id}"`)) return null;
      if (!canvases.has(id)) {
        const canvas: Record<string, unknown> = {
          id,
          width: 600,
          height: 320,
          style: {},
          addEventListener() {},
          removeEventListener() {},
        };
        canvas.getContext = () => context2d(canvas);
        canvases.set(id, canvas);
      }
      return canvases.get(id);
    },
  };
  const sandbox = vm.createContext({
    document,
    console: { ...console, error: (...a: unknown[]) => errors.push(a), warn: (...a: unknown[]) => errors.push(a) },
  });
  for (const s of scripts) if (!s[1].includes("application/json")) vm.runInContext(s[2], sandbox);
  type Built = {
    canvas: { id: string };
    config: { type: string };
    scales: Record<string, { type: string; options: { title: { text: string } } }>;
    data: { datasets: { label: string; data: unknown[] }[] };
  };
  const built = vm.runInContext("Object.values(Chart.instances)", sandbox) as Built[];
  const charts = built.map((c) => ({
    id: c.canvas.id,
    type: c.config.type,
    scales: Object.fromEntries(
      Object.entries(c.scales).map(([k, s]) => [k, { type: s.type, title: s.options.title.text }]),
    ),
    datasets: c.data.datasets.map((d) => d.label),
    points: c.data.datasets.map((d) => JSON.parse(JSON.stringify(d.data))),
  }));
  return { charts, texts, errors };
}
