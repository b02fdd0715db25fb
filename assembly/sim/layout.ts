// Layout of a simulation block: f64 slots holding parameters, pointers to request columns and
// per-replica state, and outputs. The TypeScript side (src/sim/) allocates every array once per
// run and writes the pointers here; the event loop allocates nothing.

// inputs: the request table (one entry per request)
export const S_COUNT: i32 = 0;
export const S_ARRIVAL: i32 = 1; // f64 seconds (requests without predecessor)
export const S_INPUT: i32 = 2; // i32 tokens
export const S_OUTPUT: i32 = 3; // i32 tokens
export const S_SUCCESSOR: i32 = 4; // i32 request released by this one's end, or -1
export const S_GAP: i32 = 5; // f64 seconds between the predecessor's end and this arrival
export const S_PREFIX: i32 = 6; // i32 prompt tokens shared with the predecessor's context
export const S_PREDECESSOR: i32 = 7; // i32

// outputs per request
export const S_ARRIVED_AT: i32 = 8; // f64, NaN when never issued
export const S_ADMITTED_AT: i32 = 9; // f64 first time the request was scheduled
export const S_FIRST_TOKEN: i32 = 10; // f64
export const S_FINISH: i32 = 11; // f64
export const S_STATUS: i32 = 12; // i32 STATUS_*
export const S_PREEMPTIONS: i32 = 13; // i32
export const S_REPLICA_OF: i32 = 14; // i32
export const S_PREFIX_HIT: i32 = 15; // i32 prompt tokens served from the prefix cache

// per-request scratch
export const S_NEXT: i32 = 16; // i32 linked lists: waiting, prefilling, decoding, prefix-cache LRU
export const S_PREV: i32 = 17; // i32
export const S_DONE: i32 = 18; // i32 prompt tokens prefilled this round
export const S_TARGET: i32 = 19; // i32 prompt tokens this round must hold in KV at its end
export const S_PRIOR: i32 = 20; // i32 tokens already in KV when this round began (prefix hit)
export const S_GENERATED: i32 = 21; // i32 output tokens generated when the request joined decode
export const S_JOIN: i32 = 22; // f64 replica decode counter when the request joined decode
export const S_JOIN_CTX: i32 = 23; // i32 tokens in KV when it joined decode
export const S_GENERATION: i32 = 24; // i32 bumped on preemption, to drop stale heap entries
export const S_BLOCKS: i32 = 25; // i32 KV blocks held while waiting/prefilling, or cached after the end
export const S_SWAPPED: i32 = 26; // i32 KV_* : where a waiting request's KV cache is

// replicas
export const S_REPLICAS: i32 = 27;
export const S_REPLICA_STATE: i32 = 28; // f64[replicas × REP_STRIDE]
export const S_HEAP_KEYS: i32 = 29; // f64[replicas × heapCapacity]
export const S_HEAP_IDS: i32 = 30; // i32[replicas × heapCapacity]
export const S_HEAP_TAGS: i32 = 31; // i32[replicas × heapCapacity]
export const S_HEAP_CAPACITY: i32 = 32;
export const S_BUCKETS: i32 = 33; // i32[replicas × blockTokens]: sequences by the decode step at which they need a new block
export const S_PLAN_IDS: i32 = 34; // i32[replicas × maxSequences]: prefill chunks of the step in flight
export const S_PLAN_CHUNKS: i32 = 35; // i32[replicas × maxSequences]
export const S_PENDING_KEYS: i32 = 36; // f64[count]: arrivals released by an end, by time
export const S_PENDING_IDS: i32 = 37; // i32[count]

// parameters
export const S_POOLS: i32 = 38;
export const S_POOL_PARAMS: i32 = 39; // f64[pools × POOL_STRIDE]
export const S_BUCKET_STRIDE: i32 = 40; // largest blockTokens of any pool
export const S_PLAN_STRIDE: i32 = 41; // largest maxSequences of any pool
export const S_ENTRY_POOL: i32 = 42; // pool that receives arrivals (prefills them)
export const S_LINK_BYTES_PER_SECOND: i32 = 43; // KV link between a prefill pool and its decode pool
export const S_LINK_LATENCY: i32 = 44;
export const S_LINK_FREE_AT: i32 = 45; // state: when the link can start the next transfer
export const S_KV_TRANSFER_BYTES_PER_TOKEN: i32 = 46;
export const S_LINK_OVERLAP: i32 = 47; // 0/1: layer-by-layer transfer overlaps the prefill
export const S_CONTEXT_LIMIT: i32 = 48; // tokens; 0 = none
export const S_WINDOW: i32 = 49; // sliding window tokens; 0 = none
export const S_LAYERS: i32 = 50;
export const S_ISSUE_UNTIL: i32 = 51; // seconds: released arrivals after this are not issued
export const S_OPEN_ENDED: i32 = 52; // 0/1: the table may end before the duration does

