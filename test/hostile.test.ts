// Hostile inputs (issue 18): every reproducer gives one clear line naming the field, or a correct
// result — never an internal error, a hang, leaked file contents, NaN, Infinity or a lost line.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulate, simulateFile } from "../src/api/simulate.js";
import { csvCell } from "../src/encoding.js";
import { terminalSafe, InputError } from "../src/errors.js";
import { maxTraceFileBytes } from "../src/file-access.js";
import { limits } from "../src/number-schemas.js";
import { paretoHtml } from "../src/report/pareto.js";
import { loadScenario } from "../src/scenario/load.js";
import { numberArgument } from "../src/cli/options.js";
import { readResults } from "../src/sweep/jsonl.js";
import { paretoFrontiers, parseAxis } from "../src/sweep/pareto.js";
import { parseSweep } from "../src/sweep/load.js";
import { sweep } from "../src/sweep/run.js";
import { parseTrace } from "../src/workload/trace.js";

// biome-ignore lint/suspicious/noExplicitAny: hostile edits go past the types, as a user's file would
type Draft = any;

/** A small valid scenario; `edit` changes it like the issue's `R '<js edit>'`. */
function scenario(edit: (s: Draft) => void = () => {}): Draft {
  const s: Draft = {
    model: "llama-3.1-8b",
    workload: {
      arrival: { kind: "poisson", ratePerSecond: 4 },
      input: { kind: "fixed", tokens: 200 },
      output: { kind: "fixed", tokens: 20 },
      requests: 20,
      seed: 7,
    },
    slo: { ttftSeconds: 2, tpotSeconds: 0.1 },
    designs: [{ name: "h100", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 1 } }],
  };
  edit(s);
  return s;
}

/** The InputError a promise rejects with (fails the test on any other outcome). */
async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) {
      expect(error.message).not.toContain("\n");
      return error;
    }
    throw error;
  }
  throw new Error("expected an InputError, but the call succeeded");
}

/** Every number in a result, with its path: all must be finite. */
function nonFinite(value: unknown, path = ""): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [path];
  if (ArrayBuffer.isView(value)) return [];
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => nonFinite(v, path ? `${path}.${k}` : k));
  return [];
}

const temp = () => mkdtemp(join(tmpdir(), "infercast-hostile-"));

