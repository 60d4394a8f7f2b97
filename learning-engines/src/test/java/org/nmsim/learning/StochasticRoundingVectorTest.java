package org.nmsim.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

/**
 * {@link StochasticRounding#accumulateRow} and {@link StochasticRounding#descend} through the vector kernels
 * ({@code org.nmsim.simd.VectorRounding}) and through the scalar loops, against the format value by value: the same
 * values and the same stream, bit for bit, rows of several widths (one beyond the scalar path's table of draw
 * offsets) with zero columns, saturation and values beyond the fast paths' range. The kernels are forced on here
 * whatever the JDK ({@code nmsim.simd=auto} runs them only on JDK 25 or later); the module's surefire argLine
 * resolves their incubating module.
 */
class StochasticRoundingVectorTest
{
    @Test
    void shouldAccumulateAndDescendLikeTheFormatThroughTheVectorAndTheScalarPaths()
    {
        final FixedPointFormat f = new FixedPointFormat(16, 12, true, Rounding.STOCHASTIC, Overflow.SATURATE);
        final StochasticRounding vector = StochasticRounding.of(f, true);
        final StochasticRounding scalar = StochasticRounding.of(f, false);
        final SplitMix64 r = new SplitMix64(404);
        for (final int width : new int[] {3, 8, 17, 50, 100, 4099})
        {
            final int rows = 12;
            final double[] gPlain = new double[rows * width];
            final double[] gVector = new double[rows * width];
            final double[] gScalar = new double[rows * width];
            final long[] draws = new long[width];
            final SplitMix64 plain = new SplitMix64(width);
            final SplitMix64 a = new SplitMix64(width);
            final SplitMix64 b = new SplitMix64(width);
            for (int step = 0; step < 4; step++)
            {
                final double[] cols = new double[width];
                for (int j = 0; j < width; j++)
                {
                    cols[j] = j % 5 == 0 ? 0.0 : (r.nextDouble() - 0.5) * (j % 11 == 1 ? 40.0 : 0.02);
                }
                if (step == 2)
                {
                    cols[width / 2] = 1e30;
                }
                for (int i = 0; i < rows; i++)
                {
                    final double rowFactor = r.nextDouble() - 0.5;
                    for (int j = 0; j < width; j++)
                    {
                        gPlain[i * width + j] = f.quantize(gPlain[i * width + j] + cols[j] * rowFactor, plain);
                    }
                    vector.accumulateRow(gVector, i * width, cols, rowFactor, width, a, draws);
                    scalar.accumulateRow(gScalar, i * width, cols, rowFactor, width, b, draws);
                }
                for (int x = 0; x < gPlain.length; x++)
                {
                    final String where = "width " + width + ", step " + step + ", index " + x;
                    assertEquals(Double.doubleToRawLongBits(gPlain[x]), Double.doubleToRawLongBits(gVector[x]),
                        "vector, " + where);
                    assertEquals(Double.doubleToRawLongBits(gPlain[x]), Double.doubleToRawLongBits(gScalar[x]),
                        "scalar, " + where);
                }
                assertEquals(plain.state(), a.state(), "the vector path's stream, width " + width);
                assertEquals(plain.state(), b.state(), "the scalar path's stream, width " + width);
            }
            // then the descent of one row per accumulator row: zero gradients (column 0 of every 5) draw nothing
            final FixedPointFormat up = new FixedPointFormat(8, 6, true, Rounding.STOCHASTIC, Overflow.SATURATE);
            final StochasticRounding upVector = StochasticRounding.of(up, true);
            final StochasticRounding upScalar = StochasticRounding.of(up, false);
            final double[] wPlain = new double[width];
            for (int j = 0; j < width; j++)
            {
                wPlain[j] = up.quantize(r.nextDouble() - 0.5, r);
            }
            final double[] wVector = wPlain.clone();
            final double[] wScalar = wPlain.clone();
            final double eta = width == 17 ? 1e30 : 0.05;
            for (int i = 0; i < rows; i++)
            {
                long writesPlain = 0;
                for (int j = 0; j < width; j++)
                {
                    final int x = i * width + j;
                    if (gPlain[x] != 0.0)
                    {
                        wPlain[j] = up.quantize(wPlain[j] - eta * gPlain[x], plain);
                        gPlain[x] = 0.0;
                        writesPlain++;
                    }
                }
                assertEquals(writesPlain, upVector.descend(wVector, gVector, i * width, width, eta, a),
                    "vector writes, row " + i);
                assertEquals(writesPlain, upScalar.descend(wScalar, gScalar, i * width, width, eta, b),
                    "scalar writes, row " + i);
                for (int j = 0; j < width; j++)
                {
                    assertEquals(Double.doubleToRawLongBits(wPlain[j]), Double.doubleToRawLongBits(wVector[j]),
                        "vector descent, width " + width + ", row " + i + ", weight " + j);
                    assertEquals(Double.doubleToRawLongBits(wPlain[j]), Double.doubleToRawLongBits(wScalar[j]),
                        "scalar descent, width " + width + ", row " + i + ", weight " + j);
                }
                assertEquals(plain.state(), a.state(), "the vector descent's stream, width " + width);
                assertEquals(plain.state(), b.state(), "the scalar descent's stream, width " + width);
            }
        }
    }
}
