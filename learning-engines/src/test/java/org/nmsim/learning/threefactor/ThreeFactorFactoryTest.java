package org.nmsim.learning.threefactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.preset.Presets;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.Learners;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.StorageFormats;

/** The registry builds the three-factor learners from an {@code algorithm} section and reports bad keys. */
class ThreeFactorFactoryTest
{
    private static final LearnerSetup SETUP = new LearnerSetup(new int[] {784, 100, 10}, Presets.loihi1(),
        new StorageFormats(8, 16, 16, 8), true, 5L, 1);

    @Test
    void shouldBeRegisteredForEpropAndDcll()
    {
        final LearnerFactory f = Learners.forMethod("EProp");
        assertInstanceOf(ThreeFactorFactory.class, f);
        assertSame(f, Learners.forMethod("dcll"));
        assertNull(Learners.forMethod("eprop-global"), "paper 003 defines no broadcast variant");
    }

    @Test
    void shouldBuildFromConfigKeysAndChargeEligibilityPerSynapse()
    {
        final AlgorithmParams p = new AlgorithmParams(Map.of("method", "eprop", "eta", 0.02, "steps", 10,
            "eligibility_bits", 8));
        try (OnChipLearner l = new ThreeFactorFactory().build(SETUP, p))
        {
            p.check();
            final ThreeFactorChip c = (ThreeFactorChip)l;
            assertEquals(0.02, c.params().eta());
            assertEquals(10, c.params().steps());
            // 784x100 + 100x10 synapses, each with an 8-bit eligibility trace and a 16-bit accumulator
            assertEquals((784L * 100 + 100 * 10) * (8 + 16), c.memoryBits(MemoryKind.LEARNING_STATE));
            assertEquals((784L * 100 + 100 * 10) * 8, c.describe().get("eligibilityTraceBits"));
        }
        final AlgorithmParams d = new AlgorithmParams(Map.of("method", "dcll"));
        try (OnChipLearner l = new ThreeFactorFactory().build(SETUP, d))
        {
            d.check();
            final ThreeFactorChip c = (ThreeFactorChip)l;
            assertEquals((784L * 100 + 100 * 10) * 16, c.memoryBits(MemoryKind.LEARNING_STATE),
                "DCLL keeps no per-synapse eligibility");
            assertTrue(c.coreNames().contains("local1[0:10)"), "DCLL adds a local readout core: " + c.coreNames());
        }
    }

    @Test
    void shouldReportEveryBadKeyAtOnce()
    {
        final AlgorithmParams p = new AlgorithmParams(Map.of("method", "eprop", "eta", -1, "tau_mem", 0,
            "colour", "red"));
        assertNull(new ThreeFactorFactory().build(SETUP, p));
        final String msg = assertThrows(IllegalArgumentException.class, p::check).getMessage();
        assertTrue(msg.contains("algorithm.eta=-1 must be in [0, 1]"), msg);
        assertTrue(msg.contains("algorithm.tau_mem=0 must be in (0, 1000000]"), msg);
        assertTrue(msg.contains("algorithm.colour is unknown for method eprop"), msg);
    }
}
