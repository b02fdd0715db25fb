// Debian's Chromium driven by playwright-core, for the web bench and the browser tests: found on the
// PATH (or CHROMIUM_PATH), launched headless with a fresh profile and the flags that keep it from
// reaching the network on its own.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

const flags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const installHint =
  "Chromium is needed for the browser tests: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.";

/** The Chromium binary to drive (CHROMIUM_PATH, else the PATH), or an error that says how to install one. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.CHROMIUM_PATH, "chromium", "chromium-browser"].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    try {
      execFileSync(candidate, ["--version"], { stdio: "ignore", timeout: 30_000, env });
      return candidate.includes("/")
        ? candidate
        : execFileSync("/bin/sh", ["-c", `command -v ${candidate}`], { encoding: "utf8", env }).trim();
    } catch {
      // not this one
    }
  }
  throw new Error(`${installHint} Tried: ${candidates.join(", ")}.`);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "infercast-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: flags,
    acceptDownloads: true,
    viewport: { width: 1920, height: 1080 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
