"""Float reference of learning-engines/MODEL.md: the online-learning spiking MLP trained by OTTT_A with
BP, DFA, FGT, FGT (w/o m), FGT (S), plus full BPTT through the same dynamics.

Every formula below is MODEL.md's, written with explicit tensors (no autograd) for the online methods, so
that each line can be checked against the specification. Only `bptt` uses autograd, as the independent
check of the Java BPTT.

Index conventions (the same as MODEL.md and the golden files):
  layers 0..N; sizes[l] = n_l; W[l] is W^l, shape (n_{l+1}, n_l), row = post, column = pre;
  b[l] is b^l for l = 1..N (b[0] is None); hidden layers are 1..N-1; the readout is N.

Per-sample state (u, s, ahat) starts at zero. Persistent state across samples: W, b, B (DFA) and M (FGT),
which starts at zero when the model is built and is never reset between samples.

K forward-gradient directions (paper 000 Table 1, "FGT (w/o m, s8)": K = 8; `directions`, default 1): each
hidden layer draws K Rademacher vectors v^{l,k} per step and propagates each as its own z^{.,l,k};
fgt_wo_m uses g^l = (1/K) sum_k (e . z^{N,l,k}) v^{l,k}, fgt / fgt_s update
M^l <- lambda_M M^l + ((1 - lambda_M) / K) sum_k v^{l,k} z^{N,l,k T}. With K = 1 this is the single-sample method.

This code is NON-LOCAL (BP reads W^T): it exists only as a reference.
"""

from __future__ import annotations

import argparse
import math

import torch

METHODS = ("bp", "dfa", "fgt", "fgt_wo_m", "fgt_s", "bptt")


def surrogate(u: torch.Tensor, v_th: float, a1: float) -> torch.Tensor:
    """f(u) = (1/a1) q / (1+q)^2 with q = exp((V_th - u)/a1).

    f is symmetric in (u - V_th) (q -> 1/q leaves q/(1+q)^2 unchanged), so we evaluate it with
    r = exp(-|u - V_th| / a1) <= 1, which never overflows (the literal form gives inf/inf = NaN for
    u < V_th - 709 a1). For u >= V_th this is the literal formula; below V_th it is the same function,
    identical up to rounding. The Java reference uses the same expression.
    """
    r = torch.exp(-torch.abs(u - v_th) / a1)
    return r / ((1.0 + r) * (1.0 + r)) / a1


def softmax(u: torch.Tensor) -> torch.Tensor:
    """softmax as exp(u - max u) / sum, over the last dimension."""
    e = torch.exp(u - u.max(dim=-1, keepdim=True).values)
    return e / e.sum(dim=-1, keepdim=True)


def init_weights(sizes, gen: torch.Generator, dtype=torch.float64):
    """MODEL.md: W^l i.i.d. uniform in [-1/sqrt(n_l), 1/sqrt(n_l)), b = 0. Drawn in order W^0, W^1, ..."""
    W, b = [], [None]
    for l in range(len(sizes) - 1):
        bound = 1.0 / math.sqrt(sizes[l])
        W.append((torch.rand(sizes[l + 1], sizes[l], generator=gen, dtype=dtype) * 2.0 - 1.0) * bound)
        b.append(torch.zeros(sizes[l + 1], dtype=dtype))
    return W, b


def init_feedback(sizes, gen: torch.Generator, dtype=torch.float64):
    """DFA: B^l (n_l x m) i.i.d. uniform in [-1/sqrt(m), 1/sqrt(m)), l = 1..N-1 (B[0] is None)."""
    m = sizes[-1]
    bound = 1.0 / math.sqrt(m)
    B = [None]
    for l in range(1, len(sizes) - 1):
        B.append((torch.rand(sizes[l], m, generator=gen, dtype=dtype) * 2.0 - 1.0) * bound)
    return B


