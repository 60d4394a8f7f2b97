package org.nmsim.learning.sfdfa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Grades and errors in 8, 16 and 24-bit graded payloads. */
class GradeCodecTest
{
    @ParameterizedTest
    @ValueSource(ints = {8, 16, 24})
    void shouldRoundGradesToHalfAnLsbAndSaturate(final int bits)
    {
        final GradeCodec c = new GradeCodec(bits, 5);
        final double lsb = Math.scalb(1.0, -(bits - 1 - 5));
        for (final double d : new double[] {0.0, 0.3, -1.77, 12.345, -31.9})
        {
            final long payload = c.encodeGrade(d);
            assertEquals(0L, payload >>> bits, "payload fits " + bits + " bits");
            assertEquals(d, c.decodeGrade(payload), lsb / 2, "grade " + d);
        }
        assertEquals(32.0 - lsb, c.decodeGrade(c.encodeGrade(1e6)), 0.0, "saturates high");
        assertEquals(-32.0, c.decodeGrade(c.encodeGrade(-1e6)), 0.0, "saturates low");
        assertEquals(-7.0, c.decodeError(c.encodeError(-7.0)), 0.0, "errors are integers");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, -3.25e-7, 42.0})
    void shouldCarryFloat64BitsWithZeroPayloadBits(final double d)
    {
        final GradeCodec c = new GradeCodec(0, 5);
        assertEquals(d, c.decodeGrade(c.encodeGrade(d)), 0.0);
    }
}
