"""Training throughput of the MODEL.md network in PyTorch on the CPU, for the nmsim training comparison.

    /usr/bin/python3 reference/bench_training.py --mode online --threads 1 --dtype float64 --samples 300
    /usr/bin/python3 reference/bench_training.py --mode batched --batch 128 --threads 2 --dtype float32 --samples 2048
    /usr/bin/python3 reference/bench_training.py --mode online --arithmetic fixed-point --warmup 1000 --eta 0.005

Two modes, both FGT with MODEL.md's hyperparameters (T, lambda, V_th, a1, lambda_M from the command line):

- online: reference/ottt_mlp.py's OtttMlp.accumulate, one sample at a time, with the update applied after every
  sample (batch 1 SGD). This is the code that writes the golden files, so its arithmetic is MODEL.md's exactly.
- batched: B samples at once as (B, n) matrices, gradients summed over the batch and applied with their mean
  (the semantics of train_fmnist.py --batch B). One deviation, needed to vectorise: FGT's momentum M is updated
  ONCE per time step with the batch mean of v z^T, instead of once per sample per step. Its cost is the same
  shape of work; its numerics are not MODEL.md's, so this mode measures speed only.

Arithmetic (--arithmetic): float (the default; float32 or float64 as --dtype says) or fixed-point, which does the
work of nmsim's fixed-point chip (TrainingThroughputMain --fixed-point true: MlpChip.Builder.fixedPoint(true) on the
spinnaker2 preset) with torch ops on float64 tensors (the carrier: every stored value is a float64 exactly, as in
nmsim's double[] arrays; --dtype must be float64). reference/fixed_point.py holds the formats (ChipNumerics.fixedPoint
for 784-400-400-10: weights s-1.8, state s8.15, trace s3.12, gradient s3.12, feedback s3.12, payload s3.28, all
saturating) and the two roundings. Values are rounded where the chip stores them (HiddenCore, ReadoutCore,
LocalUpdates), and nowhere else: in between, the arithmetic is float64 here as in nmsim's simulator (whose synaptic
sums of fixed-point products are exact in float64).

- to nearest, ties to even: the initial weights (in their per-layer format) and biases (state); the input pixels
  (payload, as the input cores send them); every trace ahat (trace); the membrane potentials u, including the
  readout's, and the surrogate values f(u) (state); the output error e and FGT's forward signals z (payload, as they
  are sent between cores); d = g f(u) (state); the biases after each update (state).
- stochastically, floor(x 2^F + U): M <- lambda_M M + (1 - lambda_M) v z^T (feedback format) at every update; the
  gradient accumulators, grad W += d ahat^T and grad b += d (gradient format) at every write; the weight update
  W <- W - eta grad W (the layer's weight format) at every sample's (or batch's) end.

The random stream is not the chip's (SplitMix64 per core): one torch.Generator gives the initial weights, FGT's
signs and every rounding's uniforms, so this is a speed and semantics peer, not a bit-exact one: its results agree
with nmsim's in distribution. Two approximations. The chip rounds only the accumulator entries it writes (the rows
of presynaptic neurons with a nonzero trace) and only the weights whose gradient is nonzero; this code rounds whole
matrices, as a PyTorch program would. A value already on the grid stays where it is, so the results are the same in
distribution, but it pays a uniform draw for every entry, which is most of its time (torch.rand: about 60 % at batch
1). Rounding only the columns with a nonzero trace (index, round, scatter back) was tried at batch 1 and was no
faster. And the softmax and surrogate are torch's exp and division rather than Java's, which may differ in the last
bit before the rounding to nearest.

- online (fixed point): the batched code below at B = 1, where its rounding points are exactly the chip's at
  batch 1 (every step rounds the accumulators once, M once, and the weights are updated after every sample).
- batched (fixed point): what a PyTorch user would write: the batch's summed products are added to the gradient
  accumulators and rounded stochastically ONCE per time step, and M once per step with the batch mean of v z^T
  (as in float); the weights are updated with stochastic rounding at the batch's end. The chip at batch B rounds
  the accumulators and M once per SAMPLE and step, a chain of B dependent roundings per step that does not
  vectorise; so this mode's numerics are not the chip's, and it measures speed only, as float's M does. (As on
  the chip, the 16-bit accumulators saturate at +-8 when a batch's sum exceeds it.)
- batched --sr-per-sample (fixed point): the chip's rounding count at batch B: the forward pass runs on the batch,
  then a Python loop over its samples updates M with each sample's v z^T (no batch mean) and adds each sample's
  products to the accumulators, rounding at each. It differs from the chip only in the order of the samples' steps
  (here they advance in lockstep; the chip runs one sample's T steps after the other), and shows what per-write
  rounding costs a batched PyTorch program.

Timing: WARMUP samples first (discarded), then SAMPLES samples timed with time.perf_counter (wall) and
time.process_time (CPU of this process, all threads). Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time

def _blas_threads_from_argv(argv):
    """--blas-threads, else --threads, else 1: read before torch is imported."""
    found = {}
    for i, a in enumerate(argv):
        for opt in ("--blas-threads", "--threads"):
            if a == opt and i + 1 < len(argv):
                found[opt] = argv[i + 1]
            elif a.startswith(opt + "="):
                found[opt] = a.split("=", 1)[1]
    return found.get("--blas-threads", found.get("--threads", "1"))


# torch.set_num_threads sizes only ATen's OpenMP pool. Debian's torch is built with BLAS_INFO=generic and calls the
# system BLAS (OpenBLAS through libblas.so.3), whose own thread pool takes every core unless told before the library
# loads: measured here, "--threads 1" at batch 128 used 2 cores (process CPU time = 2 x wall). So the BLAS pool is
# sized here, before the import: --blas-threads, default --threads. (On this 2-core machine --threads 2 runs slower
# than --threads 1 --blas-threads 2: the two pools of two threads each contend for the cores.)
for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = _blas_threads_from_argv(sys.argv)

import numpy as np  # noqa: E402
import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ottt_mlp import OtttMlp, init_weights, softmax, surrogate  # noqa: E402
from fixed_point import chip_formats, round_nearest_even_, round_stochastic_  # noqa: E402

FULL = "/usr/share/datasets/fashion-mnist"
SUBSET = os.path.join(HERE, "..", "datasets", "src", "main", "resources", "org", "nmsim", "datasets",
                      "fashion-mnist-subset")


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = int.from_bytes(data[0:4], "big") & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(root, count):
    x = read_idx(os.path.join(root, "train-images-idx3-ubyte.gz")).reshape(-1, 784)[:count]
    y = read_idx(os.path.join(root, "train-labels-idx1-ubyte.gz"))[:count].astype(np.int64)
    return torch.tensor(x, dtype=torch.float64) / 255.0, torch.tensor(y)


def batch_state(sizes, X, Y, W, b):
    """A batch's starting state for the batched FGT modes, in X's dtype: the one-hot targets, u, s (s[0] = X), the
    traces ahat, the gradient accumulators and the readout's summed potentials, all zero."""
    B, N, dt = X.shape[0], len(sizes) - 1, X.dtype
    onehot = torch.zeros(B, sizes[-1], dtype=dt)
    onehot[torch.arange(B), Y] = 1.0
    u = [None] + [torch.zeros(B, sizes[l], dtype=dt) for l in range(1, N)]
    s = [X] + [torch.zeros(B, sizes[l], dtype=dt) for l in range(1, N)]
    ahat = [torch.zeros(B, sizes[l], dtype=dt) for l in range(N)]
    gW = [torch.zeros_like(w) for w in W]
    gb = [None] + [torch.zeros_like(v) for v in b[1:]]
    usum = torch.zeros(B, sizes[-1], dtype=dt)
    return onehot, u, s, ahat, gW, gb, usum


