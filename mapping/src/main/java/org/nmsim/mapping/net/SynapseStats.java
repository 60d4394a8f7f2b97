package org.nmsim.mapping.net;

/**
 * Derived facts of one projection that the partitioner charges to core memory: exact counts, never estimates.
 *
 * @param synapses   number of synapses (connections that exist; padding taps of a convolution excluded).
 * @param maxFanIn   the most synapses into one post neuron.
 * @param meanFanIn  synapses / post size.
 * @param maxFanOut  the most synapses out of one pre neuron.
 * @param meanFanOut synapses / pre size.
 */
public record SynapseStats(long synapses, int maxFanIn, double meanFanIn, int maxFanOut, double meanFanOut)
{
    static SynapseStats of(final long synapses, final int maxFanIn, final int maxFanOut, final Shape pre,
        final Shape post)
    {
        return new SynapseStats(synapses, maxFanIn, (double)synapses / post.size(), maxFanOut,
            (double)synapses / pre.size());
    }
}
