"""Golden files for local learning (paper 000 App. D.2, "FGT + LL", "DFA + LL") on the MODEL.md network.

Starts from an existing golden case of make_golden.py (its initial W, b, B, inputs, labels and FGT draws, read from
the HDF5 file), adds a local readout R^l (m x n_l, biases c^l = 0) to every hidden layer, and trains the case's
samples with the global error of its method (DFA: B^l e; FGT: M^l e with M's momentum update; FGT (w/o m):
(e . z) v) plus the local term. The local term is computed here WITHOUT the formula the Java code uses
(R^l^T e^{l,loc}): at every step the local loss L^l = CE(R^l s^l + c^l, y) is differentiated by torch.autograd with
respect to s^l, and the hidden error becomes g^l = g^l_global + scale * dL^l/ds^l. R^l and c^l accumulate the OTTT
gradient of the local loss, (softmax(r^l) - y) ahat^{l T} (ahat: the trace of the layer's spikes, the presynaptic
factor MODEL.md uses for every layer), and descend at the learning rate, unscaled, as W does.

Writes golden-ll/<case>_ll.h5 next to the golden directory: attributes base (the case's file), scale and seed;
/init/R<l>; per sample /sample_k/W<l>, b<l>, R<l>, c<l> after that sample's update, and attribute pred.

    /usr/bin/python3 reference/local_learning_golden.py
"""

from __future__ import annotations

import argparse
import math
import os
import sys

import h5py
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ottt_mlp import softmax, surrogate  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "learning-engines", "src", "test",
                      "resources", "org", "nmsim", "learning", "reference", "golden")
BASES = ("dfa_a.h5", "fgt_a.h5", "fgt_wo_m_b.h5")
SCALE = 0.5
SEED = 42


def load(path):
    with h5py.File(path, "r") as f:
        a = dict(f.attrs)
        sizes = [int(s) for s in a["sizes"]]
        N = len(sizes) - 1
        case = dict(method=str(a["method"]), T=int(a["T"]), lam=float(a["lambda"]), v_th=float(a["V_th"]),
                    a1=float(a["a1"]), lam_m=float(a["lambda_M"]), eta=float(a["eta"]), sizes=sizes,
                    samples=int(a["samples"]))
        case["W"] = [torch.tensor(f[f"init/W{l}"][()]) for l in range(N)]
        case["b"] = [None] + [torch.tensor(f[f"init/b{l}"][()]) for l in range(1, N + 1)]
        case["B"] = [None] + [torch.tensor(f[f"init/B{l}"][()]) for l in range(1, N)] if "init/B1" in f else None
        case["x"] = torch.tensor(f["input/x"][()])
        case["y"] = [int(v) for v in f["input/y"][()]]
        case["v"] = [None] + [torch.tensor(f[f"draws/v{l}"][()]) for l in range(1, N)] if "draws" in f else None
    return case


