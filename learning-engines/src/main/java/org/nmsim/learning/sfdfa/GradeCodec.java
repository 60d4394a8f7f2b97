package org.nmsim.learning.sfdfa;

import org.nmsim.chip.message.GradedPayload;
import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;

/**
 * How grades and output errors travel in a graded payload. With 0 payload bits (float64 mode) the payload is the
 * value's IEEE-754 bits. With N bits a grade is a signed fixed-point number {@code s I.F}, {@code F = N - 1 - I},
 * rounded to nearest and saturated, and an error {@code delta = y - n} is a signed N-bit integer, both in the
 * two's-complement field of {@link GradedPayload}.
 *
 * <p>Immutable and thread safe.
 */
final class GradeCodec
{
    private final int bits;
    private final FixedPointFormat grade;
    private final FixedPointFormat error;

    /**
     * @param bits    payload bits, 0 for float64.
     * @param intBits integer bits of a grade (without sign).
     */
    GradeCodec(final int bits, final int intBits)
    {
        this.bits = bits;
        this.grade = bits == 0 ? null : new FixedPointFormat(bits, bits - 1 - intBits, true, Rounding.NEAREST_EVEN,
            Overflow.SATURATE);
        this.error = bits == 0 ? null : new FixedPointFormat(bits, 0, true, Rounding.NEAREST_EVEN,
            Overflow.SATURATE);
    }

    long encodeGrade(final double d)
    {
        return bits == 0 ? Double.doubleToRawLongBits(d) :
            GradedPayload.encode(grade.toRaw(d, null), bits, org.nmsim.chip.message.Overflow.SATURATE);
    }

    double decodeGrade(final long payload)
    {
        return bits == 0 ? Double.longBitsToDouble(payload) : grade.toDouble(GradedPayload.decode(payload, bits));
    }

    long encodeError(final double e)
    {
        return bits == 0 ? Double.doubleToRawLongBits(e) :
            GradedPayload.encode(error.toRaw(e, null), bits, org.nmsim.chip.message.Overflow.SATURATE);
    }

    double decodeError(final long payload)
    {
        return bits == 0 ? Double.longBitsToDouble(payload) : error.toDouble(GradedPayload.decode(payload, bits));
    }

    /** @return e.g. {@code float64} or {@code grade s5.10, error s15.0 (16-bit payload)}. */
    String describe()
    {
        return bits == 0 ? "float64" : "grade " + grade.describe() + ", error " + error.describe() + " (" + bits +
            "-bit payload)";
    }
}