// outputs
export const S_NOW: i32 = 53;
export const S_STEPS: i32 = 54;
export const S_RECOMPUTES: i32 = 55;
export const S_SWAPS: i32 = 56;
export const S_NEED_MORE: i32 = 57;
export const S_PREFIX_HIT_TOKENS: i32 = 58;
export const S_PROMPT_TOKENS: i32 = 59;
export const S_OPEN_NEXT: i32 = 60; // next request without predecessor to arrive
export const S_DONE_FLAG: i32 = 61;
export const S_HIST_ITL: i32 = 62; // f64[HIST_BINS]: decode step durations, weighted by sequences
export const S_HIST_BATCH: i32 = 63; // f64[HIST_BINS]: tokens per step, weighted by steps
export const S_HIST_KV: i32 = 64; // f64[HIST_BINS]: KV blocks in use per replica step, weighted by seconds
export const S_MAX_WAITING: i32 = 65;
export const S_WAITING: i32 = 66; // requests waiting across replicas now
export const S_TRANSFER_KEYS: i32 = 67; // f64[count]: KV transfers in flight, by completion time
export const S_TRANSFER_IDS: i32 = 68; // i32[count]
export const S_TRANSFER_SECONDS: i32 = 69; // f64[count] per request: prefill end → KV in the decode pool
export const S_DECODE_ADMITTED_AT: i32 = 70; // f64[count] per request: admission to a decode pool
export const SIM_SLOTS: i32 = 72;

// pool parameters (f64 slots, POOL_STRIDE per pool)
export const PL_STEP_BLOCK: i32 = 0;
export const PL_STEP_BLOCK_FFN: i32 = 1; // feed-forward half on other chips (decode split per layer), or 0
export const PL_FFN_HOP_SECONDS_PER_TOKEN: i32 = 2; // activation bytes per token / link bandwidth
export const PL_FFN_HOP_LATENCY: i32 = 3;
export const PL_FFN_SHARE: i32 = 4; // attention replicas the feed-forward chips serve in turn
export const PL_PP: i32 = 5;
export const PL_MAX_SEQUENCES: i32 = 6;
export const PL_CHUNK_TOKENS: i32 = 7;
export const PL_PRIORITY: i32 = 8;
export const PL_ROUTER: i32 = 9;
export const PL_PREEMPTION: i32 = 10;
export const PL_BLOCK_TOKENS: i32 = 11;
export const PL_KV_BLOCKS: i32 = 12; // per replica
export const PL_PREFIX_CACHE: i32 = 13;
export const PL_SWAP_SECONDS_PER_TOKEN: i32 = 14;
export const PL_FIRST_REPLICA: i32 = 15;
export const PL_REPLICAS: i32 = 16;
export const PL_ROLE: i32 = 17; // ROLE_*
export const PL_ROUND_ROBIN: i32 = 18; // state: next replica for round-robin
export const PL_NEXT_POOL: i32 = 19; // where requests go after prefill (ROLE_PREFILL), else -1
// speculative decoding (draft model or multi-token prediction): k draft tokens verified per step
export const PL_SPEC_DRAFT_TOKENS: i32 = 20; // k; 0 = none
export const PL_SPEC_TOKENS_PER_STEP: i32 = 21; // expected tokens per step, (1 − α^(k+1)) / (1 − α)
export const PL_SPEC_DRAFT_COST: i32 = 22; // one draft token's cost relative to a target decode step
export const PL_LAYERS: i32 = 23; // decoder layers (activation hops of the split per layer)
// power drawn by a busy chip, as a share of its idle-to-max range: PL_POWER_FLOOR in a step without
// arithmetic, rising linearly to 1 as the step's share of time at the achievable FLOP rate reaches
// PL_POWER_KNEE (both 1 when the chip has no such figures: a busy chip draws its maximum)
export const PL_POWER_FLOOR: i32 = 24;
export const PL_POWER_KNEE: i32 = 25;
export const PL_ADMISSION: i32 = 26; // ADMISSION_*
export const POOL_STRIDE: i32 = 27;

export const ROLE_MIXED: i32 = 0; // prefills and decodes
export const ROLE_PREFILL: i32 = 1; // prefills, then hands the KV cache to PL_NEXT_POOL
export const ROLE_DECODE: i32 = 2; // decodes requests handed over (and recomputes its preempted ones)

