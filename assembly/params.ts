// Layout of a step-cost parameter block: f64 slots in linear memory, written once per
// configuration by the TypeScript packer (src/engine/params.ts mirrors these indices; a test
// pins the two together). All quantities are per chip, in SI units.

// parallel layout
export const P_TP: i32 = 0;
export const P_EP: i32 = 1;
export const P_PP: i32 = 2;

// model shape, already sharded per chip where the name says so
export const P_HIDDEN: i32 = 3;
export const P_HEADS_PER_CHIP: i32 = 4;
export const P_KV_HEADS_PER_CHIP: i32 = 5;
export const P_HEAD_DIM: i32 = 6;
export const P_VOCAB_PER_CHIP: i32 = 7;
export const P_MLA: i32 = 8;
export const P_Q_LORA: i32 = 9;
export const P_KV_LORA: i32 = 10;
export const P_ROPE_DIM: i32 = 11;
export const P_NOPE_DIM: i32 = 12;
export const P_V_DIM: i32 = 13;
export const P_FFN_PER_CHIP: i32 = 14;
export const P_FFN_MATRICES: i32 = 15;
export const P_EXPERTS: i32 = 16;
export const P_TOP_K: i32 = 17;
export const P_EXPERT_FFN_PER_CHIP: i32 = 18;
export const P_SHARED_FFN_PER_CHIP: i32 = 19;
export const P_MOE_IMBALANCE: i32 = 20;

// datatypes: bytes per element
export const P_WEIGHT_BYTES: i32 = 21;
export const P_ACT_BYTES: i32 = 22;
export const P_KV_BYTES: i32 = 23;

// chip
export const P_PEAK_FLOPS: i32 = 24;
export const P_COMPUTE_EFF: i32 = 25;
export const P_UNITS: i32 = 26;
export const P_TILE_COUNT: i32 = 27;
export const P_TILES: i32 = 28; // MAX_TILES × (m, n, k)
export const MAX_TILES: i32 = 4;
export const P_TIER_BW: i32 = 40; // MAX_TIERS peak bytes/s
export const MAX_TIERS: i32 = 3;
export const P_MEM_EFF: i32 = 43;
export const P_WEIGHT_TIER: i32 = 44;
export const P_KV_TIER: i32 = 45;
export const P_OP_OVERHEAD: i32 = 46;
export const P_STEP_OVERHEAD: i32 = 47;

// tensor-parallel collectives
export const P_TP_ALGO: i32 = 48; // ALGO_*
export const P_TP_BW: i32 = 49; // bytes/s per direction to one neighbour
export const P_TP_LAT: i32 = 50; // seconds per hop
export const P_TP_EFF: i32 = 51;
export const P_TP_ROWS: i32 = 52; // TP group shape on a 2D mesh
export const P_TP_COLS: i32 = 53;
// expert-parallel all-to-all
export const P_EP_BW: i32 = 54;
export const P_EP_LAT: i32 = 55;
export const P_EP_EFF: i32 = 56;
export const P_EP_HOPS: i32 = 57;
// pipeline hops inside a system (scale-up) and between systems (scale-out)
export const P_PP_HOPS_UP: i32 = 58;
export const P_PP_BW_UP: i32 = 59;
export const P_PP_LAT_UP: i32 = 60;
export const P_PP_EFF_UP: i32 = 61;
export const P_PP_HOPS_OUT: i32 = 62;
export const P_PP_BW_OUT: i32 = 63;
export const P_PP_LAT_OUT: i32 = 64;
export const P_PP_EFF_OUT: i32 = 65;

