package org.nmsim.learning.threefactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.StorageFormats;

/**
 * In fixed point every stored weight is an 8-bit signed mantissa times its layer's exponent, before and after
 * learning, and learning does change some of them (so the rounding is not vacuous).
 */
class FixedPointStorageTest
{
    @Test
    void shouldKeepEveryWeightAnEightBitMantissaTimesTheLayerExponent()
    {
        final int[] sizes = {20, 9, 4};
        final ThreeFactorParams p = new ThreeFactorParams(ThreeFactorMethod.EPROP, 10, 5.0, 10.0, 10.0, 1.0, 5.0, 0.5,
            1.0, 2.0, 0.8, 1.5, 16, 16, 1.0);
        try (ThreeFactorChip c = ThreeFactorChip.builder(sizes).params(p).chip(Presets.loihi1()).fixedPoint(true)
            .formats(new StorageFormats(8, 16, 16, 8)).seed(4).build())
        {
            final double[][] before = c.allWeights();
            final SplitMix64 data = new SplitMix64(8);
            for (int s = 0; s < 4; s++)
            {
                final double[] x = new double[sizes[0]];
                for (int i = 0; i < x.length; i++)
                {
                    x[i] = data.nextDouble();
                }
                c.trainSample(x, data.nextInt(sizes[2]));
            }
            int changed = 0;
            for (int l = 0; l < sizes.length - 1; l++)
            {
                final ExponentScaledFormat f = assertInstanceOf(ExponentScaledFormat.class, c.numerics().weights()[l]);
                final double[] w = c.weights(l);
                for (int x = 0; x < w.length; x++)
                {
                    final double mantissa = Math.scalb(w[x], 7 - f.exponent());
                    assertEquals(Math.rint(mantissa), mantissa, 0.0, "W" + l + "[" + x + "]=" + w[x] +
                        " is not a multiple of 2^" + (f.exponent() - 7));
                    assertTrue(mantissa >= -128 && mantissa <= 127, "W" + l + "[" + x + "] mantissa " + mantissa +
                        " outside 8-bit range");
                    changed += w[x] != before[l][x] ? 1 : 0;
                }
            }
            assertTrue(changed > 0, "no weight changed in 4 samples");
        }
    }
}
