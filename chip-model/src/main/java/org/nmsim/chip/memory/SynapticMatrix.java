package org.nmsim.chip.memory;

/**
 * The weights of one projection held in one core's synaptic memory: rows are presynaptic axons (input lines of
 * the core), columns are postsynaptic compartments of the core.
 *
 * <p>Threading: NOT thread safe; owned by the worker that owns the core.
 */
public interface SynapticMatrix
{
    /** @return presynaptic axons. */
    int rows();

    /** @return postsynaptic compartments. */
    int cols();

    /** @return stored synapses (every cell for a dense matrix). */
    long storedSynapses();

    /** @return the synapse encoding. */
    SynapseEncoding encoding();

    /** @return bits this matrix occupies in the core's synaptic memory (see {@link SynapticFormats}). */
    long storageBits();

    /**
     * @param row presynaptic axon.
     * @param col postsynaptic compartment.
     * @return the weight, 0 if the synapse is not stored.
     */
    int weight(int row, int col);

    /**
     * The hot loop: a spike arrived on {@code row}; add each of its weights to the dendritic accumulator of its
     * postsynaptic compartment.
     *
     * @param row         presynaptic axon.
     * @param accumulator one int per compartment, indexed by column; at least {@link #cols()} long.
     * @return the number of synaptic operations performed (stored synapses of the row), for the counters.
     */
    int fanOut(int row, int[] accumulator);

    /**
     * Like {@link #fanOut(int, int[])} for a signed or graded message: adds {@code payload * weight}.
     *
     * @param row         presynaptic axon.
     * @param payload     the multiplier (+1/-1 for a signed spike, the value for a graded spike).
     * @param accumulator one int per compartment.
     * @return the number of synaptic operations performed.
     */
    int fanOut(int row, int payload, int[] accumulator);
}
