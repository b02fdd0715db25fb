/** One benchmark's figures, as each suite returns them and bench/run.ts writes them. */
export interface SuiteResult {
  suite: string;
  name: string;
  opsPerSecond: number;
  relativeMarginOfError: number;
  samples: number;
  [extra: string]: unknown;
}
