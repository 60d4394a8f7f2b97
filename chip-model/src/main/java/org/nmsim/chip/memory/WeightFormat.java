package org.nmsim.chip.memory;

/**
 * The integer format of stored weights: a declared bit width, signed (two's complement) or unsigned.
 *
 * @param bits   bits per weight, 1..16 (Loihi allows 1 to 9, SpiNNaker uses 16; HARDWARE.md).
 * @param signed whether the weights are signed.
 */
public record WeightFormat(int bits, boolean signed)
{
    /** Widest weight the packed storage holds (a {@code short} per weight). */
    public static final int MAX_BITS = 16;

    /**
     * Validates the width.
     *
     * @throws IllegalArgumentException if {@code bits} is outside 1..16.
     */
    public WeightFormat
    {
        if (bits < 1 || bits > MAX_BITS)
        {
            throw new IllegalArgumentException("weightBits=" + bits + " must lie in [1," + MAX_BITS + "]");
        }
    }

    /** @return the smallest representable weight. */
    public int min()
    {
        return signed ? -(1 << (bits - 1)) : 0;
    }

    /** @return the largest representable weight. */
    public int max()
    {
        return signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    }

    /**
     * @param weight a weight.
     * @param coreId the core, for the message.
     * @param owner  the owner label, for the message (e.g. {@code "projection fc1"}).
     * @return {@code weight} if it is representable.
     * @throws IllegalArgumentException naming the weight, the format, its range, the core and the owner otherwise.
     */
    public int check(final int weight, final int coreId, final String owner)
    {
        if (weight < min() || weight > max())
        {
            throw new IllegalArgumentException("weight=" + weight + " exceeds weightBits=" + bits + " "
                + (signed ? "signed" : "unsigned") + " range [" + min() + "," + max() + "] (core " + coreId + ", "
                + owner + ")");
        }
        return weight;
    }
}
