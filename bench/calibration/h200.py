#!/usr/bin/env python3
"""One short run on a real NVIDIA GPU that measures what infercast's H200 entry claims.

Measures, with CUDA events:
  - bf16 and fp8 matrix products at the decode and prefill shapes of Llama 3.1 8B (TP 1) and
    70B (TP 8 shards): achieved FLOP/s per shape;
  - HBM bandwidth: a device-to-device copy (read + write) and a read-only reduction;
  - a random-weight Llama 3.1 8B built from its config (no download): one prefill at several
    prompt lengths, one decode step at several batch sizes and contexts (CUDA graph when capture
    works, so launch overhead is not mistaken for hardware time);
  - board power from NVML where the driver exposes it: idle, and the mean over each timed model
    step (energy counter), to check the catalog's idle and busy watts.

The file is rewritten after each section, so a run cut short keeps what it measured, and a
section that fails records its error instead of ending the run.

Writes one JSON file (machine, date, software versions, every measurement with its shape) that
is committed under bench/calibration/ and compared with the catalog's H200 figures. Needs only
PyTorch with CUDA; about three minutes on an H200. Usage:

    python3 bench/calibration/h200.py --out "$OUT/h200-measurements.json"
"""
import argparse
import datetime
import json
import math
import platform
import sys
import time

import torch
import torch.nn.functional as F

LLAMA = {
    "llama-3.1-8b": dict(hidden=4096, intermediate=14336, heads=32, kv_heads=8, head_dim=128, layers=32, vocab=128256),
    "llama-3.1-70b": dict(hidden=8192, intermediate=28672, heads=64, kv_heads=8, head_dim=128, layers=80, vocab=128256),
}
DECODE_BATCHES = [1, 8, 32, 128]
PREFILL_TOKENS = [512, 2048, 8192]
MODEL_DECODE_BATCHES = [1, 8, 32, 64]  # the random-weight 8B model
MODEL_DECODE_CONTEXTS = [1024, 4096]


