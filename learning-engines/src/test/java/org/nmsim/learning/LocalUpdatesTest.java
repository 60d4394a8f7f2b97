package org.nmsim.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

/**
 * The fast forms of the learning loops against the plain ones they replace, bit for bit: the deferred float64
 * accumulation (with and without the fused descent, over several samples as a mini-batch) against per-step
 * {@code accumulateOuter} and {@code descend}, and the stochastic-rounding loops against
 * {@link FixedPointFormat#quantize} value by value with the same stream.
 */
class LocalUpdatesTest
{
    private static final int PRE = 37;
    private static final int WIDTH = 11;
    private static final int STEPS = 5;

    @Test
    void shouldDeferTheFloatAccumulationBitIdentically()
    {
        final SplitMix64 r = new SplitMix64(21);
        final double[] w0 = new double[PRE * WIDTH];
        for (int x = 0; x < w0.length; x++)
        {
            w0[x] = r.nextDouble() - 0.5;
        }
        final double[] wPlain = w0.clone();
        final double[][] wFast = rows(w0);
        final double[] gPlain = new double[PRE * WIDTH];
        final double[] gFast = new double[PRE * WIDTH];
        final double[] scratch = new double[WIDTH];
        long writesPlain = 0;
        long writesFast = 0;
        // three samples; the first two only accumulate (a mini-batch of 3), the third descends
        for (int sample = 0; sample < 3; sample++)
        {
            final double[][] rows = new double[STEPS][PRE];
            final double[][] cols = new double[STEPS][WIDTH];
            for (int s = 0; s < STEPS; s++)
            {
                for (int i = 0; i < PRE; i++)
                {
                    // zero rows (skipped), rows zero in some steps only, magnitudes far apart (order-sensitive sums)
                    rows[s][i] = i % 4 == 0 || (i + s) % 5 == 0 ? 0.0 : r.nextDouble() * Math.scalb(1.0, i % 7 * 8);
                }
                for (int j = 0; j < WIDTH; j++)
                {
                    // exact cancellations: some columns are +-0 or opposite in consecutive steps
                    cols[s][j] = j == 3 ? 0.0 : j == 5 ? (s % 2 == 0 ? 1.0 : -1.0) : r.nextDouble() - 0.5;
                }
                LocalUpdates.accumulateOuter(gPlain, rows[s], cols[s], WIDTH, false, null, null);
            }
            final boolean descend = sample == 2;
            if (descend)
            {
                writesPlain = LocalUpdates.descend(wPlain, gPlain, 0.01, false, null, null);
            }
            writesFast += LocalUpdates.accumulateDeferred(wFast, gFast, byRow(rows, STEPS + 3), STEPS + 3, cols,
                STEPS, WIDTH, descend, 0.01, scratch, new int[STEPS]);
            assertBitsEqual(gPlain, gFast, "gradient accumulators after sample " + sample);
            assertBitsEqual(wPlain, flat(wFast), "weights after sample " + sample);
        }
        assertEquals(writesPlain, writesFast, "weights written");
    }

    @Test
    void shouldDescendFromZeroGradientsLikeTheDeferredPass()
    {
        final SplitMix64 r = new SplitMix64(33);
        // 1 to 7 steps: one partial group of four, a full one, and a full one plus a partial one
        for (int n = 1; n <= 7; n++)
        {
            final double[] w0 = new double[PRE * WIDTH];
            for (int x = 0; x < w0.length; x++)
            {
                // some weights are -0.0 and +0.0, where a descent by a zero g would change the sign
                w0[x] = x % 13 == 0 ? -0.0 : x % 17 == 0 ? 0.0 : r.nextDouble() - 0.5;
            }
            final double[][] rows = new double[n][PRE];
            final double[][] cols = new double[n][WIDTH];
            for (int s = 0; s < n; s++)
            {
                for (int i = 0; i < PRE; i++)
                {
                    rows[s][i] = i % 4 == 0 || (i + s) % 3 == 0 ? 0.0 : r.nextDouble() * Math.scalb(1.0, i % 7 * 8);
                }
                for (int j = 0; j < WIDTH; j++)
                {
                    // exact cancellations (columns that sum to 0, or to -0.0) and order-sensitive magnitudes
                    cols[s][j] = j == 3 ? -0.0 : j == 5 ? (s % 2 == 0 ? 1.0 : -1.0) :
                        (r.nextDouble() - 0.5) * Math.scalb(1.0, (s * 11 + j) % 5 * 20);
                }
            }
            final double[][] wPlain = rows(w0);
            final double[] gPlain = new double[PRE * WIDTH];
            final long writesPlain = LocalUpdates.accumulateDeferred(wPlain, gPlain, byRow(rows, n), n, cols, n,
                WIDTH, true, 0.01, new double[WIDTH], new int[n]);
            final double[][] wFast = rows(w0);
            final long writesFast = LocalUpdates.descendDeferredFromZero(wFast, byRow(rows, n + 2), n + 2, cols, n,
                WIDTH, 0.01, new double[WIDTH], new int[n]);
            assertBitsEqual(flat(wPlain), flat(wFast), "weights after " + n + " steps");
            assertEquals(writesPlain, writesFast, "weights written after " + n + " steps");
            assertTrue(LocalUpdates.allPositiveZero(gPlain), "the plain pass leaves +0.0 gradients");
        }
        assertFalse(LocalUpdates.allPositiveZero(new double[] {0.0, -0.0}), "-0.0 is not +0.0");
    }

