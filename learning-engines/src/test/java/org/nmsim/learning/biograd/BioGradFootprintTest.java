package org.nmsim.learning.biograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

/** The BioGrad footprint charges what {@link BioGradChip}'s partition charges (hand-computed numbers). */
class BioGradFootprintTest
{
    private static final int[] SIZES = {784, 100, 10};
    private static final StorageFormats F = new StorageFormats(8, 16, 16, 8);
    private static final BioGradFactory FACTORY = new BioGradFactory();

    private static LearnerSetup setup(final ChipSpec chip)
    {
        return new LearnerSetup(SIZES, chip, F, false, 1, 1);
    }

    private static Map<String, Object> params(final String method)
    {
        return method.equals("biograd") ? Map.of("method", method, "sleep", true) : Map.of("method", method);
    }

    private static LearnerFactory.Footprint footprint(final String method, final ChipSpec chip)
    {
        final AlgorithmParams a = new AlgorithmParams(params(method));
        final LearnerFactory.Footprint fp = FACTORY.footprint(setup(chip), a);
        a.check();
        return fp;
    }

    @Test
    void shouldChargeTracesPerSynapseOrPerPresynapticNeuronAndTheSleepAccumulators()
    {
        final LearnerFactory.Footprint full = footprint("biograd", Presets.loihi1());
        // Tr_pre and Tr_corr per synapse (2 x 16); sleep: a 16-bit Hebbian accumulator per B synapse, Tr_err and Oja
        // (2 x 16) per error axon
        assertEquals(Map.of("fc1", 32, "fc2", 32, "B1", 16), full.needs().stateBitsPerSynapse());
        assertEquals(Map.of("B1", 32), full.needs().traceBitsPerAxon());
        assertEquals(ProjectionRole.FEEDBACK, full.network().projection("B1").role());
        assertEquals("output", full.network().projection("B1").from());
        assertEquals(8, full.network().projection("B1").weightFormat().bits());
        final LearnerFactory.Footprint loihi = footprint("biograd-loihi", Presets.loihi1());
        // Tr_corr per synapse, Tr_pre per presynaptic neuron, no sleep
        assertEquals(Map.of("fc1", 16, "fc2", 16), loihi.needs().stateBitsPerSynapse());
        assertEquals(Map.of("fc1", 16, "fc2", 16), loihi.needs().traceBitsPerAxon());
    }

    @Test
    void shouldSendBinarySpikesOnlyAndDeclareTheSoftmaxWhereTheEngineHasIt()
    {
        final LearnerFactory.Footprint loihi = footprint("biograd", Presets.loihi1());
        assertEquals(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.RANDOM), loihi.needs().ops());
        assertEquals(EnumSet.of(MessageKind.BINARY_SPIKE), loihi.needs().messages());
        assertEquals(0, loihi.needs().gradedPayloadBits());
        assertEquals(EnumSet.of(PlasticityOp.ADD, PlasticityOp.MULTIPLY, PlasticityOp.RANDOM, PlasticityOp.EXP,
            PlasticityOp.DIVIDE), footprint("biograd", Presets.spinnaker2()).needs().ops());
    }

    @Test
    void shouldChargeEachHiddenCoreExactlyWhatTheChipCharges()
    {
        for (final String method : List.of("biograd", "biograd-loihi"))
        {
            final LearnerFactory.Footprint fp = footprint(method, Presets.loihi1());
            final FeasibilityReport r = Mapper.map(fp.network(), Presets.loihi1(), fp.needs(),
                MappingOptions.defaults()).report();
            assertTrue(r.fits(), r.text(20));
            try (OnChipLearner chip = FACTORY.build(setup(Presets.loihi1()), new AlgorithmParams(params(method))))
            {
                final BioGradChip c = (BioGradChip)chip;
                for (final String layer : List.of("h1", "output"))
                {
                    final List<Long> charged = new ArrayList<>();
                    for (int i = 0; i < c.coreNames().size(); i++)
                    {
                        if (c.coreNames().get(i).startsWith(layer + "["))
                        {
                            charged.add(c.budgets().get(i).usedBits());
                        }
                    }
                    final List<Long> mapped = r.cores().stream().filter(u -> u.population().equals(layer))
                        .map(FeasibilityReport.CoreUse::memoryUsed).toList();
                    assertEquals(charged, mapped, method + " " + layer + ": " + r.text(20));
                }
                // full: 4 cores of 25 (31,600 bits per neuron), Loihi variant: 2 of 50 (18,896)
                assertEquals(method.equals("biograd") ? 4 : 2, r.populations().stream()
                    .filter(p -> p.population().equals("h1")).findFirst().orElseThrow().cores(), method);
            }
        }
    }
}
