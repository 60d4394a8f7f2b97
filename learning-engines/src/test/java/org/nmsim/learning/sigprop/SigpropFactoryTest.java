package org.nmsim.learning.sigprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.preset.Presets;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.Learners;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.StorageFormats;

/** The {@code algorithm} section of a config: registry, defaults, and errors that name the key, value and rule. */
class SigpropFactoryTest
{
    private static final LearnerSetup SETUP = new LearnerSetup(new int[] {20, 10, 8, 4}, Presets.spinnaker2(),
        StorageFormats.defaults(), false, 1, 1);

    @Test
    void shouldBuildEverySigpropMethodFromTheRegistryWithThePaperDefaults()
    {
        for (final SigpropVariant v : SigpropVariant.values())
        {
            assertSame(SigpropFactory.class, Learners.forMethod(v.method().toUpperCase(java.util.Locale.ROOT))
                .getClass());
            final AlgorithmParams p = new AlgorithmParams(Map.of("method", v.method()));
            try (OnChipLearner l = Learners.forMethod(v.method()).build(SETUP, p))
            {
                p.check();
                final SigpropHyper h = ((SigpropChip)l).hyper();
                assertEquals(4, h.steps());
                assertEquals(v == SigpropVariant.SHALLOW ? 1.0 : 0.5, h.vth());
                assertEquals(10, h.targetsOf(10));
                assertEquals(v.method(), l.describe().get("algorithm"));
                assertEquals(0L, l.describe().get("feedbackMemoryBits"));
            }
        }
    }

    @Test
    void shouldReadEveryKeyAndCollectEveryProblem()
    {
        final AlgorithmParams ok = new AlgorithmParams(Map.of("method", "sigprop-voltage", "eta", 0.01,
            "target_size", 4, "steps", 6, "vth", 0.75, "target_grad", false, "eta_readout", 0.03, "exit_eval", true,
            "generator", "loop"));
        try (SigpropChip chip = (SigpropChip)new SigpropFactory().build(SETUP, ok))
        {
            ok.check();
            assertEquals(new SigpropHyper(SigpropVariant.VOLTAGE, 6, 0.75, 0.01, 0.03, 4, false, true, true),
                chip.hyper());
            assertEquals(4 * 4, chip.targetWeights().length, "S holds r x m weights");
        }
        final AlgorithmParams bad = new AlgorithmParams(Map.of("method", "sigprop-surrogate", "eta", -1,
            "target_size", 11, "colour", "red"));
        assertNull(new SigpropFactory().build(SETUP, bad));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::check);
        assertTrue(e.getMessage().contains("algorithm.eta=-1 must be in [0, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("algorithm.target_size=11 must be <= the first hidden layer's size 10"),
            e.getMessage());
        assertTrue(e.getMessage().contains("algorithm.colour is unknown"), e.getMessage());
    }

    @Test
    void shouldScaleOnlyTheHiddenLayersInitialWeightsByInitGain()
    {
        final AlgorithmParams one = new AlgorithmParams(Map.of("method", "sigprop-shallow"));
        final AlgorithmParams three = new AlgorithmParams(Map.of("method", "sigprop-shallow", "init_gain", 3));
        try (SigpropChip a = (SigpropChip)new SigpropFactory().build(SETUP, one);
             SigpropChip b = (SigpropChip)new SigpropFactory().build(SETUP, three))
        {
            one.check();
            three.check();
            // same seed, same draws: every hidden weight is exactly 3 times its gain-1 value (float64, no rounding
            // beyond the one multiply), the classification layer and S are untouched
            for (int l = 0; l < 2; l++)
            {
                final double[] w1 = a.weights(l);
                final double[] w3 = b.weights(l);
                final double bound = 3.0 / Math.sqrt(SETUP.sizes()[l]);
                for (int i = 0; i < w1.length; i++)
                {
                    assertEquals(3.0 * w1[i], w3[i], 1e-15, "layer " + l + " weight " + i);
                    assertTrue(Math.abs(w3[i]) <= bound, "layer " + l + " weight " + i + " within +-3/sqrt(fan-in)");
                }
            }
            assertEquals(java.util.Arrays.toString(a.weights(2)), java.util.Arrays.toString(b.weights(2)));
            assertEquals(java.util.Arrays.toString(a.targetWeights()), java.util.Arrays.toString(b.targetWeights()));
        }
        final AlgorithmParams noLoop = new AlgorithmParams(Map.of("method", "sigprop-surrogate", "loop_eta", 0.5));
        assertNull(new SigpropFactory().build(SETUP, noLoop));
        final IllegalArgumentException loopError = assertThrows(IllegalArgumentException.class, noLoop::check);
        assertTrue(loopError.getMessage().contains("algorithm.loop_eta=0.5 needs algorithm.generator=loop"),
            loopError.getMessage());
        final AlgorithmParams bad = new AlgorithmParams(Map.of("method", "sigprop-shallow", "init_gain", 0));
        assertNull(new SigpropFactory().build(SETUP, bad));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::check);
        assertTrue(e.getMessage().contains("algorithm.init_gain=0 must be in (0, 100]"), e.getMessage());
    }

    @Test
    void shouldRefuseAChipWithoutGradedSpikesNamingWhatNeedsThem()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigpropChip
            .builder(20, 10, 4).chip(Presets.loihi1()).build());
        assertTrue(e.getMessage().contains("graded"), e.getMessage());
        assertNotNull(Learners.forMethod("sigprop-shallow"));
    }
}
