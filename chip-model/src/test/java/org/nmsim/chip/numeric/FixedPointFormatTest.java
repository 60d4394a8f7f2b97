package org.nmsim.chip.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nmsim.kernel.SplitMix64;

class FixedPointFormatTest
{
    private static final FixedPointFormat S8_WRAP = new FixedPointFormat(8, 0, true, Rounding.FLOOR, Overflow.WRAP);
    private static final FixedPointFormat S8_SAT =
        new FixedPointFormat(8, 0, true, Rounding.FLOOR, Overflow.SATURATE);

    private static FixedPointFormat q4(final Rounding rounding)
    {
        return new FixedPointFormat(16, 4, true, rounding, Overflow.SATURATE);
    }

    @Test
    void shouldWrapTwosComplementAtBothEdges()
    {
        assertEquals(-128, S8_WRAP.addRaw(127, 1));
        assertEquals(127, S8_WRAP.addRaw(-128, -1));
        assertEquals(0, S8_WRAP.overflowRaw(256));
        assertEquals(-1, S8_WRAP.overflowRaw(255));
        final FixedPointFormat u8 = new FixedPointFormat(8, 0, false, Rounding.FLOOR, Overflow.WRAP);
        assertEquals(0, u8.addRaw(255, 1));
        assertEquals(255, u8.addRaw(0, -1));
    }

    @Test
    void shouldSaturateAtBothEdges()
    {
        assertEquals(127, S8_SAT.addRaw(127, 1));
        assertEquals(-128, S8_SAT.addRaw(-128, -1));
        assertEquals(127, S8_SAT.mulRaw(100, 100, null));
        assertEquals(-128, S8_SAT.mulRaw(-100, 100, null));
        assertEquals(127.0, S8_SAT.quantize(1e30, null));
        assertEquals(-128.0, S8_SAT.quantize(-1e30, null));
    }

    @Test
    void shouldReportRangeOfSignedAndUnsignedFormats()
    {
        final FixedPointFormat s1615 = FixedPointFormat.s16dot15(Rounding.FLOOR, Overflow.WRAP);
        assertEquals(Integer.MIN_VALUE, s1615.minRaw());
        assertEquals(Integer.MAX_VALUE, s1615.maxRaw());
        assertEquals(0x1.0p-15, s1615.resolution());
        assertEquals("s16.15 FLOOR WRAP", s1615.describe());
        assertThrows(IllegalArgumentException.class, () -> S8_WRAP.checkRaw("w", 128));
        assertEquals(-128, S8_WRAP.checkRaw("w", -128));
    }

    @Test
    void shouldTruncateTowardZero()
    {
        final FixedPointFormat f = q4(Rounding.TOWARD_ZERO);
        // 1/16 resolution: 0.1 * 16 = 1.6 -> 1; -0.1 * 16 = -1.6 -> -1
        assertEquals(1, f.toRaw(0.1, null));
        assertEquals(-1, f.toRaw(-0.1, null));
        assertEquals(0, FixedPointFormat.shiftRight(-7, 3, Rounding.TOWARD_ZERO, null));
        assertEquals(-1, FixedPointFormat.shiftRight(-9, 3, Rounding.TOWARD_ZERO, null));
        assertEquals(0, FixedPointFormat.shiftRight(7, 3, Rounding.TOWARD_ZERO, null));
        assertEquals(-1, FixedPointFormat.shiftRight(-8, 3, Rounding.TOWARD_ZERO, null));
    }

    @Test
    void shouldFloorTowardNegativeInfinity()
    {
        final FixedPointFormat f = q4(Rounding.FLOOR);
        assertEquals(1, f.toRaw(0.1, null));
        assertEquals(-2, f.toRaw(-0.1, null));
        assertEquals(-1, FixedPointFormat.shiftRight(-7, 3, Rounding.FLOOR, null));
        assertEquals(-1, FixedPointFormat.shiftRight(-1, 3, Rounding.FLOOR, null));
    }

