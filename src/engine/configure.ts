/**
 * Configures a model × hardware × layout × datatypes choice: resolves and checks it, splits the
 * layers over pipeline stages, places weights and KV cache in the chip's memory tiers, works out
 * the collectives, and packs it all into the parameter block the kernels read.
 */
import * as P from "#params";
import type { ComputeRate, Datatype } from "../catalog/datatypes.js";
import type { EfficiencyCase } from "../catalog/efficiency.js";
import type { Chip, System } from "../catalog/schema.js";
import type { ModelSpec } from "../model/spec.js";
import { embeddingElementsPerChip, layerWeightElementsPerChip, memoryPlan, type MemoryPlan } from "./capacity.js";
import type { HardwareChoice, Layout } from "./layout.js";
import { pack } from "./pack.js";
import { resolve } from "./resolve.js";
import type { Sharding } from "./sharding.js";
import { splitStages, type StageGroup } from "./stages.js";
import { collectives } from "./topology.js";

export interface Configuration {
  model: ModelSpec;
  chip: Chip;
  system: System;
  layout: Layout;
  /** How the runtime shards the TP group's matrices. */
  sharding: Sharding;
  count: number;
  replicas: number;
  chipsPerReplica: number;
  datatypes: { weights: Datatype; activations: Datatype; kv: Datatype };
  compute: ComputeRate;
  /** The efficiency case packed, and the compute and memory efficiencies it gave this chip. */
  efficiency: { case: EfficiencyCase; compute: number; memory: number };
  stages: StageGroup[];
  memory: MemoryPlan;
  /** The packed parameter block (PARAM_SLOTS values) the kernels read. */
  params: Float64Array;
  warnings: string[];
}

/** Validates the choice, plans memory and packs the kernel parameters. */
export function configure(input: HardwareChoice): Configuration {
  const choice = resolve(input);
  const { model, chip, system, layout, sharding, count, chipsPerReplica, part, datatypes } = choice;
  const embedding = embeddingElementsPerChip(model, layout, part);
  const stages = splitStages(model.layers, layout.pp, P.MAX_STAGE_GROUPS, {
    layerOfKind: layerWeightElementsPerChip(model, layout, sharding, part),
    embedding,
    lmHead: model.tiedEmbeddings && layout.pp === 1 ? 0 : embedding,
  });
  const memory = memoryPlan({
    model,
    chip,
    layout,
    sharding,
    stages,
    ...datatypes,
    maxBatchTokens: choice.maxBatchTokens,
    part,
  });
  const network = collectives(system, layout, sharding);
  const params = pack({ ...choice, stages, memory, network });
  return {
    model,
    chip,
    system,
    layout,
    sharding,
    count,
    replicas: count / chipsPerReplica,
    chipsPerReplica,
    datatypes,
    compute: choice.compute,
    efficiency: choice.efficiency,
    stages,
    memory,
    params,
    warnings: [...choice.warnings, ...network.warnings],
  };
}
