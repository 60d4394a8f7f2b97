package org.nmsim.learning.sigprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.message.MessageKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.PlasticityOp;
import org.nmsim.chip.preset.Presets;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerFactory;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.StorageFormats;
import org.nmsim.mapping.net.ProjectionRole;
import org.nmsim.mapping.place.FeasibilityReport;
import org.nmsim.mapping.place.Mapper;
import org.nmsim.mapping.place.MappingOptions;

/** The sigprop footprint against {@link SigpropChip}'s partition (hand-computed numbers). */
class SigpropFootprintTest
{
    private static final int[] SIZES = {784, 100, 100, 10};
    private static final StorageFormats F = new StorageFormats(8, 16, 16, 16);
    private static final SigpropFactory FACTORY = new SigpropFactory();

    private static LearnerSetup setup(final ChipSpec chip)
    {
        return new LearnerSetup(SIZES, chip, F, false, 1, 1);
    }

    private static LearnerFactory.Footprint footprint(final String method, final ChipSpec chip)
    {
        final AlgorithmParams a = new AlgorithmParams(Map.of("method", method));
        final LearnerFactory.Footprint fp = FACTORY.footprint(setup(chip), a);
        a.check();
        return fp;
    }

    @Test
    void shouldDeclareNoFeedbackButTheTargetGeneratorLossCoresAndTargetCompartments()
    {
        final LearnerFactory.Footprint fp = footprint("sigprop-surrogate", Presets.spinnaker2());
        assertTrue(fp.network().projections().stream().noneMatch(j -> j.role() == ProjectionRole.FEEDBACK));
        assertEquals("context", fp.network().projection("S").from());
        assertEquals(1000, fp.network().population("h1.targets").size());
        assertEquals(10, fp.network().population("loss2").size());
        // gradients per hidden and S synapse; traces: 1 channel into h1, 11 into h2, spike counts at the output
        assertEquals(Map.of("fc1", 16, "fc2", 16, "S", 16), fp.needs().stateBitsPerSynapse());
        assertEquals(Map.of("fc1", 16, "fc2", 11 * 16, "fc3", 16, "P1", 0, "P2", 0), fp.needs().traceBitsPerAxon());
        assertEquals(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.EXP, PlasticityOp.DIVIDE),
            fp.needs().ops());
        assertEquals(EnumSet.of(MessageKind.BINARY_SPIKE, MessageKind.GRADED_SPIKE), fp.needs().messages());
        final LearnerFactory.Footprint shallow = footprint("sigprop-shallow", Presets.spinnaker2());
        assertEquals(Map.of(), shallow.needs().stateBitsPerSynapse());
        assertTrue(shallow.network().populations().stream().noneMatch(p -> p.name().startsWith("loss")));
    }

    @Test
    void shouldSpreadTheLookupTablesOverTheAxonsOnEnginesWithoutExp()
    {
        final LearnerFactory.Footprint fp = footprint("sigprop-surrogate", Presets.loihi2());
        // g and g' (2 x 513 x 16 = 16,416 bits) over 784 and 100 axons; exp (8,208) over 100 at loss and output
        assertEquals(Map.of("fc1", 16 + 21, "fc2", 11 * 16 + 165, "fc3", 16 + 83, "P1", 83, "P2", 83),
            fp.needs().traceBitsPerAxon());
        assertTrue(fp.needs().ops().contains(PlasticityOp.SHIFT));
    }

    @Test
    void shouldChargeTheChipsHiddenCoreMemoryPlusTheOneBitErrorSynapses()
    {
        final LearnerFactory.Footprint fp = footprint("sigprop-surrogate", Presets.spinnaker2());
        final FeasibilityReport r = Mapper.map(fp.network(), Presets.spinnaker2(), fp.needs(),
            MappingOptions.defaults()).report();
        assertTrue(r.fits(), r.text(30));
        try (OnChipLearner chip = FACTORY.build(setup(Presets.spinnaker2()), new AlgorithmParams(Map.of("method",
            "sigprop-surrogate"))))
        {
            final SigpropChip c = (SigpropChip)chip;
            final int core = c.coreNames().indexOf("h1[0:20)");
            // the chip: 256 / 11 = 23 neurons by compartments, so 5 cores of 20 neurons; per core 20 x (784 + 10)
            // x (8 + 16) weight and gradient bits (W and S) + 784 x 16 trace bits
            assertEquals(20L * 794 * 24 + 784 * 16, c.budgets().get(core).usedBits());
        }
        // mapping: by memory 54 neurons per core, so 2 cores of 50 (plus the target compartments' own cores); per core
        // the same charges plus 50 x 10 one-bit error synapses
        final List<FeasibilityReport.CoreUse> h1 = r.cores().stream().filter(u -> u.population().equals("h1"))
            .toList();
        assertEquals(2, h1.size());
        assertEquals(50L * 794 * 24 + 784 * 16 + 50 * 10, h1.get(0).memoryUsed());
    }
}
