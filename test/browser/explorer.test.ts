// The explorer page (web/dist, built by `npm run build:web`) in headless Chromium: it runs the
// default comparison in a worker, shows every design, and its numbers are the Node API's and the
// CLI's for the same scenario to the last bit; inputs, the design editor, the shareable URL and
// the exports work; a screenshot goes to test-results/browser (`npm run bench:web` times the loads).
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { compare } from "../../src/api/compare.js";
import { comparisonJson } from "../../src/report/comparison-data.js";
import { defaultDesigns } from "../../src/designs/default-scenario.js";
import type { ComparisonResult } from "../../src/api/compare-types.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { type Explorer, type PageHandle, handle, root, settled, startExplorer } from "./explorer-page.js";

const out = join(root, "test-results", "browser");
const run = promisify(execFile);

const tableValues = (page: Page, metric: string) =>
  page.$$eval(
    `#results tbody tr[data-design]`,
    (rows, key) =>
      rows.map((row) => {
        const cell = row.querySelector<HTMLElement>(`td[data-metric="${key}"]`)!;
        return [
          row.getAttribute("data-design"),
          cell.dataset.value === "" ? null : Number(cell.dataset.value),
        ] as const;
      }),
    metric,
  );

let explorer: Explorer;
const open = (query = "") => explorer.open(query);

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  explorer = await startExplorer();
});

afterAll(async () => {
  await explorer?.close();
});

