/**
 * A command's progress bar on standard error, shown on a terminal only. cli-progress is imported
 * only then: loading it costs about 25 ms of CPU, which a start whose output goes to a pipe or a
 * file would spend for nothing.
 */
import type { Options, SingleBar } from "cli-progress";

/** The bar, or undefined when `wanted` is false or standard error is not a terminal. */
export async function progressBar(wanted: unknown, options: Options): Promise<SingleBar | undefined> {
  if (!wanted || !process.stderr.isTTY) return undefined;
  const { SingleBar, Presets } = await import("cli-progress");
  return new SingleBar({ stream: process.stderr, ...options }, Presets.shades_classic);
}
