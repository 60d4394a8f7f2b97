package org.nmsim.chip.neuron;

import java.util.Arrays;

import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

/**
 * SpiNNaker LIF compartments as sPyNNaker computes them ({@code neural_modelling/src/neuron/models/
 * neuron_model_lif_impl.h}, {@code lif_neuron_closed_form}) in signed 16.15 fixed point ({@code accum}), or in
 * any other {@link NumberFormat} ({@link IdealFloat64} for the float reference).
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and is stepped by the core's worker.
 *
 * <p>One step of compartment i, with every product and sum in the format:
 * <ol>
 * <li>if the refractory counter is 0: {@code I = input + iOffset}, {@code alpha = I * R + vRest},
 *     {@code V = alpha - expTC * (alpha - V)} (the exact propagator of {@code tauM dV/dt = vRest - V + R I} for
 *     constant I over one step); otherwise the counter decrements and V is left alone;</li>
 * <li>spike when {@code V >= vThresh}; then {@code V = vReset} and the counter = {@code ceil(tRefract/dt)}.</li>
 * </ol>
 * {@code R = tauM / cM} and {@code expTC = exp(-dt / tauM)} are computed once in double and quantized into the
 * format (to nearest); the chip computes them with {@code kdivk} and {@code expk}, which may differ from the
 * correctly rounded value by an LSB (not verified). {@link #S16_15} rounds products to nearest with ties up, as
 * sPyNNaker's {@code MULT_ROUND_NEAREST_ACCUM} does; it wraps on overflow like GCC's non-saturating {@code accum}
 * additions (the chip's {@code __stdfix_smul_k} multiply saturates instead; at membrane voltages in mV neither
 * overflows). Synaptic current shaping (exponential synapses) is not part of this class: {@code input} is the
 * total current of the step, already in nA.
 */
public final class SpinnakerLif implements SteppedCompartments
{
    /** s16.15 with sPyNNaker's product rounding (nearest, ties up) and wrap. */
    public static final FixedPointFormat S16_15 = FixedPointFormat.s16dot15(Rounding.NEAREST_HALF_UP, Overflow.WRAP);

    private final int size;
    private final SpinnakerLifParams params;
    private final NumberFormat format;
    private final SplitMix64 rng;
    private final double r;
    private final double expTc;
    private final double vRest;
    private final double vReset;
    private final double vThresh;
    private final double iOffset;
    private final int refractorySteps;
    private final double[] v;
    private final double[] lastInput;
    private final int[] refractory;

    /**
     * @param size   number of compartments.
     * @param params shared parameters.
     * @param format number format ({@link #S16_15} for the chip, {@link IdealFloat64#INSTANCE} for float).
     * @param rng    the core's stream, needed only when the format rounds stochastically (else may be null).
     */
    public SpinnakerLif(final int size, final SpinnakerLifParams params, final NumberFormat format,
        final SplitMix64 rng)
    {
        this.size = Checks.size(size);
        this.params = params;
        this.format = format;
        this.rng = rng;
        this.r = format.quantize(params.tauM() / params.cM(), rng);
        this.expTc = format.quantize(Math.exp(-params.timeStep() / params.tauM()), rng);
        this.vRest = format.quantize(params.vRest(), rng);
        this.vReset = format.quantize(params.vReset(), rng);
        this.vThresh = format.quantize(params.vThresh(), rng);
        this.iOffset = format.quantize(params.iOffset(), rng);
        this.refractorySteps = params.refractorySteps();
        this.v = new double[size];
        this.lastInput = new double[size];
        this.refractory = new int[size];
        Arrays.fill(v, vRest);
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
            double vi = v[i];
            if (refractory[i] <= 0)
            {
                if (in != 0 || iOffset != 0 || vi != vRest)
                {
                    active++;
                }
                final double current = format.add(in, iOffset, rng);
                final double alpha = format.add(format.mul(current, r, rng), vRest, rng);
                vi = format.sub(alpha, format.mul(expTc, format.sub(alpha, vi, rng), rng), rng);
            }
            else
            {
                active++;
                refractory[i]--;
            }
            if (vi >= vThresh)
            {
                vi = vReset;
                refractory[i] = refractorySteps;
                SpikeBits.set(spikes, i);
                spiked++;
            }
            v[i] = vi;
        }
        counts.add(active, size - active, spiked);
    }

    /**
     * @param i  compartment.
     * @param v0 voltage, quantized into the format.
     */
    public void setVoltage(final int i, final double v0)
    {
        v[i] = format.quantize(Checks.finite("v0", v0), rng);
    }

    /** @return {@code expTC = exp(-dt/tauM)} as held in the format. */
    public double decayFactor()
    {
        return expTc;
    }

    /** @return {@code R = tauM / cM} as held in the format. */
    public double resistance()
    {
        return r;
    }

    /** @return the parameters. */
    public SpinnakerLifParams params()
    {
        return params;
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public String modelName()
    {
        return "spinnaker-lif";
    }

    @Override
    public String numberFormat()
    {
        return format.describe();
    }

    /** @return the last input current (nA) of compartment i. */
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
