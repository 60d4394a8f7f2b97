package org.nmsim.chip.memory;

/**
 * What one synapse stores besides its position: a weight and optional delay and tag fields.
 *
 * @param weight    the weight format.
 * @param delayBits bits of the per-synapse delay, 0 if none (Loihi: 6; HARDWARE.md).
 * @param tagBits   bits of the per-synapse tag, 0 if none (Loihi: 9; HARDWARE.md).
 */
public record SynapseEncoding(WeightFormat weight, int delayBits, int tagBits)
{
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if a width is negative or the weight format is missing.
     */
    public SynapseEncoding
    {
        if (weight == null)
        {
            throw new IllegalArgumentException("synapse encoding: weight format must be given");
        }
        if (delayBits < 0 || tagBits < 0)
        {
            throw new IllegalArgumentException("synapse encoding: delayBits=" + delayBits + " tagBits=" + tagBits
                + " must be >= 0");
        }
    }

    /**
     * @param weight the weight format.
     * @return an encoding with weights only.
     */
    public static SynapseEncoding weightsOnly(final WeightFormat weight)
    {
        return new SynapseEncoding(weight, 0, 0);
    }

    /** @return bits per synapse excluding any index: weight + delay + tag. */
    public int valueBits()
    {
        return weight.bits() + delayBits + tagBits;
    }
}
