package org.nmsim.chip.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.numeric.FixedPointFormat;
import org.nmsim.chip.numeric.IdealFloat64;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.chip.numeric.Overflow;
import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

class SteppedModelsTest
{
    private static final NumberFormat IDEAL = IdealFloat64.INSTANCE;
    private static final FixedPointFormat Q8 = new FixedPointFormat(16, 8, true, Rounding.NEAREST_EVEN,
        Overflow.SATURATE);

    private final long[] spikes = SpikeBits.allocate(8);
    private final UpdateCounts counts = new UpdateCounts();

    private boolean step(final SteppedCompartments group, final double... input)
    {
        group.step(input, spikes, counts);
        return SpikeBits.isSet(spikes, 0);
    }

    private static SpinnakerLifParams decayOnly(final double tRefract)
    {
        // tau 20 ms, dt 1 ms, rest -65 mV, threshold far away
        return new SpinnakerLifParams(20.0, 1.0, 1.0, -65.0, -65.0, -40.0, 0.0, tRefract);
    }

    /** Float LIF: the closed-form propagator is exact, so only double rounding (~n ulp of 65 mV) remains. */
    @Test
    void shouldDecayExponentiallyInFloat()
    {
        final SpinnakerLif lif = new SpinnakerLif(1, decayOnly(0.0), IDEAL, null);
        lif.setVoltage(0, -50.0);
        for (int n = 1; n <= 200; n++)
        {
            step(lif, 0.0);
            assertEquals(-65.0 + 15.0 * Math.exp(-n / 20.0), lif.voltage(0), 1e-12, "step " + n);
        }
    }

    /**
     * s16.15: the decay factor is held to within half an LSB (2^-16) of exp(-1/20); each step then adds at most
     * half an LSB of product rounding, which the decay damps, so the trace stays within 0.5 LSB / (1 - e) of the
     * analytic decay with the held factor, and within that plus 15 mV * |e_q^n - e^n| of the float decay.
     */
    @Test
    void shouldDecayInS16Dot15WithinTheFormatsResolution()
    {
        final SpinnakerLif fixed = new SpinnakerLif(1, decayOnly(0.0), SpinnakerLif.S16_15, null);
        final double lsb = 0x1.0p-15;
        final double e = Math.exp(-1.0 / 20.0);
        final double eq = fixed.decayFactor();
        assertEquals(e, eq, lsb / 2);
        assertEquals(0.0, eq % lsb, 0.0);
        fixed.setVoltage(0, -50.0);
        final double bound = 0.5 * lsb / (1 - eq) + lsb;
        for (int n = 1; n <= 200; n++)
        {
            step(fixed, 0.0);
            final double v = fixed.voltage(0);
            assertEquals(0.0, v % lsb, 0.0, "representable in s16.15");
            assertEquals(-65.0 + 15.0 * Math.pow(eq, n), v, bound, "step " + n);
            assertEquals(-65.0 + 15.0 * Math.exp(-n / 20.0), v, bound + 15.0 * Math.abs(Math.pow(eq, n) -
                Math.pow(e, n)), "float, step " + n);
        }
    }

    @Test
    void shouldSpikeResetAndStayRefractoryInSpinnakerLif()
    {
        final SpinnakerLifParams p = new SpinnakerLifParams(20.0, 1.0, 1.0, 0.0, -1.0, 1.0, 0.0, 2.0);
        assertEquals(2, p.refractorySteps());
        final SpinnakerLif lif = new SpinnakerLif(1, p, SpinnakerLif.S16_15, null);
        assertTrue(step(lif, 100.0));     // alpha = 2000 mV, V = 2000 (1 - e) > 1
        assertEquals(-1.0, lif.voltage(0));
        assertFalse(step(lif, 100.0));    // refractory: V left alone
        assertEquals(-1.0, lif.voltage(0));
        assertFalse(step(lif, 100.0));
        assertTrue(step(lif, 100.0));
        // V >= vThresh spikes (not strictly greater): V reaching exactly 1.0 from rest needs alpha(1-e) = 1
        final SpinnakerLifParams q = new SpinnakerLifParams(20.0, 1.0, 1.0, 0.0, 0.0, 0.5, 0.5, 0.0);
        final SpinnakerLif atThreshold = new SpinnakerLif(1, q, IDEAL, null);
        atThreshold.setVoltage(0, 0.5);
        // I = 0.5/20 nA makes alpha = 0.5 = V: V stays at 0.5 == vThresh -> spike
        assertTrue(step(atThreshold, 0.5 / 20.0 - 0.5));
    }

