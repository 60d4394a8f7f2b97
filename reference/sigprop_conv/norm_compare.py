"""Experiment (not a test): does per-channel normalisation of the conv layers help nmsim's convolutional sigprop?
The same model as diagnose.py / sigprop_conv.py (reset detached, max pooling by torch.max_pool2d, per-step local loss
CE(softmax(z)), batch 1, one update per sample) on 16C3-MP2-32C3-MP2, fc 128, Fashion-MNIST (first N images), with
the conv layers' per-step drive c_t = conv(x_t) + b (x_t: the layer's input at step t) replaced by
gamma (c_t - mu) / sqrt(var + eps) + beta, per output channel, applied to the input and the target channels alike:

  --norm none     c_t as today (the chip without normalisation).
  --norm running  mu, var: running statistics (EMA with --momentum, PyTorch's unbiased variance), constants in the
                  forward and backward pass of a sample, updated at the sample's end from the input channel's drives
                  over all positions and all T steps. What nmsim builds on chip (algorithm.norm: running).
  --norm batch    mu, var: the sample's own statistics per step t over the input channel's positions (batch norm at
                  batch 1, statistics from the input only as paper 002 suggests for targets), differentiated through;
                  the running statistics (same EMA) are used at test time. Not built on chip.

gamma (init 1) and beta (init 0) per conv channel are trained with the hidden layers' rate.

    python3 reference/sigprop_conv/norm_compare.py --method surrogate --norm running --train 1000 --test 500
"""
import argparse
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

from diagnose import load  # the first n Fashion-MNIST images and labels as tensors

