package org.nmsim.chip.numeric;

import org.nmsim.kernel.SplitMix64;

/**
 * An explicit binary fixed-point format: a raw integer of {@code totalBits} bits (two's complement when
 * {@code signed}) that stands for {@code raw * 2^-fractionalBits}, with the rounding used whenever a result has
 * more fractional bits than the format and the overflow rule used whenever it leaves the range.
 *
 * <p>Signed {@code sI.F} formats have {@code totalBits = 1 + I + F} (e.g. SpiNNaker's {@code accum} is s16.15,
 * 32 bits); unsigned {@code uI.F} have {@code totalBits = I + F}. Signed formats hold at most 32 bits and
 * unsigned at most 31, so that the exact product of two raw values fits in a {@code long}.
 *
 * <p>Threading: immutable; safe to share. Stochastic rounding draws from the caller's stream (one per core),
 * never from a shared one.
 *
 * @param totalBits      bits of the raw value, sign included: [1, 32] signed, [1, 31] unsigned.
 * @param fractionalBits bits right of the binary point: [0, totalBits].
 * @param signed         two's complement when true.
 * @param rounding       rounding of results with excess fractional bits (and of {@link #quantize}).
 * @param overflow       wrap or saturate on results outside [{@link #minRaw()}, {@link #maxRaw()}].
 */
