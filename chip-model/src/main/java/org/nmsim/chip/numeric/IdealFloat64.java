package org.nmsim.chip.numeric;

import org.nmsim.kernel.SplitMix64;

/**
 * The "ideal" float64 format: plain IEEE 754 double arithmetic, so that every compartment model can also run
 * as the float reference that GPU implementations are compared with.
 *
 * <p>Threading: immutable singleton; safe to share.
 */
public final class IdealFloat64 implements NumberFormat
{
    /** The single instance. */
    public static final IdealFloat64 INSTANCE = new IdealFloat64();

    private IdealFloat64()
    {
    }

    @Override
    public double quantize(final double x, final SplitMix64 rng)
    {
        return x;
    }

    @Override
    public double add(final double a, final double b, final SplitMix64 rng)
    {
        return a + b;
    }

    @Override
    public double sub(final double a, final double b, final SplitMix64 rng)
    {
        return a - b;
    }

    @Override
    public double mul(final double a, final double b, final SplitMix64 rng)
    {
        return a * b;
    }

    @Override
    public boolean isIdeal()
    {
        return true;
    }

    @Override
    public String describe()
    {
        return "float64";
    }

    @Override
    public String toString()
    {
        return describe();
    }
}
