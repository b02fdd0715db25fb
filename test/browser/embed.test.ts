// The plain-page embedding of docs/embedding.md: examples/embed.html imports dist/browser/
// infercast.js with no bundler and no import map, and computes the same numbers as the Node API.
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import sirv from "sirv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compare } from "../../src/api/compare.js";
import { estimateStep } from "../../src/api/step.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { launch, type Browser } from "../../bench/web-chromium.js";

const root = join(import.meta.dirname, "..", "..");
let server: Server;
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
  server = createServer(sirv(root, { dev: true }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The scenario object literal of the example page, read from its source so the test and page cannot drift. */
function pageScenario(): ScenarioInput {
  const html = readFileSync(join(root, "examples", "embed.html"), "utf8");
  const literal = /const scenario = (\{[\s\S]*?\n {4}\});/.exec(html)?.[1];
  if (!literal) throw new Error("examples/embed.html has no scenario literal");
  return new Function(`return (${literal});`)() as ScenarioInput;
}

describe("plain-page embedding in Chromium", () => {
  it("runs estimateStep and compare from dist/browser/infercast.js with the Node API's numbers", async () => {
    const errors: string[] = [];
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/examples/embed.html`);
    await page.waitForFunction(() => "embedded" in globalThis, null, { timeout: 60_000 });
    const embedded = await page.evaluate(
      () =>
        (
          globalThis as unknown as {
            embedded: { stepSeconds: number; results: { design: string; metrics: unknown }[] };
          }
        ).embedded,
    );
    expect(errors).toEqual([]);
    const step = estimateStep({
      model: "llama-3.1-70b",
      system: "nvidia-hgx-h200-8",
      count: 8,
      tp: 8,
      datatypes: { weights: "fp8", activations: "bf16", kv: "fp8" },
      phase: "decode",
      batch: 32,
      context: 4096,
    });
    expect(embedded.stepSeconds).toBe(step.stepSeconds);
    const node = await compare(pageScenario());
    expect(embedded.results).toEqual(
      JSON.parse(JSON.stringify(node.results.map((r) => ({ design: r.design, metrics: r.metrics })))),
    );
    expect(await page.locator("#comparison").textContent()).toMatch(/h200-aggregated: \d+ tok\/s/);
    await page.close();
  });
});
