"""Independent PyTorch computation of one training sample of the convolutional OTTT network trained by FGT
(paper 000 eq. 4-8), FGT (w/o m) and DFA, for nmsim's on-chip conv learner (learning-engines, package
org.nmsim.learning.conv). float64 throughout; convolutions and pooling are torch.nn.functional.conv2d / avg_pool2d,
kernel and readout gradients come from torch.autograd, not from hand-written loops.

Network (tiny): input 1x6x6, "2C3-AP2-3C3", readout FC to 4 classes, T = 4, lambda = 0.5, V_th = 1, a1 = 0.25,
lambda_M = 0.9, eta = 0.05, batch 1. One sample, starting from the weights, feedback and draws written into the
output, which also holds the weights (and M) after the sample's update.

    python3 reference/conv/ottt_conv.py  # writes learning-engines/src/test/resources/org/nmsim/learning/conv/conv_golden.json
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

T, LAM, VTH, A1, LAM_M, ETA = 4, 0.5, 1.0, 0.25, 0.9, 0.05
SHAPE = (1, 6, 6)
LAYERS = [(1, 2, True), (2, 3, False)]  # (cin, cout, pool after)
M = 4


def surrogate(u):
    q = torch.exp((VTH - u) / A1)
    return q / (A1 * (1 + q) ** 2)


def pool(s, p):
    return F.avg_pool2d(s, 2) if p else s


def run(method, params, x, label, v_draws):
    kern = [k.clone().requires_grad_(False) for k in params["k"]]
    bias = [b.clone() for b in params["b"]]
    w_out, b_out = params["w"].clone(), params["bo"].clone()
    fb = [f.clone() for f in params["fb"]] if method != "fgt-wo-m" else None
    L = len(LAYERS)
    g_k = [torch.zeros_like(k) for k in kern]
    g_b = [torch.zeros_like(b) for b in bias]
    g_w, g_bo = torch.zeros_like(w_out), torch.zeros_like(b_out)
    u = [None] * L
    s = [None] * L
    ahat_in = [None] * L
    ahat_r = None
    sum_u = torch.zeros(M)
    loss = 0.0
    xin = x.view(1, *SHAPE)
    for t in range(T):
        inp = xin
        for l, (cin, cout, p) in enumerate(LAYERS):
            ahat_in[l] = inp if ahat_in[l] is None else LAM * ahat_in[l] + inp
            cur = F.conv2d(inp, kern[l], bias[l], padding=1)
            if u[l] is None:
                u[l] = cur
            else:
                u[l] = LAM * (u[l] - VTH * s[l]) + cur
            s[l] = (u[l] > VTH).double()
            inp = pool(s[l], p)
        flat = inp.reshape(1, -1)
        ahat_r = flat if ahat_r is None else LAM * ahat_r + flat
        u_n = F.linear(flat, w_out, b_out)[0]
        sum_u += u_n
        e = torch.softmax(u_n, 0) - F.one_hot(torch.tensor(label), M).double()
        loss += float(torch.logsumexp(u_n, 0) - u_n[label])
        # readout gradients by autograd: d/dW sum(e * (W ahat + b))
        wr = w_out.clone().requires_grad_(True)
        br = b_out.clone().requires_grad_(True)
        gw, gb = torch.autograd.grad((F.linear(ahat_r, wr, br)[0] * e).sum(), [wr, br])
        g_w += gw
        g_bo += gb
        for l, (cin, cout, p) in enumerate(LAYERS):
            shape = u[l].shape
            if method == "dfa":
                g = (fb[l] @ e).view(shape)
            else:
                v = torch.tensor(v_draws[l][t]).view(shape)
                z = v
                for i in range(l + 1, L):
                    z = F.conv2d(pool(z, LAYERS[i - 1][2]), kern[i], padding=1) * surrogate(u[i])
                z_n = F.linear(pool(z, LAYERS[L - 1][2]).reshape(1, -1), w_out)[0]
                if method == "fgt-wo-m":
                    g = torch.dot(e, z_n) * v
                else:
                    fb[l] = LAM_M * fb[l] + (1 - LAM_M) * torch.outer(v.reshape(-1), z_n)
                    g = (fb[l] @ e).view(shape)
            d = g * surrogate(u[l])
            kk = kern[l].clone().requires_grad_(True)
            bb = bias[l].clone().requires_grad_(True)
            gk, gbb = torch.autograd.grad((F.conv2d(ahat_in[l], kk, bb, padding=1) * d).sum(), [kk, bb])
            g_k[l] += gk
            g_b[l] += gbb
    out = {
        "prediction": int(torch.argmax(sum_u)),
        "loss_sum": loss,
        "k_after": [(kern[l] - ETA * g_k[l]).reshape(-1).tolist() for l in range(L)],
        "b_after": [(bias[l] - ETA * g_b[l]).tolist() for l in range(L)],
        "w_after": (w_out - ETA * g_w).reshape(-1).tolist(),
        "bo_after": (b_out - ETA * g_bo).tolist(),
    }
    if fb is not None:
        out["fb_after"] = [f.reshape(-1).tolist() for f in fb]
    return out


def main():
    rng = np.random.default_rng(20260522)
    params = {"k": [], "b": [], "fb": []}
    h, w = SHAPE[1], SHAPE[2]
    neurons = []
    for cin, cout, p in LAYERS:
        params["k"].append(torch.tensor(rng.uniform(-0.2, 0.8, size=(cout, cin, 3, 3))))
        params["b"].append(torch.tensor(rng.uniform(-0.1, 0.1, size=cout)))
        neurons.append(cout * h * w)
        params["fb"].append(torch.tensor(rng.uniform(-0.5, 0.5, size=(cout * h * w, M))))
        if p:
            h, w = h // 2, w // 2
    flat = LAYERS[-1][1] * h * w
    params["w"] = torch.tensor(rng.uniform(-0.5, 0.5, size=(M, flat)))
    params["bo"] = torch.tensor(rng.uniform(-0.1, 0.1, size=M))
    x = torch.tensor(rng.uniform(0.0, 1.0, size=int(np.prod(SHAPE))))
    label = 2
    v = [[rng.choice([-1.0, 1.0], size=n).tolist() for _ in range(T)] for n in neurons]
    doc = {
        "conv": "2C3-AP2-3C3", "input_shape": list(SHAPE), "classes": M, "T": T, "lambda": LAM, "V_th": VTH,
        "a1": A1, "lambda_M": LAM_M, "eta": ETA, "x": x.tolist(), "label": label,
        "k": [k.reshape(-1).tolist() for k in params["k"]], "b": [b.tolist() for b in params["b"]],
        "w": params["w"].reshape(-1).tolist(), "bo": params["bo"].tolist(),
        "fb": [f.reshape(-1).tolist() for f in params["fb"]], "v": v,
        "methods": {m: run(m, params, x, label, v) for m in ("fgt", "fgt-wo-m", "dfa")},
    }
    here = os.path.dirname(os.path.abspath(__file__))
    dst = os.path.join(here, "..", "..", "learning-engines", "src", "test", "resources", "org", "nmsim", "learning",
                       "conv", "conv_golden.json")
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "w") as f:
        json.dump(doc, f)
    print("wrote", os.path.normpath(dst), {m: (r["prediction"], round(r["loss_sum"], 6))
                                           for m, r in doc["methods"].items()})


if __name__ == "__main__":
    main()
