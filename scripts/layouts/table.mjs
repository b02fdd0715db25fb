// The one table of every memory layout the WASM kernels share with TypeScript: the step-cost
// parameter block, the simulation block, its per-request columns, pool parameters and replica
// state, and the operator ids. scripts/layouts/generate.mjs turns it into the AssemblyScript
// constants and accessors and the TypeScript lists; offsets are counted, never typed in. It stays
// one file, though long: it is data, and one place to read every slot is what it is for.
//
// Constants: [name, value, why], where the value is a number or an expression over earlier constants.
// Blocks: { title, size, entries }; `size` names the constant holding the block's slot count, and a
// block is laid out after the constants and blocks before it, so later counts may use its size.
//
// Entries, in the order they are laid out:
//   slot(name, why, count, { bindI32, dimension })
//                             f64 slot(s) of a block; `count` is an expression over earlier constants;
//                             `bindI32` names an i32 global the event loop reads it into; `dimension`
//                             names the run dimension TypeScript writes into it (writeDimensions)
//   column(name, type, why, { field, length, codes, initial, increment, input, output })
//                             a slot holding a pointer to a per-request column of f64, i32 or u8
//                             (a byte each, handled as i32: only for `codes`, the title of the codes
//                             it holds, which must fit a byte); `length` names the run dimension
//                             it spans (default requests); `input` names the RequestInputs field
//                             TypeScript writes into it, `output` the RequestOutcomes field it reads back
//   array(name, type, length, why, { field })
//                             a slot holding a pointer to another array; `length` is an expression
//                             over the run's dimensions (requests, released, handovers, replicas,
//                             pools, heapCapacity, bucketStride, planStride) and constants
//   group(name, why, [...])   slots that must stay contiguous (a loop walks them)
//   mark(name, why)           a constant holding the offset reached so far
//   section(title)            a comment line in the generated file
//
// Codes: { title, names: [[NAME, why, scenario name], ...], count, map }: NAME is the code's
// index; where `map` is given, src/sim/layout.generated.ts exports it as scenario name → code.

export const slot = (name, why = "", count, options = {}) => ({ kind: "slot", name, why, count, ...options });
export const column = (name, type, why = "", options = {}) => ({ kind: "column", name, type, why, ...options });
export const array = (name, type, length, why = "", options = {}) => ({
  kind: "array",
  name,
  type,
  length,
  why,
  ...options,
});
export const group = (name, why, entries) => ({ kind: "group", name, why, entries });
export const mark = (name, why = "") => ({ kind: "mark", name, why });
export const section = (title) => ({ kind: "section", title });

/** Operators of a step's breakdown: id, the name the API reports, and how its time is classed. */
// kinds: "kernel" is compute- or memory-bound by its own figures; "network" is a link's time;
// "overhead" is fixed time per step
export const operators = [
  ["OP_QKV", "qkv", "kernel"],
  ["OP_ATTENTION", "attention", "kernel"],
  ["OP_OUT_PROJ", "out-proj", "kernel"],
  ["OP_FFN", "ffn", "kernel"],
  ["OP_EXPERTS", "moe-experts", "kernel"],
  ["OP_ROUTER", "router", "kernel"],
  ["OP_NORMS", "norms", "kernel"],
  ["OP_TP_ALLREDUCE", "tp-all-reduce", "network"],
  ["OP_EP_ALLTOALL", "ep-all-to-all", "network"],
  ["OP_PP_TRANSFER", "pp-transfer", "network"],
  ["OP_LM_HEAD", "lm-head", "kernel"],
  ["OP_STEP_OVERHEAD", "step-overhead", "overhead"],
].map(([id, name, kind]) => ({ id, name, kind }));

