package org.nmsim.mapping.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Synapse counts and fan-in/fan-out against hand computation and against brute-force enumeration. */
@Timeout(30)
class SynapseCountTest
{
    private static final double EPS = 1e-12;

    @Test
    void shouldCountInBoundsTapsOfPaddedConvolutionExactly()
    {
        // 1x28x28 -> 8x28x28, 3x3, stride 1, padding 1. Per output map: 26x26 interior positions see 9 taps,
        // 4 x 26 edge positions see 6, 4 corners see 4: 6084 + 624 + 16 = 6724 = 82 x 82 (82 = 28*3 - 2 per axis).
        final Network n = Network.builder()
            .population(Population.of("in", Shape.chw(1, 28, 28), "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("c1", Shape.chw(8, 28, 28), "lif", Map.of(), PopulationRole.HIDDEN))
            .projection(Projection.of("w1", "in", "c1", Connectivity.Conv2d.square(1, 8, 3, 1, 1)))
            .build();
        final SynapseStats s = n.stats("w1");
        assertEquals(8L * 6724, s.synapses());
        assertEquals(53_792L, s.synapses());
        assertEquals(9, s.maxFanIn());
        assertEquals(53_792.0 / (8 * 784), s.meanFanIn(), EPS);
        assertEquals(8 * 9, s.maxFanOut());
        assertEquals(53_792.0 / 784, s.meanFanOut(), EPS);
    }

    @Test
    void shouldCountStridedConvolutionWithOverlap()
    {
        // 1x5x5 -> 1x2x2, 3x3, stride 2, no padding: every output sees 9 taps; input row/col 2 is shared by both
        // windows, so input (2,2) feeds 4 outputs.
        final Network n = Network.builder()
            .population(Population.of("in", Shape.chw(1, 5, 5), "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("c", Shape.chw(1, 2, 2), "if", Map.of(), PopulationRole.HIDDEN))
            .projection(Projection.of("w", "in", "c", Connectivity.Conv2d.square(1, 1, 3, 2, 0)))
            .build();
        final SynapseStats s = n.stats("w");
        assertEquals(36, s.synapses());
        assertEquals(9, s.maxFanIn());
        assertEquals(4, s.maxFanOut());
        assertEquals(36.0 / 25, s.meanFanOut(), EPS);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldMatchBruteForceEnumerationForRandomConvolutions(final long seed)
    {
        final SplittableRandom r = new SplittableRandom(seed);
        final int cin = 1 + r.nextInt(3);
        final int cout = 1 + r.nextInt(3);
        final int h = 1 + r.nextInt(12);
        final int w = 1 + r.nextInt(12);
        final int kh = 1 + r.nextInt(5);
        final int kw = 1 + r.nextInt(5);
        final int sh = 1 + r.nextInt(3);
        final int sw = 1 + r.nextInt(3);
        final int ph = r.nextInt(kh);
        final int pw = r.nextInt(kw);
        final Connectivity.Conv2d c = new Connectivity.Conv2d(cin, cout, kh, kw, sh, sw, ph, pw);
        final Shape in = Shape.chw(cin, h, w);
        final Shape out = c.outputShape(in);
        if (out.size() == 0)
        {
            return;
        }
        final int[] fanIn = new int[out.size()];
        final int[] fanOut = new int[in.size()];
        long n = 0;
        for (int co = 0; co < cout; co++)
        {
            for (int oy = 0; oy < out.dim(1); oy++)
            {
                for (int ox = 0; ox < out.dim(2); ox++)
                {
                    for (int ci = 0; ci < cin; ci++)
                    {
                        for (int ky = 0; ky < kh; ky++)
                        {
                            for (int kx = 0; kx < kw; kx++)
                            {
                                final int iy = oy * sh - ph + ky;
                                final int ix = ox * sw - pw + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                {
                                    n++;
                                    fanIn[(co * out.dim(1) + oy) * out.dim(2) + ox]++;
                                    fanOut[(ci * h + iy) * w + ix]++;
                                }
                            }
                        }
                    }
                }
            }
        }
        final SynapseStats s = c.stats(in, out);
        final String where = "seed=" + seed + " " + c + " in=" + in;
        assertEquals(n, s.synapses(), where);
        assertEquals(Taps.max(fanIn), s.maxFanIn(), where);
        assertEquals(Taps.max(fanOut), s.maxFanOut(), where);
        assertEquals((double)n / out.size(), s.meanFanIn(), EPS, where);
        assertEquals((double)n / in.size(), s.meanFanOut(), EPS, where);
    }

    @Test
    void shouldCountPoolingPerChannel()
    {
        final Connectivity.Pool2d p = Connectivity.Pool2d.avg(2);
        final Shape in = Shape.chw(128, 48, 48);
        assertEquals(Shape.chw(128, 24, 24), p.outputShape(in));
        final SynapseStats s = p.stats(in, p.outputShape(in));
        assertEquals(128L * 48 * 48, s.synapses());
        assertEquals(4, s.maxFanIn());
        assertEquals(1, s.maxFanOut());
        assertEquals(0.25, p.tapWeight(), 0.0);
        assertEquals(1.0, Connectivity.Pool2d.sum(2).tapWeight(), 0.0);
        // 3x3 window, stride 2, padding 1 over 5 wide: windows [-1..1], [1..3], [3..5] -> 2 + 3 + 2 taps per axis
        final Connectivity.Pool2d q = new Connectivity.Pool2d(ConnectivityKind.SUM_POOL2D, 3, 3, 2, 2, 1, 1);
        final Shape in2 = Shape.chw(2, 5, 5);
        assertEquals(Shape.chw(2, 3, 3), q.outputShape(in2));
        assertEquals(2L * 7 * 7, q.stats(in2, q.outputShape(in2)).synapses());
    }

    @Test
    void shouldCountDenseOneToOneAndSparse()
    {
        final Network n = Network.builder()
            .population(Population.of("a", 6, "input", Map.of(), PopulationRole.INPUT))
            .population(Population.of("b", 4, "lif", Map.of(), PopulationRole.HIDDEN))
            .population(Population.of("c", 4, "lif", Map.of(), PopulationRole.HIDDEN))
            .projection(Projection.of("d", "a", "b", Connectivity.dense()))
            .projection(Projection.of("o", "b", "c", Connectivity.oneToOne()))
            .projection(Projection.of("s", "a", "c",
                Connectivity.Sparse.explicit(new int[] {0, 0, 1, 5, 5, 5}, new int[] {0, 1, 1, 1, 2, 3})))
            .build();
        assertEquals(new SynapseStats(24, 6, 6.0, 4, 4.0), n.stats("d"));
        assertEquals(new SynapseStats(4, 1, 1.0, 1, 1.0), n.stats("o"));
        assertEquals(new SynapseStats(6, 3, 1.5, 3, 1.0), n.stats("s"));
        final PopulationStats c = n.populationStats("c");
        assertEquals(10, c.synapsesIn());
        assertEquals(0, c.synapsesOut());
        assertEquals(2.5, c.meanFanIn(), EPS);
        assertEquals(4, c.maxFanInBound());
        assertEquals(34, n.synapses());
        assertEquals(14, n.neurons());
    }

    @Test
    void shouldCountRealizedRandomSparseDeterministically()
    {
        final Connectivity.Sparse s = Connectivity.Sparse.random(0.1, 42);
        final Shape pre = Shape.of(300);
        final Shape post = Shape.of(200);
        final int[][] pairs = s.realize(300, 200);
        final SynapseStats stats = s.stats(pre, post);
        assertEquals(pairs[0].length, stats.synapses());
        assertEquals(stats, Connectivity.Sparse.random(0.1, 42).stats(pre, post));
        // 60,000 Bernoulli(0.1) draws: mean 6000, sd ~73; 5 sd either side
        assertEquals(6000, stats.synapses(), 400);
        final int[] in = new int[200];
        for (final int j : pairs[1])
        {
            in[j]++;
        }
        assertEquals(Taps.max(in), stats.maxFanIn());
        assertEquals(pairs[0].length, s.weightShape(pre, post).size());
    }
}
