/**
 * Number schemas the input files share (scenario, workload, sweep), and the bounds every count
 * and size in them is held to. Each bound comes from what the engine can represent or what fits
 * in the simulator's memory (docs/security.md), is checked before anything is allocated, and
 * shows in `infercast schema` as the field's `maximum`.
 */
import { z } from "zod";

export const limits = {
  /**
   * Tokens of one prompt or one output. The request table and the event loop hold token counts
   * as 32-bit integers and add a prompt, its output and a block's rounding; 2^24 leaves that far
   * below 2^31, and is above every model's context window.
   */
  tokensPerRequest: 2 ** 24,
  /** Requests of one run: 110–150 bytes each in the simulator, at most 1.4 GiB at the limit (WASM stops at 4 GiB). */
  requests: 10_000_000,
  /** Seconds any time may reach (durations, think times, arrivals): 3.2 years keeps microseconds exact. */
  seconds: 1e8,
  /** Chips in one pool, and tensor-, pipeline- and expert-parallel degrees. */
  chips: 65_536,
  /** Sequences one replica runs at once (the simulator keeps a heap of twice this per replica). */
  sequences: 65_536,
  /** Tokens per KV-cache block. */
  blockTokens: 4096,
  /** Designs in one scenario. */
  designs: 256,
  /** Draft tokens per speculative step. */
  draftTokens: 64,
  /** The seed of a random stream. */
  seed: Number.MAX_SAFE_INTEGER,
  /** Power usage effectiveness: real facilities run 1.05–2; 10 only keeps every product finite. */
  pue: 10,
  /** Dollars in one price (a purchase, a rate per hour, per kWh or per kW-month): a trillion keeps products finite. */
  usd: 1e12,
  /** Watts of one chip or one system's overhead: a gigawatt, above any rack by a factor of thousands. */
  watts: 1e9,
  /** Years a purchase is amortised over. */
  amortisationYears: 100,
} as const;

export const positiveInt = z.number().int().positive();
export const nonNegative = z.number().finite().nonnegative();
export const positive = z.number().finite().positive();
/** A count of tokens in one request. */
export const tokenCount = positiveInt.max(limits.tokensPerRequest);
/** Seconds of simulated time. */
export const seconds = nonNegative.max(limits.seconds);

/** The limits in words, for `infercast schema` and messages. */
export const limitsText = (): string =>
  [
    `tokens per prompt or output ≤ ${limits.tokensPerRequest}`,
    `requests per run ≤ ${limits.requests}`,
    `any time ≤ ${limits.seconds} s`,
    `chips per pool and parallel degrees ≤ ${limits.chips}`,
    `maxSequences ≤ ${limits.sequences}`,
    `blockTokens ≤ ${limits.blockTokens}`,
    `designs ≤ ${limits.designs}`,
    `draftTokens ≤ ${limits.draftTokens}`,
    `pue ≤ ${limits.pue}`,
    `any USD figure ≤ ${limits.usd}`,
    `any watts figure ≤ ${limits.watts}`,
    `amortisationYears ≤ ${limits.amortisationYears}`,
    "a run's simulator memory ≤ 3 GiB",
  ].join("; ");
