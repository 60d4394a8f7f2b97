package org.nmsim.learning.threefactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nmsim.chip.preset.Presets;

/**
 * The three-factor updates of a 1-1-1 network worked out by hand for one sample of T = 3 steps (float64 on
 * SpiNNaker 2, whose engine divides, so the surrogate is exact). The input pixel has intensity 1 and
 * {@code inputRate = 1}, so it spikes at every step; W0 = 1.5, W1 = 2, B = G = 0.5, label 0, target rate 0.5,
 * eta = 0.1. Unrolled (sigma(U) = 1 / (1 + 5 |U - 1|)^2, a = alpha, b = beta, g = gamma):
 * <pre>
 * hidden: t=1: P=1 Q=0 U=0 I=1.5 S=0            t=2: Q=1 P=a+1 U=1.5 I=1.5a+1.5 S=1
 *         t=3: Q=b+a+1 U=1.5b+1.5a+1.5-1 (&gt;1, S=1)
 * output: t=1: input 0, all 0                    t=2: input 1: P=1 Q=0 U=0 I=2 S=0
 *         t=3: Q=1 U=2 S=1
 * van Rossum error: e1 = (1-g)(0-0.5), e2 = g e1 + (1-g)(0-0.5), e3 = g e2 + (1-g)(1-0.5)
 * </pre>
 * Tolerance 1e-12 (both sides are float64; they differ only by summation order).
 */
@Timeout(20)
class HandComputedUpdatesTest
{
    private static final double TOL = 1e-12;
    private static final double W0 = 1.5;
    private static final double W1 = 2.0;
    private static final double FB = 0.5;
    private static final double ETA = 0.1;

    private static ThreeFactorParams params(final ThreeFactorMethod method)
    {
        return new ThreeFactorParams(method, 3, 5.0, 10.0, 10.0, 1.0, 5.0, 0.5, 1.0, ETA, 1.0, 1.0, 16, 16, 1.0);
    }

    private static double sigma(final double u)
    {
        final double d = 1.0 + 5.0 * Math.abs(u - 1.0);
        return 1.0 / (d * d);
    }

    private static double[] trainOnce(final ThreeFactorMethod method)
    {
        try (ThreeFactorChip chip = ThreeFactorChip.builder(1, 1, 1).params(params(method))
            .chip(Presets.byName("spinnaker2")).initialWeights(new double[][] {{W0}, {W1}})
            .feedback(new double[][] {{FB}}).seed(7).build())
        {
            chip.trainSample(new double[] {1.0}, 0);
            return new double[] {chip.weights(0)[0], chip.weights(1)[0]};
        }
    }

    @Test
    void shouldMatchHandComputedEpropUpdates()
    {
        final ThreeFactorParams p = params(ThreeFactorMethod.EPROP);
        final double a = p.alpha();
        final double b = p.beta();
        final double g = p.gamma();
        // hidden eligibility e_ij = g e + (1-g) sigma(U_j) Q_i
        final double q3 = b + a + 1;
        final double u3 = 1.5 * b + 1.5 * a + 1.5 - 1.0;
        final double eh2 = (1 - g) * sigma(1.5) * 1.0;
        final double eh3 = g * eh2 + (1 - g) * sigma(u3) * q3;
        // output eligibility: Q = 0 until t = 3, where Q = 1 and U = 2
        final double eo3 = (1 - g) * sigma(2.0) * 1.0;
        final double e1 = (1 - g) * -0.5;
        final double e2 = g * e1 + (1 - g) * -0.5;
        final double e3 = g * e2 + (1 - g) * 0.5;
        final double gradHidden = FB * e2 * eh2 + FB * e3 * eh3;
        final double gradOut = e3 * eo3;
        final double[] w = trainOnce(ThreeFactorMethod.EPROP);
        assertEquals(W0 - ETA * gradHidden, w[0], TOL, "hidden weight after one eprop sample");
        assertEquals(W1 - ETA * gradOut, w[1], TOL, "output weight after one eprop sample");
    }

    @Test
    void shouldMatchHandComputedDcllUpdates()
    {
        final ThreeFactorParams p = params(ThreeFactorMethod.DCLL);
        final double a = p.alpha();
        final double b = p.beta();
        final double g = p.gamma();
        final double q3 = b + a + 1;
        final double u3 = 1.5 * b + 1.5 * a + 1.5 - 1.0;
        // local readout: ybar = g ybar + (1-g) S_h; err = G ybar - 1; hidden signal G err sigma(U); times Q
        final double y2 = 1 - g;
        final double y3 = g * y2 + (1 - g);
        final double gradHidden = FB * (FB * y2 - 1.0) * sigma(1.5) * 1.0 + FB * (FB * y3 - 1.0) * sigma(u3) * q3;
        final double e1 = (1 - g) * -0.5;
        final double e2 = g * e1 + (1 - g) * -0.5;
        final double e3 = g * e2 + (1 - g) * 0.5;
        final double gradOut = e3 * sigma(2.0) * 1.0;
        final double[] w = trainOnce(ThreeFactorMethod.DCLL);
        assertEquals(W0 - ETA * gradHidden, w[0], TOL, "hidden weight after one DCLL sample");
        assertEquals(W1 - ETA * gradOut, w[1], TOL, "output weight after one DCLL sample");
    }
}