class BatchedFgt:
    """MODEL.md's FGT network on (B, n) batches; M updated once per step with the batch mean (see module doc)."""

    def __init__(self, sizes, T, lam, v_th, a1, lam_m, eta, dtype, seed):
        self.sizes, self.T, self.lam, self.v_th, self.a1, self.lam_m, self.eta = sizes, T, lam, v_th, a1, lam_m, eta
        self.N = len(sizes) - 1
        self.gen = torch.Generator().manual_seed(seed)
        W, b = init_weights(sizes, self.gen, torch.float64)
        self.W = [w.to(dtype) for w in W]
        self.b = [None] + [v.to(dtype) for v in b[1:]]
        self.M = [None] + [torch.zeros(sizes[l], sizes[-1], dtype=dtype) for l in range(1, self.N)]
        self.dtype = dtype

    def train_batch(self, X, Y):
        N, T, lam, v_th, a1, dt = self.N, self.T, self.lam, self.v_th, self.a1, self.dtype
        W, b, sizes = self.W, self.b, self.sizes
        B = X.shape[0]
        onehot, u, s, ahat, gW, gb, usum = batch_state(sizes, X.to(dt), Y, W, b)
        for _ in range(T):
            ahat[0] = lam * ahat[0] + s[0]
            fu = [None] * N
            for l in range(1, N):
                u[l] = lam * (u[l] - v_th * s[l]) + s[l - 1] @ W[l - 1].T + b[l]
                s[l] = (u[l] > v_th).to(dt)
                ahat[l] = lam * ahat[l] + s[l]
                fu[l] = surrogate(u[l], v_th, a1)
            uN = s[N - 1] @ W[N - 1].T + b[N]
            usum += uN
            e = torch.softmax(uN, dim=1) - onehot
            for l in range(1, N):
                v = torch.randint(0, 2, (B, sizes[l]), generator=self.gen).to(dt) * 2.0 - 1.0
                zz = v
                for i in range(l, N - 1):
                    zz = (zz @ W[i].T) * fu[i + 1]
                zz = zz @ W[N - 1].T
                self.M[l] = self.lam_m * self.M[l] + (1.0 - self.lam_m) * (v.T @ zz) / B
            gW[N - 1] += e.T @ ahat[N - 1]
            gb[N] += e.sum(0)
            for l in range(1, N):
                d = (e @ self.M[l].T) * fu[l]
                gW[l - 1] += d.T @ ahat[l - 1]
                gb[l] += d.sum(0)
        for l in range(N):
            W[l] -= self.eta / B * gW[l]
            b[l + 1] -= self.eta / B * gb[l + 1]
        return torch.argmax(usum, dim=1)


