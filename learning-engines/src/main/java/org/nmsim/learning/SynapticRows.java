package org.nmsim.learning;

/**
 * The synaptic fan-out of one delivered message over a core's neurons: one row of the core's weight memory added
 * into its accumulators. Kept as small static loops over local arrays so the JIT compiles them tight (hoisted
 * loads, vectorised); each element gets exactly the one multiply and add the plain loop did, so results are
 * bit-identical.
 *
 * <p>Threading: stateless.
 */
final class SynapticRows
{
    private SynapticRows()
    {
    }

    /** {@code dst[j] += w[base + j] * val} for {@code j < n}: a graded message's synaptic row. */
    static void addScaled(final double[] dst, final double[] w, final int base, final int n, final double val)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] += w[base + j] * val;
        }
    }

    /** {@code dst[j] += w[base + j]} for {@code j < n}: a binary spike's synaptic row. */
    static void add(final double[] dst, final double[] w, final int base, final int n)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] += w[base + j];
        }
    }
}
