package org.nmsim.learning.conv;

import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.chip.preset.Sourced;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.Perturbations;

/** Chips, draws and random tensors for the conv tests. */
final class ConvTestSupport
{
    private ConvTestSupport()
    {
    }

    /** @return spinnaker2 with {@code compartments} per core and {@code bits} of synaptic memory per core. */
    static ChipSpec spinnaker2(final int compartments, final long bits)
    {
        return spinnaker2(compartments, bits, Presets.spinnaker2().fanInPerCore().value());
    }

    /** @return spinnaker2 with the given compartments, synaptic memory bits and input axons per core. */
    static ChipSpec spinnaker2(final int compartments, final long bits, final int fanIn)
    {
        final ChipSpec c = Presets.spinnaker2();
        return new ChipSpec(c.name(), c.base(), c.coresPerChip(), c.mesh(),
            Sourced.assumed(compartments, "test: few compartments so that layers span several cores"),
            Sourced.assumed(bits, "test: memory per core"), Sourced.assumed(fanIn, "test: fan-in per core"),
            c.fanOutPerCore(),
            c.routingEntriesPerRouter(), c.minWeightBits(), c.maxWeightBits(), c.signedWeights(), c.unsignedWeights(),
            c.delayBits(), c.messages(), c.plasticityOps(), c.gradedPayloadBits(), c.signedSpikes(), c.engine(),
            c.timeStepSeconds(), c.staticPowerWatts());
    }

    /**
     * FGT signs as a pure function of (seed, sample, layer, step, neuron): the chip and the dense reference see the
     * same draws whatever the partition.
     */
    static Perturbations hashed(final long seed)
    {
        return new Perturbations()
        {
            @Override
            public double sign(final SplitMix64 coreStream, final int sample, final int layer, final int step,
                final int direction, final int neuron)
            {
                final long key = ((long)sample << 40) ^ ((long)layer << 32) ^ ((long)step << 24) ^ neuron;
                return (SplitMix64.mix(seed ^ SplitMix64.mix(key)) & 1L) == 0 ? 1.0 : -1.0;
            }

            @Override
            public int sampledLayer(final int sample, final int step, final int hiddenLayers)
            {
                throw new IllegalStateException("FGT (S) is not a conv method");
            }
        };
    }

    static double[] uniform(final SplitMix64 r, final int n, final double lo, final double hi)
    {
        final double[] a = new double[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = lo + (hi - lo) * r.nextDouble();
        }
        return a;
    }
}
