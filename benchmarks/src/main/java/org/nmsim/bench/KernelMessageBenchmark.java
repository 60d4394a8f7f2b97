package org.nmsim.bench;

import java.util.concurrent.TimeUnit;

import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.kernel.KernelConfig;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SimulationBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spike-message throughput through the kernel: each of 2 cores sends {@link #SENDS_PER_STEP} messages per step
 * to the other core (so with 2 workers every message crosses a Disruptor ring). One invocation runs
 * {@link #STEPS} steps; the score is messages per second, barrier and delivery included. {@code send=single} sends
 * them one by one ({@link CoreContext#send}); {@code send=block} the same messages as blocks of {@link #PORTS} on
 * consecutive ports ({@link CoreContext#sendBlock}), as a layer's neurons' graded signals go out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelMessageBenchmark
{
    static final int SENDS_PER_STEP = 4096;
    static final int STEPS = 20;
    static final int PORTS = 256;

    @Param({"1", "2"})
    public int workers;

    @Param({"single", "block"})
    public String send;

    private Simulation sim;

    /** Sends SENDS_PER_STEP messages per step, cycling over its ports, and counts what arrives. */
    static final class Chatter implements Core
    {
        private final boolean block;
        private final long[] ones = new long[PORTS];
        long received;

        Chatter(final boolean block)
        {
            this.block = block;
            java.util.Arrays.fill(ones, 1L);
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            received += payload;
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            if (block)
            {
                for (int i = 0; i < SENDS_PER_STEP; i += PORTS)
                {
                    ctx.sendBlock(0, ones, PORTS);
                }
                return;
            }
            for (int i = 0; i < SENDS_PER_STEP; i++)
            {
                ctx.send(i & (PORTS - 1), 1);
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(workers, 1));
        b.addCore(new Chatter("block".equals(send)));
        b.addCore(new Chatter("block".equals(send)));
        for (int p = 0; p < PORTS; p++)
        {
            b.route(0, p, 1, p, 1);
            b.route(1, p, 0, p, 1);
        }
        sim = b.build();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        sim.close();
    }

    @Benchmark
    @OperationsPerInvocation(2 * SENDS_PER_STEP * STEPS)
    public long messages()
    {
        return sim.runSteps(STEPS);
    }
}
