#!/usr/bin/env python3
"""Writes loihi_cuba_lif_cases.csv: reference traces for org.nmsim.chip.neuron.LoihiCubaLif.

An independent numpy re-implementation (not a copy) of the bit-accurate update that Lava documents in
lava-nc/lava src/lava/proc/lif/models.py (AbstractPyLifModelFixed.subthr_dynamics + PyLifModelBitAcc):

  u <- wrap24( sign(u*(4096-(du+1))) * (|u*(4096-(du+1))| >> 12) + (a_in << 6) )   # ds_offset = 1
  v <- clip( sign(v*(4096-dv)) * (|v*(4096-dv)| >> 12) + u + (bias_mant << bias_exp),
             -(2**23)+1, 2**23-1 )                                                  # dm_offset = 0
  s <- v > (vth << 6);  v[s] <- 0

wrap24 is either true two's complement (TWOS_COMPLEMENT, computed here with a modulo, not with shifts as in
Java) or Lava's literal rule (LAVA_PY_BIT_ACC: u > 2**23 -> u - 2**24; u <= -2**23 -> u + 2**24).
All arithmetic is int64, so a_in << 6 never wraps in 16 bits (see LoihiCubaLif's Javadoc). No refractory period
(Lava's model has none). Deterministic: numpy Generator PCG64 with a fixed seed.

Usage: python3 make_loihi_cases.py > loihi_cuba_lif_cases.csv
"""
import sys

import numpy as np

HALF = 2 ** 23
FULL = 2 ** 24
V_LIMIT = HALF - 1


def decay(x, factor):
    p = x.astype(np.int64) * np.int64(factor)
    return np.sign(p) * np.right_shift(np.abs(p), 12)


def wrap(x, rule):
    if rule == "LAVA_PY_BIT_ACC":
        w = np.where(x > HALF, x - FULL, x)
        return np.where(w <= -HALF, x + FULL, w)
    return np.mod(x + HALF, FULL) - HALF


def run(case, rule, du, dv, vth, bias_mant, bias_exp, u0, v0, inputs, out):
    bias_mant = np.asarray(bias_mant, dtype=np.int64)
    bias_exp = np.asarray(bias_exp, dtype=np.int64)
    u = np.asarray(u0, dtype=np.int64).copy()
    v = np.asarray(v0, dtype=np.int64).copy()
    bias = bias_mant * (np.int64(2) ** bias_exp)
    for step, a_in in enumerate(np.asarray(inputs, dtype=np.int64)):
        u = wrap(decay(u, 4096 - (du + 1)) + a_in * 64, rule)
        v = np.clip(decay(v, 4096 - dv) + u + bias, -V_LIMIT, V_LIMIT)
        s = v > vth * 64
        v = np.where(s, 0, v)
        for n in range(len(u)):
            out.append((case, rule, du, dv, vth, n, int(bias_mant[n]), int(bias_exp[n]), int(u0[n]), int(v0[n]),
                        step, int(a_in[n]), int(u[n]), int(v[n]), int(s[n])))


def exact_u0(target, a_in):
    """A negative u0 with du = 0 such that decay(u0) + (a_in << 6) == target exactly."""
    need = target - a_in * 64
    guess = -(abs(need) * 4096 // 4095)
    for cand in range(guess - 8, guess + 9):
        if int(decay(np.array([cand]), 4095)[0]) == need:
            return cand
    raise ValueError("no u0 for target %d" % target)


def main():
    rows = []
    both = ("TWOS_COMPLEMENT", "LAVA_PY_BIT_ACC")
    # hand-picked edge cases
    for rule in both:
        rows_before = len(rows)
        # u wraps upward: u0 = 2^23 - 1, du = 0, a = 32767
        run("wrap_up", rule, 0, 0, 131071, [0], [0], [HALF - 1], [0], [[32767], [32767], [0]], rows)
        # u wraps downward
        run("wrap_down", rule, 0, 4095, 131071, [0], [0], [-HALF + 1], [0], [[-32768], [-32768], [0]], rows)
        # exact -2^23: the two rules disagree (+2^23 in Lava, -2^23 in two's complement)
        u0 = exact_u0(-HALF, -32768)
        run("exact_minus_2pow23", rule, 0, 4095, 131071, [0], [0], [u0], [0], [[-32768], [0], [0]], rows)
        assert len(rows) > rows_before
    for rule in both:
        # du = 0 keeps 4095/4096 (hidden +1), du = 4095 clears u, dv = 0 no leak, dv = 4095 keeps 1/4096
        run("du0_dv0", rule, 0, 0, 131071, [0, 0], [0, 0], [4096 * 100, -4096 * 100], [0, 0],
            [[0, 0]] * 5, rows)
        run("du4095_dv4095", rule, 4095, 4095, 131071, [0, 0], [0, 0], [123456, -123456], [4000000, -4000000],
            [[7, -7], [0, 0], [0, 0]], rows)
        # large bias with exponent: positive spikes, negative saturates v
        run("bias_large", rule, 4095, 0, 131071, [4095, -4096], [7, 7], [0, 0], [0, 0], [[0, 0]] * 20, rows)
        # strictly-greater threshold: v == vth << 6 does not spike
        run("threshold_strict", rule, 4095, 4095, 1, [0], [0], [0], [0], [[1], [1], [2], [1]], rows)
    # random multi-step cases
    rng = np.random.Generator(np.random.PCG64(20241122))
    for k in range(40):
        n = 3
        du = int(rng.integers(0, 4096))
        dv = int(rng.integers(0, 4096))
        vth = int(rng.integers(0, 131072)) if k % 2 else int(rng.integers(0, 2000))
        bm = rng.integers(-4096, 4096, size=n)
        be = rng.integers(0, 8, size=n)
        u0 = rng.integers(-HALF, HALF, size=n)
        v0 = rng.integers(-V_LIMIT, V_LIMIT + 1, size=n)
        scale = [32768, 2000, 100][k % 3]
        inputs = rng.integers(-scale, scale, size=(30, n))
        inputs = np.clip(inputs, -32768, 32767)
        run("random_%02d" % k, both[k % 2], du, dv, vth, bm, be, u0, v0, inputs, rows)
    w = sys.stdout
    w.write("case,wrap,du,dv,vth,neuron,bias_mant,bias_exp,u0,v0,step,a_in,u,v,s\n")
    for r in rows:
        w.write(",".join(str(x) for x in r) + "\n")


if __name__ == "__main__":
    main()
