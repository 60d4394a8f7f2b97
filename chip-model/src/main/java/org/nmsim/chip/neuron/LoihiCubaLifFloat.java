package org.nmsim.chip.neuron;

/**
 * The float64 ("ideal") counterpart of {@link LoihiCubaLif}: Lava's {@code PyLifModelFloat}
 * ({@code lava-nc/lava}, {@code src/lava/proc/lif/models.py}, {@code AbstractPyLifModelFloat}):
 * {@code u = u (1 - du) + inputScale * input}; {@code v = v (1 - dv) + u + bias}; spike when {@code v > vth}
 * (strictly), then {@code v = 0}. No rounding, wrap or saturation.
 *
 * <p>{@link #matching} builds the group in the bit-accurate model's units (input scaled by 64, threshold
 * {@code vthMant << 6}, decays {@code (du + 1) / 4096} and {@code dv / 4096}), so that the two can be compared
 * step by step; the difference is then only the fixed-point rounding, wrap and saturation.
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and is stepped by the core's worker.
 */
public final class LoihiCubaLifFloat implements SteppedCompartments
{
    private final int size;
    private final double du;
    private final double dv;
    private final double vth;
    private final double inputScale;
    private final double[] bias;
    private final double[] u;
    private final double[] v;

    /**
     * @param size       number of compartments.
     * @param du         current decay fraction, [0, 1].
     * @param dv         voltage decay fraction, [0, 1].
     * @param vth        threshold, finite.
     * @param bias       per-compartment bias, length {@code size}.
     * @param inputScale factor applied to each input (1 in Lava's float model), finite.
     */
    public LoihiCubaLifFloat(final int size, final double du, final double dv, final double vth, final double[] bias,
        final double inputScale)
    {
        this.size = Checks.size(size);
        this.du = Checks.inRange("du", du, 0.0, 1.0);
        this.dv = Checks.inRange("dv", dv, 0.0, 1.0);
        this.vth = Checks.finite("vth", vth);
        this.inputScale = Checks.finite("inputScale", inputScale);
        if (bias.length != size)
        {
            throw new IllegalArgumentException("bias.length=" + bias.length + " must equal size=" + size);
        }
        this.bias = bias.clone();
        for (int i = 0; i < size; i++)
        {
            Checks.finite("bias[" + i + "]", bias[i]);
        }
        this.u = new double[size];
        this.v = new double[size];
    }

    /**
     * The float model in the bit-accurate model's units.
     *
     * @param size     number of compartments.
     * @param params   bit-accurate parameters (refractory delay and wrap rule are not modelled in float).
     * @param biasMant per-compartment bias mantissa.
     * @param biasExp  per-compartment bias exponent.
     * @return the float group.
     */
    public static LoihiCubaLifFloat matching(final int size, final LoihiCubaLifParams params, final int[] biasMant,
        final int[] biasExp)
    {
        final LoihiCubaLif check = new LoihiCubaLif(size, params, biasMant, biasExp);
        final double[] bias = new double[size];
        for (int i = 0; i < size; i++)
        {
            bias[i] = check.bias(i);
        }
        return new LoihiCubaLifFloat(size, (params.du() + 1) / 4096.0, params.dv() / 4096.0,
            check.threshold(), bias, 1 << LoihiCubaLif.MSB_SHIFT);
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
            if (input[i] != 0 || u[i] != 0 || v[i] != 0 || bias[i] != 0)
            {
                active++;
            }
            final double ui = u[i] * (1 - du) + inputScale * input[i];
            u[i] = ui;
            final double vi = v[i] * (1 - dv) + ui + bias[i];
            if (vi > vth)
            {
                v[i] = 0;
                SpikeBits.set(spikes, i);
                spiked++;
            }
            else
            {
                v[i] = vi;
            }
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
        return "loihi-cuba-lif-float";
    }

    @Override
    public String numberFormat()
    {
        return "float64";
    }

    @Override
    public double current(final int i)
    {
        return u[i];
    }

    @Override
    public double voltage(final int i)
    {
        return v[i];
    }
}
