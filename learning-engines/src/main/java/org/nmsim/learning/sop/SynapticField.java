package org.nmsim.learning.sop;

/**
 * A synaptic variable the engine can change (weight, delay or tag) with its declared width, and the position of
 * its integer part in the 16-bit learning accumulator.
 *
 * <p>The accumulator is 16-bit signed ({@code W_ACCUMULATOR_S = 16} in Lava {@code src/lava/magma/core/learning/
 * constants.py}). A variable of signed width {@code s} ({@code bits} if signed, {@code bits + 1} if unsigned)
 * enters it shifted left by {@code 16 - s}, so its LSB is {@code 2^(16 - s)} accumulator units and the
 * accumulator holds {@code 16 - s} fraction bits below it (7 for Loihi's 9-bit signed weights, Lava's
 * {@code W_ACCUMULATOR_S - W_SYN_VAR_S}).
 *
 * @param name   the variable's name for messages ({@code "weight"}).
 * @param bits   declared width: 2..9 if signed, 1..8 if unsigned (HARDWARE.md: learning weight field 9 bit signed).
 * @param signed two's complement {@code [-2^(bits-1), 2^(bits-1) - 1]} if true, else {@code [0, 2^bits - 1]}.
 */
public record SynapticField(String name, int bits, boolean signed)
{
    /** Width of the learning accumulator. */
    public static final int ACCUMULATOR_BITS = 16;

    /**
     * @throws IllegalArgumentException when the width does not fit the 16-bit accumulator with 7 fraction bits.
     */
    public SynapticField
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("synaptic field name=" + name + " must be non-blank");
        }
        final int lo = signed ? 2 : 1;
        final int hi = signed ? 9 : 8;
        if (bits < lo || bits > hi)
        {
            throw new IllegalArgumentException(name + " bits=" + bits + " signed=" + signed + " out of range [" + lo
                + ", " + hi + "] (the 16-bit learning accumulator keeps at least 7 fraction bits)");
        }
    }

    /** @return Loihi's learning weight field: 9 bits, signed (HARDWARE.md). */
    public static SynapticField loihiWeight()
    {
        return new SynapticField("weight", 9, true);
    }

    /** @return smallest value. */
    public int min()
    {
        return signed ? -(1 << (bits - 1)) : 0;
    }

    /** @return largest value. */
    public int max()
    {
        return signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    }

    /** @return fraction bits of the accumulator below this field's LSB: {@code 16 - signed width}. */
    public int fractionBits()
    {
        return ACCUMULATOR_BITS - (signed ? bits : bits + 1);
    }

    /**
     * @param value a value.
     * @return the value clamped to {@code [min, max]}.
     */
    public long saturate(final long value)
    {
        return Math.max(min(), Math.min(max(), value));
    }
}
