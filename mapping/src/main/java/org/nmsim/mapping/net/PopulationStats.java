package org.nmsim.mapping.net;

/**
 * Per-population totals over all projections into and out of it.
 *
 * @param population     the population's name.
 * @param neurons        its size.
 * @param synapsesIn     synapses of all projections into it.
 * @param synapsesOut    synapses of all projections out of it.
 * @param meanFanIn      synapsesIn / neurons.
 * @param meanFanOut     synapsesOut / neurons.
 * @param maxFanInBound  sum over incoming projections of their max fan-in: an upper bound on one neuron's total
 *                       fan-in, exact when there is one incoming projection.
 * @param maxFanOutBound sum over outgoing projections of their max fan-out, an upper bound in the same way.
 */
public record PopulationStats(String population, int neurons, long synapsesIn, long synapsesOut, double meanFanIn,
    double meanFanOut, long maxFanInBound, long maxFanOutBound)
{
}
