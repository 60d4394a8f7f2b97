package org.nmsim.learning;

/**
 * The bits each kind of on-chip state occupies in synaptic memory, charged by the partitioner. In float64
 * ("ideal") mode the arithmetic is float64 but memory is still charged at these declared widths: they describe
 * what the chip version stores, which is what a feasibility answer is about.
 *
 * @param weightBits   bits per forward weight.
 * @param gradientBits bits per per-synapse gradient accumulator (OTTT_A sums over the sample; Loihi would use
 *                     the synaptic tag).
 * @param traceBits    bits per presynaptic trace.
 * @param feedbackBits bits per feedback weight (B for DFA, M for FGT).
 */
public record StorageFormats(int weightBits, int gradientBits, int traceBits, int feedbackBits)
{
    /** Validates each width. */
    public StorageFormats
    {
        check("weightBits", weightBits);
        check("gradientBits", gradientBits);
        check("traceBits", traceBits);
        check("feedbackBits", feedbackBits);
    }

    /** @return 8-bit weights, 16-bit gradient accumulators, traces and feedback weights. */
    public static StorageFormats defaults()
    {
        return new StorageFormats(8, 16, 16, 16);
    }

    private static void check(final String name, final int bits)
    {
        if (bits < 1 || bits > 64)
        {
            throw new IllegalArgumentException(name + "=" + bits + " must be in [1, 64]");
        }
    }
}
