package org.nmsim.learning.threefactor;

import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Sourced;

/** Chip variants for tests. */
final class TestChips
{
    private TestChips()
    {
    }

    /** @return {@code c} with only {@code n} compartments per core, so tiny layers span several cores. */
    static ChipSpec withCompartments(final ChipSpec c, final int n)
    {
        return new ChipSpec(c.name(), c.base(), c.coresPerChip(), c.mesh(),
            Sourced.assumed(n, "test: few compartments so that layers span several cores"),
            c.synapticMemoryBitsPerCore(), c.fanInPerCore(), c.fanOutPerCore(), c.routingEntriesPerRouter(),
            c.minWeightBits(), c.maxWeightBits(), c.signedWeights(), c.unsignedWeights(), c.delayBits(), c.messages(),
            c.plasticityOps(), c.gradedPayloadBits(), c.signedSpikes(), c.engine(), c.timeStepSeconds(),
            c.staticPowerWatts());
    }
}
