package org.nmsim.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

/**
 * {@link VectorRounding} against the reference it replaces: {@link FixedPointFormat#quantize} value by value with
 * the same SplitMix64 stream, bit for bit, the stream's final state included. Runs with the incubating module
 * resolved (the module's surefire argLine), on whatever JDK builds the project.
 */
class VectorRoundingTest
{
    private static final FixedPointFormat[] FORMATS = {
        new FixedPointFormat(16, 12, true, Rounding.STOCHASTIC, Overflow.SATURATE),
        new FixedPointFormat(8, 8, false, Rounding.STOCHASTIC, Overflow.SATURATE),
        new FixedPointFormat(32, 15, true, Rounding.STOCHASTIC, Overflow.SATURATE),
        new FixedPointFormat(8, 0, true, Rounding.STOCHASTIC, Overflow.SATURATE),
    };

    @Test
    void shouldRoundLikeTheFormatValueByValueWithTheSameDraws()
    {
        final SplitMix64 r = new SplitMix64(2026);
        int rows = 0;
        int rowsCut = 0;
        for (final FixedPointFormat f : FORMATS)
        {
            for (final int width : new int[] {1, 7, 8, 13, 16, 64, 101})
            {
                for (int trial = 0; trial < 40; trial++)
                {
                    final double range = f.toDouble(f.maxRaw());
                    final double[] g = new double[width + 5];
                    final double[] cols = new double[width];
                    for (int j = 0; j < g.length; j++)
                    {
                        g[j] = f.quantize((r.nextDouble() * 2 - 1) * range, r);
                    }
                    for (int j = 0; j < width; j++)
                    {
                        // mostly within the range, some products that saturate, some zero (+0.0 and -0.0) columns,
                        // values that fall exactly on the grid
                        final int kind = (int)(r.nextLong() >>> 60);
                        cols[j] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : kind == 2 ? 4 * range :
                            kind == 3 ? f.toDouble(1) : (r.nextDouble() - 0.5) * range * 1e-2;
                    }
                    if (trial % 10 == 9)
                    {
                        // beyond 2^62 LSBs: the format's own path, which saturates without a draw
                        cols[(int)((r.nextLong() >>> 1) % width)] = trial % 20 == 9 ? 1e30 : -1e30;
                    }
                    final double a = trial % 7 == 3 ? -1.0 : r.nextDouble() * 2 - 1;
                    final int base = trial % 5;
                    final long start = r.nextLong();

                    final double[] expected = g.clone();
                    final SplitMix64 ref = new SplitMix64(0);
                    ref.restore(start);
                    for (int j = 0; j < width; j++)
                    {
                        expected[base + j] = f.quantize(expected[base + j] + cols[j] * a, ref);
                    }

                    final double[] actual = g.clone();
                    final int done = VectorRounding.accumulateRow(actual, base, cols, a, width, start,
                        Math.scalb(1.0, f.fractionalBits()), Math.scalb(1.0, -f.fractionalBits()), f.minRaw(),
                        f.maxRaw());
                    assertTrue(done >= 0 && done <= width, "done=" + done);
                    final SplitMix64 rest = new SplitMix64(0);
                    rest.restore(start + done * SplitMix64.GOLDEN_GAMMA);
                    for (int j = done; j < width; j++)
                    {
                        actual[base + j] = f.quantize(actual[base + j] + cols[j] * a, rest);
                    }
                    for (int x = 0; x < g.length; x++)
                    {
                        assertEquals(Double.doubleToRawLongBits(expected[x]), Double.doubleToRawLongBits(actual[x]),
                            f.describe() + ", width " + width + ", trial " + trial + ", index " + x + ": " +
                                expected[x] + " vs " + actual[x]);
                    }
                    assertEquals(ref.state(), rest.state(), "the stream after the row");
                    rows++;
                    if (trial % 10 != 9)
                    {
                        assertEquals(width - width % lanes(), done,
                            "every value in range: the kernel rounds every whole chunk");
                    }
                    rowsCut += done < width - width % lanes() ? 1 : 0;
                }
            }
        }
        assertEquals(FORMATS.length * 7 * 40, rows);
        assertTrue(rowsCut > 0, "some rows stop at a value out of range");
    }

