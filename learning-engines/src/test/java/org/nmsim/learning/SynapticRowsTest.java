package org.nmsim.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nmsim.kernel.SplitMix64;

/**
 * {@link SynapticRows#addScaledRows} (several messages' rows per pass, weights one array per row) against
 * {@link SynapticRows#addScaled} once per message in order on the same weights in one array, and
 * {@link SynapticRows#addRows} against {@link SynapticRows#add}, bit for bit: every count of messages modulo four,
 * values whose magnitudes are far apart (so a different order of additions would round differently), signed zeros
 * and exact cancellations.
 */
class SynapticRowsTest
{
    @Test
    void shouldAddBatchedRowsBitIdenticallyToOneRowAtATime()
    {
        final SplitMix64 r = new SplitMix64(9);
        final int pre = 23;
        final int width = 13;
        final double[] w = new double[pre * width];
        for (int x = 0; x < w.length; x++)
        {
            w[x] = x % 11 == 0 ? -0.0 : (r.nextDouble() - 0.5) * Math.scalb(1.0, x % 9 * 12 - 40);
        }
        final double[][] rows = new double[pre][];
        for (int i = 0; i < pre; i++)
        {
            rows[i] = java.util.Arrays.copyOfRange(w, i * width, (i + 1) * width);
        }
        for (int count = 0; count <= 9; count++)
        {
            final int[] idx = new int[count + 2];
            final int[] bases = new int[count + 2];
            final double[] vals = new double[count + 2];
            for (int x = 0; x < bases.length; x++)
            {
                idx[x] = r.nextInt(pre);
                bases[x] = idx[x] * width;
                vals[x] = x % 5 == 4 ? -vals[x - 1] : (r.nextDouble() - 0.5) * Math.scalb(1.0, x % 3 * 30);
            }
            final double[] plain = new double[width];
            final double[] batched = new double[width];
            plain[1] = -0.0;
            batched[1] = -0.0;
            // the batch starts at message 1: 'from' is honoured
            for (int x = 1; x <= count; x++)
            {
                SynapticRows.addScaled(plain, w, bases[x], width, vals[x]);
            }
            SynapticRows.addScaledRows(batched, rows, idx, vals, 1, count, width);
            assertArrayEquals(bits(plain), bits(batched), count + " messages");
            final double[] plainSpikes = new double[width];
            final double[] batchedSpikes = new double[width];
            plainSpikes[2] = -0.0;
            batchedSpikes[2] = -0.0;
            for (int x = 1; x <= count; x++)
            {
                SynapticRows.add(plainSpikes, w, bases[x], width);
            }
            SynapticRows.addRows(batchedSpikes, rows, idx, 1, count, width);
            assertArrayEquals(bits(plainSpikes), bits(batchedSpikes), count + " spikes");
        }
    }

    private static long[] bits(final double[] a)
    {
        final long[] b = new long[a.length];
        for (int x = 0; x < a.length; x++)
        {
            b[x] = Double.doubleToRawLongBits(a[x]);
        }
        return b;
    }
}