describe("file-access policy", () => {
  it("reads no file for a scenario given as data without baseDir, and quotes nothing", async () => {
    for (const model of ["/etc/passwd", "../../../etc/passwd", "configs/model.json"]) {
      const error = await inputError(simulate(scenario((s) => (s.model = model))));
      expect(error.field).toBe("model");
      expect(error.message).toMatch(/no file is read/);
    }
    const trace = await inputError(
      simulate(scenario((s) => (s.workload = { arrival: { kind: "trace", path: "/etc/passwd" } }))),
    );
    expect(trace.field).toBe("workload.arrival.path");
  });

  it("keeps paths inside the base folder, and answers alike whether something outside exists", async () => {
    const dir = await temp();
    const base = join(dir, "base");
    await mkdir(base);
    await writeFile(join(dir, "outside.json"), '{"secret": "root:*:2024"}');
    await symlink(join(dir, "outside.json"), join(base, "link.json"));
    const message = async (model: string) =>
      (
        await inputError(
          simulate(
            scenario((s) => (s.model = model)),
            { baseDir: base },
          ),
        )
      ).message.replace(model, "P");
    const answers = await Promise.all(
      ["../outside.json", "../missing.json", join(dir, "outside.json"), "/etc/shadow", "link.json", "missing.json"].map(
        message,
      ),
    );
    // the same words for an existing file, a missing one, an absolute path and a link that leads out
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).not.toContain("root:");
  });

  it("reads only regular files, never a FIFO, a device, a directory or /proc, and caps sizes before reading", async () => {
    const dir = await temp();
    execFileSync("mkfifo", [join(dir, "fifo.csv")]);
    await mkdir(join(dir, "folder.csv"));
    await writeFile(join(dir, "huge.csv"), "");
    await truncate(join(dir, "huge.csv"), maxTraceFileBytes + 1);
    await symlink("/dev/zero", join(dir, "zero.csv"));
    await symlink("/proc/self/environ", join(dir, "environ.csv"));
    await symlink("/dev/zero", join(dir, "zero.json"));
    const trace = async (path: string) =>
      inputError(
        simulate(
          scenario((s) => (s.workload = { arrival: { kind: "trace", path } })),
          { baseDir: dir },
        ),
      );
    expect((await trace("fifo.csv")).message).toMatch(/not a regular file/);
    expect((await trace("folder.csv")).message).toMatch(/not a regular file/);
    expect((await trace("huge.csv")).message).toMatch(/larger than 256 MiB/);
    // links that lead out of the base folder are refused before their target is opened
    expect((await trace("zero.csv")).message).toMatch(/no such file inside/);
    expect((await trace("environ.csv")).message).toMatch(/no such file inside/);
    // a path the user names is theirs, but still only a regular file is read
    expect((await inputError(simulateFile(join(dir, "zero.json")))).message).toMatch(/not a regular file/);
  });

  it("never quotes a file's contents in an error", async () => {
    const dir = await temp();
    await writeFile(join(dir, "config.json"), "token=hunter2-SECRET");
    await writeFile(join(dir, "s.json"), JSON.stringify(scenario((s) => (s.model = "./config.json"))));
    await writeFile(join(dir, "bad.json"), '{"model": hunter2-SECRET}');
    for (const path of ["s.json", "bad.json"]) {
      const error = await inputError(simulateFile(join(dir, path)));
      expect(error.message).not.toContain("SECRET");
      expect(error.message).toMatch(/is not valid JSON/);
    }
  });

  it("accepts JSON with a byte-order mark; YAML errors are one line; 0x10 is not a number", async () => {
    const dir = await temp();
    await writeFile(join(dir, "bom.json"), `\uFEFF${JSON.stringify(scenario())}`);
    expect((await loadScenario(join(dir, "bom.json"))).scenario.workload.requests).toBe(20);
    await writeFile(join(dir, "broken.yaml"), "model: a: b\n  c");
    const yaml = await inputError(loadScenario(join(dir, "broken.yaml")));
    expect(yaml.message).toMatch(/not valid YAML at line 1, column \d+: /);
    await writeFile(join(dir, "hex.yaml"), JSON.stringify(scenario()).replace('"requests":20', '"requests":0x10'));
    expect((await inputError(loadScenario(join(dir, "hex.yaml")))).field).toBe("workload.requests");
    expect(numberArgument("0x8")).toBe("0x8");
    expect(numberArgument("Infinity")).toBe("Infinity");
    expect(numberArgument("8")).toBe(8);
    expect(numberArgument("-1.5e2")).toBe(-150);
  });
});