// layer kinds (bit 0 sliding window, bit 1 MoE) and pipeline stages
export const LAYER_KINDS: i32 = 4;
export const P_PATH_LAYERS: i32 = 66; // LAYER_KINDS: layers of each kind along the pipeline
export const P_STAGE_GROUPS: i32 = 70; // number of distinct stage compositions
export const P_STAGES: i32 = 71; // MAX_STAGE_GROUPS × STAGE_STRIDE
export const MAX_STAGE_GROUPS: i32 = 16;
export const STAGE_STRIDE: i32 = 6; // multiplicity, holds LM head (0/1), layers per kind × 4
// decode split per layer: which half of each layer this block costs
export const P_PART: i32 = 167; // PART_*
// attention's score and value products run at the KV datatype's rate (never below 8-bit), not the weights'
export const P_ATTN_PEAK_FLOPS: i32 = 168;
// the tier activations stream from: a faster tier than the weights' where it holds the step's
// activations (Tensix L1 beside GDDR6, SambaNova's PMU SRAM beside HBM), else the weight tier
export const P_ACT_TIER: i32 = 169;
// extra seconds per operator in a step that carries prefill (runtimes that replay a captured
// trace for decode but dispatch prefill operator by operator, as tt-metal does)
export const P_PREFILL_OP_OVERHEAD: i32 = 170;
export const PARAM_SLOTS: i32 = 171;

// results
export const R_LATENCY: i32 = 171; // seconds for one batch through every stage
export const R_INTERVAL: i32 = 172; // seconds between batches with the pipeline full
export const R_BREAKDOWN: i32 = 173; // OPS × OP_FIELDS
export const OPS: i32 = 12;
export const OP_FIELDS: i32 = 9;
export const R_KIND_SECONDS: i32 = 281; // LAYER_KINDS scratch: seconds per layer of each kind
// derived by prepareBlock from the parameters: reciprocals, so the hot path multiplies
// 1 / (bandwidth × memory efficiency) of the tier each kind of bytes streams from
export const D_INV_WEIGHT_RATE: i32 = 285;
export const D_INV_ACT_RATE: i32 = 286;
export const D_INV_KV_RATE: i32 = 287;
export const D_INV_FLOP_RATE: i32 = 288; // 1 / (peak × compute efficiency)
export const D_INV_TP_RATE: i32 = 289; // 1 / (TP link bandwidth × efficiency)
export const D_LOG_EXPERT_MISS: i32 = 290; // ln(1 − k/E): a token's chance of missing a given expert
export const D_INV_TILES: i32 = 291; // MAX_TILES × (1/m, 1/n, 1/k)
export const D_INV_UNITS: i32 = 303;
export const D_INV_ATTN_RATE: i32 = 304; // 1 / (attention peak × compute efficiency)
export const BLOCK_SLOTS: i32 = 305;

// operator kinds in the breakdown
export const OP_QKV: i32 = 0;
export const OP_ATTENTION: i32 = 1;
export const OP_OUT_PROJ: i32 = 2;
export const OP_FFN: i32 = 3;
export const OP_EXPERTS: i32 = 4;
export const OP_ROUTER: i32 = 5;
export const OP_NORMS: i32 = 6;
export const OP_TP_ALLREDUCE: i32 = 7;
export const OP_EP_ALLTOALL: i32 = 8;
export const OP_PP_TRANSFER: i32 = 9;
export const OP_LM_HEAD: i32 = 10;
export const OP_STEP_OVERHEAD: i32 = 11;

// fields of one breakdown row
export const F_SECONDS: i32 = 0;
export const F_FLOPS: i32 = 1;
export const F_TIER_BYTES: i32 = 2; // MAX_TIERS
export const F_NETWORK_BYTES: i32 = 5;
export const F_COMPUTE_SECONDS: i32 = 6;
export const F_MEMORY_SECONDS: i32 = 7;
export const F_DISPATCH_SECONDS: i32 = 8; // per-operator overhead (launch, dispatch) within F_SECONDS

// collective algorithms
export const ALGO_SWITCH: i32 = 0;
export const ALGO_RING: i32 = 1;
export const ALGO_MESH: i32 = 2;

// parts of a layer (P_PART)
export const PART_WHOLE: i32 = 0;
export const PART_ATTENTION: i32 = 1; // attention, norms, embeddings and LM head; the FFN runs elsewhere
export const PART_FFN: i32 = 2; // only the feed-forward block (dense or MoE)
