// The browser suite's harness, checked from the Node suite: without Chromium it must fail with the
// install command, never pass or skip silently.
import { describe, expect, it } from "vitest";
import { chromiumPath, installHint } from "../bench/web-chromium.js";

describe("browser test harness", () => {
  it("refuses to run without Chromium, saying how to install it", () => {
    expect(() => chromiumPath({ PATH: "/nonexistent" })).toThrow(installHint);
    expect(installHint).toMatch(/apt-get install chromium/);
  });

  it("names the binaries it tried, CHROMIUM_PATH first", () => {
    expect(() => chromiumPath({ PATH: "/nonexistent", CHROMIUM_PATH: "/no/such/chromium" })).toThrow(
      /Tried: \/no\/such\/chromium, chromium, chromium-browser/,
    );
  });
});
