package org.nmsim.chip.numeric;

/**
 * How a value that falls between two representable fixed-point values is rounded.
 *
 * <p>Threading: immutable; safe to share.
 */
public enum Rounding
{
    /** Truncation toward zero (what the issue calls FLOOR for magnitudes): 2.7 -> 2, -2.7 -> -2. */
    TOWARD_ZERO,
    /** Floor toward negative infinity, i.e. an arithmetic right shift of two's complement: -2.7 -> -3. */
    FLOOR,
    /** Round to nearest; a tie (exactly half way) goes to the even neighbour (IEEE 754 default, unbiased). */
    NEAREST_EVEN,
    /**
     * Round to nearest; a tie goes up (toward positive infinity): add half an LSB, then floor. This is what
     * SpiNNaker's {@code __stdfix_smul_k_round_nearest} (sPyNNaker {@code MULT_ROUND_NEAREST_ACCUM}) does to the
     * 64-bit product before the shift.
     */
    NEAREST_HALF_UP,
    /**
     * Stochastic rounding: round up with probability equal to the fraction below the result's resolution,
     * drawn from the caller's {@link org.nmsim.kernel.SplitMix64} stream; unbiased in expectation.
     */
    STOCHASTIC
}
