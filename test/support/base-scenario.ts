// A small valid scenario (Llama 3.1 8B on eight H100s) that tests vary one field of.
export const baseScenario = (requests: number) => ({
  model: "llama-3.1-8b",
  workload: {
    arrival: { kind: "poisson", ratePerSecond: 2 },
    input: { kind: "fixed", tokens: 512 },
    output: { kind: "fixed", tokens: 128 },
    requests,
  },
  slo: { ttftSeconds: 1, tpotSeconds: 0.05 },
  designs: [{ name: "h100", kind: "aggregated", pool: { chip: "nvidia-h100-sxm", count: 8, tp: 8 } }],
});