    @Test
    void shouldRoundLikeTheFormatWithTheSameDraws()
    {
        final FixedPointFormat f = new FixedPointFormat(16, 12, true, Rounding.STOCHASTIC, Overflow.SATURATE);
        final NumberFormat plain = f;
        final SplitMix64 r = new SplitMix64(5);
        final double[] rows = new double[PRE];
        final double[] cols = new double[WIDTH];
        for (int i = 0; i < PRE; i++)
        {
            rows[i] = i % 3 == 0 ? 0.0 : r.nextDouble();
        }
        for (int j = 0; j < WIDTH; j++)
        {
            // some products saturate the 16-bit accumulators (range +-8)
            cols[j] = (r.nextDouble() - 0.5) * (j == 7 ? 64.0 : 0.01);
        }
        final double[] gFast = new double[PRE * WIDTH];
        final double[] gPlain = new double[PRE * WIDTH];
        final SplitMix64 a = new SplitMix64(77);
        final SplitMix64 b = new SplitMix64(77);
        for (int step = 0; step < 3; step++)
        {
            LocalUpdates.accumulateOuter(gFast, rows, cols, WIDTH, true, f, a);
            accumulatePlainly(plain, gPlain, rows, cols, b);
            assertBitsEqual(gPlain, gFast, "accumulators after step " + step);
            assertEquals(b.state(), a.state(), "one draw per accumulator update");
        }
        final FixedPointFormat up = new FixedPointFormat(8, 8, true, Rounding.STOCHASTIC, Overflow.SATURATE);
        final double[] w = new double[PRE * WIDTH];
        for (int x = 0; x < w.length; x++)
        {
            w[x] = up.quantize(r.nextDouble() - 0.5, r);
        }
        assertDescendsLikeTheFormat(up, w, gFast, gPlain, 0.05, a, b);
    }

    @Test
    void shouldKeepTheDrawsOfARowWithAValueBeyondTheFastPathsRange()
    {
        // 1e30 * a is beyond 2^62 LSBs: the format's own path saturates it (without a draw), and the rest of the row
        // must go on from the stream as it then stands
        final FixedPointFormat f = new FixedPointFormat(16, 12, true, Rounding.STOCHASTIC, Overflow.SATURATE);
        final NumberFormat plain = f;
        final SplitMix64 r = new SplitMix64(11);
        final double[] rows = new double[PRE];
        final double[] cols = new double[WIDTH];
        for (int i = 0; i < PRE; i++)
        {
            rows[i] = i % 4 == 1 ? 0.0 : r.nextDouble();
        }
        for (int j = 0; j < WIDTH; j++)
        {
            cols[j] = j == 5 ? 1e30 : j == 9 ? -1e30 : (r.nextDouble() - 0.5) * 0.01;
        }
        final double[] gFast = new double[PRE * WIDTH];
        final double[] gPlain = new double[PRE * WIDTH];
        final SplitMix64 a = new SplitMix64(78);
        final SplitMix64 b = new SplitMix64(78);
        LocalUpdates.accumulateOuter(gFast, rows, cols, WIDTH, true, f, a);
        accumulatePlainly(plain, gPlain, rows, cols, b);
        assertBitsEqual(gPlain, gFast, "accumulators");
        assertEquals(b.state(), a.state(), "the same draws");
        assertEquals(f.toDouble(f.maxRaw()), gFast[2 * WIDTH + 5], "saturated high");
        // and the descent through a gradient that puts a weight beyond the range
        assertDescendsLikeTheFormat(f, new double[PRE * WIDTH], gFast, gPlain, 1e25, a, b);
    }

