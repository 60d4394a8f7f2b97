"""Trains the MODEL.md network 784-400-400-10 on Fashion-MNIST with one method, online (batch 1 SGD by default).

    /usr/bin/python3 reference/train_fmnist.py --method fgt --subset --epochs 3 --eta 0.01
    /usr/bin/python3 reference/train_fmnist.py --config examples/fgt-fashion-mnist-quick.yaml

--config reads an nmsim experiment YAML (network.sizes, algorithm.*, dataset.train_limit/test_limit, run.epochs/
seed); explicit flags override it (flag > config > default), and any override marks the result partial_run.

Data: --subset reads the bundled 3000/1000 subset (datasets/src/main/resources/org/nmsim/datasets/
fashion-mnist-subset), otherwise the full 60000/10000 set from /usr/share/datasets/fashion-mnist. Inputs are
pixel/255 (MODEL.md: no normalisation), presented as a constant current for T steps.

Training: per MODEL.md, every sample accumulates its OTTT_A gradient over T steps and the update
W <- W - eta * grad is applied at the end of the sample. With --batch B (or algorithm.batch in --config) the per-sample gradients of B
consecutive samples are summed and the update applied with their MEAN (eta * sum / B); the last, smaller
batch of an epoch uses its own size. FGT's momentum M is still updated at every step of every sample (it is
not a gradient and is not batched). The training order is a fresh permutation per epoch from the seeded
generator; weights, DFA's B and FGT's draws come from one torch generator seeded with --seed.

Output: reference/results/<method>_<dataset>.json, or reference/results/<config name>.json with --config (per-epoch train/test accuracy, mean training loss,
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


# nmsim config key -> (train_fmnist.py attribute, converter); run.* and dataset.* limits included
CONFIG_KEYS = {
    ("network", "sizes"): ("hidden", lambda v: ",".join(str(int(x)) for x in v[1:-1])),
    ("algorithm", "method"): ("method", str),
    ("algorithm", "steps"): ("T", int),
    ("algorithm", "eta"): ("eta", float),
    ("algorithm", "lambda"): ("lam", float),
    ("algorithm", "vth"): ("v_th", float),
    ("algorithm", "a1"): ("a1", float),
    ("algorithm", "lambda_m"): ("lam_m", float),
    ("algorithm", "batch"): ("batch", int),
    ("dataset", "train_limit"): ("limit", int),
    ("dataset", "test_limit"): ("test_limit", int),
    ("run", "epochs"): ("epochs", int),
    ("run", "seed"): ("seed", int),
}
# keys that are checked rather than mapped (they must have the value the reference implements)
CONFIG_CHECKED = {("dataset", "name"): "fashion-mnist", ("dataset", "encoding"): "direct-current"}
# the defaults when neither the config nor a flag sets a value (nmsim's paper defaults for lambda..lambda_m)
DEFAULTS = {"method": None, "epochs": 2, "eta": 0.01, "T": 6, "lam": 0.5, "v_th": 1.0, "a1": 0.25,
            "lam_m": 0.999, "hidden": "400,400", "seed": 2022, "limit": 0, "test_limit": 0, "batch": 1}


def config_values(path):
    """Reads an nmsim experiment YAML. Returns the mapped values, the ignored keys (printed) and the
    sha256 of the file's bytes. Keys the reference does not model (chip, storage widths, probes, output,
    run.workers, ...) are ignored with a printed note; a mapped key of the wrong shape is an error."""
    import hashlib
    import yaml
    with open(path, "rb") as f:
        raw = f.read()
    doc = yaml.safe_load(raw) or {}
    if not isinstance(doc, dict):
        raise SystemExit(f"{path}: not a YAML mapping")
    values, ignored = {}, []
    for section, body in doc.items():
        if not isinstance(body, dict):
            ignored.append(str(section))
            continue
        for key, v in body.items():
            k = (section, key)
            if k in CONFIG_KEYS:
                attr, conv = CONFIG_KEYS[k]
                if k == ("network", "sizes"):
                    if not isinstance(v, list) or len(v) < 3 or int(v[0]) != 784 or int(v[-1]) != 10:
                        raise SystemExit(f"{path}: network.sizes={v} must be [784, ..., 10]")
                if k == ("algorithm", "method") and str(v).lower() not in METHODS:
                    raise SystemExit(f"{path}: algorithm.method={v} unknown to the reference ({METHODS})")
                values[attr] = conv(v) if k != ("algorithm", "method") else str(v).lower()
            elif k in CONFIG_CHECKED:
                if v != CONFIG_CHECKED[k]:
                    raise SystemExit(f"{path}: {section}.{key}={v}: the reference supports only {CONFIG_CHECKED[k]}")
            else:
                ignored.append(f"{section}.{key}")
    for k in ignored:
        print(f"note: {path}: {k} is not modelled by the float reference and is ignored", flush=True)
    return {"values": values, "ignored": ignored, "sha256": hashlib.sha256(raw).hexdigest()}


def resolve(a, values):
    """Precedence: explicit command-line flag > config value > DEFAULTS. Returns the flags that overrode a
    config value (with both values), so that a shortened run is recorded as such."""
    overridden = []
    for attr, default in DEFAULTS.items():
        flag = getattr(a, attr)
        if flag is not None:
            if attr in values and values[attr] != flag:
                overridden.append(f"{attr}={flag} (config: {values[attr]})")
            elif attr not in values and flag != default:
                overridden.append(f"{attr}={flag} (config: not set)")
        else:
            setattr(a, attr, values.get(attr, default))
    return overridden


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default=None,
                    help="an nmsim experiment YAML (examples/*.yaml); explicit flags below override its values")
    ap.add_argument("--method", choices=METHODS, default=None)
    ap.add_argument("--subset", action="store_true", help="the bundled 3000/1000 subset")
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--eta", type=float, default=None)
    ap.add_argument("--batch", type=int, default=None, help="mini-batch size (default: algorithm.batch, else 1)")
    ap.add_argument("--T", type=int, default=None)
    ap.add_argument("--lam", type=float, default=None)
    ap.add_argument("--v-th", type=float, default=None)
    ap.add_argument("--a1", type=float, default=None)
    ap.add_argument("--lam-m", type=float, default=None)
    ap.add_argument("--hidden", default=None)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--limit", "--train-limit", dest="limit", type=int, default=None,
                    help="use only the first LIMIT training samples (file order)")
    ap.add_argument("--test-limit", type=int, default=None, help="use only the first N test samples (file order)")
    ap.add_argument("--alignment", action="store_true",
                    help="also compute BP's gradient on the same state; report the mean cosine per hidden layer")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    cfg = config_values(a.config) if a.config else {"values": {}, "ignored": []}
    overridden = resolve(a, cfg["values"])
    if a.config and a.subset and "limit" not in cfg["values"]:
        overridden.append("--subset (config: the full dataset)")
    if a.method is None:
        ap.error("--method (or algorithm.method in --config) is required")
    torch.set_num_threads(a.threads)
    if a.subset:
        root = SUBSET
    elif os.path.isdir(FULL):
        root = FULL
    elif a.limit and a.limit <= 3000 and a.test_limit and a.test_limit <= 1000:
        # the bundled subset is the first 3000/1000 images of the full set (checked byte for byte), as in nmsim
        root = SUBSET
    else:
        raise SystemExit(f"{FULL} is missing; use --subset or limits <= 3000/1000")
    dataset = "fmnist-subset" if root == SUBSET else "fmnist"
    (Xtr, Ytr), (Xte, Yte) = load(root)
    if a.limit:
        Xtr, Ytr = Xtr[:a.limit], Ytr[:a.limit]
    if a.test_limit:
        Xte, Yte = Xte[:a.test_limit], Yte[:a.test_limit]
    sizes = [784] + [int(v) for v in a.hidden.split(",")] + [10]
    net = OtttMlp(sizes, a.method, a.T, a.lam, a.v_th, a.a1, a.lam_m, a.eta, device=a.device, seed=a.seed)
    order_gen = torch.Generator().manual_seed(a.seed + 1)
    Xtr_dev = Xtr.to(a.device)
    history = []
    load_start = os.getloadavg()
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
        "load_average_1_5_15_min": {"start": list(load_start), "end": list(os.getloadavg())},
        "command": "/usr/bin/python3 reference/train_fmnist.py " + " ".join(sys.argv[1:]),
        "history": history,
    }
    if a.config:
        result["config"] = {"path": os.path.relpath(os.path.abspath(a.config), os.path.join(HERE, "..")),
                            "sha256": cfg["sha256"], "ignored_keys": cfg["ignored"],
                            "overridden_by_flags": overridden,
                            "config_epochs": cfg["values"].get("epochs"),
                            "config_train_limit": cfg["values"].get("limit")}
        full = not overridden
        result["partial_run"] = not full
        if not full:
            result["partial_note"] = "NOT the config's run: flags overrode " + ", ".join(overridden)

    # with --config: results/<config file name without .yaml>.json, the name `nmsim compare` users look for
    default_name = (os.path.splitext(os.path.basename(a.config))[0] if a.config else f"{a.method}_{dataset}")
    out = a.out or os.path.join(HERE, "results", default_name + ".json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(f"wrote {out} ({result['wall_seconds']:.0f} s)")


if __name__ == "__main__":
    main()
