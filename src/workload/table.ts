/**
 * The request table: every request of a run as columns of numbers, the form the WASM event loop
 * reads. Requests with a predecessor (the next turn of a session, the next request of a closed-loop
 * user) arrive `gapSeconds` after their predecessor ends; the others at `arrivalSeconds`.
 */
export interface RequestTable {
  count: number;
  /** Arrival time of requests without a predecessor, ascending among them; NaN for the others. */
  arrivalSeconds: Float64Array;
  inputTokens: Int32Array;
  outputTokens: Int32Array;
  /** Index of the request whose end releases this one, or -1. Always lower than the request's own index. */
  predecessor: Int32Array;
  /** Think time between the predecessor's end and this request's arrival. */
  gapSeconds: Float64Array;
  /** Leading prompt tokens equal to the predecessor's context (prompt + output): prefix-cache candidates. */
  prefixTokens: Int32Array;
  /** Closed loop with a duration: requests may run out before the duration ends; the caller regenerates with more. */
  openEnded: boolean;
}
