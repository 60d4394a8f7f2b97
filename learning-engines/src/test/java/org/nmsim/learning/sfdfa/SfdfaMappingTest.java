package org.nmsim.learning.sfdfa;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.preset.Presets;
import org.nmsim.learning.StorageFormats;
import org.nmsim.mapping.net.Network;
import org.nmsim.mapping.net.Networks;
import org.nmsim.mapping.place.FeasibilityReport;
import org.nmsim.mapping.place.LearningNeeds;
import org.nmsim.mapping.place.Mapper;
import org.nmsim.mapping.place.MappingOptions;

/** Mapping's feasibility answer for SFDFA's declared needs: no on Loihi 1's SoP engine, yes on SpiNNaker 2. */
class SfdfaMappingTest
{
    private static FeasibilityReport map(final String chip)
    {
        final Network n = Networks.mlp(784, 100, 10);
        final LearningNeeds needs = SfdfaChip.learningNeeds(List.of("fc1", "fc2"), List.of("h1"), List.of("output"),
            SfdfaParams.defaults(true), StorageFormats.defaults(), 10, 16);
        return Mapper.map(n, Presets.byName(chip), needs, MappingOptions.defaults()).report();
    }

    @Test
    void shouldNotFitLoihi1BecauseItsEngineLacksExpAndLog()
    {
        final FeasibilityReport r = map("loihi1");
        assertFalse(r.fits(), r.text(5));
        final String gaps = r.gaps().toString();
        assertTrue(gaps.contains("EXP") && gaps.contains("LOG"), gaps);
    }

    @Test
    void shouldFitSpinnaker2()
    {
        final FeasibilityReport r = map("spinnaker2");
        assertTrue(r.fits(), r.text(20));
        assertTrue(r.gaps().isEmpty(), r.gaps().toString());
    }
}
