package org.nmsim.learning.sfdfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code layer_eta: weight_scale}: with SGD and one optimiser step, every weight change of layer l is the uniform
 * run's change times {@code |mean_l| / |mean_0|}, computed here from the init formula by hand:
 * {@code mean_l = c theta T / (n_l nu_l tau_s)}, so the ratio is {@code (n_0 nu_0) / (n_l nu_l)} with
 * {@code nu_0 = 0.5} (TTFS input) and {@code nu_l = init_rate}.
 */
class LayerEtaTest
{
    private static final int[] SIZES = {30, 12, 9, 4};
    private static final int SAMPLES = 3;

    private static SfdfaParams params(final boolean scaled)
    {
        final SfdfaParams d = SfdfaParams.defaults(true);
        // SGD, batch = SAMPLES: one optimiser step after the last sample, from the same forward passes
        return new SfdfaParams(true, 0.01, 0.05, d.tauS(), d.threshold(), d.window(), d.encodingWindow(),
            d.delay(), 0, 5, false, false, SAMPLES, 10, 3, 0.1, 4, 2.0, 1.0, 4.0, scaled);
    }

    private static double[][] deltas(final boolean scaled)
    {
        final SfdfaParams p = params(scaled);
        final SfdfaReference ref = new SfdfaReference(SIZES, p, 7, null, null);
        final double[][] xs = SfdfaChipTest.inputs(SAMPLES, SIZES[0], 3);
        for (int s = 0; s < SAMPLES; s++)
        {
            ref.trainSample(xs[s], s % SIZES[SIZES.length - 1]);
        }
        final double[][] w0 = SfdfaMath.initialWeights(SIZES, p, 7);
        final double[][] d = new double[SIZES.length - 1][];
        for (int l = 0; l < d.length; l++)
        {
            final double[] w = ref.weights(l);
            d[l] = new double[w.length];
            for (int x = 0; x < w.length; x++)
            {
                d[l][x] = w[x] - w0[l][x];
            }
        }
        return d;
    }

    @Test
    void shouldScaleEachLayersStepByItsInitialWeightScale()
    {
        final double[][] uniform = deltas(false);
        final double[][] scaled = deltas(true);
        final double nu0 = 0.5;
        final double nuHidden = 4.0;
        for (int l = 0; l < uniform.length; l++)
        {
            final double ratio = l == 0 ? 1.0 : (SIZES[0] * nu0) / (SIZES[l] * nuHidden);
            double moved = 0;
            for (int x = 0; x < uniform[l].length; x++)
            {
                assertEquals(uniform[l][x] * ratio, scaled[l][x], 1e-12 + 1e-9 * Math.abs(uniform[l][x]),
                    "layer " + l + " weight " + x + " (ratio " + ratio + ")");
                moved = Math.max(moved, Math.abs(uniform[l][x]));
            }
            assertTrue(moved > 1e-6, "layer " + l + " must learn in one step (max |dW| " + moved + ")");
        }
    }
}
