package org.nmsim.chip.neuron;

/**
 * Helpers for the caller-owned spike bitset that compartment groups report into: bit {@code i % 64} of word
 * {@code i / 64} is set when compartment {@code i} spiked in the step.
 *
 * <p>Threading: stateless; the arrays belong to the caller.
 */
public final class SpikeBits
{
    private SpikeBits()
    {
    }

    /**
     * @param compartments number of compartments.
     * @return a bitset large enough for them.
     */
    public static long[] allocate(final int compartments)
    {
        return new long[words(compartments)];
    }

    /**
     * @param compartments number of compartments.
     * @return number of 64-bit words needed.
     */
    public static int words(final int compartments)
    {
        return (compartments + 63) >>> 6;
    }

    /**
     * @param bits bitset.
     * @param i    compartment index.
     * @return true when compartment {@code i} spiked.
     */
    public static boolean isSet(final long[] bits, final int i)
    {
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    /**
     * @param bits bitset.
     * @param i    compartment index to mark.
     */
    public static void set(final long[] bits, final int i)
    {
        bits[i >>> 6] |= 1L << i;
    }

    /**
     * Clears the words that cover {@code compartments} compartments.
     *
     * @param bits         bitset.
     * @param compartments number of compartments; the bitset must hold at least this many bits.
     */
    public static void clear(final long[] bits, final int compartments)
    {
        final int words = words(compartments);
        if (bits.length < words)
        {
            throw new IllegalArgumentException("spikes.length=" + bits.length + " words too short for " +
                compartments + " compartments (need " + words + ")");
        }
        java.util.Arrays.fill(bits, 0, words, 0L);
    }
}
