package org.nmsim.chip.neuron;

import java.util.Arrays;

/**
 * Bit-accurate Loihi 1 current-based LIF compartments (structure of arrays), integer state only.
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and is stepped by the core's worker.
 *
 * <h2>Arithmetic of one step, compartment i (in this order)</h2>
 * Reproduces Lava's {@code PyLifModelBitAcc} ({@code lava-nc/lava}, {@code src/lava/proc/lif/models.py},
 * {@code AbstractPyLifModelFixed.subthr_dynamics} and {@code run_spk}), which Intel publishes as bit-accurate
 * with Loihi 1, with the register widths of HARDWARE.md (Davies et al. 2018):
 * <ol>
 * <li>{@code decay(x, k) = sign(x * k) * (|x * k| >> 12)}: the 64-bit product, shifted right on its magnitude,
 *     i.e. division by 4096 rounded toward zero.</li>
 * <li>{@code u = wrap24(decay(u, 4096 - (du + 1)) + (a << 6))} where {@code a} is this step's dendritic input
 *     (the weight sum of arriving spikes, 16-bit signed like Lava's {@code a_in} port, [-32768, 32767]).</li>
 * <li>If the compartment is refractory (counter &gt; 0): v stays 0, the counter decrements, no spike.
 *     Otherwise {@code v = clamp(decay(v, 4096 - dv) + u + (biasMant << biasExp), -(2^23) + 1, 2^23 - 1)}
 *     (v saturates; u is the value just computed).</li>
 * <li>Spike when {@code v > vthMant << 6} (strictly greater); then {@code v = 0} and the refractory counter is
 *     set to {@code refractoryDelay}. u is not reset.</li>
 * </ol>
 *
 * <h2>The hidden +1 on du</h2>
 * HARDWARE.md says "du has a hidden +1 offset (du = 0 still decays u by 4095/4096)". Lava implements exactly this
 * as {@code ds_offset = 1} ("1-bit registers in Loihi 1, which are added to du and dv ... They enable setting
 * decay constant values to exact 4096"), with {@code dm_offset = 0} for dv. The two sources agree: u is
 * multiplied by {@code 4096 - (du + 1) = 4095 - du} over 4096, so {@code du = 0} keeps 4095/4096 of u and
 * {@code du = 4095} clears u before the input is added; dv has no offset ({@code dv = 0}: no leak, {@code dv =
 * 4095}: keeps 1/4096).
 *
 * <h2>How fidelity to Lava is checked</h2>
 * {@code LoihiCubaLifTest} replays {@code loihi_cuba_lif_cases.csv}, written by {@code make_loihi_cases.py}, an
 * independent numpy implementation of the arithmetic above, bit for bit. That CSV was also run once (outside the
 * repository, not committed) through Lava's own {@code subthr_dynamics}/{@code spiking_activation} methods
 * transcribed from {@code models.py} with the runtime stubbed out: all rows with {@code LAVA_PY_BIT_ACC} match;
 * {@code TWOS_COMPLEMENT} rows differ only in the case built to hit {@code u = -2^23}.
 *
 * <h2>Where this class differs from, or adds to, Lava</h2>
 * <ul>
 * <li>Wrap of u at exactly +-2^23: see {@link LoihiCubaLifParams.CurrentWrap}; the default is true 24-bit two's
 *     complement, Lava's rule is selectable.</li>
 * <li>The input shift {@code a << 6} is done in 32-bit arithmetic. Lava declares {@code a_in} as
 *     {@code np.int16} (precision 16), but its {@code PyInPortVectorDense.recv} returns
 *     {@code np.zeros(shape, int16) + received}, which numpy promotes to the sender's dtype; only a 16-bit sender
 *     would make Lava wrap {@code a << 6} in 16 bits for {@code |a| > 511} (observed: with an int16 input array
 *     Lava's arithmetic, run under numpy 2.4, disagrees with this class on most random cases; with int32 it agrees
 *     on all). Inputs are therefore limited to the 16-bit range and shifted without wrap here, as the 24-bit
 *     datapath would.</li>
 * <li>Refractory period: Lava's bit-accurate LIF lists it as missing; Loihi compartments have one. Added as an
 *     option, default 0 (= Lava). Semantics chosen: after a spike at step t, v is held at 0 during steps
 *     t+1 .. t+refractoryDelay while u keeps integrating.</li>
 * <li>The bias exponent is 3-bit unsigned [0, 7] (Lava's documented precision); Lava's code also accepts a
 *     negative exponent as a right shift, which is rejected here.</li>
 * </ul>
 */
