package org.nmsim.learning.sop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

class TraceBankTest
{
    private static final long SEED = 0x5EED_7ACEL;

    private static TraceBank bank(final int lanes, final TraceParams p, final NumericMode mode,
        final Rounding rounding, final SplitMix64 rng)
    {
        return new TraceBank(lanes, new TraceParams[] {p}, new boolean[] {true}, mode, rounding, rng,
            new SopCounts());
    }

    @Test
    void shouldFollowTheAnalyticExponentialInFloat64()
    {
        final double impulse = 20.0;
        final double tau = 4.0;
        final TraceBank b = bank(1, new TraceParams(impulse, tau), NumericMode.IDEAL_FLOAT64, Rounding.STOCHASTIC,
            null);
        // epoch of 5 steps, spike at within-epoch step 2
        b.recordSpike(0, 2);
        assertEquals(impulse * Math.exp(-1.0 / tau), b.evaluate(0, 0, 3), 1e-12);
        assertEquals(0.0, b.evaluate(0, 0, 1), 0.0);
        b.endEpoch(5);
        assertEquals(impulse * Math.exp(-3.0 / tau), b.value(0, 0), 1e-12);
        // second epoch with no spike: analytic trace at absolute step 10 is impulse * exp(-(10 - 2) / tau)
        b.endEpoch(5);
        assertEquals(impulse * Math.exp(-8.0 / tau), b.value(0, 0), 1e-12);
    }

    @Test
    void shouldDecayAndAddImpulseInFixedPointAsHandComputedWithFloorRounding()
    {
        final TraceBank b = bank(1, new TraceParams(20.0, 4.0), NumericMode.FIXED_POINT, Rounding.FLOOR, null);
        b.recordSpike(0, 2);
        b.endEpoch(5);
        // decay(0, 2) = 0; + 20; decay(20, 3) = floor(20 e^-0.75 = 9.447) = 9
        assertEquals(9.0, b.value(0, 0));
        b.endEpoch(5);
        // floor(9 e^-1.25 = 2.579) = 2
        assertEquals(2.0, b.value(0, 0));
    }

    @Test
    void shouldRoundTheImpulseFractionAndSaturateAt127()
    {
        final TraceParams p = new TraceParams(10.5, 0.0);
        assertEquals(10, p.impulseInteger());
        assertEquals(64, p.impulseFraction());
        final TraceBank floor = bank(1, p, NumericMode.FIXED_POINT, Rounding.FLOOR, null);
        floor.recordSpike(0, 1);
        floor.endEpoch(1);
        assertEquals(10.0, floor.value(0, 0));
        final TraceBank nearest = bank(1, p, NumericMode.FIXED_POINT, Rounding.NEAREST_HALF_UP, null);
        nearest.recordSpike(0, 1);
        nearest.endEpoch(1);
        assertEquals(11.0, nearest.value(0, 0));

        final TraceBank sat = bank(1, new TraceParams(100.0, 0.0), NumericMode.FIXED_POINT, Rounding.FLOOR, null);
        sat.recordSpike(0, 1);
        sat.recordSpike(0, 2); // repeated spike: impulse added at once (Lava), 0 + 100
        sat.endEpoch(2);       // then the last spike's impulse: 100 + 100 saturates
        assertEquals(127.0, sat.value(0, 0));
    }

    /**
     * Stochastic decay rounding is unbiased: {@code n} lanes at 10 decay to x = 10 exp(-dt / tau) = 3.3; each rounds
     * up to 4 with probability 0.3, so the number of lanes at 4 is Binomial(n, 0.3): mean 0.3 n, sd
     * sqrt(n 0.3 0.7). The tolerance is 5 sd (a false failure has probability below 1e-6).
     */
    @Test
    void shouldRoundDecayStochasticallyUnbiasedWithinFiveBinomialSd()
    {
        final int n = 20_000;
        final double tau = 1.0 / Math.log(10.0 / 3.3);
        final TraceBank b = bank(n, new TraceParams(0.0, tau), NumericMode.FIXED_POINT, Rounding.STOCHASTIC,
            new SplitMix64(SEED));
        for (int lane = 0; lane < n; lane++)
        {
            b.set(0, lane, 10.0);
        }
        b.endEpoch(1);
        int up = 0;
        for (int lane = 0; lane < n; lane++)
        {
            final double v = b.value(0, lane);
            assertTrue(v == 3.0 || v == 4.0, "seed=" + SEED + " lane " + lane + " value " + v);
            up += v == 4.0 ? 1 : 0;
        }
        final double p = 10.0 * Math.exp(-1.0 / tau) - 3.0;
        final double sd = Math.sqrt(n * p * (1 - p));
        assertEquals(n * p, up, 5 * sd, "seed=" + SEED);
    }

    /** Impulse 0.25 = fraction 32/128: Binomial(n, 0.25) lanes get 1; tolerance 5 sd. */
    @Test
    void shouldAddTheImpulseFractionStochasticallyUnbiasedWithinFiveBinomialSd()
    {
        final int n = 20_000;
        final TraceBank b = bank(n, new TraceParams(0.25, 0.0), NumericMode.FIXED_POINT, Rounding.STOCHASTIC,
            new SplitMix64(SEED));
        for (int lane = 0; lane < n; lane++)
        {
            b.recordSpike(lane, 1);
        }
        b.endEpoch(1);
        int ones = 0;
        for (int lane = 0; lane < n; lane++)
        {
            ones += (int)b.value(0, lane);
        }
        final double sd = Math.sqrt(n * 0.25 * 0.75);
        assertEquals(n * 0.25, ones, 5 * sd, "seed=" + SEED);
    }
}