// replica state (f64 slots)
export const RS_BUSY: i32 = 0;
export const RS_STEP_END: i32 = 1;
export const RS_STEP_START: i32 = 2;
export const RS_WAIT_HEAD: i32 = 3;
export const RS_WAIT_TAIL: i32 = 4;
export const RS_PREFILL_HEAD: i32 = 5;
export const RS_PREFILL_TAIL: i32 = 6;
export const RS_DECODE_HEAD: i32 = 7;
export const RS_DECODE_TAIL: i32 = 8;
export const RS_LRU_HEAD: i32 = 9;
export const RS_LRU_TAIL: i32 = 10;
export const RS_RUNNING: i32 = 11; // prefilling + decoding
export const RS_DECODE_COUNT: i32 = 12;
export const RS_CONTEXT_SUM: i32 = 13; // Σ tokens in KV of decoding sequences
export const RS_WINDOWED_SUM: i32 = 14; // Σ min(tokens in KV, window)
export const RS_BELOW_WINDOW: i32 = 15;
export const RS_COUNTER: i32 = 16; // decode iterations so far
export const RS_FREE_BLOCKS: i32 = 17;
export const RS_CACHED_BLOCKS: i32 = 18; // evictable blocks of ended requests (prefix cache)
export const RS_OUTSTANDING: i32 = 19; // tokens still to process (router)
export const RS_BUSY_SECONDS: i32 = 20;
export const RS_STEP_DECODES: i32 = 21; // decode sequences in the step in flight (0 = none)
export const RS_PLAN_COUNT: i32 = 22;
export const RS_HEAP_SIZE: i32 = 23;
export const RS_TOKENS: i32 = 24; // tokens processed (prefill + decode)
export const RS_PEAK_BLOCKS: i32 = 25; // most KV blocks in use at once
export const RS_WAITING: i32 = 26;
export const RS_POOL_PARAMS: i32 = 27; // pointer to this replica's pool parameters
export const RS_TOKEN_CREDIT: i32 = 28; // speculative decoding: expected tokens not yet advanced
export const RS_STEP_ADVANCE: i32 = 29; // tokens the decoding sequences advance in the step in flight
export const RS_STEP_POWER: i32 = 30; // power share (of idle to max) of the step in flight
export const RS_POWER_SECONDS: i32 = 31; // Σ step seconds × power share
export const RS_RESERVED: i32 = 32; // KV blocks promised to running sequences' future tokens (reserve admission)
export const REP_STRIDE: i32 = 33;

// request status
export const STATUS_PENDING: i32 = 0;
export const STATUS_WAITING: i32 = 1;
export const STATUS_PREFILLING: i32 = 2;
export const STATUS_DECODING: i32 = 3;
export const STATUS_FINISHED: i32 = 4;
export const STATUS_REJECTED_CONTEXT: i32 = 5; // prompt longer than the model's context window
export const STATUS_REJECTED_KV: i32 = 6; // can never fit in one replica's KV cache
export const STATUS_NOT_ISSUED: i32 = 7; // released after the run's duration ended
export const STATUS_TRANSFERRING: i32 = 8; // KV cache crossing from a prefill pool to a decode pool

// policies
export const PRIORITY_DECODE_FIRST: i32 = 0;
export const PRIORITY_PREFILL_FIRST: i32 = 1;
export const ROUTER_ROUND_ROBIN: i32 = 0;
export const ROUTER_LEAST_OUTSTANDING: i32 = 1;
export const ROUTER_LEAST_KV: i32 = 2;
export const ROUTER_PREFIX_AFFINITY: i32 = 3;
export const PREEMPT_RECOMPUTE: i32 = 0;
export const PREEMPT_SWAP: i32 = 1;
// optimistic: admit while the prompt fits, preempt when decode outgrows the cache (vLLM);
// reserve: admit only when the cache also holds every token still to come (TensorRT-LLM's no-evict)
export const ADMISSION_OPTIMISTIC: i32 = 0;
export const ADMISSION_RESERVE: i32 = 1;

// histograms: HIST_PER_OCTAVE bins per factor of two (equal widths within an octave), from 2^HIST_MIN_EXP
export const HIST_BINS: i32 = 4096;
export const HIST_PER_OCTAVE_BITS: i32 = 6;
export const HIST_PER_OCTAVE: i32 = 64;
export const HIST_MIN_EXP: i32 = -32;

// where a waiting request's KV cache is (S_SWAPPED)
export const KV_NONE: i32 = 0; // must be prefilled
export const KV_IN_HOST: i32 = 1; // swapped out: comes back over the host link
export const KV_HANDED_OVER: i32 = 2; // arrived from a prefill pool: already in this replica's reach

// heap entry kinds (low bit of the tag; the rest is the request's generation)
export const ENTRY_FINISH: i32 = 0;
export const ENTRY_WINDOW: i32 = 1;
