package org.nmsim.learning;

import java.util.Arrays;

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

    /**
     * The rows of a full set of sign messages: {@code dst[j] += sum_x vals[from + x] * w[bases[from + x] + j]} for
     * {@code x = 0..count-1} and {@code j < n}, where the messages carry exactly {@code +1} or {@code -1} and name
     * every row of {@code w} once (an FGT perturbation {@code v}, one message per presynaptic neuron). With the
     * column sums {@code colSum[j] = sum_i w[i * n + j]}, the set's sum is {@code colSum - 2 Q} (Q: the sum of the
     * {@code -1} rows) or {@code 2 P - colSum} (P: the sum of the {@code +1} rows); the smaller of the two sets is
     * read, in delivery order, so about half the rows are read instead of all of them, and none is multiplied.
     *
     * <p>Not bit-identical to {@link #addScaledRows} in general: the sum is grouped differently, so float64 sums
     * differ in their last bits. Where every weight and every partial sum is a multiple of a common power of two
     * small enough to be exact (fixed-point weights), both give the exact sum, so they agree bit for bit.
     *
     * @param dst    the accumulators.
     * @param w      the weight memory, {@code count} rows of {@code n}.
     * @param bases  each message's row start in {@code w}: a permutation of the row starts.
     * @param vals   each message's value, {@code +1.0} or {@code -1.0}.
     * @param from   the first message.
     * @param count  the messages: the number of rows of {@code w}.
     * @param n      the row width.
     * @param colSum the column sums of {@code w} ({@link #columnSums}).
     * @param sum    {@code n} values of scratch space.
     * @param picked {@code count} ints of scratch space.
     */
    public static void addSignRows(final double[] dst, final double[] w, final int[] bases, final double[] vals,
        final int from, final int count, final int n, final double[] colSum, final double[] sum, final int[] picked)
    {
        final int end = from + count;
        int minus = 0;
        for (int x = from; x < end; x++)
        {
            if (vals[x] < 0.0)
            {
                minus++;
            }
        }
        // the smaller set: the -1 rows (dst += colSum - 2 Q), else the +1 rows (dst += 2 P - colSum)
        final boolean takeMinus = minus <= count - minus;
        int m = 0;
        for (int x = from; x < end; x++)
        {
            if (vals[x] < 0.0 == takeMinus)
            {
                picked[m++] = bases[x];
            }
        }
        Arrays.fill(sum, 0, n, 0.0);
        addRows(sum, w, picked, 0, m, n);
        if (takeMinus)
        {
            for (int j = 0; j < n; j++)
            {
                dst[j] += colSum[j] - 2.0 * sum[j];
            }
        }
        else
        {
            for (int j = 0; j < n; j++)
            {
                dst[j] += 2.0 * sum[j] - colSum[j];
            }
        }
    }

    /**
     * {@code colSum[j] = sum_i w[i * n + j]} over the {@code rows} rows, rows in order (four per pass).
     *
     * @param colSum the sums, {@code n} values; overwritten.
     * @param w      the weight memory.
     * @param rows   its rows.
     * @param n      the row width.
     */
    public static void columnSums(final double[] colSum, final double[] w, final int rows, final int n)
    {
        Arrays.fill(colSum, 0, n, 0.0);
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            final int b0 = i * n;
            final int b1 = b0 + n;
            final int b2 = b1 + n;
            final int b3 = b2 + n;
            for (int j = 0; j < n; j++)
            {
                colSum[j] = colSum[j] + w[b0 + j] + w[b1 + j] + w[b2 + j] + w[b3 + j];
            }
        }
        for (; i < rows; i++)
        {
            add(colSum, w, i * n, n);
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
