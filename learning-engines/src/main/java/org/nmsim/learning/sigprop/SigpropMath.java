package org.nmsim.learning.sigprop;

import java.util.EnumSet;
import java.util.Set;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.learning.Counters;
import org.nmsim.learning.LookupTables;

/**
 * The non-linear functions of on-chip sigprop in the form a chip's learning engine can compute them: the arc-tangent
 * spike function {@code g(x) = atan(pi x) / pi + 1/2} and its derivative {@code g'(x) = 1 / (1 + (pi x)^2)} (paper
 * 002 eq. 16-17, evaluated at {@code x = v - V_th}), and the softmax of the local losses and the classification
 * layer.
 *
 * <ul>
 *   <li>{@link Mode#EXACT}, when the engine has EXP and DIVIDE (SpiNNaker 2's exp/log accelerator and FPU): the
 *   formulas exactly. {@code atan} has no engine operation of its own; it is counted as one EXP (the transcendental
 *   accelerator), two multiplies and one add; {@code g'} as two multiplies, one add and one divide; softmax as m EXP
 *   and m DIVIDE.</li>
 *   <li>{@link Mode#LOOKUP_TABLE}, when the engine has only ADD, MULTIPLY and SHIFT (Loihi-style): {@code g} and
 *   {@code g'} are read from {@value #ENTRIES}-entry tables over {@code x} in [-16, 16] with linear interpolation
 *   (2 reads, 1 multiply, 2 adds; outside the range {@code g} is 0 or 1 and {@code g'} is 0), {@code exp} from a
 *   table over [-16, 0], {@code 1/z} by Newton-Raphson on the mantissa. The largest errors are measured when the
 *   tables are built ({@link #surrogateMaxError()}) and every table is charged to the memory of the cores that use
 *   it ({@link #tableBits(int)}).</li>
 * </ul>
 *
 * <p>Threading: immutable after construction; shared by the cores of one chip.
 */
public final class SigpropMath
{
    /** Entries per table. */
    public static final int ENTRIES = 513;
    /** Bits per table entry. */
    public static final int ENTRY_BITS = 16;
    private static final double RANGE = 16.0;
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
    private final double[] gTable = new double[ENTRIES];
    private final double[] dTable = new double[ENTRIES];
    private final double[] expTable = new double[ENTRIES];
    private final double surrogateMaxError;

    private SigpropMath(final Mode mode)
    {
        this.mode = mode;
        for (int i = 0; i < ENTRIES; i++)
        {
            final double x = -RANGE + i * 2 * RANGE / (ENTRIES - 1);
            gTable[i] = spike(x);
            dTable[i] = slope(x);
            expTable[i] = Math.exp(-EXP_RANGE + i * EXP_RANGE / (ENTRIES - 1));
        }
        double err = 0.0;
        for (int i = 0; i <= 200_000; i++)
        {
            final double x = -RANGE - 2 + i * (2 * RANGE + 4) / 200_000.0;
            err = Math.max(err, Math.abs(tableG(x) - spike(x)));
            err = Math.max(err, Math.abs(tableD(x) - slope(x)));
        }
        surrogateMaxError = err;
    }

