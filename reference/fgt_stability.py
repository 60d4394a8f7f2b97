"""Why FGT's accuracy collapses after a few full-data epochs (issue 6): a fast batched model with diagnostics.

    /usr/bin/python3 reference/fgt_stability.py --method fgt --epochs 3 --out reference/results/fgt-stability/fgt.jsonl

The network and dynamics are learning-engines/MODEL.md's (784-400-400-10, T = 6, lambda 0.5, V_th 1, a1 0.25,
sigmoid-derivative surrogate, OTTT_A accumulation, softmax cross-entropy per step, mini-batch SGD with the mean
gradient), on the full Fashion-MNIST, batched over B samples so that an epoch takes a minute on one CPU thread
instead of nmsim's ten. It is a diagnostic model, not a golden reference: FGT's momentum M is updated once per
step with the batch-mean Jacobian estimate, so a momentum `--lam-m L` here averages over L^(1/B) per sample-step
on the chip (`--lam-m 0.984` at B = 16 is the chip's 0.999; see `--chip-lam-m`).

Methods, all with the same forward pass and readout rule:
- bp:        g^l from the exact backward pass (the reference update).
- fgt:       paper 000 eq. 4-7: Rademacher v per neuron and step, z = J v forward, M <- L M + (1 - L) mean(v z^T),
             g = M e.
- fgt_exact: M <- L M + (1 - L) mean_b(J_b)^T with the exact Jacobians: FGT without the noise of v, keeping the
             lag of the momentum.
- fgt_batch: M = mean_b(J_b)^T of the current batch: neither noise nor lag, only the paper's replacement of each
             sample's Jacobian by an average one.

Every `--every` samples it prints one JSON line: mean loss (sum over the T steps, per sample) since the last line,
test accuracy on the 10,000 test images, the cosine between the method's hidden-layer update and BP's on the same
batch (paper 000 Fig. 2), the norm ratio of the two, weight norms, |M|, hidden firing rates on the test set, eta.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ottt_mlp import init_weights, surrogate  # noqa: E402
from bench_training import FULL, read_idx  # noqa: E402


def load(root, split, count=None):
    x = read_idx(os.path.join(root, f"{split}-images-idx3-ubyte.gz")).reshape(-1, 784)
    y = read_idx(os.path.join(root, f"{split}-labels-idx1-ubyte.gz")).astype(np.int64)
    if count is not None:
        x, y = x[:count], y[:count]
    return torch.tensor(x, dtype=torch.float32) / 255.0, torch.tensor(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--method", choices=["bp", "fgt", "fgt_exact", "fgt_batch"], default="fgt")
    ap.add_argument("--eta", type=float, default=0.04)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lam-m", type=float, default=None, help="momentum per batch step (default 0.999)")
    ap.add_argument("--chip-lam-m", type=float, default=None,
                    help="momentum per sample-step as on the chip; used as lam_m = chip_lam_m ** batch")
    ap.add_argument("--hidden", default="400,400")
    ap.add_argument("--limit", type=int, default=None, help="first N training images")
    ap.add_argument("--every", type=int, default=15000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=FULL)
    ap.add_argument("--out", default=None, help="also append the JSON lines to this file")
    a = ap.parse_args()
    if a.lam_m is not None and a.chip_lam_m is not None:
        sys.exit("--lam-m and --chip-lam-m: give one")
    lam_m = a.chip_lam_m ** a.batch if a.chip_lam_m is not None else (0.999 if a.lam_m is None else a.lam_m)
    torch.set_num_threads(1)
    dt = torch.float32
    X, Y = load(a.data, "train", a.limit)
    Xt, Yt = load(a.data, "t10k")
    n_train = X.shape[0]
    sizes = [784] + [int(v) for v in a.hidden.split(",")] + [10]
    N, T, lam, vth, a1 = len(sizes) - 1, 6, 0.5, 1.0, 0.25
    gen = torch.Generator().manual_seed(a.seed)
    W, b = init_weights(sizes, gen, torch.float64)
    W = [w.to(dt) for w in W]
    b = [None] + [v.to(dt) for v in b[1:]]
    M = [None] + [torch.zeros(sizes[l], sizes[-1], dtype=dt) for l in range(1, N)]
    out = open(a.out, "a") if a.out else None

    def test():
        n = Xt.shape[0]
        u = [None] + [torch.zeros(n, sizes[l], dtype=dt) for l in range(1, N)]
        s = [Xt] + [torch.zeros(n, sizes[l], dtype=dt) for l in range(1, N)]
        usum = torch.zeros(n, sizes[-1], dtype=dt)
        rate = [0.0] * N
        for _ in range(T):
            for l in range(1, N):
                u[l] = lam * (u[l] - vth * s[l]) + s[l - 1] @ W[l - 1].T + b[l]
                s[l] = (u[l] > vth).to(dt)
                rate[l] += float(s[l].mean()) / T
            usum += s[N - 1] @ W[N - 1].T + b[N]
        return float((usum.argmax(1) == Yt).float().mean()), rate[1:]

    def train_batch(Xb, Yb, eta):
        B = Xb.shape[0]
        onehot = torch.zeros(B, sizes[-1], dtype=dt)
        onehot[torch.arange(B), Yb] = 1.0
        u = [None] + [torch.zeros(B, sizes[l], dtype=dt) for l in range(1, N)]
        s = [Xb] + [torch.zeros(B, sizes[l], dtype=dt) for l in range(1, N)]
        ah = [torch.zeros(B, sizes[l], dtype=dt) for l in range(N)]
        gW = [torch.zeros_like(w) for w in W]
        gb = [None] + [torch.zeros_like(v) for v in b[1:]]
        bpW = [torch.zeros_like(w) for w in W]
        loss = 0.0
        for _ in range(T):
            ah[0] = lam * ah[0] + s[0]
            fu = [None] * N
            for l in range(1, N):
                u[l] = lam * (u[l] - vth * s[l]) + s[l - 1] @ W[l - 1].T + b[l]
                s[l] = (u[l] > vth).to(dt)
                ah[l] = lam * ah[l] + s[l]
                fu[l] = surrogate(u[l], vth, a1)
            uN = s[N - 1] @ W[N - 1].T + b[N]
            p = torch.softmax(uN, 1)
            e = p - onehot
            loss += float(-torch.log(p[torch.arange(B), Yb] + 1e-30).sum())
            gbp = [None] * N
            gbp[N - 1] = e @ W[N - 1]
            for l in range(N - 2, 0, -1):
                gbp[l] = (gbp[l + 1] * fu[l + 1]) @ W[l]
            if a.method == "bp":
                g = gbp
            else:
                g = [None] * N
                for l in range(1, N):
                    if a.method == "fgt":
                        v = torch.randint(0, 2, (B, sizes[l]), generator=gen).to(dt) * 2 - 1
                        z = v
                        for i in range(l, N - 1):
                            z = (z @ W[i].T) * fu[i + 1]
                        z = z @ W[N - 1].T
                        target = (v.T @ z) / B
                    else:
                        J = W[N - 1]  # mean_b J_b = W^{N-1} diag(mean f^{N-1}) ... W^l (f enters linearly)
                        for i in range(N - 2, l - 1, -1):
                            J = (J * fu[i + 1].mean(0)) @ W[i]
                        target = J.T
                    M[l] = target.clone() if a.method == "fgt_batch" else lam_m * M[l] + (1 - lam_m) * target
                    g[l] = e @ M[l].T
            gW[N - 1] += e.T @ ah[N - 1]
            gb[N] += e.sum(0)
            for l in range(1, N):
                d = g[l] * fu[l]
                gW[l - 1] += d.T @ ah[l - 1]
                gb[l] += d.sum(0)
                bpW[l - 1] += (gbp[l] * fu[l]).T @ ah[l - 1]
        cos = [float(torch.nn.functional.cosine_similarity(gW[l].flatten(), bpW[l].flatten(), 0))
               for l in range(N - 1)]
        ratio = [float(gW[l].norm() / (bpW[l].norm() + 1e-30)) for l in range(N - 1)]
        for l in range(N):
            W[l] -= eta / B * gW[l]
            b[l + 1] -= eta / B * gb[l + 1]
        return loss / B, cos, ratio

    total, seen, t0 = a.epochs * n_train, 0, time.time()
    for ep in range(a.epochs):
        perm = torch.randperm(n_train, generator=torch.Generator().manual_seed(a.seed + 1000 + ep))
        acc = {"loss": 0.0, "cos": [0.0] * (N - 1), "ratio": [0.0] * (N - 1), "n": 0}
        for k in range(0, n_train, a.batch):
            idx = perm[k:k + a.batch]
            l, c, r = train_batch(X[idx], Y[idx], a.eta)
            seen += len(idx)
            acc["n"] += 1
            acc["loss"] += l
            for i in range(N - 1):
                acc["cos"][i] += c[i]
                acc["ratio"][i] += r[i]
            if seen % a.every < a.batch or k + a.batch >= n_train:
                test_acc, rate = test()
                n = acc["n"]
                line = json.dumps({
                    "method": a.method, "eta": a.eta, "batch": a.batch, "lam_m": lam_m, "epoch": ep + 1,
                    "samples": seen, "train_loss": round(acc["loss"] / n, 4), "test_acc": round(test_acc, 4),
                    "cos_with_bp": [round(x / n, 3) for x in acc["cos"]],
                    "norm_ratio_to_bp": [round(x / n, 3) for x in acc["ratio"]],
                    "w_norm": [round(float(w.norm()), 2) for w in W],
                    "m_norm": [round(float(m.norm()), 3) for m in M[1:]],
                    "test_rate": [round(x, 4) for x in rate], "seconds": round(time.time() - t0)})
                print(line, flush=True)
                if out:
                    out.write(line + "\n")
                    out.flush()
                acc = {"loss": 0.0, "cos": [0.0] * (N - 1), "ratio": [0.0] * (N - 1), "n": 0}


if __name__ == "__main__":
    main()
