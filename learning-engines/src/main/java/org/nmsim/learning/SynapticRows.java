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
     * The rows of {@code count} graded messages, {@code dst[j] += w[bases[from + x] + j] * vals[from + x]} for
     * {@code x = 0..count-1} in that order and {@code j < n}: bit-identical to {@link #addScaled} called once per
     * message in order (each {@code dst[j]} receives the same products, each added and rounded on its own, in the
     * same order; no fused multiply-add), but up to four messages' products are added while {@code dst[j]} is in a
     * register, so {@code dst} is loaded and stored once per four messages instead of once per message.
     *
     * @param dst   the accumulators.
     * @param w     the weight memory.
     * @param bases each message's row start in {@code w}.
     * @param vals  each message's value.
     * @param from  the first message.
     * @param count the messages.
     * @param n     the row width.
     */
    public static void addScaledRows(final double[] dst, final double[] w, final int[] bases, final double[] vals,
        final int from, final int count, final int n)
    {
        final int end = from + count;
        int x = from;
        for (; x + 4 <= end; x += 4)
        {
            addScaled4(dst, w, bases[x], vals[x], bases[x + 1], vals[x + 1], bases[x + 2], vals[x + 2], bases[x + 3],
                vals[x + 3], n);
        }
        switch (end - x)
        {
            case 3 -> addScaled3(dst, w, bases[x], vals[x], bases[x + 1], vals[x + 1], bases[x + 2], vals[x + 2], n);
            case 2 -> addScaled2(dst, w, bases[x], vals[x], bases[x + 1], vals[x + 1], n);
            case 1 -> addScaled(dst, w, bases[x], n, vals[x]);
            default ->
            {
            }
        }
    }

    /**
     * The rows of {@code count} binary spikes, {@code dst[j] += w[bases[from + x] + j]} for {@code x = 0..count-1}
     * in that order and {@code j < n}: bit-identical to {@link #add} called once per spike in order (the same
     * additions, one by one, in the same order), up to four spikes per pass over {@code dst}.
     *
     * @param dst   the accumulators.
     * @param w     the weight memory.
     * @param bases each spike's row start in {@code w}.
     * @param from  the first spike.
     * @param count the spikes.
     * @param n     the row width.
     */
    public static void addRows(final double[] dst, final double[] w, final int[] bases, final int from,
        final int count, final int n)
    {
        final int end = from + count;
        int x = from;
        for (; x + 4 <= end; x += 4)
        {
            final int b0 = bases[x];
            final int b1 = bases[x + 1];
            final int b2 = bases[x + 2];
            final int b3 = bases[x + 3];
            for (int j = 0; j < n; j++)
            {
                dst[j] = dst[j] + w[b0 + j] + w[b1 + j] + w[b2 + j] + w[b3 + j];
            }
        }
        for (; x < end; x++)
        {
            add(dst, w, bases[x], n);
        }
    }

    private static void addScaled4(final double[] dst, final double[] w, final int b0, final double v0, final int b1,
        final double v1, final int b2, final double v2, final int b3, final double v3, final int n)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] = dst[j] + w[b0 + j] * v0 + w[b1 + j] * v1 + w[b2 + j] * v2 + w[b3 + j] * v3;
        }
    }

    private static void addScaled3(final double[] dst, final double[] w, final int b0, final double v0, final int b1,
        final double v1, final int b2, final double v2, final int n)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] = dst[j] + w[b0 + j] * v0 + w[b1 + j] * v1 + w[b2 + j] * v2;
        }
    }

    private static void addScaled2(final double[] dst, final double[] w, final int b0, final double v0, final int b1,
        final double v1, final int n)
    {
        for (int j = 0; j < n; j++)
        {
            dst[j] = dst[j] + w[b0 + j] * v0 + w[b1 + j] * v1;
        }
    }
}
