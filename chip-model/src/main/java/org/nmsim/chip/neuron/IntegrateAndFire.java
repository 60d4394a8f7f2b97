package org.nmsim.chip.neuron;

import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.SplitMix64;

/**
 * Non-leaky integrate-and-fire compartments: {@code v = v + input}; a spike when {@code v >= vth}; then reset to
 * zero or by subtraction of the threshold. Computed in any {@link NumberFormat}.
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and is stepped by the core's worker.
 */
public final class IntegrateAndFire implements SteppedCompartments
{
    /** What a spike does to v. */
    public enum Reset
    {
        /** {@code v = 0}. */
        TO_ZERO,
        /** {@code v = v - vth} (keeps the residue; rate coding without loss). */
        BY_SUBTRACTION
    }

    private final int size;
    private final double vth;
    private final Reset reset;
    private final NumberFormat format;
    private final SplitMix64 rng;
    private final double[] v;
    private final double[] lastInput;

    /**
     * @param size   number of compartments.
     * @param vth    threshold, positive, quantized into the format.
     * @param reset  reset rule.
     * @param format number format ({@link IdealFloat64#INSTANCE} for float).
     * @param rng    the core's stream, needed only for stochastic rounding (else may be null).
     */
    public IntegrateAndFire(final int size, final double vth, final Reset reset, final NumberFormat format,
        final SplitMix64 rng)
    {
        this.size = Checks.size(size);
        this.vth = format.quantize(Checks.positive("vth", vth), rng);
        if (!(this.vth > 0))
        {
            throw new IllegalArgumentException("vth=" + vth + " quantizes to " + this.vth + " in " +
                format.describe() + "; must stay positive");
        }
        if (reset == null)
        {
            throw new IllegalArgumentException("reset=null must be TO_ZERO or BY_SUBTRACTION");
        }
        this.reset = reset;
        this.format = format;
        this.rng = rng;
        this.v = new double[size];
        this.lastInput = new double[size];
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
            if (in != 0 || v[i] != 0)
            {
                active++;
            }
            double vi = format.add(v[i], in, rng);
            if (vi >= vth)
            {
                vi = reset == Reset.TO_ZERO ? 0.0 : format.sub(vi, vth, rng);
                SpikeBits.set(spikes, i);
                spiked++;
            }
            v[i] = vi;
        }
        counts.add(active, size - active, spiked);
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public String modelName()
    {
        return "if";
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

    @Override
    public double voltage(final int i)
    {
        return v[i];
    }
}