class SeededDraws:
    """The random draws of FGT from a torch generator, consumed in a fixed order per step:
    fgt / fgt_wo_m: v^1, v^2, ..., v^{N-1}; fgt_s: l* (uniform in 1..N-1), then v^{l*}. With K directions each
    layer's v^{l,0}, ..., v^{l,K-1} in that order."""

    def __init__(self, gen: torch.Generator, device, dtype):
        self.gen, self.device, self.dtype = gen, device, dtype

    def sampled_layer(self, t: int, hidden: int) -> int:
        return int(torch.randint(1, hidden + 1, (1,), generator=self.gen).item())

    def rademacher(self, t: int, l: int, n: int, kappa: int = 0) -> torch.Tensor:
        v = torch.randint(0, 2, (n,), generator=self.gen).to(self.dtype) * 2.0 - 1.0
        return v.to(self.device)


class TableDraws:
    """Draws read from arrays (the golden files): v[l] has shape (T, n_l), or (T, K, n_l) with K directions;
    lstar shape (T,); t is 1-based."""

    def __init__(self, v, lstar=None):
        self.v, self.lstar = v, lstar

    def sampled_layer(self, t: int, hidden: int) -> int:
        return int(self.lstar[t - 1])

    def rademacher(self, t: int, l: int, n: int, kappa: int = 0) -> torch.Tensor:
        row = self.v[l][t - 1]
        return row if row.dim() == 1 else row[kappa]