torch.set_default_dtype(torch.float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--method", default="surrogate")
    ap.add_argument("--norm", default="none")
    ap.add_argument("--momentum", type=float, default=0.1)
    ap.add_argument("--eps", type=float, default=1e-5)
    ap.add_argument("--train", type=int, default=1000)
    ap.add_argument("--test", type=int, default=500)
    ap.add_argument("--gain", type=float, default=3.0)
    ap.add_argument("--eta", type=float, default=None)
    ap.add_argument("--eta_out", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--opt", default="sgd")                   # sgd | adam (torch.optim.Adam, default betas)
    ap.add_argument("--eta_norm", type=float, default=None)   # gamma and beta's rate (default: the hidden rate)
    args = ap.parse_args()
    adam = args.opt == "adam"
    eta = args.eta if args.eta is not None else 5e-4 if adam else (1e-4 if args.method == "voltage" else 1e-3)
    if adam and args.eta_out == 0.02:
        args.eta_out = 1e-3
    M, T, FC = 10, 4, 128
    conv = [(1, 16), (16, 32)]
    fsp = args.method != "shallow"
    vth = 0.5 if fsp else 1.0
    ch = M + 1 if fsp else 1
    g = torch.Generator().manual_seed(args.seed)

    def u(shape, bound):
        return ((torch.rand(shape, generator=g) * 2 - 1) * bound).requires_grad_(True)
    w = [u((co, ci, 3, 3), args.gain / math.sqrt(ci * 9)) for ci, co in conv]
    w.append(u((FC, 32 * 7 * 7), args.gain / math.sqrt(32 * 49)))
    w.append(u((M, FC), 1 / math.sqrt(FC)))
    b = [torch.zeros(co, requires_grad=True) for _, co in conv] + [torch.zeros(FC, requires_grad=True),
                                                                   torch.zeros(M, requires_grad=True)]
    s = u((16, 28, 28, M), 1 / math.sqrt(M))
    d = torch.zeros((16, 28, 28), requires_grad=True)
    gamma = [torch.ones(co, requires_grad=True) for _, co in conv]
    beta = [torch.zeros(co, requires_grad=True) for _, co in conv]
    rm = [torch.zeros(co) for _, co in conv]
    rv = [torch.ones(co) for _, co in conv]
    hidden = w[:3] + b[:3] + [s, d]
    eta_norm = eta if args.eta_norm is None else args.eta_norm
    opt = (torch.optim.Adam if adam else torch.optim.SGD)([{"params": hidden, "lr": eta if fsp else 0.0},
                           {"params": gamma + beta, "lr": eta_norm if fsp else 0.0},
                           {"params": [w[3], b[3]], "lr": args.eta_out}])
    rates = np.zeros(3)
    xs, ys = load("train", args.train)
    xt, yt = load("t10k", args.test)

    def run(x, y, train):
        acc = None
        vsum = [None, None]
        count = [None] * 3
        stats = [[], []]
        total = torch.zeros(())
        u_sum = torch.zeros(M)
        cls = torch.tensor([y])
        for t in range(1, T + 1):
            below = x.reshape(1, 1, 28, 28)
            for l in range(3):
                if l < 2:
                    drive = F.conv2d(below, w[l], padding=1) + b[l].reshape(1, -1, 1, 1)
                    c0 = drive[0].detach()
                    stats[l].append((c0.mean(dim=(1, 2)), c0.var(dim=(1, 2), unbiased=True)))
                    if args.norm == "running" or (args.norm == "batch" and not train):
                        drive = (gamma[l].reshape(1, -1, 1, 1) * (drive - rm[l].reshape(1, -1, 1, 1)) /
                                 torch.sqrt(rv[l].reshape(1, -1, 1, 1) + args.eps) + beta[l].reshape(1, -1, 1, 1))
                    elif args.norm == "batch":
                        mu = drive[0].mean(dim=(1, 2)).reshape(1, -1, 1, 1)
                        var = drive[0].var(dim=(1, 2), unbiased=False).reshape(1, -1, 1, 1)
                        drive = gamma[l].reshape(1, -1, 1, 1) * (drive - mu) / torch.sqrt(var + args.eps) + \
                            beta[l].reshape(1, -1, 1, 1)
                    if l == 0 and fsp and train:
                        drive = torch.cat([drive, (s + d.unsqueeze(-1)).permute(3, 0, 1, 2)], 0)
                    vsum[l] = drive if vsum[l] is None else vsum[l] + drive
                    v = vsum[l]
                else:
                    acc = below.clone() if acc is None else acc + below
                    v = acc.reshape(acc.shape[0], -1) @ w[l].T + t * b[l]
                if count[l] is None:
                    count[l] = torch.zeros_like(v)
                v = v - vth * count[l]
                spk = (v >= vth).double().detach()
                count[l] = count[l] + spk
                if train:
                    rates[l] += spk[0].mean().item() / T
                if fsp and train:
                    h = torch.atan(math.pi * (v - vth)) / math.pi + 0.5 if args.method == "surrogate" else v
                    hp = (F.max_pool2d(h, 2) if l < 2 else h).reshape(ch, -1)
                    z = (hp[0:1] * hp[1:]).sum(1)
                    total = total + F.cross_entropy(z.reshape(1, M), cls, reduction="sum")
                below = (F.max_pool2d(spk, 2) if l < 2 else spk).detach()
                if not train:
                    below = below[0:1]
            u_sum = u_sum + w[3] @ below[0] + b[3]
        ubar = u_sum / T
        pred = int(torch.argmax(ubar))
        if train:
            total = total + F.cross_entropy(ubar.reshape(1, M), cls, reduction="sum")
            opt.zero_grad()
            total.backward()
            opt.step()
            if args.norm != "none":
                with torch.no_grad():
                    for l in range(2):
                        # statistics over all positions and steps (per-step means averaged; the variance of the
                        # union: mean of per-step variances plus the variance of the per-step means, unbiased)
                        means = torch.stack([m for m, _ in stats[l]])
                        n = 28 * 28 if l == 0 else 14 * 14
                        sq = torch.stack([v * (n - 1) + n * m * m for m, v in stats[l]]).sum(0)
                        mu = means.mean(0)
                        var = (sq - T * n * mu * mu) / (T * n - 1)
                        rm[l].mul_(1 - args.momentum).add_(args.momentum * mu)
                        rv[l].mul_(1 - args.momentum).add_(args.momentum * var)
        return pred

    start = time.time()
    correct = 0
    for k in range(args.train):
        correct += run(xs[k], int(ys[k]), True) == int(ys[k])
    with torch.no_grad():
        c = sum(run(xt[k], int(yt[k]), False) == int(yt[k]) for k in range(args.test))
    print("  input-channel spike rates per layer (training mean):", np.round(rates / args.train, 3),
          "gamma", [np.round(g.detach().numpy(), 2).tolist()[:4] for g in gamma],
          "beta", [np.round(g.detach().numpy(), 2).tolist()[:4] for g in beta],
          "mean", [np.round(g.numpy(), 2).tolist()[:4] for g in rm], "var", [np.round(g.numpy(), 2).tolist()[:4]
                                                                                 for g in rv])
    print(f"{args.method} opt={args.opt} norm={args.norm} eta={eta} eta_norm={eta_norm} eta_out={args.eta_out} gain={args.gain} "
          f"momentum={args.momentum}: train acc {correct / args.train:.3f}, test accuracy {c / args.test:.3f} "
          f"({args.train} train, {args.test} test, {time.time() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
