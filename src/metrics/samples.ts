/** A column of samples collected one at a time into a typed array sized for the most there can be, reusable. */
export class Samples {
  private readonly buffer: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.buffer = new Float64Array(capacity);
  }

  push(value: number): void {
    this.buffer[this.count++] = value;
  }

  /** Starts over, keeping the buffer. */
  clear(): void {
    this.count = 0;
  }

  get length(): number {
    return this.count;
  }

  /** The samples collected so far, as a view (no copy). */
  values(): Float64Array {
    return this.buffer.subarray(0, this.count);
  }
}
