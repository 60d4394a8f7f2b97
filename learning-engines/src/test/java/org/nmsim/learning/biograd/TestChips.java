package org.nmsim.learning.biograd;

import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.chip.preset.Sourced;

/** Chips for tests. */
final class TestChips
{
    private TestChips()
    {
    }

    /**
     * @param compartments compartments per core.
     * @return loihi1 with fewer compartments per core, so that tiny networks spread over several cores.
     */
    static ChipSpec loihiWithCompartments(final int compartments)
    {
        final ChipSpec c = Presets.loihi1();
        return new ChipSpec("loihi1-small", c.base(), c.coresPerChip(), c.mesh(),
            Sourced.of(compartments, "test: few compartments so tiny layers span several cores"),
            c.synapticMemoryBitsPerCore(), c.fanInPerCore(), c.fanOutPerCore(), c.routingEntriesPerRouter(),
            c.minWeightBits(), Sourced.of(16, "test: wide weights for 16-bit runs"), c.signedWeights(),
            c.unsignedWeights(), c.delayBits(), c.messages(), c.plasticityOps(), c.gradedPayloadBits(),
            c.signedSpikes(), c.engine(), c.timeStepSeconds(), c.staticPowerWatts());
    }

    /**
     * @param seed seed.
     * @param n    length.
     * @return intensities in [0, 1], a third of them zero.
     */
    static double[] randomImage(final long seed, final int n)
    {
        final org.nmsim.kernel.SplitMix64 r = new org.nmsim.kernel.SplitMix64(seed);
        final double[] x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = r.nextInt(3) == 0 ? 0.0 : r.nextDouble();
        }
        return x;
    }
}