    @Test
    void shouldDescendLikeTheFormatDrawingOnlyForNonzeroGradients()
    {
        final SplitMix64 r = new SplitMix64(77);
        int cut = 0;
        for (final FixedPointFormat f : FORMATS)
        {
            for (final int n : new int[] {1, 8, 9, 24, 100})
            {
                for (int trial = 0; trial < 40; trial++)
                {
                    final double range = f.toDouble(f.maxRaw());
                    final double[] w = new double[n];
                    final double[] grad = new double[n + 3];
                    for (int j = 0; j < n; j++)
                    {
                        w[j] = f.quantize((r.nextDouble() * 2 - 1) * range, r);
                    }
                    for (int x = 0; x < grad.length; x++)
                    {
                        // zero gradients (+0.0 and -0.0, and whole chunks of them), some that saturate
                        final int kind = (int)(r.nextLong() >>> 60);
                        grad[x] = kind < 3 ? (kind == 1 ? -0.0 : 0.0) : kind == 3 ? 1e3 * range :
                            (r.nextDouble() - 0.5) * range * (trial % 4 == 0 ? 1e-3 : 1e2);
                        if (trial % 6 == 1 && x < 16)
                        {
                            grad[x] = 0.0;
                        }
                    }
                    if (trial % 10 == 7)
                    {
                        grad[3 + (int)((r.nextLong() >>> 1) % n)] = trial % 20 == 7 ? 1e35 : -1e35;
                    }
                    final int from = 3;
                    final double eta = 0.01 + r.nextDouble();
                    final long start = r.nextLong();

                    final double[] wRef = w.clone();
                    final double[] gRef = grad.clone();
                    final SplitMix64 ref = new SplitMix64(0);
                    ref.restore(start);
                    long writesRef = 0;
                    for (int j = 0; j < n; j++)
                    {
                        if (gRef[from + j] != 0.0)
                        {
                            wRef[j] = f.quantize(wRef[j] - eta * gRef[from + j], ref);
                            gRef[from + j] = 0.0;
                            writesRef++;
                        }
                    }

                    final long[] io = {start, 0};
                    final int done = VectorRounding.descend(w, grad, from, n, eta,
                        Math.scalb(1.0, f.fractionalBits()), Math.scalb(1.0, -f.fractionalBits()), f.minRaw(),
                        f.maxRaw(), io);
                    final SplitMix64 rest = new SplitMix64(0);
                    rest.restore(io[0]);
                    long writes = io[1];
                    for (int j = done; j < n; j++)
                    {
                        if (grad[from + j] != 0.0)
                        {
                            w[j] = f.quantize(w[j] - eta * grad[from + j], rest);
                            grad[from + j] = 0.0;
                            writes++;
                        }
                    }
                    final String where = f.describe() + ", n " + n + ", trial " + trial;
                    for (int j = 0; j < n; j++)
                    {
                        assertEquals(Double.doubleToRawLongBits(wRef[j]), Double.doubleToRawLongBits(w[j]),
                            where + ", weight " + j + ": " + wRef[j] + " vs " + w[j]);
                    }
                    for (int x = 0; x < grad.length; x++)
                    {
                        assertEquals(Double.doubleToRawLongBits(gRef[x]), Double.doubleToRawLongBits(grad[x]),
                            where + ", gradient " + x);
                    }
                    assertEquals(writesRef, writes, where + ": weights written");
                    assertEquals(ref.state(), rest.state(), where + ": the stream");
                    if (trial % 10 != 7)
                    {
                        assertEquals(n - n % lanes(), done, "every value in range: the kernel descends every whole chunk");
                    }
                    cut += done < n - n % lanes() ? 1 : 0;
                }
            }
        }
        assertTrue(cut > 0, "some rows stop at a value out of range");
    }

    @Test
    void shouldRoundDownWhenTheDrawEqualsTheFraction()
    {
        // the stream is steered (SplitMix64's output function is a bijection) so that column c draws exactly 1/2;
        // a value whose fraction is 1/2 then stays down (a draw rounds up only when it falls below the fraction),
        // and one a step of 2^-40 above it goes up: the boundary no random test reaches
        final FixedPointFormat f = FORMATS[0];
        final int width = 2 * lanes() + 3;
        for (int c = 0; c < width; c++)
        {
            final long start = unmix(1L << 63) - (c + 1L) * SplitMix64.GOLDEN_GAMMA;
            for (final double frac : new double[] {0.5, 0.5 + 0x1.0p-40})
            {
                final double[] g = new double[width];
                final double[] cols = new double[width];
                cols[c] = (3 + frac) * f.toDouble(1);
                final SplitMix64 ref = new SplitMix64(0);
                ref.restore(start);
                final double[] expected = g.clone();
                for (int j = 0; j < width; j++)
                {
                    expected[j] = f.quantize(expected[j] + cols[j], ref);
                }
                assertEquals(frac == 0.5 ? 3.0 : 4.0, expected[c] / f.toDouble(1), "the reference at column " + c);
                final int done = VectorRounding.accumulateRow(g, 0, cols, 1.0, width, start,
                    Math.scalb(1.0, f.fractionalBits()), Math.scalb(1.0, -f.fractionalBits()), f.minRaw(), f.maxRaw());
                final SplitMix64 rest = new SplitMix64(0);
                rest.restore(start + done * SplitMix64.GOLDEN_GAMMA);
                for (int j = done; j < width; j++)
                {
                    g[j] = f.quantize(g[j] + cols[j], rest);
                }
                assertEquals(expected[c], g[c], "column " + c + ", fraction " + frac);
            }
        }
    }

    @Test
    void shouldRunOnlyWhereAskedAndTheModuleIsResolved()
    {
        assertTrue(Simd.decide("auto", true, 25));
        assertFalse(Simd.decide("auto", true, 17), "slower than the scalar loops on 17");
        assertFalse(Simd.decide("auto", false, 25));
        assertTrue(Simd.decide("ON", true, 17));
        assertFalse(Simd.decide("on", false, 17));
        assertFalse(Simd.decide("off", true, 25));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Simd.decide("fast", true, 25));
        assertEquals("system property nmsim.simd=fast: must be auto, on or off", e.getMessage());
    }

    /** The state z with {@code SplitMix64.mix(z) == bits}: the output function's steps undone in reverse. */
    private static long unmix(final long bits)
    {
        long x = unshift(bits, 31);
        x *= inverse(0x94D049BB133111EBL);
        x = unshift(x, 27);
        x *= inverse(0xBF58476D1CE4E5B9L);
        final long z = unshift(x, 30);
        assertEquals(bits, SplitMix64.mix(z));
        return z;
    }

    /** The x with {@code x ^ (x >>> s) == y}. */
    private static long unshift(final long y, final int s)
    {
        long x = y;
        for (int k = s; k < 64; k += s)
        {
            x = y ^ (x >>> s);
        }
        return x;
    }

    /** The inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits each time). */
    private static long inverse(final long odd)
    {
        long inv = odd;
        for (int i = 0; i < 6; i++)
        {
            inv *= 2 - odd * inv;
        }
        return inv;
    }

    private static int lanes()
    {
        return jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
    }
}
