package org.nmsim.chip.message;

/**
 * Burst coding of a real value (paper 000, Appendix D.1): a value {@code x} is sent as a signed count of spikes
 * in a burst window of {@code T_B} sub-steps, each spike worth {@code s / T_B}. The burst is the output of a
 * non-leaky integrate-and-fire neuron driven by the constant input {@code x} for {@code T_B} sub-steps, with
 * negative spikes for negative inputs.
 *
 * <pre>
 *   count(x) = floor( clamp(x / s, -1, 1) * T_B )      in [-T_B, T_B]   (sign = sign of count)
 *   Q(x)     = s * count(x) / T_B                       in [-s, s], step s / T_B
 *   error(x) = x - Q(x)                                 in [0, s / T_B) for |x| &lt;= s
 * </pre>
 *
 * <p><b>Reading of the paper's formula.</b> Appendix D.1 prints {@code Q(x) = s * floor(clamp(x, -s, s) * T_B) / T_B}.
 * Taken literally that gives {@code Q(1) = s} (a gain of {@code s}, not a quantiser of {@code x}) and counts up to
 * {@code s * T_B}, more than one spike per sub-step. We read it as the normalised form above, which (a) is the
 * identity up to the step {@code s / T_B}, (b) never needs more than one spike per sub-step, and (c) coincides
 * with the printed formula for Q1 ({@code s = 1}). The floor (not round) is kept from the paper, so small negative
 * values round towards {@code -s}.
 *
 * <p>Named configurations from the paper: {@link #Q20} ({@code T_B = 20, s = 10}) and {@link #Q1}
 * ({@code T_B = 1, s = 1}).
 *
 * @param windowSteps the burst window {@code T_B} in sub-steps, at least 1.
 * @param scale       the scale {@code s}, positive and finite.
 */
public record BurstCode(int windowSteps, double scale)
{
    /** FGT (Q20): {@code T_B = 20}, {@code s = 10} (paper 000, App. D.1). */
    public static final BurstCode Q20 = new BurstCode(20, 10.0);
    /** FGT (Q1): {@code T_B = 1}, {@code s = 1}, a single ternary spike (paper 000, App. D.1). */
    public static final BurstCode Q1 = new BurstCode(1, 1.0);

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException if {@code windowSteps < 1} or {@code scale} is not positive and finite.
     */
    public BurstCode
    {
        if (windowSteps < 1)
        {
            throw new IllegalArgumentException("burst code: windowSteps=" + windowSteps + " must be >= 1");
        }
        if (!(scale > 0.0) || Double.isInfinite(scale))
        {
            throw new IllegalArgumentException("burst code: scale=" + scale + " must be positive and finite");
        }
    }

    /**
     * @param x the value to send; NaN is rejected.
     * @return the signed spike count, in {@code [-windowSteps, windowSteps]}.
     * @throws IllegalArgumentException if {@code x} is NaN.
     */
    public int encode(final double x)
    {
        if (Double.isNaN(x))
        {
            throw new IllegalArgumentException("burst code (T_B=" + windowSteps + ", s=" + scale
                + "): x=NaN cannot be encoded");
        }
        final double clamped = Math.max(-1.0, Math.min(1.0, x / scale));
        return (int)Math.floor(clamped * windowSteps);
    }

    /**
     * @param count a signed spike count, in {@code [-windowSteps, windowSteps]}.
     * @return the value the receiver reconstructs, {@code s * count / T_B}.
     * @throws IllegalArgumentException if {@code |count| > windowSteps}.
     */
    public double decode(final int count)
    {
        if (count < -windowSteps || count > windowSteps)
        {
            throw new IllegalArgumentException("burst code: count=" + count + " exceeds window [-" + windowSteps
                + "," + windowSteps + "] (at most one spike per sub-step)");
        }
        return scale * count / windowSteps;
    }

    /**
     * @param x the value.
     * @return {@code Q(x) = decode(encode(x))}.
     */
    public double quantize(final double x)
    {
        return decode(encode(x));
    }

    /**
     * @param x the value.
     * @return the quantisation error {@code x - Q(x)} (includes the clamping error for {@code |x| > s}).
     */
    public double quantizationError(final double x)
    {
        return x - quantize(x);
    }

    /** @return the quantisation step {@code s / T_B}: the bound on {@code |error|} inside {@code [-s, s]}. */
    public double step()
    {
        return scale / windowSteps;
    }

    /**
     * @param count     a signed spike count.
     * @param spikeBits the size of one signed spike on the chip ({@link MessageFormat#sizeBits()}).
     * @return bits that the burst puts on the wire: one signed spike per unit of {@code |count|}.
     */
    public static long bitsOnWire(final int count, final int spikeBits)
    {
        return (long)Math.abs(count) * spikeBits;
    }
}