class OtttMlp:
    """The MODEL.md network with its persistent state (W, b, B, M) and per-sample training."""

    def __init__(self, sizes, method, T=6, lam=0.5, v_th=1.0, a1=0.25, lam_m=0.999, eta=0.01,
                 W=None, b=None, B=None, device="cpu", dtype=torch.float64, seed=0, directions=1):
        if method not in METHODS:
            raise ValueError(f"method={method} must be one of {METHODS}")
        if directions < 1 or (directions > 1 and not method.startswith("fgt")):
            raise ValueError(f"directions={directions} must be >= 1, and 1 for method={method} (K > 1 directions "
                             "need a forward-gradient method)")
        self.directions = directions
        if len(sizes) < 3:
            raise ValueError(f"sizes={sizes}: need input, at least one hidden layer, readout")
        self.sizes, self.method, self.T = list(sizes), method, T
        self.lam, self.v_th, self.a1, self.lam_m, self.eta = lam, v_th, a1, lam_m, eta
        self.N = len(sizes) - 1
        self.device, self.dtype = torch.device(device), dtype
        gen = torch.Generator().manual_seed(seed)
        if W is None:
            W, b = init_weights(sizes, gen, dtype)
        if method == "dfa" and B is None:
            B = init_feedback(sizes, gen, dtype)
        self.gen = gen  # continues as the stream of the FGT draws
        to = lambda x: None if x is None else x.to(device=self.device, dtype=dtype).clone()
        self.W = [to(w) for w in W]
        self.b = [to(x) for x in b]
        self.B = [to(x) for x in B] if B is not None else None
        m = sizes[-1]
        self.M = [None] + [torch.zeros(sizes[l], m, device=self.device, dtype=dtype)
                           for l in range(1, self.N)]
        self.zero_grads()

    # ------------------------------------------------------------------------------------------
    def zero_grads(self):
        self.gW = [torch.zeros_like(w) for w in self.W]
        self.gb = [None] + [torch.zeros_like(x) for x in self.b[1:]]
        self.pending = 0

    def apply(self, scale: float = 1.0):
        """W <- W - eta * scale * grad W, b likewise; then reset the accumulators (scale = 1/B for --batch B)."""
        for l in range(self.N):
            self.W[l] -= self.eta * scale * self.gW[l]
            self.b[l + 1] -= self.eta * scale * self.gb[l + 1]
        self.zero_grads()

    def draws(self):
        return SeededDraws(self.gen, self.device, self.dtype)

    # ------------------------------------------------------------------------------------------
    def accumulate(self, x: torch.Tensor, y: int, draws=None, record: bool = False, shadow_bp: bool = False):
        """Runs one sample (T steps) and adds its gradients to the accumulators (OTTT_A).

        Returns a dict: 'pred', 'loss' (sum_t L[t]) and, when record, per-step tensors (T, n) keyed
        'u{l}', 's{l}', 'ahat{l}', 'e', 'g{l}', 'd{l}', 'z{l}' (z^{N,l}; (T, K, m) with K > 1 directions),
        'M{l}' (T, n_l, m), and the sample's
        own gradients 'gradW{l}', 'gradb{l}'. When shadow_bp, also 'bpW{l}': the BP gradient of W^{l-1}
        computed on the same forward state (for the gradient-alignment diagnostic).
        """
        if self.method == "bptt":
            return self._accumulate_bptt(x, y, record)
        if draws is None:
            draws = self.draws()
        N, T, lam, v_th = self.N, self.T, self.lam, self.v_th
        W, b, sizes = self.W, self.b, self.sizes
        m = sizes[-1]
        dev, dt = self.device, self.dtype
        x = x.to(device=dev, dtype=dt)
        u = [None] + [torch.zeros(sizes[l], device=dev, dtype=dt) for l in range(1, N)]
        s = [torch.zeros(sizes[l], device=dev, dtype=dt) for l in range(N)]
        ahat = [torch.zeros(sizes[l], device=dev, dtype=dt) for l in range(N)]
        onehot = torch.zeros(m, device=dev, dtype=dt)
        onehot[y] = 1.0
        gW = [torch.zeros_like(w) for w in W]
        gb = [None] + [torch.zeros_like(v) for v in b[1:]]
        bpW = [torch.zeros_like(w) for w in W] if shadow_bp else None
        rec = {} if record else None
        if record:
            def slot(key, *shape):
                rec[key] = torch.zeros(T, *shape, device=dev, dtype=dt)
            for l in range(N):
                slot(f"ahat{l}", sizes[l])
            for l in range(1, N):
                slot(f"u{l}", sizes[l]); slot(f"s{l}", sizes[l]); slot(f"g{l}", sizes[l]); slot(f"d{l}", sizes[l])
                if self.method.startswith("fgt"):
                    slot(f"z{l}", *((m,) if self.directions == 1 else (self.directions, m)))
                if self.method in ("fgt", "fgt_s"):
                    slot(f"M{l}", sizes[l], m)
            slot(f"u{N}", m); slot("e", m); slot("loss")
        usum = torch.zeros(m, device=dev, dtype=dt)
        loss = 0.0
        for t in range(1, T + 1):
            # ---- forward: s^0 = x; hidden LIF with reset by subtraction; readout linear
            s[0] = x
            ahat[0] = lam * ahat[0] + s[0]
            fu = [None] * N
            for l in range(1, N):
                u[l] = lam * (u[l] - v_th * s[l]) + W[l - 1] @ s[l - 1] + b[l]
                s[l] = (u[l] > v_th).to(dt)
                ahat[l] = lam * ahat[l] + s[l]
                fu[l] = surrogate(u[l], v_th, self.a1)
            uN = W[N - 1] @ s[N - 1] + b[N]
            usum += uN
            p = softmax(uN)
            e = p - onehot
            lt = -torch.log(p[y])
            loss += float(lt)
            # ---- hidden errors g^l[t]
            g = [None] * N
            z = [None] * N
            if self.method == "bp":
                g = self._bp_errors(e, fu)
            elif self.method == "dfa":
                for l in range(1, N):
                    g[l] = self.B[l] @ e
            else:
                if self.method == "fgt_s":
                    layers = [draws.sampled_layer(t, N - 1)]
                else:
                    layers = list(range(1, N))
                K = self.directions
                for l in layers:
                    vs, zs = [], []
                    for kappa in range(K):
                        v = draws.rademacher(t, l, sizes[l], kappa).to(device=dev, dtype=dt)
                        zz = v
                        for i in range(l, N - 1):
                            zz = (W[i] @ zz) * fu[i + 1]
                        zz = W[N - 1] @ zz
                        vs.append(v)
                        zs.append(zz)
                    z[l] = zs[0] if K == 1 else torch.stack(zs)
                    if self.method == "fgt_wo_m":
                        gl = torch.dot(e, zs[0]) * vs[0]
                        for kappa in range(1, K):
                            gl = gl + torch.dot(e, zs[kappa]) * vs[kappa]
                        g[l] = gl if K == 1 else gl / K
                    elif K == 1:
                        self.M[l] = self.lam_m * self.M[l] + (1.0 - self.lam_m) * torch.outer(vs[0], zs[0])
                    else:
                        vz = torch.outer(vs[0], zs[0])
                        for kappa in range(1, K):
                            vz = vz + torch.outer(vs[kappa], zs[kappa])
                        self.M[l] = self.lam_m * self.M[l] + ((1.0 - self.lam_m) / K) * vz
                if self.method != "fgt_wo_m":
                    for l in range(1, N):
                        g[l] = self.M[l] @ e
            # ---- gradients (OTTT_A accumulation)
            gW[N - 1] += torch.outer(e, ahat[N - 1])
            gb[N] += e
            d = [None] * N
            for l in range(1, N):
                d[l] = g[l] * fu[l]
                gW[l - 1] += torch.outer(d[l], ahat[l - 1])
                gb[l] += d[l]
            if shadow_bp:
                gbp = self._bp_errors(e, fu)
                for l in range(1, N):
                    bpW[l - 1] += torch.outer(gbp[l] * fu[l], ahat[l - 1])
            if record:
                i = t - 1
                for l in range(N):
                    rec[f"ahat{l}"][i] = ahat[l]
                for l in range(1, N):
                    rec[f"u{l}"][i] = u[l]; rec[f"s{l}"][i] = s[l]
                    rec[f"g{l}"][i] = g[l]; rec[f"d{l}"][i] = d[l]
                    if self.method.startswith("fgt") and z[l] is not None:
                        rec[f"z{l}"][i] = z[l]
                    if self.method in ("fgt", "fgt_s"):
                        rec[f"M{l}"][i] = self.M[l]
                rec[f"u{N}"][i] = uN; rec["e"][i] = e; rec["loss"][i] = lt
        for l in range(N):
            self.gW[l] += gW[l]
            self.gb[l + 1] += gb[l + 1]
        self.pending += 1
        out = {"pred": int(torch.argmax(usum).item()), "loss": loss}
        if record:
            out.update(rec)
            for l in range(N):
                out[f"gradW{l}"] = gW[l]
                out[f"gradb{l + 1}"] = gb[l + 1]
        if shadow_bp:
            out["bpW"] = bpW
            out["gW"] = gW
        return out

    def _bp_errors(self, e, fu):
        """BP: g^{N-1} = W^{N-1 T} e; g^l = W^{l T} (g^{l+1} f(u^{l+1})) for l = N-2..1."""
        N, W = self.N, self.W
        g = [None] * N
        g[N - 1] = W[N - 1].T @ e
        for l in range(N - 2, 0, -1):
            g[l] = W[l].T @ (g[l + 1] * fu[l + 1])
        return g

    # ------------------------------------------------------------------------------------------
    def _accumulate_bptt(self, x, y, record):
        """Full BPTT through the MODEL.md dynamics with autograd; loss = sum_t CE(u^N[t], y).

        Detach choices: NONE. The reset term -lambda V_th s^l[t-1] stays in the graph (its gradient goes
        through the surrogate of s^l[t-1]), as do the leak path lambda u^l[t-1] and the spatial path.
        So dL/du^l[t] = f(u^l[t]) * (W^{l T} dL/du^{l+1}[t] - lambda V_th dL/du^l[t+1]) + lambda dL/du^l[t+1].
        """
        N, T, lam, v_th, a1 = self.N, self.T, self.lam, self.v_th, self.a1
        sizes, dev, dt = self.sizes, self.device, self.dtype
        W = [w.detach().clone().requires_grad_(True) for w in self.W]
        b = [None] + [v.detach().clone().requires_grad_(True) for v in self.b[1:]]
        x = x.to(device=dev, dtype=dt)
        u = [None] + [torch.zeros(sizes[l], device=dev, dtype=dt) for l in range(1, N)]
        s = [x] + [torch.zeros(sizes[l], device=dev, dtype=dt) for l in range(1, N)]
        us = {l: [] for l in range(1, N + 1)}
        ss = {l: [] for l in range(1, N)}
        total = torch.zeros((), device=dev, dtype=dt)
        usum = torch.zeros(sizes[-1], device=dev, dtype=dt)
        losses = []
        for t in range(1, T + 1):
            for l in range(1, N):
                u[l] = lam * (u[l] - v_th * s[l]) + W[l - 1] @ s[l - 1] + b[l]
                u[l].retain_grad()
                s[l] = SpikeFn.apply(u[l], v_th, a1)
                us[l].append(u[l]); ss[l].append(s[l])
            uN = W[N - 1] @ s[N - 1] + b[N]
            uN.retain_grad()
            us[N].append(uN)
            lt = torch.nn.functional.cross_entropy(uN.unsqueeze(0), torch.tensor([y], device=dev))
            losses.append(lt.detach())
            total = total + lt
            usum = usum + uN.detach()
        total.backward()
        for l in range(N):
            self.gW[l] += W[l].grad
            self.gb[l + 1] += b[l + 1].grad
        self.pending += 1
        out = {"pred": int(torch.argmax(usum).item()), "loss": float(total.detach())}
        if record:
            for l in range(1, N + 1):
                out[f"u{l}"] = torch.stack([v.detach() for v in us[l]])
                out[f"delta{l}"] = torch.stack([v.grad for v in us[l]])
            for l in range(1, N):
                out[f"s{l}"] = torch.stack([v.detach() for v in ss[l]])
            out["e"] = out[f"delta{N}"]
            out["loss"] = torch.stack(losses)
            for l in range(N):
                out[f"gradW{l}"] = W[l].grad.detach()
                out[f"gradb{l + 1}"] = b[l + 1].grad.detach()
        return out

    # ------------------------------------------------------------------------------------------
    @torch.no_grad()
    def predict(self, X: torch.Tensor) -> torch.Tensor:
        """Batched inference: argmax_k sum_t u^N_k[t] (ties to the lowest index, torch.argmax's rule)."""
        N, lam, v_th = self.N, self.lam, self.v_th
        X = X.to(device=self.device, dtype=self.dtype)
        n = X.shape[0]
        u = [None] + [torch.zeros(n, self.sizes[l], device=self.device, dtype=self.dtype) for l in range(1, N)]
        s = [X] + [torch.zeros_like(u[l]) for l in range(1, N)]
        usum = torch.zeros(n, self.sizes[-1], device=self.device, dtype=self.dtype)
        for _ in range(self.T):
            for l in range(1, N):
                u[l] = lam * (u[l] - v_th * s[l]) + s[l - 1] @ self.W[l - 1].T + self.b[l]
                s[l] = (u[l] > v_th).to(self.dtype)
            usum += s[N - 1] @ self.W[N - 1].T + self.b[N]
        return torch.argmax(usum, dim=1)


