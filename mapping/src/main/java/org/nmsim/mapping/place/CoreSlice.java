package org.nmsim.mapping.place;

/**
 * One logical core: a contiguous slice of one population (a core never holds two populations).
 *
 * @param core       logical core id, in population order.
 * @param population the population.
 * @param lo         first neuron.
 * @param hi         one past the last neuron.
 */
public record CoreSlice(int core, String population, int lo, int hi)
{
    /** @return neurons on the core. */
    public int neurons()
    {
        return hi - lo;
    }
}