def timed(fn, min_seconds=0.2, warmup=3):
    """Median seconds of one call of fn, repeated until min_seconds of GPU time have passed."""
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    samples = []
    spent = 0.0
    while spent < min_seconds or len(samples) < 5:
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        seconds = start.elapsed_time(end) / 1e3
        samples.append(seconds)
        spent += seconds
        if len(samples) >= 1000:
            break
    samples.sort()
    return samples[len(samples) // 2]


def linear_shapes(cfg, tp):
    """(name, K, N) of each weight matrix of one layer's TP shard."""
    h, hd = cfg["hidden"], cfg["head_dim"]
    qkv = (cfg["heads"] + 2 * cfg["kv_heads"]) * hd
    return [
        ("qkv", h, qkv // tp),
        ("o", cfg["heads"] * hd // tp, h),
        ("gate_up", h, 2 * cfg["intermediate"] // tp),
        ("down", cfg["intermediate"] // tp, h),
    ]


def gemm_bf16(m, k, n):
    a = torch.randn(m, k, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(k, n, device="cuda", dtype=torch.bfloat16)
    return timed(lambda: torch.matmul(a, b))


def gemm_fp8(m, k, n):
    # _scaled_mm wants a row-major A, a column-major B and dimensions that are multiples of 16
    mp = max(16, math.ceil(m / 16) * 16)
    a = torch.randn(mp, k, device="cuda").to(torch.float8_e4m3fn)
    b = torch.randn(n, k, device="cuda").to(torch.float8_e4m3fn).t()
    one = torch.tensor(1.0, device="cuda")
    return timed(lambda: torch._scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)), mp


def measure_gemms():
    rows = []
    for model, tp in (("llama-3.1-8b", 1), ("llama-3.1-70b", 8)):
        for name, k, n in linear_shapes(LLAMA[model], tp):
            for phase, ms in (("decode", DECODE_BATCHES), ("prefill", PREFILL_TOKENS)):
                for m in ms:
                    flops = 2 * m * k * n
                    row = dict(model=model, tp=tp, matrix=name, phase=phase, m=m, k=k, n=n, flops=flops)
                    seconds = gemm_bf16(m, k, n)
                    row["bf16"] = dict(seconds=seconds, flopsPerSecond=flops / seconds,
                                       bytesPerSecond=2 * (m * k + k * n + m * n) / seconds)
                    try:
                        seconds, mp = gemm_fp8(m, k, n)
                        row["fp8"] = dict(seconds=seconds, paddedM=mp, flopsPerSecond=flops / seconds,
                                          bytesPerSecond=(mp * k + k * n + 2 * mp * n) / seconds)
                    except Exception as error:  # fp8 needs Hopper or later and a recent PyTorch
                        row["fp8"] = dict(error=f"{type(error).__name__}: {error}")
                    rows.append(row)
                    print(f"gemm {model} tp{tp} {name} {phase} m={m}: bf16 {row['bf16']['flopsPerSecond'] / 1e12:.0f} TFLOP/s", file=sys.stderr)
    return rows


def measure_bandwidth():
    elements = (4 << 30) // 2  # 4 GiB of bf16, far above any cache
    src = torch.empty(elements, device="cuda", dtype=torch.bfloat16).normal_()
    dst = torch.empty_like(src)
    copy = timed(lambda: dst.copy_(src), min_seconds=0.5)
    read = timed(lambda: src.sum(dtype=torch.float32), min_seconds=0.5)
    nbytes = src.numel() * src.element_size()
    del src, dst
    torch.cuda.empty_cache()
    return dict(bytes=nbytes,
                copy=dict(seconds=copy, bytesPerSecond=2 * nbytes / copy, note="read + write counted"),
                read=dict(seconds=read, bytesPerSecond=nbytes / read, note="sum over the tensor"))


def rms_norm(x):
    """RMSNorm without its weight (random weights would only rescale); fused where PyTorch has it."""
    if hasattr(F, "rms_norm"):
        return F.rms_norm(x, (x.shape[-1],))
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5)


def attention(q, keys, values, causal):
    """SDPA reading each KV head once (enable_gqa, PyTorch 2.5+); older versions repeat the heads."""
    try:
        return F.scaled_dot_product_attention(q, keys, values, is_causal=causal, enable_gqa=True)
    except TypeError:
        groups = q.shape[1] // keys.shape[1]
        return F.scaled_dot_product_attention(q, keys.repeat_interleave(groups, dim=1),
                                              values.repeat_interleave(groups, dim=1), is_causal=causal)


class Llama(torch.nn.Module):
    """Llama 3.1 architecture with random weights and a preallocated KV cache; enough to time steps."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        h, hd = cfg["hidden"], cfg["head_dim"]
        q, kv = cfg["heads"] * hd, cfg["kv_heads"] * hd
        kw = self.kw = dict(device="cuda", dtype=torch.bfloat16)
        scale = 0.02
        self.embed = torch.randn(cfg["vocab"], h, **kw) * scale
        self.head = torch.randn(h, cfg["vocab"], **kw) * scale
        self.layers = [dict(
            qkv=torch.randn(h, q + 2 * kv, **kw) * scale, o=torch.randn(q, h, **kw) * scale,
            gate_up=torch.randn(h, 2 * cfg["intermediate"], **kw) * scale,
            down=torch.randn(cfg["intermediate"], h, **kw) * scale,
        ) for _ in range(cfg["layers"])]

    def allocate_cache(self, batch, tokens):
        """A KV cache for `batch` sequences of up to `tokens` (replacing the last one, to bound memory)."""
        shape = (batch, self.cfg["kv_heads"], tokens, self.cfg["head_dim"])
        for layer in self.layers:
            layer["k"] = layer["v"] = None
        torch.cuda.empty_cache()
        for layer in self.layers:
            layer["k"], layer["v"] = torch.randn(shape, **self.kw), torch.randn(shape, **self.kw)

    def forward(self, tokens, position):
        """tokens [batch, length] written at cache positions position..position+length-1."""
        cfg = self.cfg
        b, t = tokens.shape
        hd, nh, nkv = cfg["head_dim"], cfg["heads"], cfg["kv_heads"]
        x = self.embed[tokens]
        for layer in self.layers:
            y = rms_norm(x)
            q, k, v = (y @ layer["qkv"]).split([nh * hd, nkv * hd, nkv * hd], dim=-1)
            q = q.view(b, t, nh, hd).transpose(1, 2)
            layer["k"][:b, :, position:position + t] = k.view(b, t, nkv, hd).transpose(1, 2)
            layer["v"][:b, :, position:position + t] = v.view(b, t, nkv, hd).transpose(1, 2)
            keys, values = layer["k"][:b, :, :position + t], layer["v"][:b, :, :position + t]
            a = attention(q, keys, values, causal=t > 1 and position == 0)
            x = x + a.transpose(1, 2).reshape(b, t, nh * hd) @ layer["o"]
            y = rms_norm(x)
            gate, up = (y @ layer["gate_up"]).chunk(2, dim=-1)
            x = x + (F.silu(gate) * up) @ layer["down"]
        return x[:, -1] @ self.head


def graphed(fn):
    """fn replayed from a CUDA graph (removes launch overhead); fn itself when capture fails."""
    try:
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            for _ in range(2):
                fn()
        torch.cuda.current_stream().wait_stream(stream)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            fn()
        return graph.replay, "cuda-graph"
    except Exception as error:
        print(f"CUDA graph capture failed ({error}); timing eager", file=sys.stderr)
        return fn, "eager"


class Power:
    """Board power through NVML (nvidia-ml-py), or None fields where the driver does not expose it."""

    def __init__(self):
        try:
            import pynvml
            pynvml.nvmlInit()
            self.nvml, self.handle = pynvml, pynvml.nvmlDeviceGetHandleByIndex(0)
            self.nvml.nvmlDeviceGetTotalEnergyConsumption(self.handle)
        except Exception as error:
            print(f"no NVML power readings ({error})", file=sys.stderr)
            self.nvml = None

    def idle_watts(self, seconds=2.0):
        if self.nvml is None:
            return None
        torch.cuda.synchronize()
        time.sleep(0.5)
        samples = []
        end = time.time() + seconds
        while time.time() < end:
            samples.append(self.nvml.nvmlDeviceGetPowerUsage(self.handle) / 1e3)
            time.sleep(0.05)
        return sorted(samples)[len(samples) // 2]

    def busy_watts(self, fn, seconds=1.5):
        """Mean watts over back-to-back calls of fn for at least `seconds` (the energy counter is in mJ)."""
        if self.nvml is None:
            return None
        fn()
        torch.cuda.synchronize()
        start_mj, start = self.nvml.nvmlDeviceGetTotalEnergyConsumption(self.handle), time.time()
        while time.time() - start < seconds:
            for _ in range(10):
                fn()
            torch.cuda.synchronize()
        joules = (self.nvml.nvmlDeviceGetTotalEnergyConsumption(self.handle) - start_mj) / 1e3
        return joules / (time.time() - start)


def model_step(rows, row, step, power, graph):
    """Time one model step (and its power) into rows; a failure is recorded on the row, not raised."""
    try:
        fn, row["mode"] = graphed(step) if graph else (step, "eager")
        row["seconds"] = timed(fn, min_seconds=0.5)
        row["watts"] = power.busy_watts(fn)
        print(f"{row['phase']} batch {row['batch']} at {row.get('promptTokens', row.get('contextTokens'))} tokens: "
              f"{row['seconds'] * 1e3:.2f} ms ({row['mode']}), {row['watts']} W", file=sys.stderr)
    except Exception as error:
        row["error"] = f"{type(error).__name__}: {error}"
        print(f"{row} failed", file=sys.stderr)
    rows.append(row)


@torch.inference_mode()
def measure_model(power):
    cfg = LLAMA["llama-3.1-8b"]
    model = Llama(cfg)
    rows = []
    model.allocate_cache(1, max(PREFILL_TOKENS))
    for prompt in PREFILL_TOKENS:
        tokens = torch.randint(0, cfg["vocab"], (1, prompt), device="cuda")
        model_step(rows, dict(model="llama-3.1-8b", phase="prefill", batch=1, promptTokens=prompt),
                   lambda: model(tokens, 0), power, graph=False)
    for context in MODEL_DECODE_CONTEXTS:
        model.allocate_cache(max(MODEL_DECODE_BATCHES), context + 1)
        for batch in MODEL_DECODE_BATCHES:
            tokens = torch.randint(0, cfg["vocab"], (batch, 1), device="cuda")
            model_step(rows, dict(model="llama-3.1-8b", phase="decode", batch=batch, contextTokens=context),
                       lambda: model(tokens, context), power, graph=True)
    return dict(datatypes=dict(weights="bf16", activations="bf16", kv="bf16"),
                attention="torch SDPA (enable_gqa where available)", torch=torch.__version__, steps=rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="where to write the measurements (JSON)")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        sys.exit("no CUDA device: this script measures a real GPU and has nothing to do without one")
    started = time.time()
    properties = torch.cuda.get_device_properties(0)
    power = Power()
    result = dict(
        date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        machine=dict(gpu=torch.cuda.get_device_name(0), memoryBytes=properties.total_memory,
                     multiprocessors=properties.multi_processor_count, host=platform.platform()),
        software=dict(torch=torch.__version__, cuda=torch.version.cuda, python=platform.python_version()),
        power=dict(idleWatts=power.idle_watts()),
    )
    sections = (("bandwidth", measure_bandwidth), ("gemms", measure_gemms), ("model", lambda: measure_model(power)))
    for name, measure in sections:
        try:
            result[name] = measure()
        except Exception as error:  # keep what the other sections measured
            result[name] = dict(error=f"{type(error).__name__}: {error}")
            print(f"{name} failed: {result[name]['error']}", file=sys.stderr)
        result["wallSeconds"] = time.time() - started
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)
    print(f"wrote {args.out} in {result['wallSeconds']:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
