/**
 * Token lengths a seeded stream has drawn, kept for the next table of the same workload. The n-th
 * sample of a (distribution, seed, stream) depends only on n (`lengths.ts`), so the frontier
 * search, which generates one workload for hundreds of closed-loop runs of different sizes, and a
 * sweep, which generates it for every point, draw each length once instead of once per table. A
 * few streams of at most {@link MAX_KEPT} lengths each are kept, least recently used out first,
 * so the memory stays bounded (32 MiB at most).
 */
import type { Length } from "./schema.js";
import { lengthSampler, type LengthSampler } from "./lengths.js";
import { createUniform } from "./random.js";

const KEPT_STREAMS = 8;
const MAX_KEPT = 2 ** 20;

interface KeptStream {
  /** The stream's lengths so far, in the order drawn (whole tokens, so exact in an Int32Array). */
  values: Int32Array;
  count: number;
  /** Draws the stream's next length. */
  draw: LengthSampler;
}

const kept = new Map<string, KeptStream>();

/**
 * A sampler of `length` that gives the same lengths as `lengthSampler(length, createUniform(seed,
 * stream))`, from the start, reading those drawn before. Samplers are used one table at a time.
 */
export function keptSampler(length: Length, seed: number, stream: number): LengthSampler {
  const key = `${stream} ${seed} ${JSON.stringify(length)}`;
  let entry = kept.get(key);
  // the most recently used stream goes to the end of the map's order
  if (entry) kept.delete(key);
  else entry = { values: new Int32Array(1024), count: 0, draw: lengthSampler(length, createUniform(seed, stream)) };
  kept.set(key, entry);
  if (kept.size > KEPT_STREAMS) kept.delete(kept.keys().next().value!);
  const keptStream = entry;
  let next = 0;
  return () => {
    if (next < keptStream.count) return keptStream.values[next++];
    const value = keptStream.draw();
    next++;
    if (keptStream.count === MAX_KEPT) {
      // a longer stream is drawn but no longer kept: its entry would hold its place wrongly
      kept.delete(key);
      return value;
    }
    if (keptStream.count === keptStream.values.length) {
      const grown = new Int32Array(keptStream.values.length * 2);
      grown.set(keptStream.values);
      keptStream.values = grown;
    }
    keptStream.values[keptStream.count++] = value;
    return value;
  };
}