public final class LoihiCubaLif implements CompartmentGroup
{
    /** Bits of u and v. */
    public static final int STATE_BITS = 24;
    /** Largest u in two's complement, 2^23 - 1. */
    public static final int U_MAX = (1 << 23) - 1;
    /** Smallest u in two's complement, -2^23. */
    public static final int U_MIN = -(1 << 23);
    /** Saturation bound of v, 2^23 - 1 (and -(2^23 - 1)). */
    public static final int V_LIMIT = (1 << 23) - 1;
    /** Left shift of threshold and input. */
    public static final int MSB_SHIFT = 6;
    /** Bits of the decay fraction. */
    public static final int DECAY_SHIFT = 12;
    /** Smallest 13-bit signed bias mantissa. */
    public static final int BIAS_MANT_MIN = -4096;
    /** Largest 13-bit signed bias mantissa. */
    public static final int BIAS_MANT_MAX = 4095;
    /** Largest 3-bit bias exponent. */
    public static final int BIAS_EXP_MAX = 7;
    /** Smallest dendritic input (16-bit signed). */
    public static final int INPUT_MIN = Short.MIN_VALUE;
    /** Largest dendritic input (16-bit signed). */
    public static final int INPUT_MAX = Short.MAX_VALUE;

    private final int size;
    private final LoihiCubaLifParams params;
    private final int decayU;
    private final int decayV;
    private final int threshold;
    private final boolean lavaWrap;
    private final int[] bias;
    private final int[] u;
    private final int[] v;
    private final int[] refractory;

    /**
     * @param size     number of compartments, at least 1.
     * @param params   shared parameters.
     * @param biasMant per-compartment bias mantissa, 13-bit signed [-4096, 4095], length {@code size}.
     * @param biasExp  per-compartment bias exponent, 3-bit unsigned [0, 7], length {@code size}.
     * @throws IllegalArgumentException on any out-of-range value, naming compartment, value and range.
     */
    public LoihiCubaLif(final int size, final LoihiCubaLifParams params, final int[] biasMant, final int[] biasExp)
    {
        if (size < 1)
        {
            throw new IllegalArgumentException("size=" + size + " must be >= 1");
        }
        if (biasMant.length != size || biasExp.length != size)
        {
            throw new IllegalArgumentException("biasMant.length=" + biasMant.length + ", biasExp.length=" +
                biasExp.length + " must both equal size=" + size);
        }
        this.size = size;
        this.params = params;
        this.decayU = (1 << DECAY_SHIFT) - (params.du() + 1);
        this.decayV = (1 << DECAY_SHIFT) - params.dv();
        this.threshold = params.vthMant() << MSB_SHIFT;
        this.lavaWrap = params.currentWrap() == LoihiCubaLifParams.CurrentWrap.LAVA_PY_BIT_ACC;
        this.bias = new int[size];
        for (int i = 0; i < size; i++)
        {
            LoihiCubaLifParams.check("biasMant[" + i + "]", biasMant[i], BIAS_MANT_MIN, BIAS_MANT_MAX,
                "Loihi 13-bit signed bias mantissa");
            LoihiCubaLifParams.check("biasExp[" + i + "]", biasExp[i], 0, BIAS_EXP_MAX,
                "Loihi 3-bit unsigned bias exponent");
            bias[i] = biasMant[i] << biasExp[i];
        }
        this.u = new int[size];
        this.v = new int[size];
        this.refractory = new int[size];
    }

    /**
     * A group whose compartments share one bias.
     *
     * @param size     number of compartments.
     * @param params   shared parameters.
     * @param biasMant bias mantissa [-4096, 4095].
     * @param biasExp  bias exponent [0, 7].
     * @return the group.
     */
    public static LoihiCubaLif uniform(final int size, final LoihiCubaLifParams params, final int biasMant,
        final int biasExp)
    {
        final int[] mant = new int[size];
        final int[] exp = new int[size];
        Arrays.fill(mant, biasMant);
        Arrays.fill(exp, biasExp);
        return new LoihiCubaLif(size, params, mant, exp);
    }