/** assembly/params.ts: the step-cost parameter block and the codes it uses. */
export const stepLayout = {
  file: "assembly/params.ts",
  header: [
    "Layout of a step-cost parameter block: f64 slots in linear memory, written once per",
    'configuration by the TypeScript packer (src/engine/pack.ts, through "#params"). All',
    "quantities are per chip, in SI units.",
  ],
  constants: [
    ["MAX_TILES", 4, "GEMM tile shapes a chip offers"],
    ["MAX_TIERS", 3, "memory tiers of a chip"],
    ["LAYER_KINDS", 4, "bit 0 sliding window, bit 1 MoE"],
    ["MAX_STAGE_GROUPS", 16, ""],
  ],
  codes: [
    { title: "operator kinds in the breakdown", names: operators.map((o) => [o.id, ""]), count: "OPS" },
    {
      title: "collective algorithms",
      names: [
        ["ALGO_SWITCH"],
        ["ALGO_RING"],
        ["ALGO_MESH", "1D sharding on a sub-mesh: each all-reduce runs over both axes"],
        ["ALGO_MESH_2D", "2D weight sharding: each matmul reduces along one axis of the sub-mesh"],
      ],
    },
    {
      title: "parts of a layer (P_PART)",
      names: [
        ["PART_WHOLE"],
        ["PART_ATTENTION", "attention, norms, embeddings and LM head; the FFN runs elsewhere"],
        ["PART_FFN", "only the feed-forward block (dense or MoE)"],
      ],
    },
  ],
  blocks: [
    {
      title: "fields of one GEMM tile shape (a row of P_TILES; D_INV_TILES holds their reciprocals)",
      size: "TILE_FIELDS",
      entries: [slot("TILE_M"), slot("TILE_N"), slot("TILE_K")],
    },
    {
      title: "fields of one row of P_STAGES: a group of pipeline stages with the same layers",
      size: "STAGE_STRIDE",
      entries: [
        slot("STAGE_MULTIPLICITY", "stages in the group"),
        slot("STAGE_LM_HEAD", "0/1: the group's stages hold the LM head"),
        slot("STAGE_LAYERS", "LAYER_KINDS: layers of each kind in one stage", "LAYER_KINDS"),
      ],
    },
    {
      title: "fields of one breakdown row",
      size: "OP_FIELDS",
      entries: [
        slot("F_SECONDS"),
        slot("F_FLOPS"),
        slot("F_TIER_BYTES", "MAX_TIERS", "MAX_TIERS"),
        slot("F_NETWORK_BYTES"),
        slot("F_COMPUTE_SECONDS"),
        slot("F_MEMORY_SECONDS"),
        slot("F_DISPATCH_SECONDS", "per-operator overhead (launch, dispatch) within F_SECONDS"),
      ],
    },
    {
      title: "the block: parameters the packer writes, then results and values derived from them",
      size: "BLOCK_SLOTS",
      entries: [
        section("parallel layout"),
        slot("P_TP"),
        slot("P_EP"),
        slot("P_PP"),
        section("model shape, already sharded per chip where the name says so"),
        slot("P_HIDDEN"),
        slot("P_HEADS_PER_CHIP"),
        slot("P_KV_HEADS_PER_CHIP"),
        slot("P_HEAD_DIM"),
        slot("P_VOCAB_PER_CHIP"),
        slot("P_MLA"),
        slot("P_Q_LORA"),
        slot("P_KV_LORA"),
        slot("P_ROPE_DIM"),
        slot("P_NOPE_DIM"),
        slot("P_V_DIM"),
        slot("P_FFN_PER_CHIP"),
        slot("P_FFN_MATRICES"),
        slot("P_EXPERTS"),
        slot("P_TOP_K"),
        slot("P_EXPERT_FFN_PER_CHIP"),
        slot("P_SHARED_FFN_PER_CHIP"),
        slot(
          "P_MOE_IMBALANCE",
          "busiest expert-parallel chip's routed load / the mean (≥ 1); 0: uniform routing's, derived per step",
        ),
        section("datatypes: bytes per element"),
        slot("P_WEIGHT_BYTES"),
        slot("P_ACT_BYTES"),
        slot("P_KV_BYTES"),
        section("chip"),
        slot("P_PEAK_FLOPS"),
        slot("P_COMPUTE_EFF"),
        slot("P_UNITS"),
        slot("P_TILE_COUNT"),
        slot("P_TILES", "MAX_TILES × TILE_FIELDS (m, n, k)", "MAX_TILES * TILE_FIELDS"),
        slot("P_TIER_BW", "MAX_TIERS peak bytes/s", "MAX_TIERS"),
        slot("P_MEM_EFF"),
        slot("P_WEIGHT_TIER"),
        slot("P_KV_TIER"),
        slot("P_OP_OVERHEAD"),
        slot("P_STEP_OVERHEAD"),
        section("tensor-parallel collectives"),
        slot("P_TP_ALGO", "ALGO_*"),
        slot("P_TP_BW", "bytes/s per direction to one neighbour"),
        slot("P_TP_LAT", "seconds per hop"),
        slot("P_TP_EFF"),
        slot("P_TP_ROWS", "TP group shape on a 2D mesh"),
        slot("P_TP_COLS"),
        section("expert-parallel all-to-all"),
        slot("P_EP_BW"),
        slot("P_EP_LAT"),
        slot("P_EP_EFF"),
        slot("P_EP_HOPS"),
        section("pipeline hops inside a system (scale-up) and between systems (scale-out)"),
        slot("P_PP_HOPS_UP"),
        slot("P_PP_BW_UP"),
        slot("P_PP_LAT_UP"),
        slot("P_PP_EFF_UP"),
        slot("P_PP_HOPS_OUT"),
        slot("P_PP_BW_OUT"),
        slot("P_PP_LAT_OUT"),
        slot("P_PP_EFF_OUT"),
        section("layers of each kind and pipeline stages"),
        slot("P_PATH_LAYERS", "LAYER_KINDS: layers of each kind along the pipeline", "LAYER_KINDS"),
        slot("P_STAGE_GROUPS", "number of distinct stage compositions"),
        slot("P_STAGES", "MAX_STAGE_GROUPS × STAGE_STRIDE", "MAX_STAGE_GROUPS * STAGE_STRIDE"),
        section("decode split per layer: which half of each layer this block costs"),
        slot("P_PART", "PART_*"),
        section(
          "attention's score and value products run at the KV datatype's rate (never below 8-bit), not the weights'",
        ),
        slot("P_ATTN_PEAK_FLOPS"),
        section("the tier activations stream from: a faster tier than the weights' where it holds the step's"),
        section("activations (Tensix L1 beside GDDR6, SambaNova's PMU SRAM beside HBM), else the weight tier"),
        slot("P_ACT_TIER"),
        section("extra seconds per operator in a step that carries prefill (runtimes that replay a captured"),
        section("trace for decode but dispatch prefill operator by operator, as tt-metal does)"),
        slot("P_PREFILL_OP_OVERHEAD"),
        section("2D weight sharding (ALGO_MESH_2D): every matmul splits the hidden dimension over the"),
        section("sub-mesh's rows and attention runs data-parallel over them (sequences split by row)"),
        slot("P_HIDDEN_SPLIT", "ways each matmul's hidden dimension is split (rows under 2D, else 1)"),
        slot("P_ATTN_DP", "attention data-parallel groups inside the TP group (rows under 2D, else 1)"),
        section("the runtime's collectives: the share of their time that may hide under the layer's matmuls in a"),
        section("decode step and in a step with prefill, and whether they are fused into the matmuls (no"),
        section("dispatch of their own)"),
        slot("P_CCL_OVERLAP"),
        slot("P_CCL_OVERLAP_PREFILL"),
        slot("P_CCL_FUSED"),
        section("decode attention over a paged KV cache: the share of the KV tier's achievable rate it streams"),
        section("at, reached from P_ATTN_SAT_PAIRS (sequence, KV head) pairs per chip up (0: from one)"),
        slot("P_ATTN_KV_EFF"),
        slot("P_ATTN_SAT_PAIRS"),
        mark("PARAM_SLOTS", "the packer writes slots below this; results and derived values follow"),
        section("results"),
        slot("R_LATENCY", "seconds for one batch through every stage"),
        slot("R_INTERVAL", "seconds between batches with the pipeline full"),
        slot("R_BREAKDOWN", "OPS × OP_FIELDS", "OPS * OP_FIELDS"),
        slot("R_KIND_SECONDS", "LAYER_KINDS scratch: seconds per layer of each kind", "LAYER_KINDS"),
        section("derived by prepareBlock from the parameters: reciprocals, so the hot path multiplies"),
        section("1 / (bandwidth × memory efficiency) of the tier each kind of bytes streams from"),
        slot("D_INV_WEIGHT_RATE"),
        slot("D_INV_ACT_RATE"),
        slot("D_INV_KV_RATE"),
        slot("D_INV_FLOP_RATE", "1 / (peak × compute efficiency)"),
        slot("D_INV_TP_RATE", "1 / (TP link bandwidth × efficiency)"),
        slot("D_LOG_EXPERT_MISS", "ln(1 − k/E): a token's chance of missing a given expert"),
        slot("D_TWO_LOG_EP", "2 ln(EP): the Gaussian bound on the busiest of EP chips' loads, squared"),
        slot("D_ACTIVE_KINDS", "bit k set where the path has layers of kind k"),
        slot("D_INV_TILES", "MAX_TILES × TILE_FIELDS (1/m, 1/n, 1/k)", "MAX_TILES * TILE_FIELDS"),
        slot("D_INV_UNITS"),
        slot("D_INV_ATTN_RATE", "1 / (attention peak × compute efficiency)"),
        section("gemmBoundSeconds's bound on the smallest tile's time: groups·(k+tk)(m+tm)(n+tn)·scale + floor"),
        slot("D_BOUND_TILE_M"),
        slot("D_BOUND_TILE_N"),
        slot("D_BOUND_TILE_K"),
        slot("D_BOUND_SCALE"),
        slot("D_BOUND_FLOOR"),
        section("the GEMM memo's unit of M: the smallest tile's rows where all rows are multiples (0: none)"),
        slot("D_MEMO_ROWS"),
        slot("D_INV_MEMO_ROWS"),
      ],
    },
  ],
};

