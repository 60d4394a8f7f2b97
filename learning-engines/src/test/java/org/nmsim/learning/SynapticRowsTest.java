package org.nmsim.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nmsim.kernel.SplitMix64;

/**
 * {@link SynapticRows#addScaledRows} (several messages' rows per pass) against {@link SynapticRows#addScaled} once
 * per message in order, and {@link SynapticRows#addRows} against {@link SynapticRows#add}, bit for bit: every count of messages modulo four, values whose magnitudes are far apart
 * (so a different order of additions would round differently), signed zeros and exact cancellations. And
 * {@link SynapticRows#addSignRows} (a full set of +-1 messages from the column sums) against the row-by-row sum:
 * equal to rounding on float64 weights, bit for bit on fixed-point (dyadic) weights, with either sign the majority.
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
        for (int count = 0; count <= 9; count++)
        {
            final int[] bases = new int[count + 2];
            final double[] vals = new double[count + 2];
            for (int x = 0; x < bases.length; x++)
            {
                bases[x] = r.nextInt(pre) * width;
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
            SynapticRows.addScaledRows(batched, w, bases, vals, 1, count, width);
            assertArrayEquals(bits(plain), bits(batched), count + " messages");
            final double[] plainSpikes = new double[width];
            final double[] batchedSpikes = new double[width];
            plainSpikes[2] = -0.0;
            batchedSpikes[2] = -0.0;
            for (int x = 1; x <= count; x++)
            {
                SynapticRows.add(plainSpikes, w, bases[x], width);
            }
            SynapticRows.addRows(batchedSpikes, w, bases, 1, count, width);
            assertArrayEquals(bits(plainSpikes), bits(batchedSpikes), count + " spikes");
        }
    }

    @Test
    void shouldSumAFullSetOfSignMessagesFromTheColumnSums()
    {
        final SplitMix64 r = new SplitMix64(17);
        final int pre = 37;
        final int width = 11;
        for (final boolean dyadic : new boolean[] {false, true})
        {
            final double[] w = new double[pre * width];
            for (int x = 0; x < w.length; x++)
            {
                // fixed-point weights: multiples of 2^-8 in [-0.5, 0.5); float64: any value
                w[x] = dyadic ? (r.nextInt(256) - 128) / 256.0 : (r.nextDouble() - 0.5) * 0.2;
            }
            final double[] colSum = new double[width];
            SynapticRows.columnSums(colSum, w, pre, width);
            final double[] byRow = new double[width];
            for (int i = 0; i < pre; i++)
            {
                SynapticRows.add(byRow, w, i * width, width);
            }
            assertArrayEquals(bits(byRow), bits(colSum), "column sums add the rows in order");
            // minus the majority, plus the majority, all +1, all -1
            for (final double pPlus : new double[] {0.2, 0.8, 1.0, 0.0})
            {
                final int[] bases = new int[pre + 1];
                final double[] vals = new double[pre + 1];
                // a permutation of the rows, delivered from index 1 ('from' is honoured)
                for (int x = 0; x < pre; x++)
                {
                    bases[x + 1] = x * width;
                }
                for (int x = pre; x > 1; x--)
                {
                    final int y = 1 + r.nextInt(x);
                    final int t = bases[x];
                    bases[x] = bases[y];
                    bases[y] = t;
                }
                for (int x = 1; x <= pre; x++)
                {
                    vals[x] = r.nextDouble() < pPlus ? 1.0 : -1.0;
                }
                final double[] plain = new double[width];
                final double[] signed = new double[width];
                plain[0] = 0.75;
                signed[0] = 0.75;
                SynapticRows.addScaledRows(plain, w, bases, vals, 1, pre, width);
                SynapticRows.addSignRows(signed, w, bases, vals, 1, pre, width, colSum, new double[width],
                    new int[pre]);
                final String what = (dyadic ? "dyadic" : "float64") + " weights, P(+1) = " + pPlus;
                if (dyadic)
                {
                    assertArrayEquals(bits(plain), bits(signed), what);
                }
                else
                {
                    for (int j = 0; j < width; j++)
                    {
                        // 37 rows of |w| <= 0.1: each sum rounds within a few ulps of 4
                        assertEquals(plain[j], signed[j], 1e-14, what + ", column " + j);
                    }
                }
            }
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
