package org.nmsim.chip.message;

/**
 * Encoding of graded-spike payloads: a signed integer in two's complement in a declared bit width.
 *
 * <pre>
 *   payload field of width N (N in 1..32), stored in the low N bits of a long, upper bits zero:
 *
 *    N-1  N-2                          0
 *   +----+-----------------------------+
 *   |sign|        magnitude bits       |     value range [-2^(N-1), 2^(N-1) - 1]
 *   +----+-----------------------------+
 * </pre>
 *
 * <p>Threading: stateless, thread safe.
 */
public final class GradedPayload
{
    /** Widest payload supported (a SpiNNaker 72-bit packet carries 32 payload bits). */
    public static final int MAX_BITS = 32;

    private GradedPayload()
    {
    }

    /**
     * @param bits payload width.
     * @return the smallest value a signed payload of {@code bits} can hold.
     */
    public static long minValue(final int bits)
    {
        checkBits(bits);
        return -(1L << (bits - 1));
    }

    /**
     * @param bits payload width.
     * @return the largest value a signed payload of {@code bits} can hold.
     */
    public static long maxValue(final int bits)
    {
        checkBits(bits);
        return (1L << (bits - 1)) - 1;
    }

    /**
     * Encodes a signed value into an N-bit two's complement field.
     *
     * @param value    the value.
     * @param bits     the payload width, 1..32.
     * @param overflow what to do if {@code value} is out of range.
     * @return the field in the low {@code bits} bits.
     * @throws ArithmeticException if {@code value} is out of range and {@code overflow} is {@link Overflow#ERROR}.
     */
    public static long encode(final long value, final int bits, final Overflow overflow)
    {
        final long min = minValue(bits);
        final long max = maxValue(bits);
        long v = value;
        if (v < min || v > max)
        {
            if (overflow == Overflow.ERROR)
            {
                throw new ArithmeticException("graded payload value=" + value + " exceeds payloadBits=" + bits
                    + " signed range [" + min + "," + max + "]");
            }
            v = v < min ? min : max;
        }
        return v & mask(bits);
    }

    /**
     * Decodes an N-bit two's complement field (bits above {@code bits} are ignored).
     *
     * @param field the field in the low {@code bits} bits.
     * @param bits  the payload width, 1..32.
     * @return the signed value.
     */
    public static long decode(final long field, final int bits)
    {
        checkBits(bits);
        final int shift = 64 - bits;
        return (field << shift) >> shift;
    }

    private static long mask(final int bits)
    {
        return (1L << bits) - 1;
    }

    private static void checkBits(final int bits)
    {
        if (bits < 1 || bits > MAX_BITS)
        {
            throw new IllegalArgumentException("payloadBits=" + bits + " must lie in [1," + MAX_BITS + "]");
        }
    }
}
