package org.nmsim.learning.biograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.chip.numeric.FixedPointFormat;

/**
 * The low-precision variants of Table 5: with {@code precision} bits, every forward and feedback weight lies on its
 * fixed-point grid after training and sleep (deterministic or stochastic rounding), training still moves the weights, and the
 * 32-bit chip stays within 1e-6 of the float64 reference.
 */
@Timeout(30)
class BioGradPrecisionTest
{
    private static final long SEED = 77;
    private static final int[] SIZES = {20, 12, 4};

    private static BioGradParams params(final int bits, final boolean stochastic)
    {
        return new BioGradParams(false, 12, 3, 0.6, 0.3, 0.3, 1.0, 0.05, 1.0, true, true, 1e-3, 2, 1, 10, 2, 0.0,
            0.1, bits, stochastic);
    }

    @ParameterizedTest
    @CsvSource({"8, false", "16, false", "8, true"})
    void shouldKeepEveryWeightOnItsGrid(final int bits, final boolean stochastic)
    {
        final BioGradParams p = params(bits, stochastic);
        final BgNumerics num = BgNumerics.of(SIZES, p);
        try (BioGradChip chip = BioGradChip.builder(SIZES).params(p).chip(TestChips.loihiWithCompartments(16))
            .seed(SEED).build())
        {
            final double[][] w0 = chip.allWeights();
            for (int s = 0; s < 6; s++)
            {
                chip.trainSample(TestChips.randomImage(300 + s, SIZES[0]), s % 4);
            }
            double moved = 0.0;
            for (int l = 0; l < 2; l++)
            {
                final double lsb = ((FixedPointFormat)num.weights()[l]).resolution();
                final double[] w = chip.weights(l);
                for (int x = 0; x < w.length; x++)
                {
                    assertEquals(0.0, Math.IEEEremainder(w[x], lsb), 1e-15, "W" + l + "[" + x + "]=" + w[x] +
                        " is off the " + bits + "-bit grid (lsb " + lsb + ", seed=" + SEED + ")");
                    moved = Math.max(moved, Math.abs(w[x] - w0[l][x]));
                }
            }
            final double fbLsb = ((FixedPointFormat)num.feedback()).resolution();
            for (final double b : chip.feedback(1))
            {
                assertEquals(0.0, Math.IEEEremainder(b, fbLsb), 1e-15, "B=" + b + " off its grid");
            }
            assertTrue(moved > 0.0, bits + "-bit weights must still change after 6 samples");
        }
    }

    @org.junit.jupiter.api.Test
    void shouldStayCloseToFloat64At32Bits()
    {
        final SpikeDraws draws = SpikeDraws.counterHash(SEED);
        final double[][] w0 = new double[2][];
        final org.nmsim.kernel.SplitMix64 r = new org.nmsim.kernel.SplitMix64(SEED);
        for (int l = 0; l < 2; l++)
        {
            w0[l] = new double[SIZES[l] * SIZES[l + 1]];
            for (int x = 0; x < w0[l].length; x++)
            {
                w0[l][x] = -0.2 + 0.7 * r.nextDouble();
            }
        }
        try (BioGradChip chip = BioGradChip.builder(SIZES).params(params(32, false)).chip(TestChips
            .loihiWithCompartments(16)).draws(draws).initialWeights(w0).seed(SEED).build())
        {
            final BioGradReference ref = new BioGradReference(SIZES, params(0, false), w0,
                BioGradChip.forwardProduct(SIZES, w0), draws, SEED);
            for (int s = 0; s < 3; s++)
            {
                final double[] x = TestChips.randomImage(400 + s, SIZES[0]);
                chip.trainSample(x, s % 4);
                ref.trainSample(x, s % 4);
            }
            for (int l = 0; l < 2; l++)
            {
                final double[] a = ref.weights(l);
                final double[] b = chip.weights(l);
                for (int x = 0; x < a.length; x++)
                {
                    assertEquals(a[x], b[x], 1e-6, "32-bit W" + l + "[" + x + "] vs float64 (seed=" + SEED + ")");
                }
            }
        }
    }
}
