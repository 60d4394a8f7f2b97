package org.nmsim.learning;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;

/**
 * The two non-linear functions a learning core evaluates, the sigmoid surrogate {@code f(u)} and the softmax of
 * the readout, in the form the chip can compute them.
 *
 * <ul>
 *   <li>{@link Mode#EXACT}: the engine has EXP and DIVIDE (SpiNNaker 2's exp accelerator, an FPU): MODEL.md's
 *   formulas exactly, counted as EXP and DIVIDE operations.</li>
 *   <li>{@link Mode#LOOKUP_TABLE}: the engine has only ADD, MULTIPLY and SHIFT (Loihi 2's microcode as the preset
 *   describes it). {@code f} is read from a {@value #ENTRIES}-entry table over {@code (u - V_th)/a1} in [-8, 8]
 *   with linear interpolation (two table reads, one multiply, two adds); {@code exp(x)} for the softmax from a
 *   table over x in [-16, 0] likewise; {@code 1/z} by Newton-Raphson on the mantissa (z scaled into [0.5, 1) by
 *   shifts, initial guess 48/17 - 32/17 z, four iterations of r(2 - zr): the relative error starts below 1/17
 *   and squares each time, ending below 1e-19, i.e. double precision). Table reads are counted as memory
 *   reads, the rest as adds, multiplies and shifts. Each table is charged to the core's memory
 *   ({@link #tableBits()}), and the largest error of both approximations is measured when built
 *   ({@link #surrogateMaxError()}, {@link #expMaxRelativeError()}).</li>
 * </ul>
 *
 * <p>Threading: immutable after construction; shared by the cores of one chip.
 */
public final class EngineMath
{
    /** Entries per table. */
    public static final int ENTRIES = 257;
    /** Bits per table entry. */
    public static final int ENTRY_BITS = 16;
    private static final double SURROGATE_RANGE = 8.0;
    private static final double EXP_RANGE = 16.0;

    /** How the functions are computed. */
    public enum Mode
    {
        /** exp and divide in the engine. */
        EXACT,
        /** tables, multiply-add interpolation and a Newton reciprocal. */
        LOOKUP_TABLE
    }

    private final Mode mode;
    private final OnlineHyper hyper;
    private final double[] surrogateTable = new double[ENTRIES];
    private final double[] expTable = new double[ENTRIES];
    private final double surrogateMaxError;
    private final double expMaxRelativeError;

    EngineMath(final Mode mode, final OnlineHyper hyper)
    {
        this.mode = mode;
        this.hyper = hyper;
        final double hs = 2 * SURROGATE_RANGE / (ENTRIES - 1);
        final double he = EXP_RANGE / (ENTRIES - 1);
        for (int i = 0; i < ENTRIES; i++)
        {
            surrogateTable[i] = hyper.surrogate(hyper.vth() + (-SURROGATE_RANGE + i * hs) * hyper.a1());
            expTable[i] = Math.exp(-EXP_RANGE + i * he);
        }
        double se = 0.0;
        double ee = 0.0;
        for (int i = 0; i <= 100_000; i++)
        {
            final double x = -SURROGATE_RANGE - 1 + i * (2 * SURROGATE_RANGE + 2) / 100_000.0;
            final double u = hyper.vth() + x * hyper.a1();
            se = Math.max(se, Math.abs(lookupSurrogate(u) - hyper.surrogate(u)));
            final double y = -EXP_RANGE + i * EXP_RANGE / 100_000.0;
            ee = Math.max(ee, Math.abs(lookupExp(y) - Math.exp(y)) / Math.exp(y));
        }
        surrogateMaxError = se;
        expMaxRelativeError = ee;
    }