    @Test
    void shouldRoundToNearestWithTiesToEven()
    {
        final FixedPointFormat f = q4(Rounding.NEAREST_EVEN);
        assertEquals(2, f.toRaw(0.1, null));              // 1.6 -> 2
        assertEquals(-2, f.toRaw(-0.1, null));            // -1.6 -> -2
        assertEquals(2, f.toRaw(2.5 / 16, null));         // tie 2.5 -> 2
        assertEquals(4, f.toRaw(3.5 / 16, null));         // tie 3.5 -> 4
        assertEquals(-2, f.toRaw(-2.5 / 16, null));       // tie -2.5 -> -2
        assertEquals(2, FixedPointFormat.shiftRight(10, 2, Rounding.NEAREST_EVEN, null)); // 2.5 -> 2
        assertEquals(4, FixedPointFormat.shiftRight(14, 2, Rounding.NEAREST_EVEN, null)); // 3.5 -> 4
        assertEquals(-2, FixedPointFormat.shiftRight(-10, 2, Rounding.NEAREST_EVEN, null)); // -2.5 -> -2
        assertEquals(3, FixedPointFormat.shiftRight(11, 2, Rounding.NEAREST_EVEN, null)); // 2.75 -> 3
    }

    @Test
    void shouldRoundToNearestWithTiesUp()
    {
        final FixedPointFormat f = q4(Rounding.NEAREST_HALF_UP);
        assertEquals(2, f.toRaw(0.1, null));              // 1.6 -> 2
        assertEquals(3, f.toRaw(2.5 / 16, null));         // tie 2.5 -> 3
        assertEquals(-2, f.toRaw(-2.5 / 16, null));       // tie -2.5 -> -2 (toward +inf)
        assertEquals(3, FixedPointFormat.shiftRight(10, 2, Rounding.NEAREST_HALF_UP, null));  // 2.5 -> 3
        assertEquals(-2, FixedPointFormat.shiftRight(-10, 2, Rounding.NEAREST_HALF_UP, null)); // -2.5 -> -2
        assertEquals(-3, FixedPointFormat.shiftRight(-11, 2, Rounding.NEAREST_HALF_UP, null)); // -2.75 -> -3
        assertEquals(-0.5, f.sub(0.25, 0.75, null));
    }

    @Test
    void shouldMultiplyWithRescaleAndRounding()
    {
        // 1.5 * 1.25 = 1.875 exactly representable in q4 (30/16)
        assertEquals(1.875, q4(Rounding.FLOOR).mul(1.5, 1.25, null));
        // 0.0625 * 0.5 = 0.03125 = half an LSB: floor -> 0, nearest-even -> 0, toward zero of negative -> 0
        assertEquals(0.0, q4(Rounding.FLOOR).mul(0.0625, 0.5, null));
        assertEquals(-0.0625, q4(Rounding.FLOOR).mul(-0.0625, 0.5, null));
        assertEquals(0.0, q4(Rounding.TOWARD_ZERO).mul(-0.0625, 0.5, null));
        assertEquals(0.0, q4(Rounding.NEAREST_EVEN).mul(0.0625, 0.5, null));
        assertEquals(0.125, q4(Rounding.NEAREST_EVEN).mul(0.1875, 0.5, null)); // 1.5 LSB -> 2 LSB
    }

    @Test
    void shouldRoundStochasticallyWithoutBiasInExpectation()
    {
        // x = 0.3 LSB above 5 LSB: rounds up with p = 0.3. n = 200,000 draws: sd of the mean = sqrt(.21/n) ~ 1.0e-3;
        // tolerance 5e-3 LSB is 5 sd (seed fixed, so the test is deterministic anyway).
        final long seed = 42L;
        final SplitMix64 rng = new SplitMix64(seed);
        final int n = 200_000;
        final FixedPointFormat f = q4(Rounding.STOCHASTIC);
        final double x = 5.3 / 16;
        double sum = 0;
        double sumShift = 0;
        for (int i = 0; i < n; i++)
        {
            final long raw = f.toRaw(x, rng);
            assertTrue(raw == 5 || raw == 6, "raw=" + raw + " seed=" + seed);
            sum += raw;
            sumShift += FixedPointFormat.shiftRight(-77, 3, Rounding.STOCHASTIC, rng); // -9.625 LSB
        }
        assertEquals(5.3, sum / n, 5e-3, "seed=" + seed);
        assertEquals(-9.625, sumShift / n, 5e-3, "seed=" + seed);
    }

