package org.nmsim.bench;

import java.util.concurrent.TimeUnit;

import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.kernel.KernelConfig;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SimulationBuilder;
import org.nmsim.kernel.SplitMix64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end synaptic fan-out: a source core sends {@link #SPIKES_PER_STEP} spikes per step through the kernel
 * to a destination core that, for each spike, adds one row of {@link #FAN_OUT} integer weights from its own
 * array into its dendritic accumulators (weights are cache resident: 256 rows). Scores are synaptic events per
 * second. {@link #bareLoop} is the peer: the same accumulation loop over the same rows with no kernel at all,
 * so the ratio {@code kernel / bareLoop} is the share of the loop's speed the message path leaves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanOutBenchmark
{
    static final int ROWS = 256;
    static final int SPIKES_PER_STEP = 512;
    static final int STEPS = 10;
    static final int FAN_OUT = 512;

    private Simulation sim;
    private FanOutCore bare;
    private int[] spikeRows;

    /** Accumulates one weight row per arriving spike: the synaptic inner loop of a core. */
    static final class FanOutCore implements Core
    {
        final int fanOut;
        final int[] weights;
        final int[] acc;

        FanOutCore(final int fanOut)
        {
            this.fanOut = fanOut;
            weights = new int[ROWS * fanOut];
            acc = new int[fanOut];
            final SplitMix64 r = new SplitMix64(7);
            for (int i = 0; i < weights.length; i++)
            {
                weights[i] = r.nextInt(255) - 127;
            }
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            accumulate(axon);
        }

        void accumulate(final int row)
        {
            final int[] w = weights;
            final int[] a = acc;
            final int base = row * fanOut;
            for (int j = 0; j < a.length; j++)
            {
                a[j] += w[base + j];
            }
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            // decay instead of clearing, so the JIT cannot drop the accumulation
            final int[] a = acc;
            for (int j = 0; j < a.length; j++)
            {
                a[j] -= a[j] >> 4;
            }
        }
    }

    /** Sends SPIKES_PER_STEP spikes per step on ports spread over the rows. */
    static final class Source implements Core
    {
        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            for (int i = 0; i < SPIKES_PER_STEP; i++)
            {
                ctx.send((i * 37) & (ROWS - 1), 0);
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(1, 1));
        b.addCore(new Source());
        b.addCore(new FanOutCore(FAN_OUT));
        for (int p = 0; p < ROWS; p++)
        {
            b.route(0, p, 1, p, 1);
        }
        sim = b.build();
        bare = new FanOutCore(FAN_OUT);
        spikeRows = new int[SPIKES_PER_STEP];
        for (int i = 0; i < SPIKES_PER_STEP; i++)
        {
            spikeRows[i] = (i * 37) & (ROWS - 1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        sim.close();
    }

    /** Through the kernel: spikes as messages, fan-out inside the destination core. */
    @Benchmark
    @OperationsPerInvocation(SPIKES_PER_STEP * STEPS * FAN_OUT)
    public long kernel()
    {
        return sim.runSteps(STEPS);
    }

    /** The peer: the same rows accumulated in a plain loop. */
    @Benchmark
    @OperationsPerInvocation(SPIKES_PER_STEP * STEPS * FAN_OUT)
    public int bareLoop()
    {
        for (int s = 0; s < STEPS; s++)
        {
            for (int i = 0; i < SPIKES_PER_STEP; i++)
            {
                bare.accumulate(spikeRows[i]);
            }
            bare.onStep(null);
        }
        return bare.acc[0];
    }
}
