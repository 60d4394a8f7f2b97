package org.nmsim.learning.threefactor;

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

/** The three-factor footprint charges what {@link ThreeFactorChip}'s partition charges (hand-computed numbers). */
class ThreeFactorFootprintTest
{
    private static final int[] SIZES = {784, 100, 10};
    private static final StorageFormats F = new StorageFormats(8, 16, 16, 8);
    private static final ThreeFactorFactory FACTORY = new ThreeFactorFactory();

    private static LearnerSetup setup(final ChipSpec chip)
    {
        return new LearnerSetup(SIZES, chip, F, true, 1, 1);
    }

    private static LearnerFactory.Footprint footprint(final String method, final ChipSpec chip)
    {
        final AlgorithmParams a = new AlgorithmParams(Map.of("method", method));
        final LearnerFactory.Footprint fp = FACTORY.footprint(setup(chip), a);
        a.check();
        return fp;
    }

    @Test
    void shouldChargeEpropsEligibilityTraceButNotDclls()
    {
        final LearnerFactory.Footprint eprop = footprint("eprop", Presets.loihi1());
        // accumulator 16 + eligibility 16; P and Q 2 x 16 plus the 257 x 16-bit surrogate table over the axons
        assertEquals(Map.of("fc1", 32, "fc2", 32), eprop.needs().stateBitsPerSynapse());
        assertEquals(Map.of("fc1", 32 + 6, "fc2", 32 + 42), eprop.needs().traceBitsPerAxon());
        assertEquals(ProjectionRole.FEEDBACK, eprop.network().projection("B1").role());
        final LearnerFactory.Footprint dcll = footprint("dcll", Presets.loihi1());
        assertEquals(Map.of("fc1", 16, "fc2", 16), dcll.needs().stateBitsPerSynapse());
        assertEquals(Map.of("fc1", 38, "fc2", 74, "G1", 16), dcll.needs().traceBitsPerAxon());
        assertEquals(ProjectionRole.FEEDBACK, dcll.network().projection("G1^T").role());
        assertEquals(10, dcll.network().population("local1").size());
        // with a divide the surrogate is exact: no table
        assertEquals(Map.of("fc1", 32, "fc2", 32), footprint("eprop", Presets.spinnaker2()).needs()
            .traceBitsPerAxon());
    }

    @Test
    void shouldDeclareBurstErrorsAndTablesOnLoihi1AndGradedErrorsAndDivideOnSpinnaker2()
    {
        final LearnerFactory.Footprint loihi = footprint("eprop", Presets.loihi1());
        assertEquals(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.SHIFT, PlasticityOp.RANDOM),
            loihi.needs().ops());
        assertEquals(EnumSet.of(MessageKind.BINARY_SPIKE, MessageKind.BURST), loihi.needs().messages());
        final LearnerFactory.Footprint spinnaker = footprint("dcll", Presets.spinnaker2());
        assertEquals(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.DIVIDE, PlasticityOp.RANDOM),
            spinnaker.needs().ops());
        assertEquals(EnumSet.of(MessageKind.BINARY_SPIKE, MessageKind.GRADED_SPIKE), spinnaker.needs().messages());
        assertEquals(32, spinnaker.needs().gradedPayloadBits());
    }

    @Test
    void shouldSplitTheHiddenLayerAsTheChipDoes()
    {
        for (final String method : List.of("eprop", "dcll"))
        {
            final LearnerFactory.Footprint fp = footprint(method, Presets.loihi1());
            final FeasibilityReport r = Mapper.map(fp.network(), Presets.loihi1(), fp.needs(),
                MappingOptions.defaults()).report();
            assertTrue(r.fits(), r.text(20));
            final List<FeasibilityReport.CoreUse> mapped = r.cores().stream()
                .filter(c -> c.population().equals("h1")).toList();
            try (OnChipLearner chip = FACTORY.build(setup(Presets.loihi1()), new AlgorithmParams(Map.of("method",
                method))))
            {
                final ThreeFactorChip c = (ThreeFactorChip)chip;
                final List<Long> charged = new java.util.ArrayList<>();
                for (int i = 0; i < c.coreNames().size(); i++)
                {
                    if (c.coreNames().get(i).startsWith("h1["))
                    {
                        charged.add(c.budgets().get(i).usedBits());
                    }
                }
                // eprop: 4 cores of 25 (31,440 bits per neuron), dcll: 2 of 50 (18,896 per neuron)
                assertEquals(method.equals("eprop") ? 4 : 2, charged.size(), method);
                assertEquals(charged.size(), mapped.size(), method + ": " + r.text(20));
                for (int i = 0; i < mapped.size(); i++)
                {
                    // the 4,112-bit table spread as 6 bits over 784 axons: 592 bits more than the chip
                    assertEquals(charged.get(i) + 784 * 6 - 4112, mapped.get(i).memoryUsed(), method + " core " + i);
                }
            }
        }
    }
}
