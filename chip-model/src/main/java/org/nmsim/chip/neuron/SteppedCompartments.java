package org.nmsim.chip.neuron;

/**
 * A compartment group stepped on a discrete time grid with one real-valued input per compartment and step.
 *
 * <p>Threading: NOT thread safe; the group belongs to one core and is stepped by the core's worker.
 */
public interface SteppedCompartments extends CompartmentGroup
{
    /**
     * Advances every compartment by one step.
     *
     * @param input  per-compartment input of this step (length at least {@link #size()}), already in the model's
     *               units (a weight sum of arriving spikes, or a current).
     * @param spikes caller-owned bitset ({@link SpikeBits}); cleared, then set for each compartment that spiked.
     * @param counts caller-owned counts that this step adds to.
     */
    void step(double[] input, long[] spikes, UpdateCounts counts);
}
