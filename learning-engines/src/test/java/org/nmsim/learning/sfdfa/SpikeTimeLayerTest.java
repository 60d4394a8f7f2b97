package org.nmsim.learning.sfdfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The closed-form neuron of paper 001 against a fine-step numerical integration of eq. 1, and its exact local
 * gradient (eq. 17) against central finite differences of the spike times.
 */
class SpikeTimeLayerTest
{
    private static final double TAU_S = 0.005;
    private static final double THETA = 1.0;
    private static final double WINDOW = 0.1;
    private static final double[] W = {6.0, 5.0, -3.0};
    /** Input spikes (time, axon), sorted by time. */
    private static final double[] IN_T = {0.002, 0.004, 0.011, 0.015, 0.020, 0.026, 0.031, 0.045, 0.050};
    private static final int[] IN_J = {0, 1, 2, 0, 1, 0, 2, 1, 0};

    /** Spike times (and, per spike, the cumulative local gradient of every weight) of the closed-form neuron. */
    private static List<double[]> closedForm(final double[] w, final boolean exact)
    {
        final SpikeTimeLayer n = new SpikeTimeLayer(1, w.length, TAU_S, THETA, WINDOW, exact, w.clone());
        final List<double[]> out = new ArrayList<>();
        final SpikeTimeLayer.SpikeSink sink = (i, t, d) ->
        {
            final double[] rec = new double[1 + w.length + 1];
            rec[0] = t;
            for (int j = 0; j < w.length; j++)
            {
                rec[1 + j] = n.localGradient(0, j);
            }
            out.add(rec);
        };
        for (int e = 0; e < IN_T.length; e++)
        {
            n.fireUntil(IN_T[e], i -> 0.0, sink);
            n.integrate(IN_J[e], IN_T[e], 0.0);
        }
        n.fireUntil(Double.POSITIVE_INFINITY, i -> 0.0, sink);
        return out;
    }

    /**
     * Eq. 1 as two linear ODEs, {@code v1' = -v1 / tau} and {@code v2' = -v2 / tau_s}, each input adding w to
     * both and a spike subtracting theta from v1, so {@code u = v1 - v2}; classical RK4 with step dt, a threshold
     * crossing located by linear interpolation inside the step, the reset applied at the crossing.
     */
    private static List<Double> integrate(final double[] w, final double dt)
    {
        final double tau = 2 * TAU_S;
        final List<Double> spikes = new ArrayList<>();
        double v1 = 0;
        double v2 = 0;
        double t = 0;
        int e = 0;
        while (t < WINDOW)
        {
            double h = dt;
            if (e < IN_T.length && IN_T[e] < t + h)
            {
                h = IN_T[e] - t;
            }
            final double u0 = v1 - v2;
            final double n1 = rk4(v1, -1.0 / tau, h);
            final double n2 = rk4(v2, -1.0 / TAU_S, h);
            final double u1 = n1 - n2;
            v1 = n1;
            v2 = n2;
            if (u0 < THETA && u1 >= THETA)
            {
                final double ts = t + h * (THETA - u0) / (u1 - u0);
                spikes.add(ts);
                v1 -= THETA * Math.exp(-(t + h - ts) / tau);
            }
            t += h;
            while (e < IN_T.length && IN_T[e] <= t)
            {
                v1 += w[IN_J[e]];
                v2 += w[IN_J[e]];
                e++;
            }
        }
        return spikes;
    }

    private static double rk4(final double y, final double lambda, final double h)
    {
        final double k1 = lambda * y;
        final double k2 = lambda * (y + 0.5 * h * k1);
        final double k3 = lambda * (y + 0.5 * h * k2);
        final double k4 = lambda * (y + h * k3);
        return y + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
    }

    @Test
    void shouldMatchFineStepIntegrationOfEq1To1e8Seconds()
    {
        final List<double[]> closed = closedForm(W, true);
        final List<Double> numeric = integrate(W, 1e-6);
        assertTrue(closed.size() >= 4, "the test needs several spikes per neuron, got " + closed.size());
        assertEquals(numeric.size(), closed.size(), "spike counts: numeric " + numeric + " closed form " +
            closed.stream().map(r -> r[0]).toList());
        for (int x = 0; x < closed.size(); x++)
        {
            // RK4 at dt = 1 us plus linear interpolation of the crossing: error ~ dt^2 / tau ~ 1e-10 s here
            assertEquals(numeric.get(x), closed.get(x)[0], 1e-8, "spike " + x);
        }
    }

    @Test
    void shouldAgreeWithTheChipModelsContinuousLif()
    {
        final List<double[]> closed = closedForm(W, true);
        final org.nmsim.chip.neuron.ContinuousLif lif = new org.nmsim.chip.neuron.ContinuousLif(1, TAU_S, THETA);
        final double[] out = new double[64];
        int n = 0;
        for (int e = 0; e < IN_T.length; e++)
        {
            n += lif.receive(0, IN_T[e], W[IN_J[e]], out, n);
        }
        n += lif.advanceTo(0, WINDOW - 1e-12, out, n);
        assertEquals(closed.size(), n);
        for (int x = 0; x < n; x++)
        {
            // absolute times (eq. 3) here, times rebased to the last event there: equal to rounding
            assertEquals(out[x], closed.get(x)[0], 1e-12, "spike " + x);
        }
    }

    @Test
    void shouldMatchFiniteDifferencesOfEverySpikeTimeAwayFromCriticalPoints()
    {
        final List<double[]> base = closedForm(W, true);
        assertTrue(base.size() >= 4, "several spikes needed");
        // away from critical points: the current at every spike exceeds theta by at least 5 %
        final SpikeTimeLayer probe = new SpikeTimeLayer(1, W.length, TAU_S, THETA, WINDOW, true, W.clone());
        final double[] minMargin = {Double.POSITIVE_INFINITY};
        for (int e = 0; e < IN_T.length; e++)
        {
            probe.fireUntil(IN_T[e], i -> 0.0, (i, t, d) -> minMargin[0] = Math.min(minMargin[0],
                probe.current(0, t) / THETA - 1.0));
            probe.integrate(IN_J[e], IN_T[e], 0.0);
        }
        probe.fireUntil(Double.POSITIVE_INFINITY, i -> 0.0, (i, t, d) -> minMargin[0] = Math.min(minMargin[0],
            probe.current(0, t) / THETA - 1.0));
        assertTrue(minMargin[0] > 0.05, "margin " + minMargin[0]);
        final double eps = 1e-6;
        for (int j = 0; j < W.length; j++)
        {
            final double[] up = W.clone();
            final double[] down = W.clone();
            up[j] += eps;
            down[j] -= eps;
            final List<double[]> plus = closedForm(up, true);
            final List<double[]> minus = closedForm(down, true);
            assertEquals(base.size(), plus.size());
            assertEquals(base.size(), minus.size());
            double prev = 0;
            for (int x = 0; x < base.size(); x++)
            {
                final double fd = (plus.get(x)[0] - minus.get(x)[0]) / (2 * eps);
                final double local = base.get(x)[1 + j] - prev;
                prev = base.get(x)[1 + j];
                // central differences: truncation ~ eps^2, rounding ~ 1e-16 * t / eps ~ 1e-12
                assertEquals(fd, local, 1e-6 * Math.abs(fd) + 1e-9, "dt^" + x + "/dw_" + j);
            }
        }
    }
}
