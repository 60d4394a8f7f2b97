package org.nmsim.chip.neuron;

import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.SplitMix64;

/**
 * Non-spiking readout compartments: {@code v = lambda * v + input}, never a spike. With {@code lambda = 1} it
 * accumulates the output potential {@code u^N = sum_t (W s[t] + b)} of FGT's output layer (paper 000, Appendix
 * D); with {@code lambda < 1} it is a leaky readout. Computed in any {@link NumberFormat}.
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and is stepped by the core's worker.
 */
public final class NonSpikingReadout implements SteppedCompartments
{
    private final int size;
    private final double lambda;
    private final NumberFormat format;
    private final SplitMix64 rng;
    private final double[] v;
    private final double[] lastInput;

    /**
     * @param size   number of compartments.
     * @param lambda leak factor per step, [0, 1], quantized into the format.
     * @param format number format ({@link IdealFloat64#INSTANCE} for float).
     * @param rng    the core's stream, needed only for stochastic rounding (else may be null).
     */
    public NonSpikingReadout(final int size, final double lambda, final NumberFormat format, final SplitMix64 rng)
    {
        this.size = Checks.size(size);
        this.lambda = format.quantize(Checks.inRange("lambda", lambda, 0.0, 1.0), rng);
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
        for (int i = 0; i < size; i++)
        {
            final double in = format.quantize(input[i], rng);
            lastInput[i] = in;
            if (in != 0 || v[i] != 0)
            {
                active++;
            }
            v[i] = format.add(format.mul(lambda, v[i], rng), in, rng);
        }
        counts.add(active, size - active, 0);
    }

    /** Sets every potential to zero (between samples). */
    public void reset()
    {
        java.util.Arrays.fill(v, 0.0);
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public String modelName()
    {
        return "readout";
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
