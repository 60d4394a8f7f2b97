package org.nmsim.mapping.net;

/**
 * The storage format of a projection's weights.
 *
 * @param bits   bits per weight, 1..32.
 * @param signed whether the weights are two's-complement signed.
 */
public record WeightFormat(int bits, boolean signed)
{
    /** Eight-bit signed weights (Loihi's widest synaptic weight). */
    public static final WeightFormat SIGNED_8 = new WeightFormat(8, true);

    /** Validates the bit width. */
    public WeightFormat
    {
        if (bits < 1 || bits > 32)
        {
            throw new NetworkException("weight format bits=" + bits + " must be in 1..32");
        }
    }

    @Override
    public String toString()
    {
        return (signed ? "s" : "u") + bits;
    }
}
