"""nmsim's fixed-point storage formats and roundings, emulated with torch ops on float64 tensors.

This is the arithmetic of `MlpChip.Builder.fixedPoint(true)` (learning-engines `ChipNumerics.fixedPoint`, chip-model
`FixedPointFormat`), for reference/bench_training.py's `--arithmetic fixed-point` peer and its test
(reference/test_fixed_point_emulation.py).

A format is signed and saturating: `bits` bits of two's complement, `frac` of them right of the binary point, so a
stored value is `raw * 2^-frac` with raw in [-2^(bits-1), 2^(bits-1) - 1]. Every such value (bits <= 32) is a float64
exactly, so a float64 tensor carries it without loss, as nmsim's simulator carries it in double[] arrays. Rounding
into a format scales by 2^frac (exact: a power of two), rounds to an integer, clamps to the raw range (saturation) and
scales back (exact again). Two roundings are used, as on the chip:

- nearest, ties to even (`Math.rint` in FixedPointFormat; `torch.round` rounds half to even too): weights at
  initialisation, membrane state, surrogate values, biases, traces and graded payloads;
- stochastic, `floor(x * 2^frac + U)` with U uniform in [0, 1): rounds up with probability equal to the fraction
  below the grid point, so the expected stored value is x (before saturation). The chip rounds up when its draw is
  below the fraction, which has the same distribution; the draws here come from a torch.Generator, not from the
  chip's SplitMix64 streams, so results agree in distribution, not bit for bit. A value already on the grid stays
  where it is (its fraction is 0), which is why rounding a whole accumulator matrix is the same as rounding only
  the entries the chip writes.
"""

from __future__ import annotations

import math
from typing import List, NamedTuple

import torch


class Format(NamedTuple):
    """A signed, saturating fixed-point format (chip-model FixedPointFormat with Overflow.SATURATE)."""

    bits: int
    frac: int

    @property
    def scale(self) -> float:
        """2^frac: one unit of the raw integer is 1/scale."""
        return math.ldexp(1.0, self.frac)

    @property
    def raw_min(self) -> float:
        return -math.ldexp(1.0, self.bits - 1)

    @property
    def raw_max(self) -> float:
        return math.ldexp(1.0, self.bits - 1) - 1.0

    def describe(self) -> str:
        """FixedPointFormat.describe's `sI.F` (the rounding is the caller's choice here)."""
        return f"s{self.bits - 1 - self.frac}.{self.frac}"


def chip_format(bits: int, frac: int) -> Format:
    """ChipNumerics.format: the fraction clamped to the word (an 8-bit word holds at most 8 fraction bits)."""
    if bits > 32:
        raise ValueError(f"bits={bits} exceeds 32, the widest fixed-point format")
    return Format(bits, min(frac, bits))


class ChipFormats(NamedTuple):
    """The format of every value the online MLP stores (ChipNumerics): weights per weight layer, then the rest.

    Roundings: weights (at initialisation), state, trace and payload to nearest even; gradient, feedback and the
    weight updates stochastic. The update format of weight layer l is weights[l] with stochastic rounding.
    """

    weights: List[Format]
    state: Format
    trace: Format
    gradient: Format
    feedback: Format
    payload: Format

    def describe(self) -> str:
        w = ", ".join(f"W{l} {f.describe()}" for l, f in enumerate(self.weights))
        return (f"weights {w} (nearest even; updates stochastic); state {self.state.describe()}, trace "
                f"{self.trace.describe()}, payload {self.payload.describe()} (nearest even); gradient "
                f"{self.gradient.describe()}, feedback {self.feedback.describe()} (stochastic); saturating")


# ChipNumerics.SMALL_INTEGER_BITS: state-like values up to +-8
SMALL_INTEGER_BITS = 3


def chip_formats(sizes, weight_bits=8, gradient_bits=16, trace_bits=16, feedback_bits=16,
                 payload_bits=32) -> ChipFormats:
    """ChipNumerics.fixedPoint(sizes, StorageFormats, payloadBits), formula for formula.

    The defaults are what TrainingThroughputMain --fixed-point true builds: StorageFormats.defaults() (8-bit weights,
    16-bit gradients, traces and feedback) and the spinnaker2 preset's 32-bit graded payload. Weight layer l leaves
    room for four times its initial bound 1/sqrt(n_l); for 784-400-400-10 every layer gets s-1.8 ([-0.5, 0.496] in
    steps of 1/256). State is 24 bits with 8 integer bits (s8.15); the others have 3 integer bits.
    """
    w = []
    for n in sizes[:-1]:
        rng = 4.0 / math.sqrt(n)
        int_bits = math.ceil(math.log(rng) / math.log(2))
        w.append(chip_format(weight_bits, max(0, min(weight_bits, weight_bits - 1 - int_bits))))
    return ChipFormats(w, chip_format(24, 24 - 1 - 8),
                       chip_format(trace_bits, trace_bits - 1 - SMALL_INTEGER_BITS),
                       chip_format(gradient_bits, gradient_bits - 1 - SMALL_INTEGER_BITS),
                       chip_format(feedback_bits, feedback_bits - 1 - SMALL_INTEGER_BITS),
                       chip_format(payload_bits, max(0, payload_bits - 1 - SMALL_INTEGER_BITS)))


def round_nearest_even_(x: torch.Tensor, fmt: Format) -> torch.Tensor:
    """Rounds x IN PLACE into fmt, to nearest with ties to even, saturating; returns x (a float64 tensor)."""
    return x.mul_(fmt.scale).round_().clamp_(fmt.raw_min, fmt.raw_max).div_(fmt.scale)


def round_stochastic_(x: torch.Tensor, fmt: Format, gen: torch.Generator) -> torch.Tensor:
    """Rounds x IN PLACE into fmt stochastically, floor(x * 2^frac + U), saturating; returns x (a float64 tensor).

    One uniform draw per value from gen, every call: what the chip pays per write (it draws for every value it
    writes; here every value of x is written, on the grid or not).
    """
    noise = torch.rand(x.shape, generator=gen, dtype=x.dtype)
    return x.mul_(fmt.scale).add_(noise).floor_().clamp_(fmt.raw_min, fmt.raw_max).div_(fmt.scale)
