package org.nmsim.bench;

import java.util.concurrent.TimeUnit;

import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.sop.SopConfig;
import org.nmsim.learning.sop.SumOfProductsEngine;
import org.nmsim.learning.sop.TraceParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Loihi-style sum-of-products engine on a 256 x 256 synaptic block with pairwise STDP
 * ({@code dw = 2^-2 * x1 * y0 - 2^-2 * y1 * x0}), fixed point with stochastic rounding or float64. Each invocation
 * is one learning epoch of 2 steps in which 10 % of the axons and compartments spike; the score is epochs per
 * second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PlasticityEngineBenchmark
{
    static final int SIZE = 256;
    static final String STDP = "dw = 2^-2 * x1 * y0 - 2^-2 * y1 * x0";

    @Param({"fixed-point", "float64"})
    public String mode;

    private SumOfProductsEngine engine;
    private SplitMix64 spikes;

    @Setup
    public void setUp()
    {
        final TraceParams trace = new TraceParams(20, 4);
        final SopConfig cfg = SopConfig.loihi(2, trace, TraceParams.NONE, trace, TraceParams.NONE, TraceParams.NONE,
            STDP);
        final int[] w = new int[SIZE * SIZE];
        final SplitMix64 r = new SplitMix64(9);
        for (int i = 0; i < w.length; i++)
        {
            w[i] = r.nextInt(200) - 100;
        }
        if ("float64".equals(mode))
        {
            final double[] wd = new double[w.length];
            for (int i = 0; i < w.length; i++)
            {
                wd[i] = w[i];
            }
            engine = SumOfProductsEngine.ideal(cfg, SIZE, SIZE, wd);
        }
        else
        {
            engine = SumOfProductsEngine.fixedPoint(cfg, SIZE, SIZE, w, new SplitMix64(11));
        }
        spikes = new SplitMix64(13);
    }

    @Benchmark
    public boolean epoch()
    {
        boolean ran = false;
        for (int step = 0; step < 2; step++)
        {
            for (int i = 0; i < SIZE; i++)
            {
                if (spikes.nextInt(10) == 0)
                {
                    engine.preSpike(i);
                }
                if (spikes.nextInt(10) == 0)
                {
                    engine.postSpike(i);
                }
            }
            ran |= engine.endStep();
        }
        return ran;
    }
}
