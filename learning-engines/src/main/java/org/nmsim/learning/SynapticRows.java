package org.nmsim.learning;

/**
 * The synaptic fan-out of one delivered message over a core's neurons: one row of the core's weight memory added
 * into its accumulators. Kept as small static loops over local arrays so the JIT compiles them tight (hoisted
 * loads, vectorised); each element gets exactly the one multiply and add the plain loop did, so results are
 * bit-identical.
 *
 * <p>Threading: stateless.
 */
public final class SynapticRows
{
    private SynapticRows()
    {
    }

    /**
     * {@code dst[j] += w[base + j] * val} for {@code j < n}: a graded message's synaptic row.
     *
     * @param dst  the accumulators.
     * @param w    the weight memory.
     * @param base the row's first index in {@code w}.
     * @param n    the row width.
     * @param val  the message's value.
     */
    public static void addScaled(final double[] dst, final double[] w, final int base, final int n, final double val)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] += w[base + j] * val;
        }
    }

    /**
     * {@code dst[j] += w[base + j]} for {@code j < n}: a binary spike's synaptic row.
     *
     * @param dst  the accumulators.
     * @param w    the weight memory.
     * @param base the row's first index in {@code w}.
     * @param n    the row width.
     */
    public static void add(final double[] dst, final double[] w, final int base, final int n)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] += w[base + j];
        }
    }

    /**
     * The rows of {@code count} graded messages, {@code dst[j] += rows[idx[from + x]][j] * vals[from + x]} for
     * {@code x = 0..count-1} in that order and {@code j < n}: bit-identical to {@link #addScaled} called once per
     * message in order (each {@code dst[j]} receives the same products, each added and rounded on its own, in the
     * same order; no fused multiply-add), but up to four messages' products are added while {@code dst[j]} is in a
     * register, so {@code dst} is loaded and stored once per four messages instead of once per message.
     *
     * <p>The weights are one array per row: the JIT vectorises a loop over arrays indexed from 0 but not one that
     * reads at a row offset ({@code w[base + j]}) while it writes {@code dst[j]} (it cannot rule out that the two
     * overlap at a distance shorter than a vector), which ran 2.5x slower per product.
     *
     * @param dst   the accumulators.
     * @param rows  the weight memory, one array of at least {@code n} values per presynaptic neuron.
     * @param idx   each message's row.
     * @param vals  each message's value.
     * @param from  the first message.
     * @param count the messages.
     * @param n     the row width.
     */
    public static void addScaledRows(final double[] dst, final double[][] rows, final int[] idx, final double[] vals,
        final int from, final int count, final int n)
    {
        final int end = from + count;
        int x = from;
        for (; x + 4 <= end; x += 4)
        {
            addProducts(dst, rows[idx[x]], vals[x], rows[idx[x + 1]], vals[x + 1], rows[idx[x + 2]], vals[x + 2],
                rows[idx[x + 3]], vals[x + 3], n);
        }
        switch (end - x)
        {
            case 3 -> addProducts(dst, rows[idx[x]], vals[x], rows[idx[x + 1]], vals[x + 1], rows[idx[x + 2]],
                vals[x + 2], n);
            case 2 -> addProducts(dst, rows[idx[x]], vals[x], rows[idx[x + 1]], vals[x + 1], n);
            case 1 -> addProducts(dst, rows[idx[x]], vals[x], n);
            default ->
            {
            }
        }
    }

    /**
     * The rows of {@code count} binary spikes, {@code dst[j] += rows[idx[from + x]][j]} for {@code x = 0..count-1}
     * in that order and {@code j < n}: bit-identical to {@link #add} called once per spike in order (the same
     * additions, one by one, in the same order), up to four spikes per pass over {@code dst}.
     *
     * @param dst   the accumulators.
     * @param rows  the weight memory, one array per presynaptic neuron ({@link #addScaledRows}).
     * @param idx   each spike's row.
     * @param from  the first spike.
     * @param count the spikes.
     * @param n     the row width.
     */
    public static void addRows(final double[] dst, final double[][] rows, final int[] idx, final int from,
        final int count, final int n)
    {
        final int end = from + count;
        int x = from;
        for (; x + 4 <= end; x += 4)
        {
            final double[] r0 = rows[idx[x]];
            final double[] r1 = rows[idx[x + 1]];
            final double[] r2 = rows[idx[x + 2]];
            final double[] r3 = rows[idx[x + 3]];
            for (int j = 0; j < n; j++)
            {
                dst[j] = dst[j] + r0[j] + r1[j] + r2[j] + r3[j];
            }
        }
        for (; x < end; x++)
        {
            add(dst, rows[idx[x]], 0, n);
        }
    }

    /** {@code dst[j] += r0[j] * v0} for {@code j < n} (a row indexed from 0: the loop vectorises). */
    static void addProducts(final double[] dst, final double[] r0, final double v0, final int n)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] = dst[j] + r0[j] * v0;
        }
    }

    /** {@code dst[j] = (dst[j] + r0[j] * v0) + r1[j] * v1}: each product and sum rounded, in that order. */
    static void addProducts(final double[] dst, final double[] r0, final double v0, final double[] r1, final double v1,
        final int n)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] = dst[j] + r0[j] * v0 + r1[j] * v1;
        }
    }

    /** {@code dst[j] = ((dst[j] + r0[j] * v0) + r1[j] * v1) + r2[j] * v2}. */
    static void addProducts(final double[] dst, final double[] r0, final double v0, final double[] r1, final double v1,
        final double[] r2, final double v2, final int n)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] = dst[j] + r0[j] * v0 + r1[j] * v1 + r2[j] * v2;
        }
    }

    /** {@code dst[j] = (((dst[j] + r0[j] * v0) + r1[j] * v1) + r2[j] * v2) + r3[j] * v3}. */
    static void addProducts(final double[] dst, final double[] r0, final double v0, final double[] r1, final double v1,
        final double[] r2, final double v2, final double[] r3, final double v3, final int n)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] = dst[j] + r0[j] * v0 + r1[j] * v1 + r2[j] * v2 + r3[j] * v3;
        }
    }
}