class FixedPointFgt:
    """MODEL.md's FGT network in nmsim's fixed-point formats on (B, n) batches (see the module doc for the rounding
    points; B = 1 is the online mode). float64 tensors carry the fixed-point values."""

    def __init__(self, sizes, T, lam, v_th, a1, lam_m, eta, seed, sr_per_sample=False):
        self.sizes, self.T, self.lam, self.v_th, self.a1, self.lam_m, self.eta = sizes, T, lam, v_th, a1, lam_m, eta
        self.N = len(sizes) - 1
        self.sr_per_sample = sr_per_sample
        self.fmt = chip_formats(sizes)
        self.gen = torch.Generator().manual_seed(seed)
        W, b = init_weights(sizes, self.gen, torch.float64)
        # MlpChip: the initial weights rounded to nearest in their layer's format, the biases (zero) in state's
        self.W = [round_nearest_even_(w, f) for w, f in zip(W, self.fmt.weights)]
        self.b = [None] + [round_nearest_even_(v, self.fmt.state) for v in b[1:]]
        self.M = [None] + [torch.zeros(sizes[l], sizes[-1], dtype=torch.float64) for l in range(1, self.N)]

    def train_batch(self, X, Y):
        N, T, lam, v_th, a1, dt = self.N, self.T, self.lam, self.v_th, self.a1, torch.float64
        W, b, sizes, F, gen = self.W, self.b, self.sizes, self.fmt, self.gen
        B = X.shape[0]
        # the input cores send each pixel in the payload format
        onehot, u, s, ahat, gW, gb, usum = batch_state(sizes, round_nearest_even_(X.to(dt).clone(), F.payload), Y,
                                                       W, b)
        for _ in range(T):
            ahat[0] = round_nearest_even_(lam * ahat[0] + s[0], F.trace)
            fu = [None] * N
            for l in range(1, N):
                u[l] = round_nearest_even_(lam * (u[l] - v_th * s[l]) + s[l - 1] @ W[l - 1].T + b[l], F.state)
                s[l] = (u[l] > v_th).to(dt)
                ahat[l] = round_nearest_even_(lam * ahat[l] + s[l], F.trace)
                fu[l] = round_nearest_even_(surrogate(u[l], v_th, a1), F.state)
            uN = round_nearest_even_(s[N - 1] @ W[N - 1].T + b[N], F.state)
            usum += uN
            e = round_nearest_even_(softmax(uN) - onehot, F.payload)
            v, zN = [None] * N, [None] * N
            for l in range(1, N):
                v[l] = torch.randint(0, 2, (B, sizes[l]), generator=gen).to(dt) * 2.0 - 1.0
                zz = v[l]
                for i in range(l, N - 1):
                    zz = round_nearest_even_((zz @ W[i].T) * fu[i + 1], F.payload)
                zN[l] = round_nearest_even_(zz @ W[N - 1].T, F.payload)
            if self.sr_per_sample:
                self._accumulate_per_sample(e, v, zN, fu, ahat, gW, gb)
                continue
            for l in range(1, N):
                self.M[l] = round_stochastic_(self.lam_m * self.M[l] + (1.0 - self.lam_m) * (v[l].T @ zN[l]) / B,
                                              F.feedback, gen)
            round_stochastic_(gW[N - 1].addmm_(e.T, ahat[N - 1]), F.gradient, gen)
            round_stochastic_(gb[N].add_(e.sum(0)), F.gradient, gen)
            for l in range(1, N):
                d = round_nearest_even_((e @ self.M[l].T) * fu[l], F.state)
                round_stochastic_(gW[l - 1].addmm_(d.T, ahat[l - 1]), F.gradient, gen)
                round_stochastic_(gb[l].add_(d.sum(0)), F.gradient, gen)
        for l in range(N):
            W[l] = round_stochastic_(W[l] - self.eta / B * gW[l], F.weights[l], gen)
            b[l + 1] = round_nearest_even_(b[l + 1] - self.eta / B * gb[l + 1], F.state)
        return torch.argmax(usum, dim=1)

    def _accumulate_per_sample(self, e, v, zN, fu, ahat, gW, gb):
        """One step's M updates and accumulator writes, sample after sample, each rounded (the chip's count)."""
        N, F, gen, lam_m = self.N, self.fmt, self.gen, self.lam_m
        for k in range(e.shape[0]):
            ek = e[k]
            round_stochastic_(gW[N - 1].addr_(ek, ahat[N - 1][k]), F.gradient, gen)
            round_stochastic_(gb[N].add_(ek), F.gradient, gen)
            for l in range(1, N):
                self.M[l] = round_stochastic_(lam_m * self.M[l] + torch.outer((1.0 - lam_m) * v[l][k], zN[l][k]),
                                              F.feedback, gen)
                d = round_nearest_even_((self.M[l] @ ek) * fu[l][k], F.state)
                round_stochastic_(gW[l - 1].addr_(d, ahat[l - 1][k]), F.gradient, gen)
                round_stochastic_(gb[l].add_(d), F.gradient, gen)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["online", "batched"], required=True)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=1, help="ATen's threads (torch.set_num_threads)")
    ap.add_argument("--blas-threads", type=int, default=None,
                    help="the BLAS library's threads (default: --threads); applied before torch is imported")
    ap.add_argument("--dtype", choices=["float32", "float64"], default="float64")
    ap.add_argument("--arithmetic", choices=["float", "fixed-point"], default="float",
                    help="fixed-point: nmsim's fixed-point formats and roundings, carried in float64 (module doc)")
    ap.add_argument("--sr-per-sample", action="store_true",
                    help="fixed-point batched: round M and the accumulators once per sample and step, as the chip")
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--hidden", default="400,400")
    ap.add_argument("--T", type=int, default=6)
    ap.add_argument("--eta", type=float, default=0.003)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=None, help="directory with the IDX files (default: the full set, else subset)")
    a = ap.parse_args()
    fixed = a.arithmetic == "fixed-point"
    if fixed and a.dtype != "float64":
        ap.error(f"--arithmetic fixed-point carries its values in float64; --dtype {a.dtype} is not supported")
    if a.sr_per_sample and not (fixed and a.mode == "batched"):
        ap.error("--sr-per-sample needs --arithmetic fixed-point --mode batched")
    torch.set_num_threads(a.threads)
    dtype = torch.float32 if a.dtype == "float32" else torch.float64
    root = a.data or (FULL if os.path.isdir(FULL) else SUBSET)
    X, Y = load(root, a.warmup + a.samples)
    if X.shape[0] < a.warmup + a.samples:
        sys.exit(f"only {X.shape[0]} images in {root}; asked for warmup={a.warmup} + samples={a.samples}")
    sizes = [784] + [int(v) for v in a.hidden.split(",")] + [10]
    if fixed:
        net = FixedPointFgt(sizes, a.T, 0.5, 1.0, 0.25, 0.999, a.eta, a.seed, sr_per_sample=a.sr_per_sample)
        step = 1 if a.mode == "online" else a.batch

        def run(lo, hi):
            correct = 0
            for k in range(lo, hi, step):
                j = min(k + step, hi)
                correct += int((net.train_batch(X[k:j], Y[k:j]) == Y[k:j]).sum())
            return correct
    elif a.mode == "online":
        net = OtttMlp(sizes, "fgt", a.T, 0.5, 1.0, 0.25, 0.999, a.eta, dtype=dtype, seed=a.seed)
        Xd = X.to(dtype)

        def run(lo, hi):
            correct = 0
            for k in range(lo, hi):
                out = net.accumulate(Xd[k], int(Y[k]))
                net.apply(1.0)
                correct += out["pred"] == int(Y[k])
            return correct
    else:
        net = BatchedFgt(sizes, a.T, 0.5, 1.0, 0.25, 0.999, a.eta, dtype, a.seed)

        def run(lo, hi):
            correct = 0
            for k in range(lo, hi, a.batch):
                j = min(k + a.batch, hi)
                correct += int((net.train_batch(X[k:j], Y[k:j]) == Y[k:j]).sum())
            return correct
    run(0, a.warmup)
    w0, c0 = time.perf_counter(), time.process_time()
    correct = run(a.warmup, a.warmup + a.samples)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    extra = {"formats": net.fmt.describe(), "sr_per_sample": a.sr_per_sample} if fixed else {}
    print(json.dumps({
        "impl": "pytorch", "mode": a.mode, "batch": 1 if a.mode == "online" else a.batch, "threads": a.threads,
        "dtype": a.dtype, "arithmetic": a.arithmetic, **extra, "sizes": sizes, "T": a.T, "eta": a.eta, "method": "fgt",
        "samples": a.samples,
        "warmup": a.warmup, "blas_threads": int(os.environ["OPENBLAS_NUM_THREADS"]), "wall_s": wall, "cpu_s": cpu, "samples_per_s": a.samples / wall,
        "samples_per_cpu_s": a.samples / cpu if cpu > 0 else None, "online_accuracy": correct / a.samples,
        "data": os.path.abspath(root), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
