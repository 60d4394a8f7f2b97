package org.nmsim.learning.sop;

/**
 * Impulse and decay of one trace (x1, x2, y1, y2 or y3): on a spike the trace gains {@code impulse}; between
 * spikes it decays as {@code exp(-dt / tau)}.
 *
 * <p>Fixed-point form (Lava {@code src/lava/magma/core/model/py/connection.py}, {@code _decompose_impulses}): the
 * impulse splits into an integer part {@code floor(impulse)}, added exactly, and a 7-bit fraction
 * {@code round((impulse - floor(impulse)) * 2^7)}, added as +1 with probability {@code fraction / 2^7}; the trace
 * saturates to {@code [0, 127]} (7 bits, {@code W_TRACE} in {@code constants.py}).
 *
 * @param impulse the increment per spike, {@code >= 0}; its integer part must fit 7 bits.
 * @param tau     the decay time constant in steps, {@code >= 0}; 0 means no decay (Lava skips decay for
 *                {@code tau = 0}; see {@link TraceBank}).
 */
public record TraceParams(double impulse, double tau)
{
    /** Largest fixed-point trace value (7 bits, unsigned). */
    public static final int MAX_TRACE = 127;
    /** Fraction bits of the fixed-point impulse. */
    public static final int IMPULSE_FRACTION_BITS = 7;

    /** A trace that never changes (impulse 0, no decay): the default for traces no rule reads. */
    public static final TraceParams NONE = new TraceParams(0.0, 0.0);

    /**
     * @throws IllegalArgumentException on a negative or non-finite value, or an impulse whose integer part exceeds
     *                                  127.
     */
    public TraceParams
    {
        if (!(impulse >= 0.0) || Double.isInfinite(impulse) || Math.floor(impulse) > MAX_TRACE)
        {
            throw new IllegalArgumentException("trace impulse=" + impulse + " must be finite, >= 0 and < "
                + (MAX_TRACE + 1) + " (7-bit traces)");
        }
        if (!(tau >= 0.0) || Double.isInfinite(tau))
        {
            throw new IllegalArgumentException("trace tau=" + tau + " must be finite and >= 0 (0 = no decay)");
        }
    }

    /** @return the integer part of the fixed-point impulse (carrying a fraction that rounds to 2^7). */
    public int impulseInteger()
    {
        final int whole = (int)Math.floor(impulse);
        return rawFraction() == (1 << IMPULSE_FRACTION_BITS) ? whole + 1 : whole;
    }

    /** @return the 7-bit fraction of the fixed-point impulse, in [0, 127]. */
    public int impulseFraction()
    {
        final int f = rawFraction();
        return f == (1 << IMPULSE_FRACTION_BITS) ? 0 : f;
    }

    /** @return {@code exp(-dt / tau)}, or 1 when tau is 0 (no decay). */
    double decayFactor(final int dt)
    {
        return tau == 0.0 ? 1.0 : Math.exp(-dt / tau);
    }

    private int rawFraction()
    {
        return (int)Math.round((impulse - Math.floor(impulse)) * (1 << IMPULSE_FRACTION_BITS));
    }
}