    @Test
    void shouldRequireStreamForStochasticRounding()
    {
        final IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> q4(Rounding.STOCHASTIC).toRaw(0.3, null));
        assertTrue(e.getMessage().contains("rng=null"), e.getMessage());
    }

    @Test
    void shouldRejectInvalidFormatsAndValues()
    {
        assertEquals("totalBits=33 out of range [1, 32] (signed fixed point; the raw product must fit in 64 bits)",
            assertThrows(IllegalArgumentException.class,
                () -> new FixedPointFormat(33, 0, true, Rounding.FLOOR, Overflow.WRAP)).getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new FixedPointFormat(32, 0, false, Rounding.FLOOR, Overflow.WRAP));
        assertThrows(IllegalArgumentException.class,
            () -> new FixedPointFormat(8, 9, true, Rounding.FLOOR, Overflow.WRAP));
        assertThrows(IllegalArgumentException.class,
            () -> new FixedPointFormat(8, -1, true, Rounding.FLOOR, Overflow.WRAP));
        assertThrows(IllegalArgumentException.class, () -> S8_WRAP.toRaw(Double.NaN, null));
        assertThrows(IllegalArgumentException.class, () -> S8_WRAP.toRaw(1e30, null));
    }

    @Test
    void shouldLeaveIdealFormatExact()
    {
        final NumberFormat ideal = IdealFloat64.INSTANCE;
        assertEquals(0.1 + 0.2, ideal.add(0.1, 0.2, null));
        assertEquals(0.1 * 3.0, ideal.mul(0.1, 3.0, null));
        assertEquals(Math.PI, ideal.quantize(Math.PI, null));
        assertTrue(ideal.isIdeal());
    }
    @Test
    void shouldScaleExactlyAsScalbForEveryFractionalWidth()
    {
        // the conversion scales by 2^fractionalBits; checked against Math.scalb and a nearest-even rounding written
        // here, over magnitudes from subnormal to beyond the saturation limit
        final SplitMix64 r = new SplitMix64(99);
        for (int fb = 0; fb <= 31; fb++)
        {
            final FixedPointFormat f = new FixedPointFormat(32, fb, true, Rounding.NEAREST_EVEN, Overflow.SATURATE);
            for (int i = 0; i < 2_000; i++)
            {
                final double x = (r.nextDouble() - 0.5) * Math.scalb(1.0, (int)(r.nextDouble() * 80) - 60);
                final double scaled = Math.scalb(x, fb);
                final long expected = Math.max(f.minRaw(), Math.min(f.maxRaw(), (long)Math.rint(scaled)));
                final long raw = f.toRaw(x, null);
                assertEquals(expected, raw, "x=" + x + " fb=" + fb);
                assertEquals(Math.scalb((double)raw, -fb), f.toDouble(raw), "raw=" + raw + " fb=" + fb);
            }
            assertEquals(0.0, f.quantize(Double.MIN_VALUE, null), "a subnormal rounds to zero");
        }
    }

    @Test
    void shouldDecideStochasticRoundingWithoutABranchExactlyAsTheComparison()
    {
        final double[] edge = {0.0, Double.MIN_VALUE, 0x1.0p-53, 0.5 - 0x1.0p-54, 0.5, 0.5 + 0x1.0p-53,
            1.0 - 0x1.0p-53};
        for (final double u : edge)
        {
            for (final double f : edge)
            {
                assertEquals(u < f ? 1L : 0L, FixedPointFormat.roundsUp(u, f),
                    "draw " + u + ", fraction " + f);
            }
        }
        final SplitMix64 r = new SplitMix64(17);
        for (int i = 0; i < 100_000; i++)
        {
            final double u = r.nextDouble();
            final double f = i % 3 == 0 ? u : r.nextDouble();
            assertEquals(u < f ? 1L : 0L, FixedPointFormat.roundsUp(u, f), "draw " + u + ", fraction " + f);
        }
    }

    @Test
    void shouldRoundStochasticallyAsFloorPlusOneBelowTheDraw()
    {
        // the reference: the draw compared with the fraction, floor + 1.0 or floor, saturated (the form before the
        // branch-free one); same streams, so every raw value and every stream state must agree
        for (final int frac : new int[] {0, 4, 12, 31})
        {
            final FixedPointFormat f = new FixedPointFormat(32, frac, true, Rounding.STOCHASTIC, Overflow.SATURATE);
            final SplitMix64 values = new SplitMix64(frac);
            final SplitMix64 a = new SplitMix64(99);
            final SplitMix64 b = new SplitMix64(99);
            for (int i = 0; i < 20_000; i++)
            {
                final double x = (values.nextDouble() - 0.5) * Math.scalb(1.0, (i % 40) - 8);
                final double scaled = x * Math.scalb(1.0, frac);
                final double floor = Math.floor(scaled);
                final double rounded = b.nextDouble() < scaled - floor ? floor + 1.0 : floor;
                final long expected = Math.max(f.minRaw(), Math.min(f.maxRaw(), (long)rounded));
                assertEquals(expected, f.toRaw(x, a), "x=" + x + " in " + f.describe());
            }
            assertEquals(b.state(), a.state(), "one draw per value");
        }
    }
}