describe("bounds on every count and size", () => {
  const refused: [string, (s: Draft) => void, string, RegExp][] = [
    [
      "tokens 2^31",
      (s) => (s.workload.input = { kind: "fixed", tokens: 2 ** 31 }),
      "workload.input.tokens",
      /at most 16777216/,
    ],
    [
      "tokens 2^31 − 1",
      (s) => (s.workload.output = { kind: "fixed", tokens: 2 ** 31 - 1 }),
      "workload.output.tokens",
      /at most/,
    ],
    [
      "a trace row of 2^53 − 1 tokens",
      (s) =>
        (s.workload = {
          arrival: { kind: "trace", rows: [{ arrivalSeconds: 0, inputTokens: 2 ** 53 - 1, outputTokens: 1 }] },
        }),
      "workload.arrival.rows.0.inputTokens",
      /at most/,
    ],
    [
      "requests past the limit",
      (s) => (s.workload.requests = limits.requests + 1),
      "workload.requests",
      /at most 10000000/,
    ],
    ["count 1e9", (s) => (s.designs[0].pool.count = 1e9), "designs.0.pool.count", /at most 65536/],
    [
      "maxSequences 1e9",
      (s) => (s.designs[0].scheduler = { maxSequences: 1e9 }),
      "designs.0.scheduler.maxSequences",
      /at most/,
    ],
    [
      "maxSequences 2^31",
      (s) => (s.designs[0].scheduler = { maxSequences: 2 ** 31 }),
      "designs.0.scheduler.maxSequences",
      /at most/,
    ],
    [
      "a closed loop of more users than requests a run holds",
      (s) => (s.workload.arrival = { kind: "closed", concurrency: limits.requests + 1 }),
      "workload.arrival.concurrency",
      /at most/,
    ],
    [
      "a billion layers",
      (s) =>
        (s.model = {
          hidden_size: 4096,
          intermediate_size: 14336,
          num_hidden_layers: 1e9,
          num_attention_heads: 32,
          vocab_size: 128256,
        }),
      "model.num_hidden_layers",
      /at most 4096, not 1000000000/,
    ],
    [
      "a run too big for the simulator's memory",
      (s) => {
        s.designs[0].pool.count = 65536;
        s.designs[0].scheduler = { maxSequences: 65536 };
      },
      "designs.0",
      /needs \d+ MiB of memory .* above the 3072 MiB/,
    ],
  ];
  it.each(refused)("%s is one line naming the field and the limit", async (_, edit, field, message) => {
    const error = await inputError(simulate(scenario(edit)));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it("runs a prompt at the token bound to a correct result (rejected by the context window)", async () => {
    const result = await simulate(
      scenario((s) => (s.workload.input = { kind: "fixed", tokens: limits.tokensPerRequest })),
    );
    expect(result.results[0].metrics.rejectedByReason.contextWindow).toBe(20);
    expect(nonFinite(result)).toEqual([]);
  });

  it("refuses a sweep grid too big or a range of too many steps at once", async () => {
    const base = scenario();
    const axis = (steps: number) => ({ path: "slo.ttftSeconds", range: { from: 1, to: 10, steps } });
    expect(() => parseSweep({ base, axes: [axis(1e9)] })).toThrow(/steps: must be at most 1000000/);
    const grid = { base, axes: [axis(1e6), { path: "slo.tpotSeconds", range: { from: 0.01, to: 1, steps: 1e6 } }] };
    expect(() => parseSweep(grid)).toThrow(/1000000 × 1000000 points, more than the 1000000000/);
  });
});

describe("no NaN, no Infinity, no hang", () => {
  const refused: [string, (s: Draft) => void, string][] = [
    [
      "gamma arrivals with cv 1e-160",
      (s) => (s.workload.arrival = { kind: "gamma", ratePerSecond: 4, cv: 1e-160 }),
      "workload.arrival.cv",
    ],
    ["a rate of 1e-300", (s) => (s.workload.arrival.ratePerSecond = 1e-300), "workload.arrival.ratePerSecond"],
    [
      "arrivals past the span a run may have",
      (s) => (s.workload.arrival.ratePerSecond = 1e-7),
      "workload.arrival.ratePerSecond",
    ],
    [
      "trace times of ±1e308",
      (s) =>
        (s.workload = {
          arrival: { kind: "trace", rows: [{ arrivalSeconds: 1e308, inputTokens: 5, outputTokens: 5 }] },
        }),
      "workload.arrival.rows.0.arrivalSeconds",
    ],
    [
      "a trace spanning more than 1e8 s",
      (s) =>
        (s.workload = {
          arrival: {
            kind: "trace",
            rows: [
              { arrivalSeconds: 0, inputTokens: 5, outputTokens: 5 },
              { arrivalSeconds: 2e8, inputTokens: 5, outputTokens: 5 },
            ],
          },
        }),
      "workload.arrival.rows",
    ],
  ];
  it.each(refused)("%s is refused", async (_, edit, field) => {
    expect((await inputError(simulate(scenario(edit)))).field).toBe(field);
  });

  it("refuses trace files with timestamps of ±1e308", async () => {
    const dir = await temp();
    await writeFile(join(dir, "t.csv"), "timestamp,input,output\n1e308,5,5\n-1e308,5,5\n");
    const error = await inputError(
      simulate(
        scenario((s) => (s.workload = { arrival: { kind: "trace", path: "t.csv" } })),
        { baseDir: dir },
      ),
    );
    expect(error.message).toMatch(/t.csv line 2: timestamp "1e308" is not a time/);
  });

  it("refuses a trace of more rows than a run holds before parsing them", () => {
    const text = `timestamp,input,output\n${"0,1,1\n".repeat(limits.requests + 1)}`;
    expect(() => parseTrace(text, "big.csv")).toThrow(/big.csv has more than the 10000000 rows a run can hold/);
  });

  it("reports an undefinable per-user speed as null with its reason, never Infinity or 0", async () => {
    const result = await simulate(scenario((s) => (s.workload.output = { kind: "fixed", tokens: 1 })));
    const m = result.results[0].metrics;
    expect(m.outputTokensPerSecondPerUser).toBeNull();
    expect(m.nullReasons.outputTokensPerSecondPerUser).toMatch(/two or more output tokens/);
    expect(m.tpotSeconds.p50).toBeNull();
    expect(nonFinite(result)).toEqual([]);
    // a slow arrival rate keeps real latencies, not zeros lost to rounding
    const slow = await simulate(scenario((s) => (s.workload.arrival.ratePerSecond = 1e-6)));
    expect(slow.results[0].metrics.ttftSeconds.p50).toBeGreaterThan(0);
  });
});

describe("a compute budget and cancellation", () => {
  it("stops a run past its cap of simulated steps with a clear error", async () => {
    const error = await inputError(simulate(scenario(), { maxSimulatedSteps: 10 }));
    expect(error.field).toBe("maxSimulatedSteps");
    expect(error.message).toMatch(/passed its cap of 10 simulated steps/);
    const within = await simulate(scenario(), { maxSimulatedSteps: 1e6 });
    expect(within.results[0].metrics.steps).toBeLessThanOrEqual(1e6);
    await expect(simulate(scenario(), { maxSimulatedSteps: 0 })).rejects.toThrow(/maxSimulatedSteps: must be/);
  });

  it("stops on an abort signal, before and during a run", async () => {
    await expect(simulate(scenario(), { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
    const controller = new AbortController();
    const during = simulate(scenario(), { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(during).rejects.toThrow(/abort/i);
    // the kernel's memory was released: the next run works
    expect((await simulate(scenario())).results[0].metrics.finished).toBe(20);
  });
});

describe("sweep output", () => {
  const spec = () =>
    parseSweep({
      base: scenario((s) => s.designs.push({ ...s.designs[0], name: "second" })),
      axes: [{ path: "designs.0.pool.count", values: [1, 2] }],
    }).spec;

  it("refuses a special file, a directory or a missing folder as --out, creating nothing", async () => {
    const dir = await temp();
    await expect(sweep(spec(), { out: "/dev/full", resume: true, workers: 1 })).rejects.toThrow(
      /out: \/dev\/full is not a regular file/,
    );
    await expect(sweep(spec(), { out: dir, resume: true, workers: 1 })).rejects.toThrow(/is not a regular file/);
    await expect(sweep(spec(), { out: join(dir, "no", "such.jsonl"), workers: 1 })).rejects.toThrow(
      /cannot write .*such.jsonl \(ENOENT\)/,
    );
    await expect(sweep(spec(), { out: join(dir, "w.jsonl"), workers: 0 })).rejects.toThrow(/workers: must be/);
    await expect(sweep(spec(), { out: join(dir, "w.jsonl"), workers: 1000 })).rejects.toThrow(/workers: must be/);
    await expect(readFile(join(dir, "w.jsonl"))).rejects.toThrow(/ENOENT/);
  });

  it("refuses to resume a file another sweep wrote", async () => {
    const dir = await temp();
    const out = join(dir, "out.jsonl");
    await sweep(spec(), { out, workers: 1 });
    const other = parseSweep({ base: scenario(), axes: [{ path: "designs.0.pool.count", values: [1, 2] }] }).spec;
    await expect(sweep(other, { out, resume: true, workers: 1 })).rejects.toThrow(/results of another sweep/);
    await expect(sweep(spec(), { out, resume: true, workers: 1, overrides: { price: 2 } })).rejects.toThrow(
      /results of another sweep/,
    );
    expect((await sweep(spec(), { out, resume: true, workers: 1 })).skipped).toBe(2);
  });

  it("refuses to resume when a trace the scenario names has changed since", async () => {
    const dir = await temp();
    const out = join(dir, "out.jsonl");
    const trace = (lines: string) => writeFile(join(dir, "trace.jsonl"), lines);
    await trace('{"arrival_seconds":0,"input_tokens":100,"output_tokens":10}\n');
    const traced = parseSweep({
      base: scenario((s) => (s.workload = { arrival: { kind: "trace", path: "trace.jsonl" } })),
      axes: [{ path: "designs.0.pool.count", values: [1, 2] }],
    }).spec;
    expect((await sweep(traced, { out, workers: 1, baseDir: dir })).failed).toBe(0);
    expect((await sweep(traced, { out, resume: true, workers: 1, baseDir: dir })).skipped).toBe(2);
    await trace('{"arrival_seconds":0,"input_tokens":900,"output_tokens":10}\n');
    await expect(sweep(traced, { out, resume: true, workers: 1, baseDir: dir })).rejects.toThrow(
      /results of another sweep/,
    );
  });

  it("rejects result lines whose design is not a string or that lack inputs, naming the line", async () => {
    const dir = await temp();
    const file = join(dir, "r.jsonl");
    await writeFile(file, '{"index":0,"inputs":{},"design":5}\n{"index":1,"inputs":{}}\n');
    await expect(readResults(file)).rejects.toThrow(/line 1: "design" must be a string/);
    await writeFile(file, '{"index":0,"design":"x"}\n{"index":1,"inputs":{}}\n');
    await expect(readResults(file)).rejects.toThrow(/line 1: needs "inputs"/);
  });
});

describe("command-line output paths", () => {
  const cli = join(import.meta.dirname, "..", "dist", "src", "cli", "main.js");
  const example = join(import.meta.dirname, "..", "examples", "aggregated.json");
  const run = (...args: string[]) => {
    try {
      return { code: 0, stderr: execFileSync(process.execPath, [cli, ...args], { encoding: "utf8", stdio: "pipe" }) };
    } catch (error) {
      const e = error as { status: number; stderr: string };
      return { code: e.status, stderr: e.stderr };
    }
  };

  it.each([
    ["/dev/full", /cannot write \/dev\/full \(no space left on the device\)/],
    ["/no/such/folder/out.json", /its folder does not exist/],
    [tmpdir(), /it is a directory/],
  ])("--out %s is one line, exit 1", (out, message) => {
    const { code, stderr } = run("simulate", example, "--format", "json", "--out", out);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("escaping where output leaves the process", () => {
  it("HTML: a metric name is refused and a design name cannot close the page's script", () => {
    const hostile = "</script><script>alert(1)</script>";
    expect(() => parseAxis(hostile, "--x")).toThrow(InputError);
    const html = paretoHtml(
      paretoFrontiers(
        [{ index: 0, inputs: {}, design: hostile, metrics: { ttftSeconds: 1, outputTokensPerSecond: 2 } }],
        {
          x: "ttftSeconds:min",
          y: "outputTokensPerSecond",
        },
      ),
    );
    expect(html).not.toContain("<script>alert(1)");
    expect(html.match(/<script/g)?.length).toBe(html.match(/<\/script>/g)?.length);
  });

  it("CSV: a cell that reads as a formula stays text; numbers stay numbers", () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const lead of ["+", "-", "@"]) expect(csvCell(`${lead}1`)).toBe(`"'${lead}1"`);
    expect(csvCell(-1.5)).toBe("-1.5");
    expect(csvCell("plain")).toBe("plain");
  });

  it("terminal: control characters are shown escaped", () => {
    expect(terminalSafe("a\u001b]0;owned\u0007b\u009bc\nd\te")).toBe("a\\u{1b}]0;owned\\u{7}b\\u{9b}c\nd\te");
  });

  it("terminal: a table's own colours pass, nothing else does", () => {
    const coloured = "\u001b[90m│\u001b[39m\u001b[31m metric \u001b[39m";
    expect(terminalSafe(coloured, true)).toBe(coloured);
    expect(terminalSafe(coloured)).toBe("\\u{1b}[90m│\\u{1b}[39m\\u{1b}[31m metric \\u{1b}[39m");
    // conceal, clear screen, cursor moves and other colours stay escaped
    for (const code of ["\u001b[8m", "\u001b[2J", "\u001b[1A", "\u001b[30m", "\u001b[31;1m", "\u001b]0;t\u0007"])
      expect(terminalSafe(`x${code}y`, true)).not.toContain("\u001b");
  });
});
