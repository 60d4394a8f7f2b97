"""Trains the MODEL.md network 784-400-400-10 on Fashion-MNIST with one method, online (batch 1 SGD by default).

    /usr/bin/python3 reference/train_fmnist.py --method fgt --subset --epochs 3 --eta 0.01

Data: --subset reads the bundled 3000/1000 subset (datasets/src/main/resources/org/nmsim/datasets/
fashion-mnist-subset), otherwise the full 60000/10000 set from /usr/share/datasets/fashion-mnist. Inputs are
pixel/255 (MODEL.md: no normalisation), presented as a constant current for T steps.

Training: per MODEL.md, every sample accumulates its OTTT_A gradient over T steps and the update
W <- W - eta * grad is applied at the end of the sample. With --batch B the per-sample gradients of B
consecutive samples are summed and the update applied with their MEAN (eta * sum / B); the last, smaller
batch of an epoch uses its own size. FGT's momentum M is still updated at every step of every sample (it is
not a gradient and is not batched). The training order is a fresh permutation per epoch from the seeded
generator; weights, DFA's B and FGT's draws come from one torch generator seeded with --seed.

Output: reference/results/<method>_<dataset>.json (per-epoch train/test accuracy, mean training loss,
optional gradient alignment with BP, hyperparameters, device, torch version, seed, wall time).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ottt_mlp import METHODS, OtttMlp  # noqa: E402

SUBSET = os.path.join(HERE, "..", "datasets", "src", "main", "resources", "org", "nmsim", "datasets",
                      "fashion-mnist-subset")
FULL = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    ndim = magic & 0xFF
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: magic={magic:#x} is not unsigned-byte IDX")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f"{path}: dims={dims} but {arr.size} bytes of data")
    return arr.reshape(dims)


def load(root):
    def pair(prefix):
        x = read_idx(os.path.join(root, f"{prefix}-images-idx3-ubyte.gz")).reshape(-1, 784)
        y = read_idx(os.path.join(root, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
        return torch.tensor(x, dtype=torch.float64) / 255.0, torch.tensor(y)
    return pair("train"), pair("t10k")


def accuracy(net, X, Y, chunk=1000):
    correct = 0
    for i in range(0, X.shape[0], chunk):
        correct += int((net.predict(X[i:i + chunk]).cpu() == Y[i:i + chunk]).sum())
    return correct / X.shape[0]


def cosine(a, b):
    na, nb = float(torch.linalg.norm(a)), float(torch.linalg.norm(b))
    return float(torch.dot(a.flatten(), b.flatten())) / (na * nb) if na > 0 and nb > 0 else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--method", choices=METHODS, required=True)
    ap.add_argument("--subset", action="store_true", help="the bundled 3000/1000 subset")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--eta", type=float, default=0.01)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--T", type=int, default=6)
    ap.add_argument("--lam", type=float, default=0.5)
    ap.add_argument("--v-th", type=float, default=1.0)
    ap.add_argument("--a1", type=float, default=0.25)
    ap.add_argument("--lam-m", type=float, default=0.999)
    ap.add_argument("--hidden", default="400,400")
    ap.add_argument("--seed", type=int, default=2022)
    ap.add_argument("--limit", type=int, default=0, help="use only the first LIMIT training samples")
    ap.add_argument("--alignment", action="store_true",
                    help="also compute BP's gradient on the same state; report the mean cosine per hidden layer")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    dataset = "fmnist-subset" if a.subset else "fmnist"
    (Xtr, Ytr), (Xte, Yte) = load(SUBSET if a.subset else FULL)
    if a.limit:
        Xtr, Ytr = Xtr[:a.limit], Ytr[:a.limit]
    sizes = [784] + [int(v) for v in a.hidden.split(",")] + [10]
    net = OtttMlp(sizes, a.method, a.T, a.lam, a.v_th, a.a1, a.lam_m, a.eta, device=a.device, seed=a.seed)
    order_gen = torch.Generator().manual_seed(a.seed + 1)
    Xtr_dev = Xtr.to(a.device)
    history = []
    t0 = time.time()
    print(f"{a.method} {dataset} sizes={sizes} eta={a.eta} batch={a.batch} T={a.T} seed={a.seed} "
          f"device={a.device} test_acc0={accuracy(net, Xte, Yte):.4f}", flush=True)
    for epoch in range(1, a.epochs + 1):
        te = time.time()
        perm = torch.randperm(Xtr.shape[0], generator=order_gen)
        correct, loss_sum, cos_sum, cos_n = 0, 0.0, None, None
        for i, k in enumerate(perm.tolist()):
            out = net.accumulate(Xtr_dev[k], int(Ytr[k]), shadow_bp=a.alignment and a.method != "bp")
            correct += out["pred"] == int(Ytr[k])
            loss_sum += out["loss"]
            if "bpW" in out:
                # a sample whose gradient of W^l is zero (e.g. layer l silent) has no angle: skipped, counted
                c = [cosine(out["gW"][l], out["bpW"][l]) for l in range(len(sizes) - 2)]
                if cos_sum is None:
                    cos_sum, cos_n = [0.0] * len(c), [0] * len(c)
                for l, v in enumerate(c):
                    if math.isfinite(v):
                        cos_sum[l] += v
                        cos_n[l] += 1
            if net.pending == a.batch or i == len(perm) - 1:
                net.apply(1.0 / net.pending)
            if (i + 1) % 1000 == 0:
                print(f"  epoch {epoch} sample {i + 1}: online acc {correct / (i + 1):.4f} "
                      f"loss {loss_sum / (i + 1):.4f} ({time.time() - te:.0f} s)", flush=True)
        rec = {"epoch": epoch, "train_acc_online": correct / len(perm), "train_loss": loss_sum / len(perm),
               "train_acc": accuracy(net, Xtr, Ytr), "test_acc": accuracy(net, Xte, Yte),
               "epoch_seconds": time.time() - te}
        if cos_sum is not None:
            rec["cosine_with_bp_per_hidden_layer"] = [
                {"weights": f"W{l}", "mean_cosine": cos_sum[l] / cos_n[l] if cos_n[l] else None,
                 "samples_with_nonzero_gradient": cos_n[l]} for l in range(len(cos_sum))]
        history.append(rec)
        print(json.dumps(rec), flush=True)
    result = {
        "method": a.method, "dataset": dataset, "train_samples": int(Xtr.shape[0]), "test_samples": int(Xte.shape[0]),
        "sizes": sizes, "T": a.T, "lambda": a.lam, "V_th": a.v_th, "a1": a.a1, "lambda_M": a.lam_m,
        "eta": a.eta, "batch": a.batch, "epochs": a.epochs, "seed": a.seed, "dtype": "float64",
        "device": str(a.device), "device_name": (torch.cuda.get_device_name() if str(a.device).startswith("cuda")
                                                else platform.processor() or platform.machine()),
        "torch": torch.__version__, "threads": a.threads, "wall_seconds": time.time() - t0,
        "command": "/usr/bin/python3 reference/train_fmnist.py " + " ".join(sys.argv[1:]),
        "history": history,
    }
    out = a.out or os.path.join(HERE, "results", f"{a.method}_{dataset}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"wrote {out} ({result['wall_seconds']:.0f} s)")


if __name__ == "__main__":
    main()
