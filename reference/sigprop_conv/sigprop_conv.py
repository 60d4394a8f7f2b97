"""Independent PyTorch (float64, autograd) computation of nmsim's on-chip convolutional sigprop.

Model: learning-engines/.../sigpropconv/package-info.java (paper 002 section VI as nmsim builds it). Written without
looking at the Java loops: membrane potentials in closed form, v[t] = conv(A_t) + t b - V_th * (spikes before t),
with A_t the (detached) sum of the inputs since the sample began and the spike counts detached (reset detached);
torch.max_pool2d for the pooled h (its gradient goes to the first max, as the chip's rule), the per-layer local loss
CE(softmax(z), y), z_q = sum_u hp^0_u hp^{q+1}_u, summed over steps and layers and differentiated by autograd; the
classification layer's CE of the step-averaged output. SGD at the end of each sample.

Writes sigconv_golden.json (the initial parameters, the samples, and the parameters after every sample for the
three methods) into the Java test resources. Run: python3 reference/sigprop_conv/sigprop_conv.py
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

SHAPE = (1, 8, 8)
CONV = [(1, 2), (2, 3)]          # (cin, cout), 3x3, padding 1, each followed by 2x2 max pooling
FC = 5
M = 4
T = 4
ETA = 0.05
ETA_OUT = 0.1
SAMPLES = 3
ADAM_ETA = 0.01
ADAM_ETA_OUT = 0.02
NORM_MOMENTUM = 0.3
NORM_EPS = 1e-5


def init(gen):
    def u(n, bound):
        return ((torch.rand(n, generator=gen) * 2 - 1) * bound)
    w, b = [], []
    for cin, cout in CONV:
        w.append(u(cout * cin * 9, 2.0 / math.sqrt(cin * 9)))
        b.append(u(cout, 0.2))
    n_in = CONV[-1][1] * (SHAPE[1] // 4) * (SHAPE[2] // 4)
    w.append(u(FC * n_in, 2.0 / math.sqrt(n_in)))
    b.append(u(FC, 0.2))
    w.append(u(M * FC, 1.0 / math.sqrt(FC)))
    b.append(u(M, 0.1))
    n1 = CONV[0][1] * SHAPE[1] * SHAPE[2]
    s = u(n1 * M, 1.0)
    d = u(n1, 0.2)
    return w, b, s, d


def train_sample(params, x, y, method):
    w, b, s, d = [p.clone().requires_grad_(True) for p in params[0]], \
        [p.clone().requires_grad_(True) for p in params[1]], params[2].clone().requires_grad_(True), \
        params[3].clone().requires_grad_(True)
    fsp = method != "shallow"
    hidden = len(CONV) + 1
    total = sample_loss(w, b, s, d, x, y, method)
    total.backward()
    with torch.no_grad():
        new_w, new_b = [], []
        for l in range(hidden + 1):
            eta = ETA_OUT if l == hidden else (ETA if fsp else 0.0)
            new_w.append(w[l] - eta * (w[l].grad if w[l].grad is not None else torch.zeros_like(w[l])))
            new_b.append(b[l] - eta * (b[l].grad if b[l].grad is not None else torch.zeros_like(b[l])))
        eta = ETA if fsp else 0.0
        new_s = s - eta * (s.grad if s.grad is not None else torch.zeros_like(s))
        new_d = d - eta * (d.grad if d.grad is not None else torch.zeros_like(d))
    return [new_w, new_b, new_s, new_d]


def sample_loss(w, b, s, d, x, y, method, norm=None, drives=None):
    """The summed local losses and the classification loss of one sample (a graph for autograd).

    norm: None, or (gamma, beta, running mean, running var) per conv layer: every conv layer's per-step drive
    c_t = conv(x_t) + b becomes gamma (c_t - mean) / sqrt(var + eps) + beta (input and target channels; conv 1's
    target channels come from S and d, not normalised). drives: a list per conv layer that receives the input
    channel's per-step drives (detached), for the running statistics."""
    fsp = method != "shallow"
    vth = 0.5 if fsp else 1.0
    ch = M + 1 if fsp else 1
    hidden = len(CONV) + 1
    shapes = []
    h_, w_ = SHAPE[1], SHAPE[2]
    for cin, cout in CONV:
        shapes.append((cin, cout, h_, w_))
        h_, w_ = h_ // 2, w_ // 2
    acc = [None] * hidden          # detached input sums per layer: [channels, inputs...]
    count = [None] * hidden        # detached spike counts per layer: [ch, neurons...]
    total = torch.zeros(())
    u_sum = torch.zeros(M)
    classes = torch.tensor([y])
    for t in range(1, T + 1):
        below = x.reshape(1, *SHAPE)                       # [channels, C, H, W]; layer 1: input channel only
        for l in range(hidden):
            conv = l < len(CONV)
            acc[l] = below.clone() if acc[l] is None else acc[l] + below
            if conv:
                cin, cout, hh, ww = shapes[l]
                k = w[l].reshape(cout, cin, 3, 3)
                v_in = F.conv2d(acc[l], k, padding=1) + t * b[l].reshape(1, cout, 1, 1)
                if norm is not None:
                    gamma, beta, rm, rv = (p[l].reshape(1, cout, 1, 1) for p in norm)
                    v_in = gamma * (v_in - t * rm) / torch.sqrt(rv + NORM_EPS) + t * beta
                    drives[l].append((F.conv2d(below[0:1], k, padding=1) + b[l].reshape(1, cout, 1, 1)).detach())
                if l == 0 and fsp:
                    tgt = (t * (s.reshape(cout, hh, ww, M) + d.reshape(cout, hh, ww, 1))).permute(3, 0, 1, 2)
                    v = torch.cat([v_in, tgt], dim=0)
                else:
                    v = v_in
            else:
                flat = acc[l].reshape(acc[l].shape[0], -1)
                v = flat @ w[l].reshape(FC, -1).T + t * b[l]
            if count[l] is None:
                count[l] = torch.zeros_like(v)
            v = v - vth * count[l]
            spk = (v >= vth).double().detach()
            count[l] = count[l] + spk
            if fsp:
                h = torch.atan(math.pi * (v - vth)) / math.pi + 0.5 if method == "surrogate" else v
                hp = F.max_pool2d(h, 2) if conv else h
                hp = hp.reshape(ch, -1)
                z = (hp[0:1] * hp[1:]).sum(dim=1)
                total = total + F.cross_entropy(z.reshape(1, M), classes, reduction="sum")
            below = (F.max_pool2d(spk, 2) if conv else spk).detach()
        u_t = w[hidden].reshape(M, FC) @ below[0] + b[hidden]
        u_sum = u_sum + u_t
    total = total + F.cross_entropy((u_sum / T).reshape(1, M), classes, reduction="sum")
    return total


