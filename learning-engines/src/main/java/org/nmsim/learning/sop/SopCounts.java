package org.nmsim.learning.sop;

import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.energy.OpKind;

/**
 * Operations a {@link SumOfProductsEngine} executed, counted as it executes them. Counts are named after
 * {@link OpKind} where one exists ({@link #count(OpKind)}).
 *
 * <p>What is counted, per learning epoch:
 * <ul>
 *   <li>{@link #products()}: products evaluated, one per (synapse, product) whose dependency holds;</li>
 *   <li>{@link OpKind#INT_MULTIPLY}: one per factor of an evaluated product (the running product starts from the
 *       scale mantissa);</li>
 *   <li>{@link OpKind#INT_ADD}: one per factor constant ({@code v + C}) and one per product accumulated;</li>
 *   <li>{@link OpKind#SHIFT}: one per evaluated product (the {@code 2^exponent} scale), and per synaptic write one
 *       to enter the accumulator and one to leave it;</li>
 *   <li>{@link OpKind#RANDOM}: one per stochastic rounding (fixed point with stochastic rounding only): per
 *       synaptic write, per trace decay over a non-zero interval with {@code tau > 0}, per impulse with a non-zero
 *       fraction;</li>
 *   <li>{@link OpKind#SYNAPTIC_UPDATE}: synaptic variables written back (one per synapse and target with at least
 *       one evaluated product; synapses with no active product are not touched);</li>
 *   <li>{@link OpKind#TRACE_UPDATE}: trace state updates: one per (active trace, lane) at the end of each epoch,
 *       plus one per active trace on every repeated spike of a lane within an epoch;</li>
 *   <li>{@link #traceEvaluations()}: traces evaluated at a dependency's time for the products (each distinct
 *       (trace, lane, time) once per epoch, shared by every synapse that reads it).</li>
 * </ul>
 * Multiplies, adds and shifts count the product datapath only (trace decay is counted as trace updates and
 * evaluations). The structural counts are the same in {@link NumericMode#IDEAL_FLOAT64}, which draws no random
 * numbers, so that energy estimates do not depend on the mode.
 *
 * <p>Threading: NOT thread safe; single writer (the core's worker).
 */
public final class SopCounts
{
    long products;
    long multiplies;
    long adds;
    long shifts;
    long randoms;
    long synapticWrites;
    long traceUpdates;
    long traceEvaluations;

    /** @return products evaluated. */
    public long products()
    {
        return products;
    }

    /** @return trace evaluations at dependency times. */
    public long traceEvaluations()
    {
        return traceEvaluations;
    }

    /**
     * @param op an op.
     * @return its count; 0 for ops this engine never performs.
     */
    public long count(final OpKind op)
    {
        switch (op)
        {
            case INT_MULTIPLY:
                return multiplies;
            case INT_ADD:
                return adds;
            case SHIFT:
                return shifts;
            case RANDOM:
                return randoms;
            case SYNAPTIC_UPDATE:
                return synapticWrites;
            case TRACE_UPDATE:
                return traceUpdates;
            default:
                return 0;
        }
    }

    /**
     * Adds the ops the energy table prices for a sum-of-products engine: {@link OpKind#SYNAPTIC_UPDATE} and
     * {@link OpKind#TRACE_UPDATE}. The datapath counts (multiplies, adds, shifts, random numbers) are inside
     * those per-update energies (HARDWARE.md, Loihi Table 2: "synaptic update (pairwise STDP)") and are left out
     * so that nothing is charged twice.
     *
     * @param into the counts to add to.
     * @return {@code into}.
     */
    public OpCounts addPricedTo(final OpCounts into)
    {
        into.add(OpKind.SYNAPTIC_UPDATE, synapticWrites);
        into.add(OpKind.TRACE_UPDATE, traceUpdates);
        return into;
    }

    /** Sets every count to zero. */
    public void reset()
    {
        products = 0;
        multiplies = 0;
        adds = 0;
        shifts = 0;
        randoms = 0;
        synapticWrites = 0;
        traceUpdates = 0;
        traceEvaluations = 0;
    }

    @Override
    public String toString()
    {
        return "SopCounts{products=" + products + ", multiplies=" + multiplies + ", adds=" + adds + ", shifts="
            + shifts + ", randoms=" + randoms + ", synapticWrites=" + synapticWrites + ", traceUpdates="
            + traceUpdates + ", traceEvaluations=" + traceEvaluations + "}";
    }
}