    /**
     * @param chip the chip.
     * @return exact functions when the chip's engine has EXP and DIVIDE, tables when it has ADD, MULTIPLY and SHIFT.
     * @throws IllegalArgumentException naming the missing operations otherwise.
     */
    public static SigpropMath forChip(final ChipSpec chip)
    {
        if (chip.missingOps(EnumSet.of(PlasticityOp.EXP, PlasticityOp.DIVIDE)).isEmpty())
        {
            return new SigpropMath(Mode.EXACT);
        }
        final Set<PlasticityOp> missing = chip.missingOps(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY,
            PlasticityOp.SHIFT));
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the plasticity engine lacks EXP/DIVIDE and " +
                "also " + missing + ", which sigprop's lookup-table surrogate and softmax need");
        }
        return new SigpropMath(Mode.LOOKUP_TABLE);
    }

    /** @return how the functions are computed. */
    public Mode mode()
    {
        return mode;
    }

    /** @return the largest |table - exact| of g and g' (0 in exact mode). */
    public double surrogateMaxError()
    {
        return mode == Mode.EXACT ? 0.0 : surrogateMaxError;
    }

    /**
     * @param tables how many tables the core holds (g and g': 2; exp: 1).
     * @return memory bits of those tables (0 in exact mode).
     */
    public long tableBits(final int tables)
    {
        return mode == Mode.EXACT ? 0 : (long)tables * ENTRIES * ENTRY_BITS;
    }

    /**
     * @param x v - V_th.
     * @return the exact spike function g(x) = atan(pi x) / pi + 1/2 (eq. 16).
     */
    public static double spike(final double x)
    {
        return Math.atan(Math.PI * x) / Math.PI + 0.5;
    }

    /**
     * @param x v - V_th.
     * @return the exact surrogate gradient g'(x) = 1 / (1 + (pi x)^2) (eq. 17).
     */
    public static double slope(final double x)
    {
        final double px = Math.PI * x;
        return 1.0 / (1.0 + px * px);
    }

    /**
     * g as the engine computes it, counted on the calling core.
     *
     * @param x        v - V_th.
     * @param counters the core's counters.
     * @param ids      counter ids.
     * @param fixed    fixed-point arithmetic (integer ops) or float.
     * @return g(x).
     */
    public double g(final double x, final long[] counters, final Counters ids, final boolean fixed)
    {
        final int mul = ids.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        final int add = ids.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        if (mode == Mode.EXACT)
        {
            counters[ids.id(OpKind.EXP)]++;
            counters[mul] += 2;
            counters[add]++;
            return spike(x);
        }
        counters[ids.id(OpKind.MEMORY_READ_WORD)] += 2;
        counters[mul]++;
        counters[add] += 2;
        return tableG(x);
    }

    /**
     * g' as the engine computes it, counted on the calling core.
     *
     * @param x        v - V_th.
     * @param counters the core's counters.
     * @param ids      counter ids.
     * @param fixed    fixed-point arithmetic (integer ops) or float.
     * @return g'(x).
     */
    public double dg(final double x, final long[] counters, final Counters ids, final boolean fixed)
    {
        final int mul = ids.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        final int add = ids.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        if (mode == Mode.EXACT)
        {
            counters[ids.id(OpKind.DIVIDE)]++;
            counters[mul] += 2;
            counters[add]++;
            return slope(x);
        }
        counters[ids.id(OpKind.MEMORY_READ_WORD)] += 2;
        counters[mul]++;
        counters[add] += 2;
        return tableD(x);
    }

    /**
     * The softmax error {@code e = softmax(z) - onehot(label)} (label < 0: only the probabilities), counted.
     *
     * @param z        logits.
     * @param label    the class, or -1.
     * @param e        out: the error (or the probabilities).
     * @param counters the core's counters.
     * @param ids      counter ids.
     * @param fixed    fixed-point arithmetic (integer ops) or float.
     * @return the cross entropy {@code -log p_label} (NaN when label < 0).
     */
    public double softmaxError(final double[] z, final int label, final double[] e, final long[] counters,
        final Counters ids, final boolean fixed)
    {
        final int m = z.length;
        double max = z[0];
        for (int q = 1; q < m; q++)
        {
            max = Math.max(max, z[q]);
        }
        double sum = 0.0;
        for (int q = 0; q < m; q++)
        {
            e[q] = mode == Mode.EXACT ? Math.exp(z[q] - max) : tableExp(z[q] - max);
            sum += e[q];
        }
        final double inv = mode == Mode.EXACT ? 1.0 / sum : LookupTables.reciprocal(sum);
        for (int q = 0; q < m; q++)
        {
            e[q] = mode == Mode.EXACT ? e[q] / sum : e[q] * inv;
        }
        final double loss = label < 0 ? Double.NaN : Math.log(sum) + max - z[label];
        if (label >= 0)
        {
            e[label] -= 1.0;
        }
        final int mul = ids.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        final int add = ids.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        if (mode == Mode.EXACT)
        {
            counters[ids.id(OpKind.EXP)] += m;
            counters[ids.id(OpKind.DIVIDE)] += m;
        }
        else
        {
            // per class: interpolation (1 multiply, 2 adds) and the product with 1/z; the reciprocal: initial guess
            // (1 multiply, 1 add) and 4 Newton iterations (2 multiplies, 1 add each)
            counters[ids.id(OpKind.MEMORY_READ_WORD)] += 2L * m;
            counters[mul] += 2L * m + 9;
            counters[add] += 2L * m + 5;
            counters[ids.id(OpKind.SHIFT)] += 2;
        }
        counters[add] += 3L * m;
        return loss;
    }

    private double tableG(final double x)
    {
        if (x <= -RANGE)
        {
            return 0.0;
        }
        if (x >= RANGE)
        {
            return 1.0;
        }
        return LookupTables.interpolate(gTable, (x + RANGE) * (ENTRIES - 1) / (2 * RANGE));
    }

    private double tableD(final double x)
    {
        if (x <= -RANGE || x >= RANGE)
        {
            return 0.0;
        }
        return LookupTables.interpolate(dTable, (x + RANGE) * (ENTRIES - 1) / (2 * RANGE));
    }

    private double tableExp(final double x)
    {
        if (x < -EXP_RANGE)
        {
            return 0.0;
        }
        return LookupTables.interpolate(expTable, (x + EXP_RANGE) * (ENTRIES - 1) / EXP_RANGE);
    }
}
