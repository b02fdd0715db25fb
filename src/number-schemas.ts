/** Number schemas the input files share (scenario, workload, sweep). */
import { z } from "zod";

export const positiveInt = z.number().int().positive();
export const nonNegative = z.number().finite().nonnegative();
export const positive = z.number().finite().positive();
