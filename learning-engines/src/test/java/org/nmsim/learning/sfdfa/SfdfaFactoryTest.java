package org.nmsim.learning.sfdfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.preset.Presets;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.Learners;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.StorageFormats;

/** The {@code algorithm} section as {@code nmsim run} hands it over. */
class SfdfaFactoryTest
{
    private static final LearnerSetup SETUP = new LearnerSetup(new int[] {20, 6, 3}, Presets.byName("spinnaker2"),
        StorageFormats.defaults(), false, 1, 1);

    @Test
    void shouldBuildBothMethodsFromTheRegistryWithPaperDefaults()
    {
        for (final String method : new String[] {"sfdfa", "SFDFA-DFA"})
        {
            final LearnerFactory f = Learners.forMethod(method);
            assertTrue(f instanceof SfdfaFactory, method);
            final AlgorithmParams p = new AlgorithmParams(Map.of("method", method, "gradient", "exact"));
            try (OnChipLearner l = f.build(SETUP, p))
            {
                p.check();
                final SfdfaChip chip = (SfdfaChip)l;
                assertEquals(method.equalsIgnoreCase("sfdfa"), chip.params().learnedFeedback());
                assertEquals(0.003, chip.params().eta());
                assertEquals(1e-4, chip.params().alpha());
                assertEquals(50, chip.params().batch());
                assertTrue(chip.params().exactGradient());
                assertEquals(10.0, chip.params().targetTrue());
                assertEquals(3.0, chip.params().targetFalse());
            }
        }
    }

    @Test
    void shouldCollectEveryProblemNamingKeyValueAndRule()
    {
        final AlgorithmParams p = new AlgorithmParams(Map.of("method", "sfdfa", "alpha", 2.0, "payload_bits", 40,
            "gradient", "steep", "colour", "red"));
        assertNull(new SfdfaFactory().build(SETUP, p));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::check);
        final String msg = e.getMessage();
        assertTrue(msg.contains("algorithm.alpha=2.0 must be in (0, 1)") &&
            msg.contains("algorithm.payload_bits=40 must be an integer in [0, 32]") &&
            msg.contains("algorithm.gradient=steep must be one of bounded, exact") &&
            msg.contains("algorithm.colour is unknown"), msg);
    }

    @Test
    void shouldReadLayerEtaAndRefuseItWithoutAnInitialScale()
    {
        final AlgorithmParams ok = new AlgorithmParams(Map.of("method", "sfdfa", "layer_eta", "weight_scale"));
        try (SfdfaChip chip = (SfdfaChip)new SfdfaFactory().build(SETUP, ok))
        {
            assertTrue(chip.params().etaByWeightScale());
        }
        final AlgorithmParams zero = new AlgorithmParams(Map.of("method", "sfdfa", "layer_eta", "weight_scale",
            "init_current", 0.0));
        assertNull(new SfdfaFactory().build(SETUP, zero));
        final String msg = assertThrows(IllegalArgumentException.class, zero::check).getMessage();
        assertTrue(msg.contains("algorithm.layer_eta=weight_scale needs a nonzero algorithm.init_current"), msg);
        final AlgorithmParams bad = new AlgorithmParams(Map.of("method", "sfdfa", "layer_eta", "fan_in"));
        assertNull(new SfdfaFactory().build(SETUP, bad));
        final String msg2 = assertThrows(IllegalArgumentException.class, bad::check).getMessage();
        assertTrue(msg2.contains("algorithm.layer_eta=fan_in must be one of uniform, weight_scale"), msg2);
    }
}
