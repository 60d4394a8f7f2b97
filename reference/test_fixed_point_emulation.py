"""Checks of reference/fixed_point.py's formats and roundings against values worked out independently.

    /usr/bin/python3 reference/test_fixed_point_emulation.py        (plain asserts; prints "ok" per check)
    /usr/bin/python3 -m pytest reference/test_fixed_point_emulation.py   (where pytest is installed)

Not part of `mvn -B verify` (no Python test in reference/ is): the emulation only feeds the PyTorch speed peer of
the training benchmark (reference/bench_training.py --arithmetic fixed-point), so it is checked by hand when changed.
Expected values come from Python floats (`round` rounds half to even, exactly, on floats) and from the formats
worked out by hand from ChipNumerics.fixedPoint, never from the functions under test.
"""

from __future__ import annotations

import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixed_point import Format, chip_formats, round_nearest_even_, round_stochastic_  # noqa: E402

S3_12 = Format(16, 12)   # trace, gradient and feedback: [-8, 8 - 2^-12] in steps of 2^-12
W8 = Format(8, 8)        # the benchmark's weights: [-0.5, 0.49609375] in steps of 1/256


def on_grid(t: torch.Tensor, fmt: Format) -> bool:
    scaled = t * math.ldexp(1.0, fmt.frac)
    return bool(torch.equal(scaled, torch.floor(scaled)))


def test_chip_formats_of_the_benchmark_network():
    # 784-400-400-10 at StorageFormats.defaults() and spinnaker2's 32-bit payload: 4/sqrt(784) = 0.143 and
    # 4/sqrt(400) = 0.2 both need ceil(log2) = -2 integer bits, so 8 - 1 + 2 = 9 fraction bits, clamped to the 8 bits
    f = chip_formats([784, 400, 400, 10])
    assert f.weights == [(8, 8), (8, 8), (8, 8)]
    assert f.state == (24, 15)
    assert (f.trace, f.gradient, f.feedback) == ((16, 12), (16, 12), (16, 12))
    assert f.payload == (32, 28)


def test_chip_formats_move_the_binary_point_with_the_fan_in():
    # n = 4: 4/2 = 2 needs 1 integer bit (6 fraction); n = 16: 4/4 = 1 needs 0 (7); n = 64: 0.5 needs -1 (8)
    f = chip_formats([4, 16, 64, 2], weight_bits=8, gradient_bits=20, payload_bits=16)
    assert f.weights == [(8, 6), (8, 7), (8, 8)]
    assert f.gradient == (20, 16)
    assert f.payload == (16, 12)


def test_nearest_even_matches_python_round_and_breaks_ties_to_even():
    unit = 2.0 ** -12
    # exact ties k + 0.5 LSB for even and odd k, both signs, and values off the tie
    xs = [(k + 0.5) * unit for k in range(-6, 6)] + [0.3 * unit, 0.7 * unit, -0.3 * unit, 1.2345, -3.14159]
    got = round_nearest_even_(torch.tensor(xs, dtype=torch.float64), S3_12).tolist()
    want = [round(x * 4096.0) / 4096.0 for x in xs]
    assert got == want, (got, want)
    # spelled out: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> -0, -1.5 -> -2 (in LSBs)
    ties = round_nearest_even_(torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5]) * unit, S3_12) / unit
    assert ties.tolist() == [0.0, 2.0, 2.0, 0.0, -2.0]


def test_nearest_even_saturates_at_the_format_limits():
    x = torch.tensor([100.0, 8.0, 7.99999, -8.0, -8.00001, -1e9], dtype=torch.float64)
    got = round_nearest_even_(x, S3_12).tolist()
    top = 8.0 - 2.0 ** -12
    assert got == [top, top, top, -8.0, -8.0, -8.0], got
    w = round_nearest_even_(torch.tensor([0.6, -0.6, 0.49805, -0.50195], dtype=torch.float64), W8).tolist()
    assert w == [127 / 256, -0.5, 127 / 256, -0.5], w


def test_stochastic_results_are_the_grid_neighbours_and_the_mean_is_x():
    gen = torch.Generator().manual_seed(7)
    n = 200_000
    unit = 2.0 ** -12
    for x in (0.3 * unit, 5.75 * unit, -2.2 * unit, 1.000123, -0.50001):
        got = round_stochastic_(torch.full((n,), x, dtype=torch.float64), S3_12, gen)
        lo = math.floor(x / unit) * unit
        assert on_grid(got, S3_12)
        assert bool(((got == lo) | (got == lo + unit)).all()), (x, got.unique())
        # each draw is lo or lo + unit, up with probability p = (x - lo) / unit: the mean's standard deviation is
        # unit sqrt(p (1 - p) / n) <= unit / (2 sqrt(n)) = 0.0011 unit; allow 5 of them
        tol = 5 * unit / (2 * math.sqrt(n))
        assert abs(float(got.mean()) - x) < tol, (x, float(got.mean()) - x, tol)


def test_stochastic_leaves_values_on_the_grid_where_they_are():
    gen = torch.Generator().manual_seed(3)
    x = torch.arange(-300, 300, dtype=torch.float64) * 2.0 ** -12
    assert torch.equal(round_stochastic_(x.clone(), S3_12, gen), x)


def test_stochastic_saturates_at_the_format_limits():
    gen = torch.Generator().manual_seed(5)
    x = torch.tensor([9.0, 8.0, -8.5, -100.0] * 1000, dtype=torch.float64)
    got = round_stochastic_(x, S3_12, gen).view(-1, 4)
    top = 8.0 - 2.0 ** -12
    assert bool((got[:, 0] == top).all()) and bool((got[:, 1] == top).all())
    assert bool((got[:, 2] == -8.0).all()) and bool((got[:, 3] == -8.0).all())
    w = round_stochastic_(torch.full((1000,), 0.4999, dtype=torch.float64), W8, gen)
    assert bool((w == 127 / 256).all())


def test_stochastic_rounds_in_place_and_returns_the_tensor():
    gen = torch.Generator().manual_seed(11)
    x = torch.full((5,), 0.1, dtype=torch.float64)
    assert round_stochastic_(x, S3_12, gen) is x and on_grid(x, S3_12)
    y = torch.full((5,), 0.1, dtype=torch.float64)
    assert round_nearest_even_(y, S3_12) is y and on_grid(y, S3_12)


if __name__ == "__main__":
    for name, fn in sorted(globals().items()):
        if name.startswith("test_") and callable(fn):
            fn()
            print("ok", name)