/** assembly/sim/layout.ts: the simulation block, pool parameters, replica state and codes. */
export const simLayout = {
  file: "assembly/sim/layout.ts",
  header: [
    "Layout of a simulation block: f64 slots holding parameters, pointers to request columns and",
    "per-replica state, and outputs. The TypeScript side (src/sim/run-pool.ts) allocates every array",
    "once per run and writes the pointers here; the event loop allocates nothing.",
  ],
  constants: [
    [
      "HIST_BINS",
      4096,
      "histograms: HIST_PER_OCTAVE bins per factor of two (equal widths within an octave), from 2^HIST_MIN_EXP",
    ],
    ["HIST_PER_OCTAVE_BITS", 6, ""],
    ["HIST_PER_OCTAVE", "1 << HIST_PER_OCTAVE_BITS", ""],
    ["HIST_MIN_EXP", -32, ""],
  ],
  codes: [
    {
      title: "pool roles (PL_ROLE)",
      map: "roleCodes",
      names: [
        ["ROLE_MIXED", "prefills and decodes", "mixed"],
        ["ROLE_PREFILL", "prefills, then hands the KV cache to PL_NEXT_POOL", "prefill"],
        ["ROLE_DECODE", "decodes requests handed over (and recomputes its preempted ones)", "decode"],
      ],
    },
    {
      title: "request status",
      names: [
        ["STATUS_PENDING"],
        ["STATUS_WAITING"],
        ["STATUS_PREFILLING"],
        ["STATUS_DECODING"],
        ["STATUS_FINISHED"],
        ["STATUS_REJECTED_CONTEXT", "prompt longer than the model's context window"],
        ["STATUS_REJECTED_KV", "can never fit in one replica's KV cache"],
        ["STATUS_NOT_ISSUED", "released after the run's duration ended"],
        ["STATUS_TRANSFERRING", "KV cache crossing from a prefill pool to a decode pool"],
      ],
    },
    {
      title: "batch priority (PL_PRIORITY)",
      map: "priorityCodes",
      names: [
        ["PRIORITY_DECODE_FIRST", "", "decode-first"],
        ["PRIORITY_PREFILL_FIRST", "", "prefill-first"],
      ],
    },
    {
      title: "routers (PL_ROUTER)",
      map: "routerCodes",
      names: [
        ["ROUTER_ROUND_ROBIN", "", "round-robin"],
        ["ROUTER_LEAST_OUTSTANDING", "", "least-outstanding-tokens"],
        ["ROUTER_LEAST_KV", "", "least-kv"],
        ["ROUTER_PREFIX_AFFINITY", "", "prefix-affinity"],
      ],
    },
    {
      title: "preemption (PL_PREEMPTION)",
      map: "preemptionCodes",
      names: [
        ["PREEMPT_RECOMPUTE", "", "recompute"],
        ["PREEMPT_SWAP", "", "swap"],
      ],
    },
    {
      title: "admission (PL_ADMISSION)",
      map: "admissionCodes",
      names: [
        [
          "ADMISSION_OPTIMISTIC",
          "admit while the prompt fits, preempt when decode outgrows the cache (vLLM)",
          "optimistic",
        ],
        [
          "ADMISSION_RESERVE",
          "admit only when the cache also holds every token still to come (TensorRT-LLM's no-evict)",
          "reserve",
        ],
      ],
    },
    {
      title: "where a waiting request's KV cache is (S_SWAPPED)",
      names: [
        ["KV_NONE", "must be prefilled"],
        ["KV_IN_HOST", "swapped out: comes back over the host link"],
        ["KV_HANDED_OVER", "arrived from a prefill pool: already in this replica's reach"],
      ],
    },
    {
      title: "heap entry kinds (low bit of the tag; the rest is the request's generation)",
      names: [["ENTRY_FINISH"], ["ENTRY_WINDOW"]],
    },
  ],
  blocks: [
    {
      title: "pool parameters (f64 slots, POOL_STRIDE per pool)",
      size: "POOL_STRIDE",
      entries: [
        slot("PL_STEP_BLOCK"),
        slot("PL_STEP_BLOCK_FFN", "feed-forward half on other chips (decode split per layer), or 0"),
        slot("PL_FFN_HOP_SECONDS_PER_TOKEN", "activation bytes per token / link bandwidth"),
        slot("PL_FFN_HOP_LATENCY"),
        slot("PL_FFN_SHARE", "attention replicas the feed-forward chips serve in turn"),
        slot("PL_PP"),
        slot("PL_MAX_SEQUENCES"),
        slot("PL_CHUNK_TOKENS"),
        slot("PL_PRIORITY"),
        slot("PL_ROUTER"),
        slot("PL_PREEMPTION"),
        slot("PL_BLOCK_TOKENS"),
        slot("PL_KV_BLOCKS", "per replica"),
        slot("PL_PREFIX_CACHE"),
        slot("PL_SWAP_SECONDS_PER_TOKEN"),
        slot("PL_FIRST_REPLICA"),
        slot("PL_REPLICAS"),
        slot("PL_ROLE", "ROLE_*"),
        slot("PL_ROUND_ROBIN", "state: next replica for round-robin"),
        slot("PL_NEXT_POOL", "where requests go after prefill (ROLE_PREFILL), else -1"),
        section("speculative decoding (draft model or multi-token prediction): k draft tokens verified per step"),
        slot("PL_SPEC_DRAFT_TOKENS", "k; 0 = none"),
        slot("PL_SPEC_TOKENS_PER_STEP", "expected tokens per step, (1 − α^(k+1)) / (1 − α)"),
        slot("PL_SPEC_DRAFT_COST", "one draft token's cost relative to a target decode step"),
        slot("PL_LAYERS", "decoder layers (activation hops of the split per layer)"),
        section("power drawn by a busy chip, as a share of its idle-to-max range: PL_POWER_FLOOR in a step without"),
        section("arithmetic, rising linearly to 1 as the step's share of time at the achievable FLOP rate reaches"),
        section("PL_POWER_KNEE (both 1 when the chip has no such figures: a busy chip draws its maximum)"),
        slot("PL_POWER_FLOOR"),
        slot("PL_POWER_KNEE"),
        slot("PL_ADMISSION", "ADMISSION_*"),
        slot(
          "PL_LOCKSTEP",
          "consecutive replicas of the pool that step together (the ep attention groups of a DEP replica), else 1",
        ),
      ],
    },
    {
      title: "replica state (f64 slots, REP_STRIDE per replica)",
      size: "REP_STRIDE",
      entries: [
        slot("RS_BUSY"),
        slot("RS_STEP_START"),
        group("RS_LISTS", "heads and tails of the replica's request lists, set to -1 (empty) together", [
          slot("RS_WAIT_HEAD"),
          slot("RS_WAIT_TAIL"),
          slot("RS_PREFILL_HEAD"),
          slot("RS_PREFILL_TAIL"),
          slot("RS_DECODE_HEAD"),
          slot("RS_DECODE_TAIL"),
          slot("RS_LRU_HEAD"),
          slot("RS_LRU_TAIL"),
        ]),
        slot("RS_RUNNING", "prefilling + decoding"),
        slot("RS_DECODE_COUNT"),
        slot("RS_CONTEXT_SUM", "Σ tokens in KV of decoding sequences"),
        slot("RS_WINDOWED_SUM", "Σ min(tokens in KV, window)"),
        slot("RS_BELOW_WINDOW"),
        slot("RS_COUNTER", "decode iterations so far"),
        slot("RS_BUCKET_CURSOR", "RS_COUNTER modulo the pool's blockTokens (the bucket of the current iteration)"),
        slot("RS_FREE_BLOCKS"),
        slot("RS_CACHED_BLOCKS", "evictable blocks of ended requests (prefix cache)"),
        slot("RS_OUTSTANDING", "tokens still to process (router)"),
        slot("RS_BUSY_SECONDS"),
        slot("RS_STEP_DECODES", "decode sequences in the step in flight (0 = none)"),
        slot("RS_PLAN_COUNT"),
        slot("RS_HEAP_SIZE"),
        slot("RS_TOKENS", "tokens processed (prefill + decode)"),
        slot("RS_PEAK_BLOCKS", "most KV blocks in use at once"),
        slot("RS_WAITING"),
        slot("RS_POOL_PARAMS", "pointer to this replica's pool parameters"),
        slot("RS_TOKEN_CREDIT", "speculative decoding: expected tokens not yet advanced"),
        slot("RS_STEP_ADVANCE", "tokens the decoding sequences advance in the step in flight"),
        slot("RS_STEP_TOKENS", "tokens (prompt chunks + decodes) of the step in flight"),
        group("RS_STEP_BATCH", "the aggregates of the step being built, kept while its lock-step group is built", [
          slot("RS_BATCH_PREFILL_TOKENS"),
          slot("RS_BATCH_PREFILL_SEQS"),
          slot("RS_BATCH_PAIRS"),
          slot("RS_BATCH_PAIRS_WINDOWED"),
          slot("RS_BATCH_CONTEXT"),
          slot("RS_BATCH_CONTEXT_WINDOWED"),
          slot("RS_BATCH_DECODE_CONTEXT"),
          slot("RS_BATCH_DECODE_WINDOWED"),
          slot("RS_BATCH_SEQUENCES", "sequences in the step (decoding + prefilling)"),
          slot("RS_BATCH_STALL", "seconds of KV swapped in before the step"),
        ]),
        slot("RS_STEP_POWER", "power share (of idle to max) of the step in flight"),
        slot("RS_POWER_SECONDS", "Σ step seconds × power share"),
        slot("RS_RESERVED", "KV blocks promised to running sequences' future tokens (reserve admission)"),
      ],
    },
    {
      title: "the simulation block",
      size: "SIM_SLOTS",
      entries: [
        section("inputs: the request table (one entry per request)"),
        slot("S_COUNT", "", undefined, { dimension: "requests" }),
        column(
          "S_ARRIVED_AT",
          "f64",
          "seconds: written for requests without predecessor, set at release for the others (NaN until then)",
          { field: "arrivedAt", input: "arrivalSeconds", output: "arrivedAtSeconds" },
        ),
        column("S_INPUT", "i32", "tokens", { field: "input", input: "inputTokens" }),
        column("S_OUTPUT", "i32", "tokens", { field: "output", input: "outputTokens" }),
        column("S_SUCCESSOR", "i32", "request released by this one's end, or -1 (run-pool.ts writes it)", {
          field: "successor",
        }),
        column("S_GAP", "f64", "seconds between the predecessor's end and this arrival", {
          field: "gap",
          input: "gapSeconds",
        }),
        column("S_PREFIX", "i32", "prompt tokens shared with the predecessor's context", {
          field: "prefix",
          input: "prefixTokens",
        }),
        column("S_PREDECESSOR", "i32", "", { field: "predecessor", input: "predecessor" }),
        section("outputs per request"),
        column("S_ADMITTED_AT", "f64", "first time the request was scheduled", {
          field: "admittedAt",
          initial: "NaN",
          output: "admittedAtSeconds",
        }),
        column("S_FIRST_TOKEN", "f64", "", { field: "firstToken", initial: "NaN", output: "firstTokenSeconds" }),
        column("S_FINISH", "f64", "", { field: "finish", initial: "NaN", output: "finishSeconds" }),
        column("S_STATUS", "u8", "STATUS_*", { field: "status", codes: "request status", output: "status" }),
        column("S_PREEMPTIONS", "i32", "", {
          field: "preemptions",
          increment: "countPreemption",
          output: "preemptions",
        }),
        column("S_REPLICA_OF", "i32", "", { field: "replica", initial: "-1", output: "replicaOf" }),
        column("S_PREFIX_HIT", "i32", "prompt tokens served from the prefix cache", {
          field: "prefixHit",
          output: "prefixHitTokens",
        }),
        section("per-request scratch"),
        column("S_NEXT", "i32", "linked lists: waiting, prefilling, decoding, prefix-cache LRU", {
          field: "next",
          initial: "-1",
        }),
        column("S_PREV", "i32", "", { field: "prev", initial: "-1" }),
        column("S_DONE", "i32", "prompt tokens prefilled this round", { field: "done" }),
        column("S_GENERATED", "i32", "output tokens generated when the request joined decode", { field: "generated" }),
        column("S_JOIN", "f64", "replica decode counter when the request joined decode", { field: "join" }),
        column("S_JOIN_CTX", "i32", "tokens in KV when it joined decode", { field: "joinCtx" }),
        column("S_GENERATION", "i32", "bumped on preemption, to drop stale heap entries", {
          field: "generation",
          increment: "bumpGeneration",
        }),
        column("S_BLOCKS", "i32", "KV blocks held while waiting/prefilling, or cached after the end", {
          field: "blocks",
        }),
        column("S_SWAPPED", "u8", "KV_* : where a waiting request's KV cache is", {
          field: "swapped",
          codes: "where a waiting request's KV cache is (S_SWAPPED)",
        }),
        section("replicas"),
        slot("S_REPLICAS", "", undefined, { dimension: "replicas" }),
        array("S_REPLICA_STATE", "f64", "replicas * REP_STRIDE", "", { field: "replicaState" }),
        array("S_HEAP_KEYS", "f64", "replicas * heapCapacity", "", { field: "heapKeys" }),
        array("S_HEAP_IDS", "i32", "replicas * heapCapacity", "", { field: "heapIds" }),
        array("S_HEAP_TAGS", "i32", "replicas * heapCapacity", "", { field: "heapTags" }),
        slot("S_HEAP_CAPACITY", "", undefined, { bindI32: "heapCapacity", dimension: "heapCapacity" }),
        array(
          "S_BUCKETS",
          "i32",
          "replicas * bucketStride",
          "sequences by the decode step at which they need a new block",
          { field: "buckets" },
        ),
        array("S_PLAN_IDS", "i32", "replicas * planStride", "prefill chunks of the step in flight", {
          field: "planIds",
        }),
        array("S_PLAN_CHUNKS", "i32", "replicas * planStride", "", { field: "planChunks" }),
        array("S_STEP_KEYS", "f64", "replicas", "busy replicas by step end: the loop's next step is the top", {
          field: "stepKeys",
        }),
        array("S_STEP_IDS", "i32", "replicas", "", { field: "stepIds" }),
        slot(
          "S_STEP_HEAP_SIZE",
          "state: entries of the step heap (the three heaps' sizes persist between slices here)",
        ),
        slot("S_PENDING_HEAP_SIZE", "state"),
        slot("S_TRANSFER_HEAP_SIZE", "state"),
        array("S_PENDING_KEYS", "f64", "released", "arrivals released by an end, by time", { field: "pendingKeys" }),
        array("S_PENDING_IDS", "i32", "released", "", { field: "pendingIds" }),
        section("parameters"),
        slot("S_POOLS", "", undefined, { dimension: "pools" }),
        array("S_POOL_PARAMS", "f64", "pools * POOL_STRIDE", "", { field: "poolParams" }),
        slot("S_BUCKET_STRIDE", "largest blockTokens of any pool", undefined, { dimension: "bucketStride" }),
        slot("S_PLAN_STRIDE", "largest maxSequences of any pool", undefined, { dimension: "planStride" }),
        slot("S_ENTRY_POOL", "pool that receives arrivals (prefills them)"),
        slot("S_LINK_BYTES_PER_SECOND", "KV link between a prefill pool and its decode pool"),
        slot("S_LINK_LATENCY"),
        slot("S_LINK_FREE_AT", "state: when the link can start the next transfer"),
        slot("S_KV_TRANSFER_BYTES_PER_TOKEN"),
        slot("S_LINK_OVERLAP", "0/1: layer-by-layer transfer overlaps the prefill"),
        slot("S_CONTEXT_LIMIT", "tokens; 0 = none"),
        slot("S_WINDOW", "sliding window tokens; 0 = none"),
        slot("S_LAYERS"),
        slot("S_ISSUE_UNTIL", "seconds: released arrivals after this are not issued"),
        slot("S_OPEN_ENDED", "0/1: the table may end before the duration does"),
        section("outputs"),
        slot("S_NOW"),
        slot("S_STEPS"),
        slot("S_RECOMPUTES"),
        slot("S_SWAPS"),
        slot("S_NEED_MORE"),
        slot("S_PREFIX_HIT_TOKENS"),
        slot("S_PROMPT_TOKENS"),
        slot("S_OPEN_NEXT", "next request without predecessor to arrive"),
        slot("S_DONE_FLAG"),
        array("S_HIST_ITL", "f64", "HIST_BINS", "decode step durations, weighted by sequences", { field: "histItl" }),
        array("S_HIST_BATCH", "f64", "HIST_BINS", "tokens per step, weighted by steps", { field: "histBatch" }),
        array("S_HIST_KV", "f64", "HIST_BINS", "KV blocks in use per replica step, weighted by seconds", {
          field: "histKv",
        }),
        slot("S_MAX_WAITING"),
        slot("S_WAITING", "requests waiting across replicas now"),
        slot("S_HANDOVERS", "requests when a prefill pool hands over, else 0", undefined, { dimension: "handovers" }),
        array("S_TRANSFER_KEYS", "f64", "handovers", "KV transfers in flight, by completion time", {
          field: "transferKeys",
        }),
        array("S_TRANSFER_IDS", "i32", "handovers", "", { field: "transferIds" }),
        column(
          "S_TRANSFER_SECONDS",
          "f64",
          "seconds from prefill end to the KV cache reaching the decode pool (NaN without a hand-over; no entries where no pool hands over)",
          { field: "transferSeconds", length: "handovers", initial: "NaN", output: "transferSeconds" },
        ),
        column(
          "S_DECODE_ADMITTED_AT",
          "f64",
          "admission to the decode pool of requests handed over by a prefill pool (NaN otherwise; no entries where no pool hands over)",
          { field: "decodeAdmittedAt", length: "handovers", initial: "NaN", output: "decodeAdmittedAtSeconds" },
        ),
      ],
    },
  ],
};

export const layouts = [stepLayout, simLayout];
