package org.nmsim.learning.threefactor;

import java.util.EnumSet;
import java.util.Set;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.learning.Counters;

/**
 * SuperSpike's surrogate derivative {@code 1 / (1 + b |U - vth|)^2} as a learning core computes it.
 * <ul>
 *   <li>{@link Mode#EXACT} when the engine divides (SpiNNaker's ARM cores): one add, two multiplies and a divide;</li>
 *   <li>{@link Mode#LOOKUP_TABLE} when it only adds, multiplies and shifts (Loihi 1's sum-of-products engine,
 *   Loihi 2's microcode as the presets describe them): a {@value #ENTRIES}-entry table over
 *   {@code b (U - vth)} in [-{@value #RANGE}, {@value #RANGE}] with linear interpolation (two table reads, one
 *   multiply, two adds; beyond the range the end value). The table is charged to each learning core's memory
 *   ({@link #tableBits()}) and its largest error is measured when built ({@link #maxError()}).</li>
 * </ul>
 *
 * <p>Threading: immutable after construction; shared by the cores of one chip.
 */
public final class SurrogateUnit
{
    /** Entries of the table. */
    public static final int ENTRIES = 257;
    /** Bits per table entry. */
    public static final int ENTRY_BITS = 16;
    /** Half-width of the table in units of {@code b (U - vth)}. */
    public static final double RANGE = 32.0;

    /** How the surrogate is computed. */
    public enum Mode
    {
        /** Divide in the engine. */
        EXACT,
        /** Table and linear interpolation. */
        LOOKUP_TABLE
    }

    private final Mode mode;
    private final double vth;
    private final double b;
    private final double[] table = new double[ENTRIES];
    private final double maxError;

    /**
     * @param mode how to compute.
     * @param vth  threshold.
     * @param b    steepness.
     */
    public SurrogateUnit(final Mode mode, final double vth, final double b)
    {
        this.mode = mode;
        this.vth = vth;
        this.b = b;
        final double h = 2 * RANGE / (ENTRIES - 1);
        for (int i = 0; i < ENTRIES; i++)
        {
            final double d = 1.0 + Math.abs(-RANGE + i * h);
            table[i] = 1.0 / (d * d);
        }
        double err = 0.0;
        for (int i = 0; i <= 100_000; i++)
        {
            final double u = vth + (-RANGE - 2 + i * (2 * RANGE + 4) / 100_000.0) / b;
            err = Math.max(err, Math.abs(lookup(u) - exact(u)));
        }
        maxError = mode == Mode.EXACT ? 0.0 : err;
    }

    /**
     * @param chip the chip.
     * @param p    the hyperparameters.
     * @return exact when the engine has DIVIDE, a table when it has ADD, MULTIPLY and SHIFT.
     * @throws IllegalArgumentException naming the missing operations otherwise.
     */
    public static SurrogateUnit forChip(final ChipSpec chip, final ThreeFactorParams p)
    {
        if (chip.missingOps(EnumSet.of(PlasticityOp.DIVIDE, PlasticityOp.MULTIPLY, PlasticityOp.ADD)).isEmpty())
        {
            return new SurrogateUnit(Mode.EXACT, p.vth(), p.surrogateBeta());
        }
        final Set<PlasticityOp> missing = chip.missingOps(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY,
            PlasticityOp.SHIFT));
        if (!missing.isEmpty())
        {
            throw new IllegalArgumentException("chip " + chip.name() + ": the plasticity engine lacks DIVIDE and " +
                "also " + missing + ", which the lookup-table surrogate needs");
        }
        return new SurrogateUnit(Mode.LOOKUP_TABLE, p.vth(), p.surrogateBeta());
    }

    /** @return how the surrogate is computed. */
    public Mode mode()
    {
        return mode;
    }

    /** @return the largest |table - exact| (0 in exact mode). */
    public double maxError()
    {
        return maxError;
    }

    /** @return bits of the table each learning core holds (0 in exact mode). */
    public long tableBits()
    {
        return mode == Mode.EXACT ? 0 : (long)ENTRIES * ENTRY_BITS;
    }

    /**
     * The value a core computes, without counting (for references and tests).
     *
     * @param u membrane potential.
     * @return the surrogate as this unit evaluates it.
     */
    public double value(final double u)
    {
        return mode == Mode.EXACT ? exact(u) : lookup(u);
    }

    /**
     * @param u        membrane potential.
     * @param counters the core's counters.
     * @param ids      counter ids.
     * @param fixed    whether the engine computes in integers.
     * @return the surrogate, counted on the calling core.
     */
    double evaluate(final double u, final long[] counters, final Counters ids, final boolean fixed)
    {
        final int mul = ids.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        final int add = ids.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        if (mode == Mode.EXACT)
        {
            counters[add] += 2;
            counters[mul] += 2;
            counters[ids.id(OpKind.DIVIDE)]++;
            return exact(u);
        }
        counters[ids.id(OpKind.MEMORY_READ_WORD)] += 2;
        counters[mul] += 2;
        counters[add] += 3;
        return lookup(u);
    }

    private double exact(final double u)
    {
        final double d = 1.0 + b * Math.abs(u - vth);
        return 1.0 / (d * d);
    }

    private double lookup(final double u)
    {
        final double pos = (b * (u - vth) + RANGE) * (ENTRIES - 1) / (2 * RANGE);
        if (pos <= 0)
        {
            return table[0];
        }
        if (pos >= ENTRIES - 1)
        {
            return table[ENTRIES - 1];
        }
        final int i = (int)pos;
        final double f = pos - i;
        return table[i] + f * (table[i + 1] - table[i]);
    }
}
