package org.nmsim.chip.numeric;

import org.nmsim.kernel.SplitMix64;

/**
 * A number format that a compartment model computes in, seen through doubles: every operation returns the
 * representable value that the format's rounding and overflow rules produce. Fixed-point formats of at most
 * 32 bits are represented exactly by doubles, so this view loses nothing; {@link IdealFloat64} is the identity.
 *
 * <p>Threading: implementations are immutable; the {@code rng} argument is the caller's (per-core) stream and
 * is only touched under {@link Rounding#STOCHASTIC}; it may be {@code null} for other roundings.
 */
public interface NumberFormat
{
    /**
     * @param x   a finite value.
     * @param rng the core's random stream (used only for stochastic rounding).
     * @return {@code x} rounded and overflowed into this format.
     */
    double quantize(double x, SplitMix64 rng);

    /**
     * @param a   representable operand.
     * @param b   representable operand.
     * @param rng the core's random stream (used only for stochastic rounding).
     * @return {@code a + b} in this format.
     */
    double add(double a, double b, SplitMix64 rng);

    /**
     * @param a   representable operand.
     * @param b   representable operand.
     * @param rng the core's random stream (used only for stochastic rounding).
     * @return {@code a - b} in this format.
     */
    double sub(double a, double b, SplitMix64 rng);

    /**
     * @param a   representable operand.
     * @param b   representable operand.
     * @param rng the core's random stream (used only for stochastic rounding).
     * @return {@code a * b} in this format.
     */
    double mul(double a, double b, SplitMix64 rng);

    /** @return true for the float64 reference format, which neither rounds nor overflows beyond IEEE 754. */
    boolean isIdeal();

    /** @return a short description, e.g. {@code s16.15 NEAREST_EVEN WRAP} or {@code float64}. */
    String describe();
}
