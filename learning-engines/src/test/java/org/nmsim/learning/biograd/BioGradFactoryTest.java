package org.nmsim.learning.biograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.preset.Presets;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.Learners;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.StorageFormats;

/** The {@code algorithm} section: registration, Appendix C defaults, errors that name the key, value and rule. */
class BioGradFactoryTest
{
    private static final LearnerSetup SETUP = new LearnerSetup(new int[] {16, 8, 4}, Presets.loihi1(),
        new StorageFormats(8, 16, 8, 8), false, 3L, 1);

    @Test
    void shouldBeRegisteredForBothMethods()
    {
        assertInstanceOf(BioGradFactory.class, Learners.forMethod("biograd"));
        assertInstanceOf(BioGradFactory.class, Learners.forMethod("BioGrad-Loihi"));
        assertTrue(Learners.methods().containsAll(java.util.List.of("biograd", "biograd-loihi")));
    }

    @Test
    void shouldUseThePapersAppendixCDefaults()
    {
        final AlgorithmParams a = new AlgorithmParams(Map.of("method", "biograd"));
        final BioGradParams p = BioGradParams.from(a);
        a.check();
        assertEquals(20, p.steps());
        assertEquals(5, p.tError());
        assertEquals(0.6, p.dv());
        assertEquals(0.3, p.vth());
        assertEquals(0.3, p.window());
        assertEquals(1.0, p.amplification());
        assertEquals(1e-3, p.eta());
        assertEquals(1e-4 / 3, p.sleepLr());
        assertEquals(50, p.sleepSteps());
        assertEquals(128, p.sleepEvery());
        assertTrue(p.sleep() && p.fwdInit() && !p.loihi());
        final BioGradParams l = BioGradParams.from(new AlgorithmParams(Map.of("method", "biograd-loihi")));
        assertTrue(l.loihi() && !l.sleep());
        assertEquals(1.0, l.dv(), "the Loihi variant uses integrate-and-fire somata");
    }

    @Test
    void shouldReportEveryProblemWithKeyValueAndRule()
    {
        final AlgorithmParams a = new AlgorithmParams(Map.of("method", "biograd", "eta", -1.0, "init", "zero",
            "t_error", 30, "apical_threshold", 0.2));
        assertNull(new BioGradFactory().build(SETUP, a));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::check);
        assertTrue(e.getMessage().contains("algorithm.eta=-1.0 must be in [0, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("algorithm.init=zero must be one of fwd, rand"), e.getMessage());
        assertTrue(e.getMessage().contains("algorithm.t_error=30 must be < algorithm.steps=20"), e.getMessage());
        assertTrue(e.getMessage().contains("algorithm.apical_threshold is unknown for method biograd"),
            e.getMessage());
        final AlgorithmParams s = new AlgorithmParams(Map.of("method", "biograd-loihi", "sleep", true));
        BioGradParams.from(s);
        assertTrue(assertThrows(IllegalArgumentException.class, s::check).getMessage()
            .contains("algorithm.sleep is unknown for method biograd-loihi"));
    }

    @Test
    void shouldBuildALearnerThatChargesItsTracesAndFeedbackToCoreMemory()
    {
        final AlgorithmParams a = new AlgorithmParams(Map.of("method", "biograd", "sleep", false, "init", "rand"));
        try (OnChipLearner l = new BioGradFactory().build(SETUP, a))
        {
            a.check();
            final long traces = l.budgets().stream().mapToLong(b -> b.usage(MemoryKind.TRACES)).sum();
            final long feedback = l.budgets().stream().mapToLong(b -> b.usage(MemoryKind.FEEDBACK)).sum();
            // per synapse Tr_pre and Tr_corr at 8 bits: (16*8 + 8*4) synapses x 2 x 8; B: 8 x 4 x 8
            assertEquals((16 * 8 + 8 * 4) * 2 * 8, traces);
            assertEquals(8 * 4 * 8, feedback);
            assertFalse(((BioGradChip)l).alignmentAngles()[0] < 1e-9, "RandInit must not equal W^T");
        }
    }
}
