package org.nmsim.learning.sfdfa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Paper 001, Fig. 2: the exact local gradient blows up at critical points, the bounded one does not. */
class CriticalPointsTest
{
    private static double median(final double[][] norms, final int[][] spikes)
    {
        return Arrays.stream(flatten(norms, spikes)).sorted().toArray()[flatten(norms, spikes).length / 2];
    }

    private static double[] flatten(final double[][] norms, final int[][] spikes)
    {
        final java.util.List<Double> out = new java.util.ArrayList<>();
        for (int a = 0; a < norms.length; a++)
        {
            for (int b = 0; b < norms[a].length; b++)
            {
                if (spikes[a][b] > 0)
                {
                    out.add(norms[a][b]);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void shouldShowTheExactNormBlowingUpAtCriticalPointsWhileTheBoundedOneStaysBounded()
    {
        final CriticalPoints.Field f = CriticalPoints.paperToy(201, 0.1);
        final double medE = median(f.exactNorm(), f.spikes());
        final double medB = median(f.boundedNorm(), f.spikes());
        final double maxE = Arrays.stream(flatten(f.exactNorm(), f.spikes())).max().orElseThrow();
        final double maxB = Arrays.stream(flatten(f.boundedNorm(), f.spikes())).max().orElseThrow();
        // measured on this grid: max exact norm 74, max bounded norm 1.05
        assertTrue(maxE > 10 * medE, "exact: max " + maxE + " median " + medE);
        assertTrue(maxB < 5 * medB, "bounded: max " + maxB + " median " + medB);

        // walk to the critical point: from the grid's worst point, bisect w2 towards the spike-count boundary
        int wa = 0;
        int wb = 0;
        for (int a = 0; a < f.w1().length; a++)
        {
            for (int b = 0; b < f.w2().length; b++)
            {
                if (f.exactNorm()[a][b] > f.exactNorm()[wa][wb])
                {
                    wa = a;
                    wb = b;
                }
            }
        }
        // every grid neighbour of the worst point with another spike count borders a count boundary; at a grazing
        // boundary (not one where a spike leaves the window) the exact norm diverges like 1/sqrt(distance)
        double nearE = 0;
        double nearB = 0;
        final int count = f.spikes()[wa][wb];
        for (final int[] dir : new int[][] {{1, 0}, {-1, 0}, {0, 1}, {0, -1}})
        {
            final int oa = wa + dir[0];
            final int ob = wb + dir[1];
            if (oa < 0 || ob < 0 || oa >= f.w1().length || ob >= f.w2().length || f.spikes()[oa][ob] == count)
            {
                continue;
            }
            double[] in = {f.w1()[wa], f.w2()[wb]};
            double[] out = {f.w1()[oa], f.w2()[ob]};
            for (int it = 0; it < 45; it++)
            {
                final double[] mid = {0.5 * (in[0] + out[0]), 0.5 * (in[1] + out[1])};
                if ((int)spikesAndNorm(mid[0], mid[1], true)[0] == count)
                {
                    in = mid;
                }
                else
                {
                    out = mid;
                }
            }
            final double e = spikesAndNorm(in[0], in[1], true)[1];
            if (e > nearE)
            {
                nearE = e;
                nearB = spikesAndNorm(in[0], in[1], false)[1];
            }
        }
        assertTrue(nearE > 100 * medE, "exact norm next to the critical point " + nearE + " vs median " + medE);
        assertTrue(nearB < 5 * medB, "bounded norm next to the critical point " + nearB + " vs median " + medB);
    }

    private static double[] spikesAndNorm(final double w1, final double w2, final boolean exact)
    {
        final double[] g = CriticalPoints.gradient(CriticalPoints.PAPER_TAU_S, CriticalPoints.PAPER_THETA,
            CriticalPoints.PAPER_WINDOW, CriticalPoints.TOY_SPIKE_TIMES, CriticalPoints.TOY_SPIKE_AXONS,
            new double[] {w1, w2}, exact, null);
        return new double[] {g[2], Math.hypot(g[0], g[1])};
    }
}