def train_adam(params, xs, labels, method):
    """torch.optim.Adam (default betas and eps) on every trained parameter, one sample per step; returns the
    parameters after every sample. FSP-shallow: only the classification layer is given to the optimizer."""
    w = [p.clone().requires_grad_(True) for p in params[0]]
    b = [p.clone().requires_grad_(True) for p in params[1]]
    s = params[2].clone().requires_grad_(True)
    d = params[3].clone().requires_grad_(True)
    hidden = len(CONV) + 1
    groups = [{"params": [w[hidden], b[hidden]], "lr": ADAM_ETA_OUT}]
    if method != "shallow":
        groups.append({"params": w[:hidden] + b[:hidden] + [s, d], "lr": ADAM_ETA})
    opt = torch.optim.Adam(groups)
    steps = []
    for x, y in zip(xs, labels):
        opt.zero_grad(set_to_none=False)
        sample_loss(w, b, s, d, x, y, method).backward()
        opt.step()
        steps.append(as_lists([[t.detach() for t in w], [t.detach() for t in b], s.detach(), d.detach()]))
    return steps


def train_norm(params, xs, labels, method, adam):
    """The net with running-statistics normalisation (gamma 1, beta 0, mean 0, var 1 at the start; momentum
    NORM_MOMENTUM): SGD (ETA, ETA_OUT) or torch.optim.Adam (ADAM_ETA, ADAM_ETA_OUT) on every parameter, gamma and
    beta with the hidden rate; after the update the running mean and (unbiased) variance move towards the sample's
    statistics of the input channel's drives over all positions and steps. Returns the parameters after every
    sample."""
    w = [p.clone().requires_grad_(True) for p in params[0]]
    b = [p.clone().requires_grad_(True) for p in params[1]]
    s = params[2].clone().requires_grad_(True)
    d = params[3].clone().requires_grad_(True)
    gamma = [torch.ones(cout, requires_grad=True) for _, cout in CONV]
    beta = [torch.zeros(cout, requires_grad=True) for _, cout in CONV]
    rm = [torch.zeros(cout) for _, cout in CONV]
    rv = [torch.ones(cout) for _, cout in CONV]
    hidden = len(CONV) + 1
    cls = [w[hidden], b[hidden]]
    rest = w[:hidden] + b[:hidden] + [s, d] + gamma + beta
    if adam:
        opt = torch.optim.Adam([{"params": cls, "lr": ADAM_ETA_OUT}, {"params": rest, "lr": ADAM_ETA}])
    else:
        opt = torch.optim.SGD([{"params": cls, "lr": ETA_OUT}, {"params": rest, "lr": ETA}])
    steps = []
    for x, y in zip(xs, labels):
        opt.zero_grad(set_to_none=False)
        drives = [[] for _ in CONV]
        sample_loss(w, b, s, d, x, y, method, (gamma, beta, rm, rv), drives).backward()
        opt.step()
        with torch.no_grad():
            for l in range(len(CONV)):
                allc = torch.cat(drives[l], dim=0)                  # [T, cout, H, W]
                mean = allc.mean(dim=(0, 2, 3))
                var = allc.var(dim=(0, 2, 3), unbiased=True)
                rm[l] = (1 - NORM_MOMENTUM) * rm[l] + NORM_MOMENTUM * mean
                rv[l] = (1 - NORM_MOMENTUM) * rv[l] + NORM_MOMENTUM * var
        out = as_lists([[t.detach() for t in w], [t.detach() for t in b], s.detach(), d.detach()])
        out["gamma"] = [g.detach().tolist() for g in gamma]
        out["beta"] = [g.detach().tolist() for g in beta]
        out["mean"] = [g.tolist() for g in rm]
        out["var"] = [g.tolist() for g in rv]
        steps.append(out)
    return steps


