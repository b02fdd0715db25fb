// The explorer's layout at a 1,600 px screen, read in Chromium: the results table fits without a
// horizontal scroll, the secondary figures sit in each design's detail row (the engine's numbers,
// not others), and no dropdown cuts its options short.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Explorer, root, settled, startExplorer } from "./explorer-page.js";

const out = join(root, "test-results", "browser");

const viewport = { width: 1600, height: 1000 };
let explorer: Explorer;

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  explorer = await startExplorer();
});
afterAll(async () => {
  await explorer?.close();
});

const tableFits = (page: import("playwright-core").Page) =>
  page.$eval(".table-wrap", (wrap) => ({ scroll: wrap.scrollWidth, client: wrap.clientWidth }));

describe("explorer layout at 1,600 px", () => {
  it("fits the table unscrolled and shows SLO, goodput, power, energy, cost and binding in each detail row", async () => {
    const page = await explorer.open("?requests=200", viewport);
    const h = await settled(page, 0);
    const closed = await tableFits(page);
    expect(closed.scroll).toBeLessThanOrEqual(closed.client);
    const headers = await page.$$eval("#results thead th", (ths) => ths.map((th) => th.textContent ?? ""));
    for (const secondary of ["SLO met", "Goodput", "Power", "Energy", "Cost", "Bound by"])
      expect(headers.some((t) => t.startsWith(secondary))).toBe(false);

    const c = h.result.cases[0];
    for (const r of c.results) {
      const detail = page.locator(`tr[data-detail="${r.design}"]`);
      expect(await detail.isHidden()).toBe(true);
      await page.click(`tr[data-design="${r.design}"] button.toggle`);
      expect(await detail.isVisible()).toBe(true);
      const figures = Object.fromEntries(
        await detail
          .locator("[data-metric]")
          .evaluateAll((nodes) =>
            nodes.map((n) => [n.getAttribute("data-metric"), (n as HTMLElement).dataset.value ?? n.textContent]),
          ),
      );
      const m = r.metrics;
      const expected: Record<string, number | null> = {
        sloAttainment: m.sloAttainment,
        goodputRequestsPerSecond: m.goodputRequestsPerSecond,
        powerWatts: m.powerWatts,
        joulesPerOutputToken: m.joulesPerOutputToken,
        usdPerMillionOutputTokens: m.usdPerMillionOutputTokens,
      };
      for (const [key, value] of Object.entries(expected))
        expect(figures[key], `${r.design} ${key}`).toBe(Number.isFinite(value) ? String(value) : "");
      expect(figures.binding).toBe(c.verdicts.find((v) => v.design === r.design)!.binding);
    }
    // every detail row open: the table still fits
    const open = await tableFits(page);
    expect(open.scroll).toBeLessThanOrEqual(open.client);
    console.log(
      `table at 1,600 px: ${closed.scroll} of ${closed.client} px closed, ${open.scroll} of ${open.client} open`,
    );
    await page.screenshot({ path: join(out, "explorer-1600.png") });
    await page.close();
  });

  it("draws every dropdown wide enough for its longest option", async () => {
    const page = await explorer.open("?requests=200", viewport);
    await settled(page, 0);
    const selects = await page.$$eval("select", (nodes) =>
      nodes.map((select) => {
        const s = select as HTMLSelectElement;
        const style = getComputedStyle(s);
        const context = document.createElement("canvas").getContext("2d")!;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const longest = Math.max(...[...s.options].map((o) => context.measureText(o.text).width));
        const inner = s.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
        return { name: s.name, longest, inner, scroll: s.scrollWidth, client: s.clientWidth };
      }),
    );
    expect(selects.length).toBeGreaterThanOrEqual(5);
    for (const s of selects) {
      expect(s.scroll, s.name).toBeLessThanOrEqual(s.client);
      // the drop-down arrow takes room beside the text: the text must fit what is left
      expect(s.longest + 16, s.name).toBeLessThanOrEqual(s.inner);
    }
    await page.close();
  });

  it("raised no error in the page or its worker", () => {
    expect(explorer.errors).toEqual([]);
  });
});
