package org.nmsim.learning.biograd;

import org.nmsim.kernel.SplitMix64;

/**
 * Where BioGrad's random spikes come from: the Poisson encoding of the input (paper 004, Appendix C) and the random
 * positive and negative spikes of the sleep phase (eq. 9-10). On chip every core draws from its own stream
 * ({@link #coreStreams()}); tests that compare the chip against {@link BioGradReference} use a counter hash of
 * (seed, stream, segment, neuron, step) that both evaluate identically ({@link #counterHash(long)}). The seam
 * supplies draws only; it gives a core no view of anything else.
 */
public interface SpikeDraws
{
    /** Stream of the input's Poisson spikes. */
    int INPUT = 0;
    /** Stream of the sleep phase's positive spikes. */
    int SLEEP_POSITIVE = 1;
    /** Stream of the sleep phase's negative spikes. */
    int SLEEP_NEGATIVE = 2;

    /**
     * @param coreStream the drawing core's own stream.
     * @param stream     {@link #INPUT}, {@link #SLEEP_POSITIVE} or {@link #SLEEP_NEGATIVE}.
     * @param segment    the sample or sleep presentation, numbered from 0 in the order the host runs them.
     * @param neuron     the neuron's index in its layer.
     * @param step       algorithmic step, 1-based.
     * @param p          spike probability, in (0, 1].
     * @return whether the neuron spikes.
     */
    boolean spike(SplitMix64 coreStream, int stream, long segment, int neuron, int step, double p);

    /** @return draws from each core's own SplitMix64 stream, in the core's draw order. */
    static SpikeDraws coreStreams()
    {
        return (r, stream, segment, neuron, step, p) -> r.nextDouble() < p;
    }

    /**
     * @param seed the experiment seed.
     * @return draws from a counter hash: the same for a chip and a reference, whatever the partition.
     */
    static SpikeDraws counterHash(final long seed)
    {
        return (r, stream, segment, neuron, step, p) -> uniform(seed, stream, segment, neuron, step) < p;
    }

    /**
     * @param seed    seed.
     * @param stream  stream.
     * @param segment segment.
     * @param neuron  neuron.
     * @param step    step.
     * @return a uniform double in [0, 1) from a hash of the arguments.
     */
    static double uniform(final long seed, final int stream, final long segment, final int neuron, final int step)
    {
        long h = SplitMix64.mix(seed ^ 0x6A09E667F3BCC909L);
        h = SplitMix64.mix(h ^ (stream * 0x9E3779B97F4A7C15L));
        h = SplitMix64.mix(h ^ segment);
        h = SplitMix64.mix(h ^ (((long)neuron << 24) + step));
        return (h >>> 11) * 0x1.0p-53;
    }
}