describe("explorer page in Chromium", () => {
  it("shows the default comparison with every design, the same numbers as the Node API and the CLI", async () => {
    const page = await open();
    const h = await settled(page, 0);
    const designs = await page.$$eval("#results tbody tr[data-design]", (rows) =>
      rows.map((r) => r.getAttribute("data-design")),
    );
    expect(designs).toEqual(defaultDesigns.map((d) => d.name));
    expect(await page.locator("#error").isHidden()).toBe(true);

    // determinism across runtimes: Node, the CLI and the page's worker give the same bytes
    const node = await compare(h.scenario);
    expect(comparisonJson(h.result)).toBe(comparisonJson(node));
    const file = join(out, "default-scenario.json");
    writeFileSync(file, JSON.stringify(h.scenario, null, 2));
    const cli = JSON.parse(
      (
        await run(
          process.execPath,
          [join(root, "dist", "src", "cli", "main.js"), "compare", file, "--format", "json"],
          { maxBuffer: 64 << 20 },
        )
      ).stdout,
    );
    expect(cli.results.map((r: { metrics: unknown }) => r.metrics)).toEqual(
      JSON.parse(comparisonJson(h.result)).results.map((r: { metrics: unknown }) => r.metrics),
    );
    // and the table shows those numbers, not others
    for (const [design, value] of await tableValues(page, "outputTokensPerSecondPerChip")) {
      expect(value).toBe(node.results.find((r) => r.design === design)!.metrics.outputTokensPerSecondPerChip);
    }
    for (const [design, value] of await tableValues(page, "ttft.p90")) {
      expect(value).toBe(node.results.find((r) => r.design === design)!.metrics.ttftSeconds.p90);
    }

    await page.screenshot({ path: join(out, "explorer.png"), fullPage: true });
    await page.close();
  });

  it("reruns when an input changes, keeps the URL in step, and a shared URL reopens the same comparison", async () => {
    const page = await open();
    const first = await settled(page, 0);
    await page.selectOption("select[name=traffic]", "rate");
    await page.fill("input[name=rate]", "2");
    await page.locator("input[name=rate]").dispatchEvent("change");
    const second = await settled(page, first.runs);
    expect(second.scenario.workload.arrival).toEqual({ kind: "poisson", ratePerSecond: 2 });
    const before = first.result.results.map((r) => r.metrics.outputTokensPerSecond);
    const after = second.result.results.map((r) => r.metrics.outputTokensPerSecond);
    expect(after).not.toEqual(before);
    // lighter traffic never raises throughput above what the sized (heavier) traffic gave
    const baseline = (r: ComparisonResult) =>
      r.results.find((x) => x.design === "gpu-aggregated")!.metrics.outputTokensPerSecond;
    expect(baseline(second.result)).toBeLessThan(baseline(first.result));
    expect(page.url()).toContain("rate=2");

    const shared = await open(new URL(page.url()).search);
    const reopened = await settled(shared, 0);
    expect(await shared.inputValue("input[name=rate]")).toBe("2");
    expect(comparisonJson(reopened.result)).toBe(comparisonJson(second.result));
    await Promise.all([page.close(), shared.close()]);
  });

  it("edits a design's prefill:decode split from the editor, and exports the scenario that reproduces it", async () => {
    const page = await open("?designs=gpu-aggregated,gpu-disaggregated&requests=300");
    const first = await settled(page, 0);
    const chips = (h: PageHandle) => h.result.results.find((r) => r.design === "gpu-disaggregated")!.metrics.chips;
    const prefillUnits = page.locator('input[name="gpu-disaggregated.prefillUnits"]');
    const units = Number(await prefillUnits.inputValue());
    await prefillUnits.fill(String(units + 1));
    await prefillUnits.dispatchEvent("change");
    const edited = await settled(page, first.runs);
    expect(chips(edited)).toBeGreaterThan(chips(first));
    expect(page.url()).toContain("edits=");

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-scenario")]);
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8")) as ScenarioInput;
    expect(exported).toEqual(JSON.parse(JSON.stringify(edited.scenario)));
    expect(comparisonJson(await compare(exported))).toBe(comparisonJson(edited.result));

    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
    const lines = readFileSync((await csv.path())!, "utf8")
      .trim()
      .split("\n");
    expect(lines[0]).toMatch(/^model,workload,design,kind,chips,/);
    expect(lines).toHaveLength(1 + edited.result.results.length);
    await page.close();
  });

  it("shows efficiency ranges for designs on projected chips when asked", async () => {
    const page = await open("?designs=gpu-aggregated,lumai-optical+gpu&requests=200");
    const first = await settled(page, 0);
    expect(first.result.results.every((r) => r.range === undefined)).toBe(true);
    await page.check("input[name=ranges]");
    const ranged = await settled(page, first.runs);
    const lumai = ranged.result.results.find((r) => r.design === "lumai-optical+gpu")!;
    expect(lumai.range!.chips.map((c) => c.chip)).toContain("lumai-iris");
    expect(ranged.result.results.find((r) => r.design === "gpu-aggregated")!.range!.chips).toEqual([]);
    // the nominal figures are those of the run without ranges; the page shows the bounds beside them
    expect(lumai.metrics).toEqual(first.result.results.find((r) => r.design === "lumai-optical+gpu")!.metrics);
    expect(await page.locator('tr[data-design="lumai-optical+gpu"] .range').count()).toBeGreaterThan(0);
    // the GPU baseline's efficiencies have no range: only its power and price ranges move it
    const gpu = ranged.result.results.find((r) => r.design === "gpu-aggregated")!;
    expect(gpu.range!.figures.length).toBeGreaterThan(0);
    expect(await page.locator('tr[data-design="gpu-aggregated"] .range').count()).toBeLessThan(
      await page.locator('tr[data-design="lumai-optical+gpu"] .range').count(),
    );
    expect(page.url()).toContain("ranges=1");
    await page.close();
  });

  it("names a bad input by its label, marks it, and keeps the last good comparison", async () => {
    const page = await open("?designs=gpu-aggregated&requests=200");
    const first = await settled(page, 0);
    await page.fill("input[name=tpot]", "-5");
    await page.locator("input[name=tpot]").dispatchEvent("change");
    await expect.poll(() => page.locator("#error").textContent()).toMatch(/^TPOT \(ms\): .*slo\.tpotSeconds/);
    expect(await page.getAttribute("input[name=tpot]", "aria-invalid")).toBe("true");
    expect((await handle(page)).runs).toBe(first.runs);
    await page.close();
  });

  it("names the bad field of a broken link and still shows the default comparison", async () => {
    const page = await open("?model=no-such-model&tpot=-1");
    const h = await settled(page, 0);
    const error = await page.locator("#link-error").textContent();
    expect(error).toMatch(/not valid/);
    expect(error).toMatch(/model/);
    expect(h.result.results.length).toBe(defaultDesigns.length);
    await page.close();
  });

  it("flags a design edited past the deployment limit, by name, figure and limit, and unflags it back under", async () => {
    const page = await open("?designs=gpu-aggregated,gpu-disaggregated&requests=300");
    const first = await settled(page, 0);
    const kilowatts = (h: PageHandle, design: string) =>
      h.result.results.find((r) => r.design === design)!.metrics.powerWatts! / 1000;
    // a limit just above the largest design as sized: nothing is flagged
    const limit = Number((Math.max(...first.result.results.map((r) => r.metrics.powerWatts!)) / 1000 + 0.5).toFixed(1));
    await page.fill("input[name=limit]", String(limit));
    await page.locator("input[name=limit]").dispatchEvent("change");
    const limited = await settled(page, first.runs);
    expect(limited.state).toMatchObject({ limit: { kind: "kW", value: limit } });
    expect(page.url()).toContain(`limit=${limit}`);
    expect(await page.locator("#limit-warnings").isHidden()).toBe(true);
    expect(await page.locator("tr .over-limit").count()).toBe(0);

    const prefillUnits = page.locator('input[name="gpu-disaggregated.prefillUnits"]');
    const units = Number(await prefillUnits.inputValue());
    await prefillUnits.fill(String(units + 2));
    await prefillUnits.dispatchEvent("change");
    const over = await settled(page, limited.runs);
    const power = kilowatts(over, "gpu-disaggregated");
    expect(power).toBeGreaterThan(limit);
    const warning = page.locator("#limit-warnings li");
    expect(await page.locator("#limit-warnings").isVisible()).toBe(true);
    expect(await warning.count()).toBe(1);
    const text = (await warning.textContent())!;
    expect(text).toMatch(/^gpu-disaggregated: /);
    expect(text).toContain(`${Number(power.toPrecision(3))} kW`);
    expect(text).toContain(`${limit} kW limit`);
    expect(await page.locator('tr[data-design="gpu-disaggregated"] .over-limit').isVisible()).toBe(true);
    expect(await page.locator('tr[data-design="gpu-aggregated"] .over-limit').count()).toBe(0);

    // a shared link keeps the limit and the edit, so it shows the same warning
    const shared = await open(new URL(page.url()).search);
    await settled(shared, 0);
    expect(await shared.locator("#limit-warnings li").allTextContents()).toEqual([text]);
    expect(await shared.inputValue("input[name=limit]")).toBe(String(limit));

    await prefillUnits.fill(String(units));
    await prefillUnits.dispatchEvent("change");
    const back = await settled(page, over.runs);
    expect(kilowatts(back, "gpu-disaggregated")).toBeLessThanOrEqual(limit);
    expect(await page.locator("#limit-warnings").isHidden()).toBe(true);
    expect(await page.locator("tr .over-limit").count()).toBe(0);
    await Promise.all([page.close(), shared.close()]);
  });

  it("names the limit field of a link with a bad limit", async () => {
    const page = await open("?designs=gpu-aggregated&requests=200&limit=-3");
    await settled(page, 0);
    expect(await page.locator("#link-error").textContent()).toMatch(/limit\.value/);
    const kind = await open("?designs=gpu-aggregated&requests=200&limit=3&limitBy=watts");
    await settled(kind, 0);
    expect(await kind.locator("#link-error").textContent()).toMatch(/limit\.kind/);
    await Promise.all([page.close(), kind.close()]);
  });

  it("raised no error in the page or its worker", () => {
    expect(explorer.errors).toEqual([]);
  });
});
