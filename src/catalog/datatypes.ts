/**
 * Datatypes: bytes per element (block scales included) and the compute rate each one uses.
 *
 * Weights, activations and KV cache each carry one datatype. A GEMM computes in the wider of
 * its weight and activation types; a chip lacking that type computes in the next wider type it
 * has, and the result carries a warning saying so.
 */
import type { Chip, ComputeDatatype } from "./schema.js";
import { InputError } from "../errors.js";

export interface Datatype {
  id: string;
  /** Bytes per element, including shared block scales. */
  bytesPerElement: number;
  /** Compute rate this type is computed at on a chip that supports it. */
  compute: ComputeDatatype;
  /** Chip compute rates to fall back to, narrowest first, when the chip lacks `compute`. */
  widerCompute: ComputeDatatype[];
  /** Rank by precision, to pick the wider of two types. */
  width: number;
  description: string;
}

const datatypeList: Datatype[] = [
  {
    id: "fp32",
    bytesPerElement: 4,
    compute: "fp32",
    widerCompute: [],
    width: 32,
    description: "IEEE single precision",
  },
  {
    id: "bf16",
    bytesPerElement: 2,
    compute: "bf16",
    widerCompute: ["fp16", "fp32"],
    width: 16,
    description: "bfloat16",
  },
  {
    id: "fp16",
    bytesPerElement: 2,
    compute: "fp16",
    widerCompute: ["bf16", "fp32"],
    width: 16,
    description: "IEEE half precision",
  },
  {
    id: "fp8",
    bytesPerElement: 1,
    compute: "fp8",
    widerCompute: ["bfp8", "bf16", "fp16", "fp32"],
    width: 8,
    description: "FP8 (E4M3/E5M2), per-tensor or per-channel scales",
  },
  {
    id: "int8",
    bytesPerElement: 1,
    compute: "int8",
    widerCompute: ["fp8", "bfp8", "bf16", "fp16", "fp32"],
    width: 8,
    description: "8-bit integer, per-channel scales",
  },
  {
    id: "bfp8",
    bytesPerElement: 1.0625,
    compute: "bfp8",
    widerCompute: ["fp8", "bf16", "fp16", "fp32"],
    width: 8,
    description: "Tenstorrent block-FP8: 16 mantissas share an 8-bit exponent (1.0625 B)",
  },
  {
    id: "fp4",
    bytesPerElement: 4.25 / 8,
    compute: "fp4",
    widerCompute: ["fp8", "bfp8", "bf16", "fp16", "fp32"],
    width: 4,
    description: "MXFP4 (OCP MX): 32 E2M1 values share an 8-bit scale (4.25 bits)",
  },
  {
    id: "nvfp4",
    bytesPerElement: 4.5 / 8,
    compute: "fp4",
    widerCompute: ["fp8", "bf16", "fp16", "fp32"],
    width: 4,
    description: "NVFP4: 16 E2M1 values share an FP8 scale (4.5 bits)",
  },
  {
    id: "int4",
    bytesPerElement: 4.125 / 8,
    compute: "int4",
    widerCompute: ["int8", "fp8", "bf16", "fp16", "fp32"],
    width: 4,
    description: "4-bit integer with a 16-bit scale per 128 values (4.125 bits)",
  },
  {
    id: "bfp4",
    bytesPerElement: 0.5625,
    compute: "bfp4",
    widerCompute: ["bfp8", "fp8", "bf16", "fp16", "fp32"],
    width: 4,
    description: "Tenstorrent block-FP4: 16 mantissas share an 8-bit exponent (0.5625 B)",
  },
];

const aliases: Record<string, string> = {
  mxfp4: "fp4",
  float16: "fp16",
  bfloat16: "bf16",
  float32: "fp32",
  e4m3: "fp8",
};

/** All datatypes by id. */
export const datatypes: ReadonlyMap<string, Datatype> = new Map(datatypeList.map((d) => [d.id, d]));

/** Datatype ids accepted in scenarios and on the CLI (aliases included). */
export const datatypeIds: readonly string[] = [...datatypes.keys(), ...Object.keys(aliases)];

/** Looks up a datatype by id or alias; `field` names the input for the error. */
export function datatype(id: string, field: string): Datatype {
  const found = datatypes.get(aliases[id] ?? id);
  if (!found) throw new InputError(field, `unknown datatype "${id}"`, datatypeIds);
  return found;
}

/** The datatype a GEMM computes in: the wider of weights and activations. */
export function computeDatatype(weights: Datatype, activations: Datatype): Datatype {
  return weights.width >= activations.width ? weights : activations;
}

export interface ComputeRate {
  datatype: ComputeDatatype;
  flopsPerSecond: number;
  /** Set when the chip lacks the requested type and computes in a wider one. */
  warning?: string;
}

/** The chip's dense peak for `wanted`, widening to the next type the chip has (with a warning). */
export function computeRate(chip: Chip, wanted: Datatype): ComputeRate {
  for (const candidate of [wanted.compute, ...wanted.widerCompute]) {
    const figure = chip.computeFlopsPerSecond[candidate];
    if (!figure || figure.value <= 0) continue;
    const warning =
      candidate === wanted.compute
        ? undefined
        : `${chip.id} has no ${wanted.compute} compute; ${wanted.id} GEMMs are computed in ${candidate}`;
    return { datatype: candidate, flopsPerSecond: figure.value, warning };
  }
  const has = Object.keys(chip.computeFlopsPerSecond).join(", ");
  throw new InputError("datatypes", `${chip.id} cannot compute ${wanted.id} or any wider type (it has ${has})`);
}
