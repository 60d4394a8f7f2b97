package org.nmsim.chip.neuron;

import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.SplitMix64;

/**
 * LIF compartments with logistic threshold noise, the stochastic neuron of FGT (paper 000, eq. 2 and Appendix
 * A, eq. 10): {@code u[t+1] = lambda * (u[t] - vth * s[t]) + input[t+1]} (reset by subtraction, applied one
 * step later as in eq. 2), then {@code s[t+1] = H(u[t+1] - vth - z)} with {@code z} drawn from the logistic
 * distribution of scale {@code noiseScale} (the surrogate's {@code a_1}, 0.25 in the paper), so that
 * {@code P(s = 1) = sigmoid((u - vth) / noiseScale)}. {@code noiseScale = 0} gives the deterministic neuron with
 * {@code H(0) = 1}, i.e. a spike when {@code u >= vth}. u is computed in any {@link NumberFormat}; the noise
 * and the comparison are in double.
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and draws from that core's stream.
 */
public final class StochasticLif implements SteppedCompartments
{
    private static final double HALF_ULP_53 = 0x1.0p-54;

    private final int size;
    private final double lambda;
    private final double vth;
    private final double noiseScale;
    private final NumberFormat format;
    private final SplitMix64 rng;
    private final double[] u;
    private final boolean[] spikedLast;
    private final double[] lastInput;

    /**
     * @param size       number of compartments.
     * @param lambda     leak, [0, 1] (paper: 0.5).
     * @param vth        threshold, positive (paper: 1).
     * @param noiseScale logistic scale {@code a_1}, &gt;= 0 (paper: 0.25); 0 is deterministic.
     * @param format     number format of u.
     * @param rng        the core's stream (noise draws and stochastic rounding); required when noiseScale &gt; 0.
     */
    public StochasticLif(final int size, final double lambda, final double vth, final double noiseScale,
        final NumberFormat format, final SplitMix64 rng)
    {
        this.size = Checks.size(size);
        this.lambda = format.quantize(Checks.inRange("lambda", lambda, 0.0, 1.0), rng);
        this.vth = format.quantize(Checks.positive("vth", vth), rng);
        this.noiseScale = Checks.inRange("noiseScale", noiseScale, 0.0, Double.MAX_VALUE);
        if (noiseScale > 0 && rng == null)
        {
            throw new IllegalArgumentException("rng=null but noiseScale=" + noiseScale + " needs the core's stream");
        }
        this.format = format;
        this.rng = rng;
        this.u = new double[size];
        this.spikedLast = new boolean[size];
        this.lastInput = new double[size];
    }

    /**
     * A float64 group.
     *
     * @param size       compartments.
     * @param lambda     leak.
     * @param vth        threshold.
     * @param noiseScale logistic scale.
     * @param rng        core stream.
     * @return the group.
     */
    public static StochasticLif ideal(final int size, final double lambda, final double vth, final double noiseScale,
        final SplitMix64 rng)
    {
        return new StochasticLif(size, lambda, vth, noiseScale, IdealFloat64.INSTANCE, rng);
    }

    @Override
    public void step(final double[] input, final long[] spikes, final UpdateCounts counts)
    {
        Checks.inputLength(input, size);
        SpikeBits.clear(spikes, size);
        long active = 0;
        long spiked = 0;
        for (int i = 0; i < size; i++)
        {
            final double in = format.quantize(input[i], rng);
            lastInput[i] = in;
            final double reset = spikedLast[i] ? format.sub(u[i], vth, rng) : u[i];
            if (in != 0 || reset != 0)
            {
                active++;
            }
            final double ui = format.add(format.mul(lambda, reset, rng), in, rng);
            u[i] = ui;
            final boolean s = noiseScale > 0 ? ui - vth > logisticNoise() : ui >= vth;
            spikedLast[i] = s;
            if (s)
            {
                SpikeBits.set(spikes, i);
                spiked++;
            }
        }
        counts.add(active, size - active, spiked);
    }

    /**
     * @param x membrane potential minus threshold.
     * @return the firing probability {@code sigmoid(x / noiseScale)} this model realises.
     */
    public double firingProbability(final double x)
    {
        return 1.0 / (1.0 + Math.exp(-x / noiseScale));
    }

    private double logisticNoise()
    {
        // p uniform on the open interval (0, 1): 53 random bits, centred, so log never sees 0 or 1
        final double p = (rng.nextLong() >>> 11) * 0x1.0p-53 + HALF_ULP_53;
        return noiseScale * Math.log(p / (1.0 - p));
    }

    /**
     * @param i  compartment.
     * @param u0 potential, quantized into the format; clears the pending reset.
     */
    public void setPotential(final int i, final double u0)
    {
        u[i] = format.quantize(Checks.finite("u0", u0), rng);
        spikedLast[i] = false;
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public String modelName()
    {
        return "stochastic-lif";
    }

    @Override
    public String numberFormat()
    {
        return format.describe();
    }

    /** @return the last input of compartment i. */
    @Override
    public double current(final int i)
    {
        return lastInput[i];
    }

    /** @return the membrane potential u of compartment i (before the pending reset). */
    @Override
    public double voltage(final int i)
    {
        return u[i];
    }
}
