// Spreads a memo key over a direct-mapped table: the murmur3 finaliser, whole. Keys are doubles
// holding small integers, whose low bits are all zero and whose high bits differ little; a shorter
// mix left a quarter of 64 batch sizes sharing an entry with another.
// @ts-ignore: decorator
@inline export function mixKey(h: u64): u64 {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccd;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53;
  h ^= h >> 33;
  return h;
}
