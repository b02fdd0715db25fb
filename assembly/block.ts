// Access to f64 slots of a parameter block in linear memory, and the zeroed allocation the
// TypeScript side asks for (exported by the release kernel and by the layout echo alike).

// @ts-ignore: decorator
@inline export function param(b: usize, slot: i32): f64 {
  return load<f64>(b + (<usize>slot << 3));
}

// @ts-ignore: decorator
@inline export function setParam(b: usize, slot: i32, value: f64): void {
  store<f64>(b + (<usize>slot << 3), value);
}

// @ts-ignore: decorator
@inline export function addParam(b: usize, slot: i32, value: f64): void {
  const at = b + (<usize>slot << 3);
  store<f64>(at, load<f64>(at) + value);
}

// Allocates `bytes` of zeroed linear memory for the TypeScript side (request columns, state).
export function allocate(bytes: usize): usize {
  const at = heap.alloc(bytes);
  memory.fill(at, 0, bytes);
  return at;
}

// Parameter blocks prepared so far, counting every repack: a memo keyed by block address keeps the
// count it was filled at, so a block rewritten in place never serves another configuration's figures.
let preparedBlocks: u32 = 0;

export function countPreparedBlock(): void {
  preparedBlocks++;
}

// @ts-ignore: decorator
@inline export function preparedBlockCount(): u32 {
  return preparedBlocks;
}