def train(case, R):
    sizes, N, T = case["sizes"], len(case["sizes"]) - 1, case["T"]
    lam, v_th, a1, lam_m, eta = case["lam"], case["v_th"], case["a1"], case["lam_m"], case["eta"]
    method = case["method"]
    m = sizes[-1]
    W = [w.clone() for w in case["W"]]
    b = [None] + [x.clone() for x in case["b"][1:]]
    c = [None] + [torch.zeros(m, dtype=torch.float64) for _ in range(1, N)]
    R = [None] + [r.clone() for r in R[1:]]
    M = [None] + [torch.zeros(sizes[l], m, dtype=torch.float64) for l in range(1, N)]
    out = []
    for k in range(case["samples"]):
        x, y = case["x"][k], case["y"][k]
        onehot = torch.zeros(m, dtype=torch.float64)
        onehot[y] = 1.0
        u = [None] + [torch.zeros(sizes[l], dtype=torch.float64) for l in range(1, N)]
        s = [torch.zeros(sizes[l], dtype=torch.float64) for l in range(N)]
        ahat = [torch.zeros(sizes[l], dtype=torch.float64) for l in range(N)]
        gW = [torch.zeros_like(w) for w in W]
        gb = [None] + [torch.zeros_like(v) for v in b[1:]]
        gR = [None] + [torch.zeros_like(r) for r in R[1:]]
        gc = [None] + [torch.zeros(m, dtype=torch.float64) for _ in range(1, N)]
        usum = torch.zeros(m, dtype=torch.float64)
        for t in range(1, T + 1):
            s[0] = x
            ahat[0] = lam * ahat[0] + x
            fu = [None] * N
            for l in range(1, N):
                u[l] = lam * (u[l] - v_th * s[l]) + W[l - 1] @ s[l - 1] + b[l]
                s[l] = (u[l] > v_th).to(torch.float64)
                ahat[l] = lam * ahat[l] + s[l]
                fu[l] = surrogate(u[l], v_th, a1)
            uN = W[N - 1] @ s[N - 1] + b[N]
            usum += uN
            e = softmax(uN) - onehot
            g = [None] * N
            if method == "dfa":
                for l in range(1, N):
                    g[l] = case["B"][l] @ e
            else:
                for l in range(1, N):
                    v = case["v"][l][k][t - 1]
                    zz = v
                    for i in range(l, N - 1):
                        zz = (W[i] @ zz) * fu[i + 1]
                    zz = W[N - 1] @ zz
                    if method == "fgt_wo_m":
                        g[l] = torch.dot(e, zz) * v
                    else:
                        M[l] = lam_m * M[l] + (1.0 - lam_m) * torch.outer(v, zz)
                if method != "fgt_wo_m":
                    for l in range(1, N):
                        g[l] = M[l] @ e
            for l in range(1, N):
                # the local loss, differentiated by autograd with respect to the layer's spikes
                sl = s[l].clone().requires_grad_(True)
                r = R[l] @ sl + c[l]
                loss = torch.nn.functional.cross_entropy(r.unsqueeze(0), torch.tensor([y]))
                (ds,) = torch.autograd.grad(loss, sl)
                g[l] = g[l] + SCALE * ds
                el = softmax(r.detach()) - onehot
                gR[l] += torch.outer(el, ahat[l])
                gc[l] += el
            gW[N - 1] += torch.outer(e, ahat[N - 1])
            gb[N] += e
            for l in range(1, N):
                d = g[l] * fu[l]
                gW[l - 1] += torch.outer(d, ahat[l - 1])
                gb[l] += d
        for l in range(N):
            W[l] -= eta * gW[l]
            b[l + 1] -= eta * gb[l + 1]
        for l in range(1, N):
            R[l] -= eta * gR[l]
            c[l] -= eta * gc[l]
        out.append(dict(pred=int(torch.argmax(usum)), W=[w.clone() for w in W], b=[None] + [x.clone() for x in b[1:]],
                        R=[None] + [r.clone() for r in R[1:]], c=[None] + [x.clone() for x in c[1:]]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(GOLDEN, "..", "golden-ll"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for base in BASES:
        case = load(os.path.join(GOLDEN, base))
        sizes, N = case["sizes"], len(case["sizes"]) - 1
        rng = np.random.Generator(np.random.PCG64(SEED))
        R = [None] + [torch.tensor((rng.random((sizes[-1], sizes[l])) * 2.0 - 1.0) / math.sqrt(sizes[l]))
                      for l in range(1, N)]
        results = train(case, R)
        path = os.path.join(args.out, base.replace(".h5", "_ll.h5"))
        kw = dict(track_times=False)
        with h5py.File(path, "w", libver="earliest") as f:
            f.attrs["base"] = base
            f.attrs["scale"] = SCALE
            f.attrs["seed"] = np.int64(SEED)
            f.attrs["command"] = "/usr/bin/python3 reference/local_learning_golden.py"
            g = f.create_group("init")
            for l in range(1, N):
                g.create_dataset(f"R{l}", data=R[l].numpy(), **kw)
            for k, r in enumerate(results):
                g = f.create_group(f"sample_{k}")
                g.attrs["pred"] = np.int64(r["pred"])
                for l in range(N):
                    g.create_dataset(f"W{l}", data=r["W"][l].numpy(), **kw)
                    g.create_dataset(f"b{l + 1}", data=r["b"][l + 1].numpy(), **kw)
                for l in range(1, N):
                    g.create_dataset(f"R{l}", data=r["R"][l].numpy(), **kw)
                    g.create_dataset(f"c{l}", data=r["c"][l].numpy(), **kw)
        print(f"{path}: {case['method']} sizes {sizes} T {case['T']} samples {case['samples']}, preds "
              f"{[r['pred'] for r in results]}")


if __name__ == "__main__":
    main()