    /**
     * Advances every compartment by one algorithmic step.
     *
     * @param input  per-compartment dendritic input before the 6-bit shift, [-32768, 32767], length &gt;= size.
     * @param spikes caller-owned bitset ({@link SpikeBits}); cleared, then set for compartments that spiked.
     * @param counts caller-owned counts this step adds to.
     * @throws IllegalArgumentException when an input is out of range (checked before any state changes).
     */
    public void step(final int[] input, final long[] spikes, final UpdateCounts counts)
    {
        SpikeBits.clear(spikes, size);
        for (int i = 0; i < size; i++)
        {
            final int a = input[i];
            if (a < INPUT_MIN || a > INPUT_MAX)
            {
                throw new IllegalArgumentException("input[" + i + "]=" + a + " out of range [" + INPUT_MIN + ", " +
                    INPUT_MAX + "] (Loihi 16-bit dendritic input)");
            }
        }
        long active = 0;
        long spiked = 0;
        for (int i = 0; i < size; i++)
        {
            final int a = input[i];
            final int u0 = u[i];
            final int v0 = v[i];
            final int r0 = refractory[i];
            if (a != 0 || u0 != 0 || v0 != 0 || r0 != 0 || bias[i] != 0)
            {
                active++;
            }
            final int u1 = wrapCurrent(decay(u0, decayU) + (a << MSB_SHIFT));
            u[i] = u1;
            if (r0 > 0)
            {
                v[i] = 0;
                refractory[i] = r0 - 1;
                continue;
            }
            final int v1 = saturateVoltage((long)decay(v0, decayV) + u1 + bias[i]);
            if (v1 > threshold)
            {
                v[i] = 0;
                refractory[i] = params.refractoryDelay();
                SpikeBits.set(spikes, i);
                spiked++;
            }
            else
            {
                v[i] = v1;
            }
        }
        counts.add(active, size - active, spiked);
    }

    /**
     * Loihi's decay: {@code sign(x * factor) * (|x * factor| >> 12)}, i.e. the product divided by 4096 and
     * truncated toward zero.
     *
     * @param x      state value (24-bit).
     * @param factor {@code 4096 - effective decay}, [0, 4096].
     * @return decayed value.
     */
    public static int decay(final int x, final int factor)
    {
        final long product = (long)x * factor;
        final long magnitude = Math.abs(product) >> DECAY_SHIFT;
        return (int)(product < 0 ? -magnitude : magnitude);
    }

    private int wrapCurrent(final int x)
    {
        if (lavaWrap)
        {
            if (x > (1 << 23))
            {
                return x - (1 << 24);
            }
            return x <= -(1 << 23) ? x + (1 << 24) : x;
        }
        return (x << (32 - STATE_BITS)) >> (32 - STATE_BITS);
    }

    private static int saturateVoltage(final long x)
    {
        return (int)Math.max(-V_LIMIT, Math.min(V_LIMIT, x));
    }

    /**
     * Sets a compartment's state (e.g. Lava's initial {@code u}, {@code v}); clears its refractory counter.
     *
     * @param i  compartment.
     * @param u0 current, [-2^23, 2^23 - 1] ([-2^23 + 1, 2^23] with Lava's wrap rule).
     * @param v0 voltage, [-(2^23) + 1, 2^23 - 1].
     */
    public void setState(final int i, final int u0, final int v0)
    {
        if (lavaWrap)
        {
            LoihiCubaLifParams.check("u[" + i + "]", u0, U_MIN + 1, U_MAX + 1, "Lava 24-bit current range");
        }
        else
        {
            LoihiCubaLifParams.check("u[" + i + "]", u0, U_MIN, U_MAX, "Loihi 24-bit signed current");
        }
        LoihiCubaLifParams.check("v[" + i + "]", v0, -V_LIMIT, V_LIMIT, "Loihi 24-bit saturating voltage");
        u[i] = u0;
        v[i] = v0;
        refractory[i] = 0;
    }

    /**
     * @param i compartment.
     * @return raw 24-bit current u.
     */
    public int u(final int i)
    {
        return u[i];
    }

    /**
     * @param i compartment.
     * @return raw 24-bit voltage v.
     */
    public int v(final int i)
    {
        return v[i];
    }

    /**
     * @param i compartment.
     * @return remaining refractory steps.
     */
    public int refractoryCounter(final int i)
    {
        return refractory[i];
    }

    /**
     * @param i compartment.
     * @return effective bias {@code biasMant << biasExp}.
     */
    public int bias(final int i)
    {
        return bias[i];
    }

    /** @return effective threshold {@code vthMant << 6}. */
    public int threshold()
    {
        return threshold;
    }

    /** @return the shared parameters. */
    public LoihiCubaLifParams params()
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
        return "loihi-cuba-lif";
    }

    @Override
    public String numberFormat()
    {
        return "u: s24 " + params.currentWrap() + ", v: s24 SATURATE, decay TOWARD_ZERO";
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
