package org.nmsim.learning.threefactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;

/**
 * The on-chip float64 learner (cores, messages, layers split over several cores, errors as graded spikes on
 * SpiNNaker 2) against the dense non-local {@link DenseThreeFactorReference} on a 12-7-5-4 network: same initial
 * weights and feedback, same Poisson draws, five training samples and one inference. Weights must agree to 1e-9
 * (absolute), predictions and losses exactly up to 1e-9.
 */
@Timeout(20)
class OnChipMatchesDenseReferenceTest
{
    private static final long SEED = 20261122L;
    private static final int[] SIZES = {12, 7, 5, 4};

    @ParameterizedTest
    @EnumSource(ThreeFactorMethod.class)
    void shouldMatchDenseReference(final ThreeFactorMethod method)
    {
        final ThreeFactorParams p = new ThreeFactorParams(method, 12, 5.0, 10.0, 10.0, 1.0, 5.0, 0.5, 1.0, 2.0, 0.7,
            1.5, 16, 16, 1.0);
        final ChipSpec chip = TestChips.withCompartments(Presets.byName("spinnaker2"), 4);
        try (ThreeFactorChip c = ThreeFactorChip.builder(SIZES).params(p).chip(chip).seed(SEED).workers(2).build())
        {
            assertTrue(c.coreNames().size() >= 8, "layers must span several cores: " + c.coreNames());
            final double[][] w0 = c.allWeights();
            final double[][] fb = new double[SIZES.length - 2][];
            for (int l = 1; l < SIZES.length - 1; l++)
            {
                fb[l - 1] = c.feedback(l);
            }
            final DenseThreeFactorReference ref = new DenseThreeFactorReference(SIZES, p, SEED, c.surrogate()::value,
                w0, fb);
            final SplitMix64 data = new SplitMix64(SEED);
            for (int s = 0; s < 6; s++)
            {
                final double[] x = new double[SIZES[0]];
                for (int i = 0; i < x.length; i++)
                {
                    x[i] = data.nextDouble() < 0.3 ? 0.0 : data.nextDouble();
                }
                final int label = data.nextInt(SIZES[SIZES.length - 1]);
                if (s == 3)
                {
                    assertEquals(ref.predict(x), c.predict(x), "prediction of inference sample (seed=" + SEED + ")");
                    continue;
                }
                assertEquals(ref.trainSample(x, label), c.trainSample(x, label), "prediction of sample " + s);
                assertEquals(ref.lastSampleLoss(), c.lastSampleLoss(), 1e-9, "loss of sample " + s);
            }
            double moved = 0.0;
            for (int l = 0; l < SIZES.length - 1; l++)
            {
                final double[] chipW = c.weights(l);
                final double[] refW = ref.weights(l);
                for (int x = 0; x < chipW.length; x++)
                {
                    assertEquals(refW[x], chipW[x], 1e-9, "W" + l + "[" + x + "] (" + method + ", seed=" + SEED + ")");
                    moved = Math.max(moved, Math.abs(chipW[x] - w0[l][x]));
                }
                final double[] change = new double[chipW.length];
                for (int x = 0; x < chipW.length; x++)
                {
                    change[x] = chipW[x] - w0[l][x];
                }
                assertTrue(java.util.Arrays.stream(change).anyMatch(v -> v != 0.0), "W" + l + " never changed: the " +
                    "comparison would be vacuous");
            }
            assertTrue(moved > 1e-3, "largest weight change " + moved + " too small for a meaningful comparison");
        }
    }
}
