package org.nmsim.chip.neuron;

import java.util.Arrays;

import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.SplitMix64;

/**
 * BioGrad's two-compartment neurons (paper 004, eq. 1 and 3): a spiking soma
 * {@code v_s = d_v * v_s + somaInput} (spike when {@code v_s > vth}, strictly, then {@code v_s = 0}, the resting
 * potential) and a non-spiking apical dendrite {@code v_a = v_a + apicalInput} (no leak; the feedback input
 * {@code B o_pos - B o_neg} is summed by the caller). Computed in any {@link NumberFormat}.
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and is stepped by the core's worker.
 */
public final class TwoCompartment implements SteppedCompartments
{
    private static final double[] NO_INPUT = new double[0];

    private final int size;
    private final double dv;
    private final double vth;
    private final NumberFormat format;
    private final SplitMix64 rng;
    private final double[] soma;
    private final double[] apical;

    /**
     * @param size   number of neurons.
     * @param dv     somatic voltage decay factor {@code d_v}, [0, 1].
     * @param vth    somatic threshold, positive.
     * @param format number format ({@link IdealFloat64#INSTANCE} for float).
     * @param rng    the core's stream, needed only for stochastic rounding (else may be null).
     */
    public TwoCompartment(final int size, final double dv, final double vth, final NumberFormat format,
        final SplitMix64 rng)
    {
        this.size = Checks.size(size);
        this.dv = format.quantize(Checks.inRange("dv", dv, 0.0, 1.0), rng);
        this.vth = format.quantize(Checks.positive("vth", vth), rng);
        this.format = format;
        this.rng = rng;
        this.soma = new double[size];
        this.apical = new double[size];
    }

    /**
     * Advances soma and apical dendrite by one step.
     *
     * @param somaInput   feedforward input {@code W o_s} per neuron (length &gt;= size).
     * @param apicalInput feedback input {@code B o_pos - B o_neg} per neuron (length &gt;= size, or empty for none).
     * @param spikes      caller-owned bitset; cleared, then set for neurons whose soma spiked.
     * @param counts      caller-owned counts; one update per neuron (soma and dendrite together).
     */
    public void step(final double[] somaInput, final double[] apicalInput, final long[] spikes,
        final UpdateCounts counts)
    {
        Checks.inputLength(somaInput, size);
        final boolean hasApical = apicalInput.length > 0;
        if (hasApical)
        {
            Checks.inputLength(apicalInput, size);
        }
        SpikeBits.clear(spikes, size);
        long active = 0;
        long spiked = 0;
        for (int i = 0; i < size; i++)
        {
            final double in = format.quantize(somaInput[i], rng);
            final double ain = hasApical ? format.quantize(apicalInput[i], rng) : 0.0;
            if (in != 0 || ain != 0 || soma[i] != 0)
            {
                active++;
            }
            apical[i] = format.add(apical[i], ain, rng);
            double vs = format.add(format.mul(dv, soma[i], rng), in, rng);
            if (vs > vth)
            {
                vs = 0.0;
                SpikeBits.set(spikes, i);
                spiked++;
            }
            soma[i] = vs;
        }
        counts.add(active, size - active, spiked);
    }

    /** Steps the soma only (no apical input). */
    @Override
    public void step(final double[] input, final long[] spikes, final UpdateCounts counts)
    {
        step(input, NO_INPUT, spikes, counts);
    }

    /** Clears the apical potentials (e.g. at the start of a sample or a sleep cycle). */
    public void resetApical()
    {
        Arrays.fill(apical, 0.0);
    }

    /**
     * @param i neuron.
     * @return somatic voltage {@code v_s}.
     */
    public double soma(final int i)
    {
        return soma[i];
    }

    /**
     * @param i neuron.
     * @return apical voltage {@code v_a}.
     */
    public double apical(final int i)
    {
        return apical[i];
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public String modelName()
    {
        return "two-compartment";
    }

    @Override
    public String numberFormat()
    {
        return format.describe();
    }

    /** @return the apical voltage (the non-spiking state), reported as the trace's u. */
    @Override
    public double current(final int i)
    {
        return apical[i];
    }

    /** @return the somatic voltage. */
    @Override
    public double voltage(final int i)
    {
        return soma[i];
    }
}
