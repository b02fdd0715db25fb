// The built explorer (web/dist) served by Vite's preview server and opened in Chromium, for the
// explorer's browser tests: open a page at a query, wait for its runs, read its page handle, and
// collect every error the page or its worker raised.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { preview, type PreviewServer } from "vite";
import type { ComparisonResult } from "../../src/api/compare-types.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { launch, type Browser } from "../../bench/web-chromium.js";

export const root = join(import.meta.dirname, "..", "..");

export interface PageHandle {
  state: unknown;
  scenario: ScenarioInput;
  result: ComparisonResult;
  runs: number;
  firstResultMilliseconds: number;
  busy: boolean;
}
export const handle = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { infercast: PageHandle }).infercast);

/** Waits until the page has shown more than `runs` results and is idle. */
export const settled = async (page: Page, runs: number) => {
  await page.waitForFunction(
    (n) => {
      const h = (globalThis as unknown as { infercast?: PageHandle }).infercast;
      return h !== undefined && h.runs > n && !h.busy;
    },
    runs,
    { timeout: 60_000 },
  );
  return handle(page);
};

export interface Explorer {
  open(query?: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Every error message the pages or their workers raised so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function startExplorer(): Promise<Explorer> {
  if (!existsSync(join(root, "web", "dist", "index.html")))
    throw new Error("web/dist is missing: run `npm run build:web` (npm run test:browser does)");
  const browser: Browser = await launch();
  const server: PreviewServer = await preview({
    configFile: join(root, "web", "vite.config.ts"),
    logLevel: "warn",
    preview: { host: "127.0.0.1", port: 0, open: false },
  });
  const base = server.resolvedUrls!.local[0];
  const errors: string[] = [];
  return {
    errors,
    async open(query = "", viewport) {
      const page = await browser.context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await page.goto(`${base}${query}`);
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    },
  };
}