    @Test
    void shouldResetIntegrateAndFireToZeroOrBySubtraction()
    {
        final IntegrateAndFire zero = new IntegrateAndFire(1, 1.0, IntegrateAndFire.Reset.TO_ZERO, Q8, null);
        final IntegrateAndFire sub = new IntegrateAndFire(1, 1.0, IntegrateAndFire.Reset.BY_SUBTRACTION, Q8, null);
        final double[] in = {0.625, 0.625, 0.625, 0.375};
        final double[] vZero = {0.625, 0.0, 0.625, 0.0};
        final boolean[] sZero = {false, true, false, true}; // t = 3: v == vth spikes (>=)
        final double[] vSub = {0.625, 0.25, 0.875, 0.25};
        final boolean[] sSub = {false, true, false, true};
        for (int t = 0; t < in.length; t++)
        {
            assertEquals(sZero[t], step(zero, in[t]), "zero t=" + t);
            assertEquals(vZero[t], zero.voltage(0), "zero t=" + t);
            assertEquals(sSub[t], step(sub, in[t]), "sub t=" + t);
            assertEquals(vSub[t], sub.voltage(0), "sub t=" + t);
        }
    }

    @Test
    void shouldLeakAndNeverSpikeInReadout()
    {
        final NonSpikingReadout leaky = new NonSpikingReadout(1, 0.5, IDEAL, null);
        final double[] expected = {1.0, 1.5, 1.75, 1.875};
        for (final double v : expected)
        {
            assertFalse(step(leaky, 1.0));
            assertEquals(v, leaky.voltage(0));
        }
        final NonSpikingReadout sum = new NonSpikingReadout(1, 1.0, Q8, null);
        for (int t = 0; t < 10; t++)
        {
            step(sum, 100.0);
        }
        assertEquals(Q8.toDouble(Q8.maxRaw()), sum.voltage(0)); // saturates at 127.99609375 in q8
        assertEquals(0, counts.spikes());
        sum.reset();
        assertEquals(0.0, sum.voltage(0));
    }

    @Test
    void shouldIntegrateSomaAndApicalSeparatelyInTwoCompartment()
    {
        final TwoCompartment n = new TwoCompartment(1, 0.5, 1.0, IDEAL, null);
        n.step(new double[] {0.75}, new double[] {0.5}, spikes, counts);
        assertFalse(SpikeBits.isSet(spikes, 0));
        assertEquals(0.75, n.soma(0));
        assertEquals(0.5, n.apical(0));
        n.step(new double[] {0.75}, new double[] {-0.25}, spikes, counts);
        assertTrue(SpikeBits.isSet(spikes, 0));   // 0.375 + 0.75 = 1.125 > 1
        assertEquals(0.0, n.soma(0));
        assertEquals(0.25, n.apical(0));          // no leak on the apical dendrite
        n.step(new double[] {1.0}, new double[0], spikes, counts);
        assertFalse(SpikeBits.isSet(spikes, 0));  // 1.0 is not > 1.0
        assertEquals(0.25, n.apical(0));
        n.resetApical();
        assertEquals(0.0, n.apical(0));
    }