    /** {@code g = quantize(g + cols[j] * rows[i], rng)} value by value through the format, nonzero rows only. */
    private static void accumulatePlainly(final NumberFormat format, final double[] g, final double[] rows,
        final double[] cols, final SplitMix64 rng)
    {
        for (int i = 0; i < PRE; i++)
        {
            for (int j = 0; j < WIDTH && rows[i] != 0.0; j++)
            {
                g[i * WIDTH + j] = format.quantize(g[i * WIDTH + j] + cols[j] * rows[i], rng);
            }
        }
    }

    /**
     * {@link LocalUpdates#descend} on a copy of {@code w} with {@code gFast} and stream {@code a}, against the
     * format value by value with {@code gPlain} and stream {@code b}: the same weights, cleared accumulators, writes
     * and draws.
     */
    private static void assertDescendsLikeTheFormat(final NumberFormat format, final double[] w, final double[] gFast,
        final double[] gPlain, final double eta, final SplitMix64 a, final SplitMix64 b)
    {
        final double[] wFast = w.clone();
        final double[] wPlain = w.clone();
        // the same descent on the weights held one array per row, from a copy of the stream
        final double[][] wRows = rows(w);
        final double[] gRows = gFast.clone();
        final SplitMix64 c = new SplitMix64(0);
        c.restore(a.state());
        final long rowWrites = LocalUpdates.descend(wRows, gRows, eta, true, format, c);
        final long writes = LocalUpdates.descend(wFast, gFast, eta, true, format, a);
        long plainWrites = 0;
        for (int x = 0; x < wPlain.length; x++)
        {
            if (gPlain[x] != 0.0)
            {
                wPlain[x] = format.quantize(wPlain[x] - eta * gPlain[x], b);
                gPlain[x] = 0.0;
                plainWrites++;
            }
        }
        assertBitsEqual(wPlain, wFast, "weights after the descent");
        assertBitsEqual(gPlain, gFast, "accumulators after the descent");
        assertEquals(plainWrites, writes, "weights written");
        assertEquals(b.state(), a.state(), "one draw per weight written");
        assertBitsEqual(wPlain, flat(wRows), "weights held by row after the descent");
        assertBitsEqual(gPlain, gRows, "accumulators of the weights held by row");
        assertEquals(plainWrites, rowWrites, "weights held by row written");
        assertEquals(a.state(), c.state(), "the same draws for the weights held by row");
    }

    /** @return {@code w} ({@code PRE x WIDTH}) as one array per row. */
    private static double[][] rows(final double[] w)
    {
        final double[][] out = new double[w.length / WIDTH][];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = java.util.Arrays.copyOfRange(w, i * WIDTH, (i + 1) * WIDTH);
        }
        return out;
    }

    private static double[] flat(final double[][] rows)
    {
        final double[] out = new double[rows.length * WIDTH];
        for (int i = 0; i < rows.length; i++)
        {
            System.arraycopy(rows[i], 0, out, i * WIDTH, WIDTH);
        }
        return out;
    }

    /**
     * @param rows   per step, the row factors.
     * @param stride the distance between rows, >= the steps (the slots beyond them hold garbage, to be ignored).
     * @return them row by row, as the deferred passes take them.
     */
    private static double[] byRow(final double[][] rows, final int stride)
    {
        final double[] out = new double[rows[0].length * stride];
        java.util.Arrays.fill(out, Double.NaN);
        for (int s = 0; s < rows.length; s++)
        {
            for (int i = 0; i < rows[s].length; i++)
            {
                out[i * stride + s] = rows[s][i];
            }
        }
        return out;
    }

    private static void assertBitsEqual(final double[] expected, final double[] actual, final String what)
    {
        final long[] e = new long[expected.length];
        final long[] a = new long[actual.length];
        for (int x = 0; x < e.length; x++)
        {
            e[x] = Double.doubleToRawLongBits(expected[x]);
            a[x] = Double.doubleToRawLongBits(actual[x]);
        }
        assertArrayEquals(e, a, what);
    }
}
