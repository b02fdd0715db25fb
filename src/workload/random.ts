/**
 * A seeded pseudo-random generator: xoshiro128** on 32-bit integers, its state filled by
 * splitmix32 from the seed and a stream number. Only 32-bit integer arithmetic (`Math.imul`,
 * shifts), so the same seed gives the same numbers in every JavaScript engine.
 */

/** Returns the next uniform number in the open interval (0, 1). */
export type Uniform = () => number;

const twoTo32 = 4294967296;

/** The splitmix32 output function (a bijection on 32-bit integers), used to mix seeds. */
function mix32(value: number): number {
  let z = value | 0;
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z;
}

/**
 * A generator of uniforms for `seed` (a non-negative integer up to 2^53) and `stream`:
 * different streams of one seed are independent sequences, so drawing more numbers for one
 * purpose (say, arrival gaps) never shifts the numbers another purpose (say, lengths) gets.
 */
export function createUniform(seed: number, stream = 0): Uniform {
  const low = seed >>> 0;
  const high = Math.floor(seed / twoTo32) >>> 0;
  let counter = mix32(mix32(mix32(low) ^ high) ^ stream);
  // splitmix32: consecutive counters through a bijection never give four zero words,
  // the one state xoshiro cannot leave.
  const next32 = (): number => {
    counter = (counter + 0x9e3779b9) | 0;
    return mix32(counter);
  };
  let s0 = next32();
  let s1 = next32();
  let s2 = next32();
  let s3 = next32();
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    // Centre of one of 2^32 equal bins: never exactly 0 or 1, so logarithms stay finite.
    return ((result >>> 0) + 0.5) / twoTo32;
  };
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
