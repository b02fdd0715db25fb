/**
 * A batch as the kernels see it: sums over its sequences, never the sequences themselves.
 * The *Windowed sums cap each sequence's context at the model's sliding window.
 */
export interface BatchAggregates {
  /** New prompt tokens processed this step (all prefill chunks). */
  prefillTokens: number;
  /** Sequences with a prefill chunk this step. */
  prefillSequences: number;
  /** Causal query-key pairs of the prefill chunks. */
  prefillPairs: number;
  prefillPairsWindowed: number;
  /** Context tokens whose KV the prefill chunks read (earlier chunks plus the chunk itself). */
  prefillContextTokens: number;
  prefillContextTokensWindowed: number;
  /** Sequences generating one token this step. */
  decodeSequences: number;
  /** Sum of the decode sequences' context lengths (each including its new token). */
  decodeContextTokens: number;
  decodeContextTokensWindowed: number;
  /**
   * Tokens the routed experts see, where they are not the batch's own (prefill tokens + decode
   * sequences): one attention group of a DEP replica, costed with its batch counted once per group,
   * passes the whole replica's tokens here.
   */
  expertTokens?: number;
}

export const emptyBatch = (): BatchAggregates => ({
  prefillTokens: 0,
  prefillSequences: 0,
  prefillPairs: 0,
  prefillPairsWindowed: 0,
  prefillContextTokens: 0,
  prefillContextTokensWindowed: 0,
  decodeSequences: 0,
  decodeContextTokens: 0,
  decodeContextTokensWindowed: 0,
});

/** Σ_{i=a+1}^{b} min(i, window): query-key pairs of queries at positions a+1..b (window 0 = none). */
function cappedPairs(a: number, b: number, window: number): number {
  const sum = (n: number) => (n * (n + 1)) / 2;
  if (window <= 0 || b <= window) return sum(b) - sum(a);
  if (a >= window) return (b - a) * window;
  return sum(window) - sum(a) + (b - window) * window;
}

/**
 * Adds a prefill chunk of `chunk` tokens to a sequence that already has `prior` tokens cached.
 * Mutates and returns `out`.
 */
export function addPrefillChunk(out: BatchAggregates, prior: number, chunk: number, window: number): BatchAggregates {
  out.prefillTokens += chunk;
  out.prefillSequences += 1;
  out.prefillPairs += cappedPairs(prior, prior + chunk, 0);
  out.prefillPairsWindowed += cappedPairs(prior, prior + chunk, window);
  out.prefillContextTokens += prior + chunk;
  out.prefillContextTokensWindowed += window > 0 ? Math.min(prior + chunk, window - 1 + chunk) : prior + chunk;
  return out;
}

/** Adds `sequences` decode sequences each with `context` tokens (including the new one). Mutates `out`. */
export function addDecode(out: BatchAggregates, sequences: number, context: number, window: number): BatchAggregates {
  out.decodeSequences += sequences;
  out.decodeContextTokens += sequences * context;
  out.decodeContextTokensWindowed += sequences * (window > 0 ? Math.min(context, window) : context);
  return out;
}
