package org.nmsim.learning.threefactor;

import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

/**
 * A signed {@code bits}-bit mantissa in [-1, 1) times a fixed power of two {@code 2^exponent} shared by a whole
 * weight layer: Loihi's weight mantissa with its per-core weight exponent (HARDWARE.md: weights 1 to 9 bits; the
 * exponent scales the synaptic input by a shift). It lets 8-bit weights resolve layers whose weights are far below
 * 1/256, which a plain fixed-point word cannot (its fractional bits cannot exceed its width). Scaling by a power of
 * two is exact in float64, so rounding and saturation are exactly those of the mantissa.
 *
 * @param mantissa the mantissa format, {@code s0.(bits-1)}.
 * @param exponent the shared exponent.
 */
public record ExponentScaledFormat(FixedPointFormat mantissa, int exponent) implements NumberFormat
{
    /**
     * @param bits     mantissa bits, sign included.
     * @param exponent the shared exponent.
     * @param rounding rounding of the mantissa.
     * @return the format.
     */
    public static ExponentScaledFormat of(final int bits, final int exponent, final Rounding rounding)
    {
        return new ExponentScaledFormat(new FixedPointFormat(bits, bits - 1, true, rounding, Overflow.SATURATE),
            exponent);
    }

    @Override
    public double quantize(final double x, final SplitMix64 rng)
    {
        return Math.scalb(mantissa.quantize(Math.scalb(x, -exponent), rng), exponent);
    }

    @Override
    public double add(final double a, final double b, final SplitMix64 rng)
    {
        return quantize(a + b, rng);
    }

    @Override
    public double sub(final double a, final double b, final SplitMix64 rng)
    {
        return quantize(a - b, rng);
    }

    @Override
    public double mul(final double a, final double b, final SplitMix64 rng)
    {
        return quantize(a * b, rng);
    }

    @Override
    public boolean isIdeal()
    {
        return false;
    }

    @Override
    public String describe()
    {
        return mantissa.describe() + " x 2^" + exponent;
    }
}