def as_lists(params):
    return {"w": [p.tolist() for p in params[0]], "b": [p.tolist() for p in params[1]], "s": params[2].tolist(),
            "d": params[3].tolist()}


def main():
    gen = torch.Generator().manual_seed(2024)
    params = init(gen)
    xs, labels = [], []
    for k in range(SAMPLES):
        x = torch.rand(64, generator=gen)
        x[torch.rand(64, generator=gen) < 0.3] = 0.0
        xs.append(x)
        labels.append(k % M)
    out = {"input_shape": list(SHAPE), "conv": "2C3-MP2-3C3-MP2", "fc": FC, "classes": M, "T": T, "eta": ETA,
           "eta_readout": ETA_OUT, "vth_fsp": 0.5, "vth_shallow": 1.0, "initial": as_lists(params),
           "x": [x.tolist() for x in xs], "labels": labels, "after": {}}
    for method in ("surrogate", "voltage", "shallow"):
        p = [[t.clone() for t in params[0]], [t.clone() for t in params[1]], params[2].clone(), params[3].clone()]
        steps = []
        for x, y in zip(xs, labels):
            p = train_sample(p, x, y, method)
            steps.append(as_lists(p))
        out["after"][method] = steps
    out["adam_eta"] = ADAM_ETA
    out["adam_eta_readout"] = ADAM_ETA_OUT
    out["after_adam"] = {}
    for method in ("surrogate", "voltage", "shallow"):
        out["after_adam"][method] = train_adam(params, xs, labels, method)
    out["norm_momentum"] = NORM_MOMENTUM
    out["norm_eps"] = NORM_EPS
    out["after_norm"] = {m: train_norm(params, xs, labels, m, False) for m in ("surrogate", "voltage")}
    out["after_norm_adam"] = {m: train_norm(params, xs, labels, m, True) for m in ("surrogate",)}
    here = os.path.dirname(os.path.abspath(__file__))
    dst = os.path.join(here, "..", "..", "learning-engines", "src", "test", "resources", "org", "nmsim", "learning",
                       "sigpropconv", "sigconv_golden.json")
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "w") as f:
        json.dump(out, f)
    print("wrote", os.path.normpath(dst))


if __name__ == "__main__":
    main()