class SpikeFn(torch.autograd.Function):
    """Forward: Heaviside, strictly u > V_th. Backward: the surrogate f(u) of MODEL.md."""

    @staticmethod
    def forward(ctx, u, v_th, a1):
        ctx.save_for_backward(u)
        ctx.v_th, ctx.a1 = v_th, a1
        return (u > v_th).to(u.dtype)

    @staticmethod
    def backward(ctx, grad):
        (u,) = ctx.saved_tensors
        return grad * surrogate(u, ctx.v_th, ctx.a1), None, None


def main():
    ap = argparse.ArgumentParser(description="Run the MODEL.md network on one random sample and print its state.")
    ap.add_argument("--method", choices=METHODS, default="fgt")
    ap.add_argument("--sizes", default="6,5,4,3")
    ap.add_argument("--T", type=int, default=4)
    ap.add_argument("--lam", type=float, default=0.5)
    ap.add_argument("--v-th", type=float, default=1.0)
    ap.add_argument("--a1", type=float, default=0.25)
    ap.add_argument("--lam-m", type=float, default=0.999)
    ap.add_argument("--eta", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--directions", type=int, default=1, help="K forward-gradient directions (fgt methods)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = ap.parse_args()
    sizes = [int(v) for v in a.sizes.split(",")]
    net = OtttMlp(sizes, a.method, a.T, a.lam, a.v_th, a.a1, a.lam_m, a.eta, device=a.device, seed=a.seed,
                  directions=a.directions)
    gen = torch.Generator().manual_seed(a.seed + 1)
    x = torch.rand(sizes[0], generator=gen, dtype=torch.float64) * 2.0
    out = net.accumulate(x, 0, record=True)
    for k, v in out.items():
        print(k, v)
    net.apply()


if __name__ == "__main__":
    main()
