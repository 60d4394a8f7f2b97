package org.nmsim.chip.numeric;

/**
 * What happens to a result outside a fixed-point format's range.
 *
 * <p>Threading: immutable; safe to share.
 */
public enum Overflow
{
    /** Keep the low {@code totalBits} bits (two's complement wrap for signed formats, modulo 2^n for unsigned). */
    WRAP,
    /** Clamp to the nearest of the format's minimum and maximum. */
    SATURATE
}
