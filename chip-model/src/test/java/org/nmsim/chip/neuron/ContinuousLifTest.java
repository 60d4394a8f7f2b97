package org.nmsim.chip.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ContinuousLifTest
{
    private static final double TAU_S = 5e-3;
    private static final double TAU = 2 * TAU_S;
    private static final double THETA = 1.0;
    private static final double DT = 1e-6;

    /** Input spikes on the integration grid: (step index, weight). */
    private static final long[] IN_STEP = {1000, 3000, 8000, 15000, 15500};
    private static final double[] IN_W = {6.0, 5.0, -2.0, 8.0, 3.0};
    private static final long END_STEP = 40000;

    @Test
    void shouldMatchEquation3ForTheFirstSpike()
    {
        // two inputs, absolute sums a, b of eq. 3 with t measured from 0
        final double t1 = 1e-3;
        final double t2 = 2e-3;
        final double w1 = 3.0;
        final double w2 = 4.0;
        final ContinuousLif lif = new ContinuousLif(1, TAU_S, THETA);
        final double[] out = new double[4];
        assertEquals(0, lif.receive(0, t1, w1, out, 0));
        assertEquals(0, lif.receive(0, t2, w2, out, 0));
        final double a = w1 * Math.exp(t1 / TAU_S) + w2 * Math.exp(t2 / TAU_S);
        final double b = w1 * Math.exp(t1 / TAU) + w2 * Math.exp(t2 / TAU);
        final double chi = Math.sqrt(b * b - 4 * a * THETA);
        final double expected = TAU * Math.log(2 * a / (b + chi));
        assertEquals(expected, lif.nextSpikeTime(0), 1e-15);
        assertTrue(lif.advanceTo(0, 0.1, out, 0) >= 1); // w = 7 in total fires twice
        assertEquals(expected, out[0], 1e-15);
    }

    @Test
    void shouldNotSpikeBelowThresholdPeak()
    {
        // a single kernel peaks at w/4 (x - x^2 at x = 1/2): w = 3.99 stays below theta = 1
        final ContinuousLif lif = new ContinuousLif(1, TAU_S, THETA);
        final double[] out = new double[4];
        lif.receive(0, 0.0, 3.99, out, 0);
        assertEquals(Double.POSITIVE_INFINITY, lif.nextSpikeTime(0));
        assertEquals(0, lif.advanceTo(0, 1.0, out, 0));
        final ContinuousLif above = new ContinuousLif(1, TAU_S, THETA);
        above.receive(0, 0.0, 4.01, out, 0);
        assertTrue(above.nextSpikeTime(0) < TAU * Math.log(2) + 1e-3);
    }

    /**
     * Closed-form spike times against RK4 integration of the ODE form of eq. 1 (m' = -m/tau, q' = -q/tau_s,
     * u = m - q; inputs add w to m and q, a spike subtracts theta from m) at dt = 1e-6 s, with the crossing
     * located by linear interpolation between grid points. That locates a crossing to O(dt^2 u''/u'), about
     * 1e-10 s here, and RK4's own error at dt/tau = 1e-4 is ~1e-18 per step; the tolerance of 1e-9 s leaves
     * margin, while a wrong root, rebase or reset would be off by more than 1e-5 s.
     */
    @Test
    void shouldMatchFineStepIntegrationOfEquation1WithSeveralSpikes()
    {
        final List<Double> reference = integrate();
        final ContinuousLif lif = new ContinuousLif(1, TAU_S, THETA);
        final double[] out = new double[64];
        int n = 0;
        for (int k = 0; k < IN_STEP.length; k++)
        {
            n += lif.receive(0, IN_STEP[k] * DT, IN_W[k], out, n);
        }
        n += lif.advanceTo(0, END_STEP * DT, out, n);
        assertTrue(reference.size() >= 3, "reference spikes " + reference);
        assertEquals(reference.size(), n, "spike count; reference " + reference);
        for (int s = 0; s < n; s++)
        {
            assertEquals(reference.get(s), out[s], 1e-9, "spike " + s);
        }
    }

    private static List<Double> integrate()
    {
        final List<Double> spikes = new ArrayList<>();
        double m = 0;
        double q = 0;
        int next = 0;
        double uPrev = 0;
        for (long k = 0; k <= END_STEP; k++)
        {
            if (k > 0)
            {
                final double[] mq = rk4(m, q);
                m = mq[0];
                q = mq[1];
                final double u = m - q;
                if (u >= THETA)
                {
                    final double frac = (THETA - uPrev) / (u - uPrev);
                    final double tCross = (k - 1 + frac) * DT;
                    spikes.add(tCross);
                    m -= THETA * Math.exp(-(k * DT - tCross) / TAU);
                }
            }
            while (next < IN_STEP.length && IN_STEP[next] == k)
            {
                m += IN_W[next];
                q += IN_W[next];
                next++;
            }
            uPrev = m - q;
        }
        return spikes;
    }

    private static double[] rk4(final double m, final double q)
    {
        final double km1 = -m / TAU;
        final double kq1 = -q / TAU_S;
        final double km2 = -(m + 0.5 * DT * km1) / TAU;
        final double kq2 = -(q + 0.5 * DT * kq1) / TAU_S;
        final double km3 = -(m + 0.5 * DT * km2) / TAU;
        final double kq3 = -(q + 0.5 * DT * kq2) / TAU_S;
        final double km4 = -(m + DT * km3) / TAU;
        final double kq4 = -(q + DT * kq3) / TAU_S;
        return new double[] {
            m + DT / 6 * (km1 + 2 * km2 + 2 * km3 + km4),
            q + DT / 6 * (kq1 + 2 * kq2 + 2 * kq3 + kq4)};
    }

    @Test
    void shouldResetPotentialToZeroAtSpike()
    {
        final ContinuousLif lif = new ContinuousLif(1, TAU_S, THETA);
        final double[] out = new double[4];
        lif.receive(0, 0.0, 10.0, out, 0);
        final double ts = lif.nextSpikeTime(0);
        assertEquals(THETA, lif.potential(0, ts), 1e-12);
        assertEquals(1, lif.advanceTo(0, ts, out, 0));
        assertEquals(0.0, lif.voltage(0), 1e-12);
    }

    @Test
    void shouldStayFiniteLongAfterTheStart()
    {
        // eq. 3's absolute sums would overflow at t = 1000 tau_s; the rebased ones do not
        final ContinuousLif lif = new ContinuousLif(1, TAU_S, THETA);
        final double[] out = new double[4];
        final double t = 1000 * TAU_S;
        lif.receive(0, t, 10.0, out, 0);
        final double ts = lif.nextSpikeTime(0);
        final ContinuousLif fresh = new ContinuousLif(1, TAU_S, THETA);
        fresh.receive(0, 0.0, 10.0, out, 0);
        assertEquals(fresh.nextSpikeTime(0), ts - t, 1e-12);
    }

    @Test
    void shouldRejectBadParametersAndTimeTravel()
    {
        assertThrows(IllegalArgumentException.class, () -> new ContinuousLif(1, 0.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new ContinuousLif(1, 1e-3, -1.0));
        assertThrows(IllegalArgumentException.class, () -> new ContinuousLif(0, 1e-3, 1.0));
        final ContinuousLif lif = new ContinuousLif(1, TAU_S, THETA);
        final double[] out = new double[4];
        lif.receive(0, 1.0, 1.0, out, 0);
        assertThrows(IllegalArgumentException.class, () -> lif.receive(0, 0.5, 1.0, out, 0));
        assertThrows(IllegalArgumentException.class, () -> lif.receive(0, 2.0, Double.NaN, out, 0));
    }
}
