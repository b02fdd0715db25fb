// Spreads a memo key over a direct-mapped table. Keys are doubles holding small integers, whose
// low bits are all zero: the murmur3 finaliser mixes their high bits down.
// @ts-ignore: decorator
@inline export function mixKey(h: u64): u64 {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  return h;
}
