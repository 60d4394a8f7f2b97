package org.nmsim.learning.threefactor;

import org.nmsim.kernel.SplitMix64;

/**
 * The Poisson (Bernoulli per step) input encoding that the input cores run: pixel {@code i} of intensity
 * {@code x_i} spikes at algorithmic step {@code t} of sample {@code s} when {@code u(s, t, i) < x_i * inputRate},
 * with {@code u} a counter-based uniform draw from a SplitMix64 hash of (seed, s, t, i). Each input core evaluates
 * it only for its own neurons; being a pure function of the seed and the counters it is the same for any worker
 * count and can be replayed by the dense reference.
 */
public final class PoissonDraws
{
    private static final double UNIT = 0x1.0p-53;

    private PoissonDraws()
    {
    }

    /**
     * @param seed   the experiment seed.
     * @param sample the sample index (counted over training and inference samples).
     * @param step   the algorithmic step, 1-based.
     * @param neuron the input neuron.
     * @return a uniform double in [0, 1).
     */
    public static double uniform(final long seed, final long sample, final int step, final int neuron)
    {
        long h = SplitMix64.mix(seed ^ 0x3F4C5A1E9B2D7C61L);
        h = SplitMix64.mix(h + sample);
        h = SplitMix64.mix(h + step);
        h = SplitMix64.mix(h + neuron);
        return (h >>> 11) * UNIT;
    }
}