public record FixedPointFormat(int totalBits, int fractionalBits, boolean signed, Rounding rounding,
    Overflow overflow) implements NumberFormat
{
    /** Largest magnitude of a scaled double that {@link #quantize} converts (beyond it a long could overflow). */
    private static final double MAX_SCALED = 0x1.0p62;
    /**
     * {@code 2^n} and {@code 2^-n} for every fractional width n in [0, 32]. Multiplying by an exact power of two is
     * what {@link Math#scalb} does for such small n (one multiply, correctly rounded), without its call.
     */
    private static final double[] POW2 = new double[33];
    private static final double[] POW2_NEG = new double[33];

    static
    {
        for (int n = 0; n <= 32; n++)
        {
            POW2[n] = Math.scalb(1.0, n);
            POW2_NEG[n] = Math.scalb(1.0, -n);
        }
    }

    /**
     * Validates the format.
     *
     * @throws IllegalArgumentException naming the parameter, its value and the allowed range.
     */
    public FixedPointFormat
    {
        final int maxBits = signed ? 32 : 31;
        if (totalBits < 1 || totalBits > maxBits)
        {
            throw new IllegalArgumentException("totalBits=" + totalBits + " out of range [1, " + maxBits + "] (" +
                (signed ? "signed" : "unsigned") + " fixed point; the raw product must fit in 64 bits)");
        }
        if (fractionalBits < 0 || fractionalBits > totalBits)
        {
            throw new IllegalArgumentException("fractionalBits=" + fractionalBits + " out of range [0, " +
                totalBits + "] (totalBits=" + totalBits + ")");
        }
        if (rounding == null || overflow == null)
        {
            throw new IllegalArgumentException("rounding=" + rounding + ", overflow=" + overflow +
                " must both be non-null");
        }
    }

    /**
     * SpiNNaker's {@code accum} (ISO/IEC TR 18037 signed 16.15 as compiled by GCC for the ARM968): 32 bits,
     * 15 fractional, with the given rounding and overflow.
     *
     * @param rounding rounding of products and conversions.
     * @param overflow overflow rule.
     * @return the s16.15 format.
     */
    public static FixedPointFormat s16dot15(final Rounding rounding, final Overflow overflow)
    {
        return new FixedPointFormat(32, 15, true, rounding, overflow);
    }

    /** @return the smallest raw value. */
    public long minRaw()
    {
        return signed ? -(1L << (totalBits - 1)) : 0L;
    }

    /** @return the largest raw value. */
    public long maxRaw()
    {
        return signed ? (1L << (totalBits - 1)) - 1 : (1L << totalBits) - 1;
    }

    /** @return the value of one least significant bit, {@code 2^-fractionalBits}. */
    public double resolution()
    {
        return Math.scalb(1.0, -fractionalBits);
    }

    /**
     * @param raw a raw value.
     * @return true when {@code raw} is in [{@link #minRaw()}, {@link #maxRaw()}].
     */
    public boolean inRange(final long raw)
    {
        return raw >= minRaw() && raw <= maxRaw();
    }

    /**
     * @param name parameter name for the message.
     * @param raw  the raw value to check.
     * @return {@code raw}.
     * @throws IllegalArgumentException when {@code raw} is outside the format's range (never clipped).
     */
    public long checkRaw(final String name, final long raw)
    {
        if (!inRange(raw))
        {
            throw new IllegalArgumentException(name + "=" + raw + " out of range [" + minRaw() + ", " + maxRaw() +
                "] (" + describe() + ")");
        }
        return raw;
    }

    /**
     * Applies the overflow rule to an exact integer result.
     *
     * @param raw an exact result, any long.
     * @return the raw value this format stores.
     */
    public long overflowRaw(final long raw)
    {
        if (overflow == Overflow.SATURATE)
        {
            return Math.max(minRaw(), Math.min(maxRaw(), raw));
        }
        final int unused = 64 - totalBits;
        return signed ? (raw << unused) >> unused : raw & ((1L << totalBits) - 1);
    }

    /**
     * Converts a double to this format's raw integer: scale by {@code 2^fractionalBits}, round, overflow.
     *
     * @param x   a finite value.
     * @param rng the core's stream, required under {@link Rounding#STOCHASTIC}.
     * @return the raw value.
     * @throws IllegalArgumentException when {@code x} is not finite, or too large to wrap exactly (|x * 2^F| >
     *                                  2^62 with {@link Overflow#WRAP}).
     */
    public long toRaw(final double x, final SplitMix64 rng)
    {
        if (!Double.isFinite(x))
        {
            throw new IllegalArgumentException("x=" + x + " is not finite (" + describe() + ")");
        }
        final double scaled = x * POW2[fractionalBits];
        if (Math.abs(scaled) > MAX_SCALED)
        {
            if (overflow == Overflow.SATURATE)
            {
                return scaled > 0 ? maxRaw() : minRaw();
            }
            throw new IllegalArgumentException("x=" + x + " out of range [-2^62, 2^62] LSBs; cannot wrap exactly (" +
                describe() + ")");
        }
        final double rounded;
        switch (rounding)
        {
            case TOWARD_ZERO:
                rounded = scaled < 0 ? Math.ceil(scaled) : Math.floor(scaled);
                break;
            case FLOOR:
                rounded = Math.floor(scaled);
                break;
            case NEAREST_EVEN:
                rounded = Math.rint(scaled);
                break;
            case NEAREST_HALF_UP:
                rounded = Math.floor(scaled + 0.5);
                break;
            case STOCHASTIC:
            {
                // (long)(floor + 1.0) == (long)floor + 1 here (|floor| <= 2^62, and scaled - floor == 0 where doubles
                // are integers); adding roundsUp's 0 or 1 avoids a branch on a random draw (mispredicted half the time)
                final double floor = Math.floor(scaled);
                return overflowRaw((long)floor + roundsUp(stream(rng).nextDouble(), scaled - floor));
            }
            default:
                throw new IllegalStateException("rounding=" + rounding);
        }
        return overflowRaw((long)rounded);
    }

    /**
     * Stochastic rounding's decision without a branch: {@code draw < fraction ? 1 : 0}, computed as the sign bit of
     * {@code draw - fraction}. For finite doubles that is the same: with gradual underflow a difference is zero only
     * when the operands are equal (and then it is +0.0), and rounding never changes the sign of a nonzero one.
     *
     * @param draw     a uniform draw in [0, 1).
     * @param fraction the part of the scaled value below its floor, in [0, 1).
     * @return 1 when {@code draw < fraction}, else 0.
     */
    public static long roundsUp(final double draw, final double fraction)
    {
        return Double.doubleToRawLongBits(draw - fraction) >>> 63;
    }

    /**
     * @param raw a raw value of this format.
     * @return its value, {@code raw * 2^-fractionalBits} (exact).
     */
    public double toDouble(final long raw)
    {
        return (double)raw * POW2_NEG[fractionalBits];
    }

    /**
     * @param a raw operand.
     * @param b raw operand.
     * @return raw {@code a + b} with this format's overflow rule (no rounding is needed).
     */
    public long addRaw(final long a, final long b)
    {
        return overflowRaw(a + b);
    }

    /**
     * @param a   raw operand.
     * @param b   raw operand.
     * @param rng the core's stream, required under {@link Rounding#STOCHASTIC}.
     * @return raw {@code a * b}: the exact product has {@code 2F} fractional bits; it is shifted right by
     *         {@code F} with this format's rounding, then overflowed.
     */
    public long mulRaw(final long a, final long b, final SplitMix64 rng)
    {
        return overflowRaw(shiftRight(a * b, fractionalBits, rounding, rng));
    }

    /**
     * Divides an exact integer by {@code 2^shift} with the given rounding (the primitive behind every fixed-point
     * product and rescale).
     *
     * @param x        exact value.
     * @param shift    bits to drop, [0, 62].
     * @param rounding rounding rule.
     * @param rng      stream for {@link Rounding#STOCHASTIC}.
     * @return the rounded quotient.
     */
    public static long shiftRight(final long x, final int shift, final Rounding rounding, final SplitMix64 rng)
    {
        if (shift < 0 || shift > 62)
        {
            throw new IllegalArgumentException("shift=" + shift + " out of range [0, 62]");
        }
        if (shift == 0)
        {
            return x;
        }
        final long floor = x >> shift;
        final long remainder = x - (floor << shift);
        switch (rounding)
        {
            case FLOOR:
                return floor;
            case TOWARD_ZERO:
                return x < 0 && remainder != 0 ? floor + 1 : floor;
            case NEAREST_EVEN:
            {
                final long half = 1L << (shift - 1);
                if (remainder > half || (remainder == half && (floor & 1) != 0))
                {
                    return floor + 1;
                }
                return floor;
            }
            case NEAREST_HALF_UP:
                return (x + (1L << (shift - 1))) >> shift;
            case STOCHASTIC:
            {
                final long draw = stream(rng).nextLong() >>> (64 - shift);
                return draw < remainder ? floor + 1 : floor;
            }
            default:
                throw new IllegalStateException("rounding=" + rounding);
        }
    }

    @Override
    public double quantize(final double x, final SplitMix64 rng)
    {
        return toDouble(toRaw(x, rng));
    }

    @Override
    public double add(final double a, final double b, final SplitMix64 rng)
    {
        return toDouble(addRaw(toRaw(a, rng), toRaw(b, rng)));
    }

    @Override
    public double sub(final double a, final double b, final SplitMix64 rng)
    {
        return toDouble(overflowRaw(toRaw(a, rng) - toRaw(b, rng)));
    }

    @Override
    public double mul(final double a, final double b, final SplitMix64 rng)
    {
        return toDouble(mulRaw(toRaw(a, rng), toRaw(b, rng), rng));
    }

    @Override
    public boolean isIdeal()
    {
        return false;
    }

    @Override
    public String describe()
    {
        final int integerBits = totalBits - fractionalBits - (signed ? 1 : 0);
        return (signed ? "s" : "u") + integerBits + "." + fractionalBits + " " + rounding + " " + overflow;
    }

    private static SplitMix64 stream(final SplitMix64 rng)
    {
        if (rng == null)
        {
            throw new IllegalArgumentException("rng=null but rounding=STOCHASTIC needs the core's SplitMix64 stream");
        }
        return rng;
    }
}