    /**
     * lambda = 0 makes u equal to the step's input, so every step is an independent Bernoulli draw with
     * p = sigmoid((u - vth) / a1). N = 40,000 draws per point: tolerance 5 binomial standard deviations.
     */
    @Test
    void shouldFireWithTheLogisticProbability()
    {
        final long seed = 20241122L;
        final double a1 = 0.25;
        final int draws = 40_000;
        for (final double x : new double[] {-0.75, -0.25, 0.0, 0.1, 0.5})
        {
            final StochasticLif lif = StochasticLif.ideal(1, 0.0, 1.0, a1, new SplitMix64(seed));
            int fired = 0;
            for (int k = 0; k < draws; k++)
            {
                if (step(lif, 1.0 + x))
                {
                    fired++;
                }
            }
            final double p = 1.0 / (1.0 + Math.exp(-x / a1));
            assertEquals(p, lif.firingProbability(x), 1e-15);
            final double sd = Math.sqrt(p * (1 - p) / draws);
            assertEquals(p, (double)fired / draws, 5 * sd, "x=" + x + " seed=" + seed);
        }
    }

    @Test
    void shouldFollowEquation2DeterministicallyWithoutNoise()
    {
        // u[t+1] = lambda (u[t] - vth s[t]) + I: lambda 0.5, vth 1, I = 0.75 each step
        final StochasticLif lif = new StochasticLif(1, 0.5, 1.0, 0.0, IDEAL, null);
        assertFalse(step(lif, 0.75));  // 0.75
        assertTrue(step(lif, 0.75));   // 0.375 + 0.75 = 1.125 >= 1
        assertFalse(step(lif, 0.75));  // 0.5 (1.125 - 1) + 0.75 = 0.8125
        assertEquals(0.8125, lif.voltage(0));
    }

    @Test
    void shouldRejectOutOfRangeParameters()
    {
        assertEquals("tauM=0.0 out of range (0, +inf) (must be positive)", assertThrows(
            IllegalArgumentException.class,
            () -> new SpinnakerLifParams(0.0, 1, 1, 0, 0, 1, 0, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpinnakerLifParams(20, 1, 1, 0, 0, 1, 0, -1));
        assertThrows(IllegalArgumentException.class,
            () -> new SpinnakerLifParams(20, 1, 1, Double.NaN, 0, 1, 0, 0));
        assertEquals("lambda=1.5 out of range [0.0, 1.0]", assertThrows(IllegalArgumentException.class,
            () -> new NonSpikingReadout(1, 1.5, IDEAL, null)).getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new IntegrateAndFire(1, 0.0, IntegrateAndFire.Reset.TO_ZERO, IDEAL, null));
        assertThrows(IllegalArgumentException.class,
            () -> new IntegrateAndFire(1, 0.001, IntegrateAndFire.Reset.TO_ZERO, Q8, null)); // quantizes to 0
        assertThrows(IllegalArgumentException.class, () -> new TwoCompartment(1, -0.1, 1.0, IDEAL, null));
        assertThrows(IllegalArgumentException.class, () -> new StochasticLif(1, 0.5, 1.0, 0.25, IDEAL, null));
        assertThrows(IllegalArgumentException.class, () -> new StochasticLif(1, 0.5, 1.0, -1, IDEAL, null));
        assertThrows(IllegalArgumentException.class, () -> new StochasticLif(0, 0.5, 1.0, 0, IDEAL, null));
        final IntegrateAndFire ok = new IntegrateAndFire(2, 1.0, IntegrateAndFire.Reset.TO_ZERO, IDEAL, null);
        assertThrows(IllegalArgumentException.class, () -> ok.step(new double[1], spikes, counts));
    }

    @Test
    void shouldCountActiveUpdatesAndSpikes()
    {
        final IntegrateAndFire g = new IntegrateAndFire(3, 1.0, IntegrateAndFire.Reset.TO_ZERO, IDEAL, null);
        counts.clear();
        g.step(new double[] {0.0, 2.0, 0.5}, spikes, counts);
        assertEquals(2, counts.activeUpdates());
        assertEquals(1, counts.inactiveUpdates());
        assertEquals(1, counts.spikes());
        assertTrue(SpikeBits.isSet(spikes, 1));
        assertFalse(SpikeBits.isSet(spikes, 2));
    }
}
