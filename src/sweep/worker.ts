/**
 * A sweep worker (a piscina thread): takes the compiled kernel module its parent handed over, then
 * evaluates batches of point indices into JSONL.
 */
import { workerData } from "piscina";
import { kernelModuleKey } from "../engine/kernel-key.js";

(globalThis as Record<symbol, unknown>)[kernelModuleKey] = (
  workerData as { kernelModule?: WebAssembly.Module }
).kernelModule;
const { pointEvaluator } = await import("./points.js");
const { spec, baseDir, maxSimulatedSteps } = workerData as {
  spec: import("./schema.js").SweepSpec;
  baseDir?: string;
  maxSimulatedSteps?: number;
};
const evaluator = pointEvaluator(spec, baseDir, { maxSimulatedSteps });

export default async function evaluate(indices: number[]): Promise<import("./points.js").EvaluatedBatch> {
  return evaluator.evaluate(indices);
}
