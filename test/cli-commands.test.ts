// The CLI imports each command's module only when that command runs (src/cli/main.ts): every
// command that help lists must still be found by its own name, and --version needs none of them.
import { describe, expect, it } from "vitest";
import { infercast } from "./support/cli.js";

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
