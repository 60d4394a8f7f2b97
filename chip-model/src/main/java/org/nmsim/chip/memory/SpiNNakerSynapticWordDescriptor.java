package org.nmsim.chip.memory;

/**
 * Layout of a SpiNNaker 1 synaptic word (HARDWARE.md, SpiNNaker 1: "Synaptic word: 32 bit = weight (16) | delay
 * (4) | type | target index (8)"). The type field takes the remaining 4 bits (derived: 32 - 16 - 4 - 8); reading
 * the fields from the most significant bit down is an assumption (HARDWARE.md lists them in this order). In a row
 * of the synaptic matrix every synapse costs one such word, so a SpiNNaker row of {@code n} synapses costs
 * {@code 32 n} bits (row headers not counted).
 *
 * <pre>
 *    31                          16 15     12 11      8 7              0
 *   +------------------------------+---------+---------+----------------+
 *   |       weight (16, u)         | delay(4)| type(4) | target idx (8) |
 *   +------------------------------+---------+---------+----------------+
 * </pre>
 *
 * <p>Threading: stateless, thread safe.
 */
public final class SpiNNakerSynapticWordDescriptor
{
    /** Bits per synapse. */
    public static final int SIZE_BITS = 32;
    /** Bit offset of the weight. */
    public static final int WEIGHT_OFFSET = 16;
    /** Bit offset of the delay. */
    public static final int DELAY_OFFSET = 12;
    /** Bit offset of the synapse type. */
    public static final int TYPE_OFFSET = 8;
    /** Width of the weight field. */
    public static final int WEIGHT_BITS = 16;
    /** Width of the delay field. */
    public static final int DELAY_BITS = 4;
    /** Width of the type field (derived). */
    public static final int TYPE_BITS = 4;
    /** Width of the target index field. */
    public static final int INDEX_BITS = 8;

    private SpiNNakerSynapticWordDescriptor()
    {
    }

    /**
     * @param weight unsigned weight, 0..65535.
     * @param delay  delay, 0..15.
     * @param type   synapse type (e.g. excitatory, inhibitory), 0..15.
     * @param index  target neuron index in the core, 0..255.
     * @return the word.
     * @throws IllegalArgumentException naming the field that does not fit.
     */
    public static int encode(final int weight, final int delay, final int type, final int index)
    {
        check("weight", weight, WEIGHT_BITS);
        check("delay", delay, DELAY_BITS);
        check("type", type, TYPE_BITS);
        check("index", index, INDEX_BITS);
        return weight << WEIGHT_OFFSET | delay << DELAY_OFFSET | type << TYPE_OFFSET | index;
    }

    /**
     * @param word a synaptic word.
     * @return the weight.
     */
    public static int weight(final int word)
    {
        return word >>> WEIGHT_OFFSET;
    }

    /**
     * @param word a synaptic word.
     * @return the delay.
     */
    public static int delay(final int word)
    {
        return (word >>> DELAY_OFFSET) & ((1 << DELAY_BITS) - 1);
    }

    /**
     * @param word a synaptic word.
     * @return the synapse type.
     */
    public static int type(final int word)
    {
        return (word >>> TYPE_OFFSET) & ((1 << TYPE_BITS) - 1);
    }

    /**
     * @param word a synaptic word.
     * @return the target index.
     */
    public static int index(final int word)
    {
        return word & ((1 << INDEX_BITS) - 1);
    }

    private static void check(final String name, final int v, final int bits)
    {
        if (v < 0 || v >= 1 << bits)
        {
            throw new IllegalArgumentException("SpiNNaker synaptic word: " + name + "=" + v + " exceeds " + bits
                + "-bit unsigned field range [0," + ((1 << bits) - 1) + "]");
        }
    }
}
