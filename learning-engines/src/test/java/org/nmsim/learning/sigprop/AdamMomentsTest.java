package org.nmsim.learning.sigprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.ChipNumerics;

/** Adam's per-weight update against the textbook formula (Kingma and Ba, Algorithm 1), computed here separately. */
class AdamMomentsTest
{
    @Test
    void floatUpdatesMatchTheTextbookFormula()
    {
        final AdamMoments.Config cfg = new AdamMoments.Config(0.8, 0.99, 1e-6);
        final AdamMoments adam = new AdamMoments(cfg, 3, IdealFloat64.INSTANCE);
        final double[] w = {0.3, -0.2, 0.0};
        final double[] ref = w.clone();
        final double[] m = new double[3];
        final double[] v = new double[3];
        final double lr = 0.05;
        final SplitMix64 r = new SplitMix64(3);
        for (int t = 1; t <= 6; t++)
        {
            adam.begin(lr);
            for (int i = 0; i < 3; i++)
            {
                // weight 2 sees a zero gradient on even steps: its moments still decay and it still moves
                final double g = i == 2 && t % 2 == 0 ? 0.0 : (r.nextDouble() - 0.5) * Math.pow(10, i - 1);
                w[i] -= adam.delta(i, g, null);
                m[i] = 0.8 * m[i] + 0.2 * g;
                v[i] = 0.99 * v[i] + 0.01 * g * g;
                final double mHat = m[i] / (1 - Math.pow(0.8, t));
                final double vHat = v[i] / (1 - Math.pow(0.99, t));
                ref[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-6);
                assertEquals(ref[i], w[i], 1e-12, "weight " + i + " after step " + t);
            }
        }
        assertEquals(6, adam.steps());
        final double[] state = adam.state();
        final AdamMoments copy = new AdamMoments(cfg, 3, IdealFloat64.INSTANCE);
        copy.restore(state);
        assertEquals(m[1], copy.firstMoments()[1], 1e-15, "restored m");
        assertEquals(v[1], copy.secondMoments()[1], 1e-15, "restored v");
    }

    @Test
    void fixedPointMomentsStayOnTheirGrids()
    {
        final FixedPointFormat grad = (FixedPointFormat)ChipNumerics.format(16, 12, Rounding.STOCHASTIC);
        final FixedPointFormat vf = AdamMoments.secondMomentFormat(grad);
        assertEquals(31, vf.totalBits(), "v width");
        assertEquals(24, vf.fractionalBits(), "v fraction bits: the square of a gradient word is exact");
        final AdamMoments adam = new AdamMoments(AdamMoments.Config.TORCH, 1, grad);
        final SplitMix64 r = new SplitMix64(5);
        adam.begin(0.01);
        final double step = adam.delta(0, 0.25, r);
        // first step: mhat = g, sqrt(vhat) = |g| up to the rounding of m and v; eps is raised to sqrt(LSB(v) / bc2)
        final double epsT = Math.sqrt(Math.pow(2, -24) / (1 - 0.999));
        assertEquals(0.01 * 0.25 / (0.25 + epsT), step, 2e-5, "first Adam step: lr |g| / (|g| + eps_t)");
        final double m = adam.firstMoments()[0];
        assertEquals(28, AdamMoments.firstMomentFormat(grad).fractionalBits(), "m: 32 bits, 3 integer bits");
        assertEquals(Math.rint(m * (1 << 28)) / (1 << 28), m, 0.0, "m on its grid");
        final double v = adam.secondMoments()[0];
        assertEquals(Math.rint(v * (1 << 24)) / (1 << 24), v, 0.0, "v on its grid");
        assertEquals(64, AdamMoments.bitsPerWeight(16), "m 32 + v 32 bits charged per weight");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AdamMoments.Config(1.0, 0.9, 1e-8))
            .getMessage().contains("adam_beta1=1.0 must be in [0, 1)"));
    }
}