    /**
     * @param chip  the chip.
     * @param hyper the hyperparameters.
     * @return exact functions when the chip's engine has EXP and DIVIDE, tables when it has ADD, MULTIPLY and
     *         SHIFT.
     * @throws IllegalArgumentException naming the missing operations otherwise.
     */
    public static EngineMath forChip(final ChipSpec chip, final OnlineHyper hyper)
    {
        if (chip.missingOps(java.util.EnumSet.of(PlasticityOp.EXP, PlasticityOp.DIVIDE)).isEmpty())
        {
            return new EngineMath(Mode.EXACT, hyper);
        }
        final java.util.Set<PlasticityOp> missing = chip.missingOps(java.util.EnumSet.of(PlasticityOp.ADD,
            PlasticityOp.MULTIPLY, PlasticityOp.SHIFT));
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the plasticity engine lacks EXP/DIVIDE and " +
                "also " + missing + ", which the lookup-table surrogate and softmax need");
        }
        return new EngineMath(Mode.LOOKUP_TABLE, hyper);
    }

    /** @return how the functions are computed. */
    public Mode mode()
    {
        return mode;
    }

    /** @return the largest |f_table(u) - f(u)| over u (0 in exact mode). */
    public double surrogateMaxError()
    {
        return mode == Mode.EXACT ? 0.0 : surrogateMaxError;
    }

    /** @return the largest relative error of the exp table on [-16, 0] (0 in exact mode). */
    public double expMaxRelativeError()
    {
        return mode == Mode.EXACT ? 0.0 : expMaxRelativeError;
    }

    /** @return memory bits of the tables a core holds (0 in exact mode). */
    public long tableBits()
    {
        return mode == Mode.EXACT ? 0 : (long)ENTRIES * ENTRY_BITS;
    }

    /**
     * @param u        membrane potential.
     * @param counters the core's counters.
     * @param ids      the counter ids.
     * @return the surrogate derivative f(u).
     */
    public double surrogate(final double u, final long[] counters, final Counters ids, final boolean fixed)
    {
        if (mode == Mode.EXACT)
        {
            counters[ids.id(OpKind.EXP)]++;
            counters[ids.id(OpKind.DIVIDE)]++;
            return hyper.surrogate(u);
        }
        counters[ids.id(OpKind.MEMORY_READ_WORD)] += 2;
        counters[ids.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY)]++;
        counters[ids.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD)] += 2;
        return lookupSurrogate(u);
    }

    /**
     * Logistic noise of scale {@code a1} from a uniform draw, {@code xi = a1 ln(U / (1 - U))}: the inverse CDF of
     * the stochastic neuron's noise (paper 000 App. A). With exp and divide the engine computes it (a log and a
     * divide); without them it reads an interpolated inverse-CDF table (two reads, a multiply, two adds), whose
     * interpolation error is not modelled: the value is the exact inverse CDF in both modes.
     *
     * @param uniform  U in [0, 1); U = 0 gives minus infinity (never a spike).
     * @param counters the core's counters.
     * @param ids      the counter ids.
     * @param fixed    integer rather than FP arithmetic.
     * @return the noise.
     */
    double logisticNoise(final double uniform, final long[] counters, final Counters ids, final boolean fixed)
    {
        if (mode == Mode.EXACT)
        {
            counters[ids.id(OpKind.LOG)]++;
            counters[ids.id(OpKind.DIVIDE)]++;
        }
        else
        {
            counters[ids.id(OpKind.MEMORY_READ_WORD)] += 2;
            counters[ids.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY)]++;
            counters[ids.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD)] += 2;
        }
        return hyper.a1() * Math.log(uniform / (1.0 - uniform));
    }

    /**
     * The output error of MODEL.md, {@code e = softmax(u) - onehot(label)}.
     *
     * @param u        the readout potentials.
     * @param label    the label.
     * @param e        receives the error.
     * @param counters the core's counters.
     * @param ids      the counter ids.
     * @param fixed    whether the core computes in fixed point (integer rather than FP adds and multiplies).
     * @return log of the softmax normaliser plus max(u) (for the loss).
     */
    public double softmaxError(final double[] u, final int label, final double[] e, final long[] counters, final Counters ids,
        final boolean fixed)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (final double x : u)
        {
            max = Math.max(max, x);
        }
        double z = 0.0;
        for (int q = 0; q < u.length; q++)
        {
            e[q] = mode == Mode.EXACT ? Math.exp(u[q] - max) : lookupExp(u[q] - max);
            z += e[q];
        }
        final double inv = mode == Mode.EXACT ? 1.0 / z : reciprocal(z);
        for (int q = 0; q < u.length; q++)
        {
            e[q] = (mode == Mode.EXACT ? e[q] / z : e[q] * inv) - (q == label ? 1.0 : 0.0);
        }
        final int m = u.length;
        final int add = ids.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        if (mode == Mode.EXACT)
        {
            counters[ids.id(OpKind.EXP)] += m;
            counters[ids.id(OpKind.DIVIDE)] += m;
        }
        else
        {
            counters[ids.id(OpKind.MEMORY_READ_WORD)] += 2L * m;
            // per class: interpolation (1 multiply, 2 adds) and the product with 1/z (1 multiply); the reciprocal:
            // the initial guess (1 multiply, 1 add) and 4 Newton iterations (2 multiplies, 1 add each)
            counters[ids.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY)] += 2L * m + 9;
            counters[add] += 2L * m + 5;
            counters[ids.id(OpKind.SHIFT)] += 2;
        }
        counters[add] += 2L * m;
        return Math.log(z) + max;
    }

    private double lookupSurrogate(final double u)
    {
        final double x = (u - hyper.vth()) / hyper.a1();
        return LookupTables.interpolate(surrogateTable, (x + SURROGATE_RANGE) * (ENTRIES - 1) / (2 * SURROGATE_RANGE));
    }

    private double lookupExp(final double x)
    {
        if (x < -EXP_RANGE)
        {
            return 0.0;
        }
        return LookupTables.interpolate(expTable, (x + EXP_RANGE) * (ENTRIES - 1) / EXP_RANGE);
    }

    /** 1/z for z >= 1 by Newton-Raphson on the mantissa: shifts, multiplies and adds only. */
    static double reciprocal(final double z)
    {
        return LookupTables.reciprocal(z);
    }
}
