"""Diagnostic (not a test): nmsim's on-chip convolutional sigprop (same model as sigprop_conv.py: reset detached,
closed-form potentials, max pooling by torch.max_pool2d, per-step local loss CE(softmax(z)), SGD or Adam at the end of
every sample, batch 1) on the real network 16C3-MP2-32C3-MP2, fc 128, Fashion-MNIST, to see why FSP-voltage does not
learn. Prints per-layer mean local loss, spike rates, max |h|, gradient norms every `--every` samples, then the test
accuracy of the classification layer.

    python3 reference/sigprop_conv/diagnose.py --method voltage --train 200 --test 100 --gain 3 --eta 5e-4
"""
import argparse
import gzip
import math

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
DIR = "/usr/share/datasets/fashion-mnist/"


def load(prefix, n):
    with gzip.open(DIR + prefix + "-images-idx3-ubyte.gz") as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)[:n] / 255.0
    with gzip.open(DIR + prefix + "-labels-idx1-ubyte.gz") as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)[:n]
    return torch.tensor(x), torch.tensor(y.astype(np.int64))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--method", default="voltage")
    ap.add_argument("--train", type=int, default=200)
    ap.add_argument("--test", type=int, default=100)
    ap.add_argument("--gain", type=float, default=3.0)
    ap.add_argument("--eta", type=float, default=5e-4)
    ap.add_argument("--eta_out", type=float, default=0.02)
    ap.add_argument("--opt", default="sgd")
    ap.add_argument("--every", type=int, default=50)
    ap.add_argument("--zscale", default="sum")   # sum | mean : O_dot summed or averaged over the layer's units
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    M, T, FC = 10, 4, 128
    conv = [(1, 16, 28), (16, 32, 14)]
    fsp = args.method != "shallow"
    vth = 0.5 if fsp else 1.0
    ch = M + 1 if fsp else 1
    g = torch.Generator().manual_seed(args.seed)

    def u(shape, bound):
        return ((torch.rand(shape, generator=g) * 2 - 1) * bound).requires_grad_(True)
    w = [u((co, ci, 3, 3), args.gain / math.sqrt(ci * 9)) for ci, co, _ in conv]
    w.append(u((FC, 32 * 7 * 7), args.gain / math.sqrt(32 * 49)))
    w.append(u((M, FC), 1 / math.sqrt(FC)))
    b = [torch.zeros(co, requires_grad=True) for _, co, _ in conv] + [torch.zeros(FC, requires_grad=True),
                                                                      torch.zeros(M, requires_grad=True)]
    s = u((16, 28, 28, M), 1 / math.sqrt(M))
    d = torch.zeros((16, 28, 28), requires_grad=True)
    hidden_params = w[:3] + b[:3] + [s, d]
    out_params = [w[3], b[3]]
    if args.opt == "adam":
        opt = torch.optim.Adam([{"params": hidden_params, "lr": args.eta}, {"params": out_params, "lr": args.eta_out}])
    else:
        opt = torch.optim.SGD([{"params": hidden_params, "lr": args.eta if fsp else 0.0},
                               {"params": out_params, "lr": args.eta_out}])
    xs, ys = load("train", args.train)
    xt, yt = load("t10k", args.test)

    def run(x, y, train):
        acc = [None] * 3
        count = [None] * 3
        losses = [0.0] * 3
        rates = [0.0] * 3
        hmax = [0.0] * 3
        zmax = [0.0] * 3
        total = torch.zeros(())
        u_sum = torch.zeros(M)
        cls = torch.tensor([y])
        for t in range(1, T + 1):
            below = x.reshape(1, 1, 28, 28)
            for l in range(3):
                isconv = l < 2
                acc[l] = below.clone() if acc[l] is None else acc[l] + below
                if isconv:
                    v_in = F.conv2d(acc[l], w[l], padding=1) + t * b[l].reshape(1, -1, 1, 1)
                    if l == 0 and fsp and train:
                        tgt = (t * (s + d.unsqueeze(-1))).permute(3, 0, 1, 2)
                        v = torch.cat([v_in, tgt], 0)
                    else:
                        v = v_in
                else:
                    v = acc[l].reshape(acc[l].shape[0], -1) @ w[l].T + t * b[l]
                if count[l] is None:
                    count[l] = torch.zeros_like(v)
                v = v - vth * count[l]
                spk = (v >= vth).double().detach()
                count[l] = count[l] + spk
                rates[l] += spk[0].mean().item() / T
                if fsp and train:
                    h = torch.atan(math.pi * (v - vth)) / math.pi + 0.5 if args.method == "surrogate" else v
                    hp = (F.max_pool2d(h, 2) if isconv else h).reshape(ch, -1)
                    hmax[l] = max(hmax[l], hp.abs().max().item())
                    z = (hp[0:1] * hp[1:]).sum(1)
                    zmax[l] = max(zmax[l], z.abs().max().item())
                    if args.zscale == "mean":
                        z = z / hp.shape[1]
                    lo = F.cross_entropy(z.reshape(1, M), cls, reduction="sum")
                    losses[l] += lo.item() / T
                    total = total + lo
                below = (F.max_pool2d(spk, 2) if isconv else spk).detach()
                if not train:
                    below = below[0:1]
            u_sum = u_sum + w[3] @ below[0] + b[3]
        ubar = u_sum / T
        pred = int(torch.argmax(ubar))
        if train:
            total = total + F.cross_entropy(ubar.reshape(1, M), cls, reduction="sum")
            opt.zero_grad()
            total.backward()
            gn = [w[l].grad.norm().item() if w[l].grad is not None else 0.0 for l in range(4)]
            opt.step()
            return pred, losses, rates, hmax, gn + zmax
        return pred, None, rates, None, None

    agg = None
    correct = 0
    for k in range(args.train):
        pred, losses, rates, hmax, gn = run(xs[k], int(ys[k]), True)
        correct += pred == int(ys[k])
        row = np.array(losses + rates + hmax + gn)
        agg = row if agg is None else agg + row
        if (k + 1) % args.every == 0:
            a = agg / args.every
            print(f"{k+1:5d} loss {a[0]:.3g} {a[1]:.3g} {a[2]:.3g}  rate {a[3]:.3f} {a[4]:.3f} {a[5]:.3f}  "
                  f"max|hp| {a[6]:.3g} {a[7]:.3g} {a[8]:.3g}  |gW| {a[9]:.3g} {a[10]:.3g} {a[11]:.3g} {a[12]:.3g}  "
                  f"max|z| {a[13]:.3g} {a[14]:.3g} {a[15]:.3g}  "
                  f"train acc {correct/(k+1):.3f}", flush=True)
            agg = None
    with torch.no_grad():
        c = sum(run(xt[k], int(yt[k]), False)[0] == int(yt[k]) for k in range(args.test))
    print(f"{args.method} opt={args.opt} eta={args.eta} gain={args.gain} zscale={args.zscale}: test accuracy "
          f"{c/args.test:.3f} ({args.train} train, {args.test} test)")


if __name__ == "__main__":
    main()
