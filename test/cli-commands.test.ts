// The CLI imports each command's module only when that command runs (src/cli/main.ts): every
// command that help lists must still be found by its own name, and --version needs none of them.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const cli = join(root, "dist", "src", "cli", "main.js");

async function infercast(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("infercast commands, loaded by name", () => {
  it("prints the version without a command", async () => {
    expect(await infercast("--version")).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it("finds every command help lists by its own name", async () => {
    const help = await infercast("--help");
    expect(help.code).toBe(0);
    const listed = help.stdout
      .split("Commands:")[1]
      .split("\n")
      .map((line) => /^ {2}([a-z]+)\b/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined && name !== "help");
    expect(listed).toContain("simulate");
    expect(listed).toContain("pareto");
    const usages = await Promise.all(listed.map((name) => infercast(name, "--help")));
    usages.forEach((usage, i) => {
      expect(usage.code).toBe(0);
      expect(usage.stdout).toMatch(new RegExp(`^Usage: infercast ${listed[i]} `));
    });
  });

  it("suggests the command a misspelt name means", async () => {
    const wrong = await infercast("simulat", "x.json");
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/unknown command 'simulat'[\s\S]*Did you mean simulate\?/);
  });
});
