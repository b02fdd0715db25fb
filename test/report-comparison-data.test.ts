// The data reports of `infercast compare`: CSV by RFC 4180 with nulls left empty, and JSON with
// non-finite numbers as null and typed arrays as arrays.
import { describe, expect, it } from "vitest";
import { comparisonCsv, comparisonJson } from "../src/report/comparison-data.js";
import { big, comparison, fast, result } from "./support/comparison.js";

describe("comparisonCsv", () => {
  const csv = comparisonCsv(result);
  const lines = csv.trimEnd().split("\n");

  /** RFC 4180 fields of one record (no line breaks inside fields here). */
  const fields = (line: string): string[] => {
    const out: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let s = "";
        i++;
        for (;;) {
          if (line[i] === '"' && line[i + 1] === '"') {
            s += '"';
            i += 2;
          } else if (line[i] === '"') {
            i++;
            break;
          } else s += line[i++];
        }
        out.push(s);
        i++;
      } else {
        const end = line.indexOf(",", i) === -1 ? line.length : line.indexOf(",", i);
        out.push(line.slice(i, end));
        i = end + 1;
      }
    }
    return out;
  };

  it("has a header and one row per design", () => {
    expect(lines).toHaveLength(3);
    const header = fields(lines[0]);
    expect(header.slice(0, 5)).toEqual(["model", "workload", "design", "kind", "chips"]);
    expect(header.at(-1)).toBe("binding");
    for (const line of lines) expect(fields(line)).toHaveLength(header.length);
  });

  it("quotes by RFC 4180 and leaves nulls empty", () => {
    const header = fields(lines[0]);
    const row = (i: number) => Object.fromEntries(fields(lines[i]).map((v, k) => [header[k], v]));
    const a = row(1),
      b = row(2);
    expect(lines[2]).toContain('"mesh, ""big"""');
    expect(b.design).toBe('mesh, "big"');
    expect(a.design).toBe("<b>fast</b>");
    expect(a.power_w).toBe("");
    expect(a.joules_per_output_token).toBe("");
    expect(a.usd_per_million_output_tokens).toBe("");
    expect(a.output_tokens_per_s_per_kw).toBe("");
    expect(b.kv_transfer_p90_s).toBe("");
    expect(b.power_w).toBe("90000");
    expect(b.usd_per_million_output_tokens).toBe("0.42");
    expect(a.ttft_p90_s).toBe("0.5");
    expect(a.overloaded).toBe("false");
    expect(b.overloaded).toBe("true");
    expect(a.binding).toBe("decode bandwidth");
    expect(a.kind).toBe("disaggregated");
    expect(a.chips).toBe("16");
  });
});

describe("comparisonJson", () => {
  it("holds the budget, SLO, results and verdicts, with non-finite numbers as null", () => {
    const withNaN = comparison([{ ...fast, metrics: { ...fast.metrics, makespanSeconds: Number.NaN } }, big]);
    withNaN.results[0] = { ...withNaN.results[0], requests: undefined };
    const json = JSON.parse(comparisonJson(withNaN));
    expect(json.budget).toBe("power");
    expect(json.budgetDescription).toContain("20 kW");
    expect(json.slo).toEqual({ ttftSeconds: 1, tpotSeconds: 0.05, percentile: 90 });
    expect(json.results).toHaveLength(2);
    expect(json.results[0].metrics.makespanSeconds).toBeNull();
    expect(json.results[0].metrics.powerWatts).toBeNull();
    expect(json.verdicts).toEqual([
      {
        model: "llama-3.1-8b",
        workload: "chat",
        design: "<b>fast</b>",
        binding: "decode bandwidth",
        explanation: "why <b>fast</b> binds",
      },
      {
        model: "llama-3.1-8b",
        workload: "chat",
        design: 'mesh, "big"',
        binding: "prefill compute",
        explanation: 'why mesh, "big" binds',
      },
    ]);
  });

  it("turns typed arrays into arrays", () => {
    const requests = {
      arrivalSeconds: Float64Array.from([0, 1]),
      firstTokenSeconds: Float64Array.from([0.2, Number.NaN]),
      finishSeconds: Float64Array.from([1, Number.NaN]),
      inputTokens: Int32Array.from([10, 20]),
      outputTokens: Int32Array.from([5, 0]),
      status: ["finished", "not-issued"],
      preemptions: Int32Array.from([0, 0]),
      replica: Int32Array.from([0, -1]),
      prefixHitTokens: Int32Array.from([0, 0]),
    };
    const json = JSON.parse(comparisonJson(comparison([{ ...fast, requests }, big])));
    expect(json.results[0].requests.firstTokenSeconds).toEqual([0.2, null]);
    expect(json.results[0].requests.inputTokens).toEqual([10, 20]);
  });
});
