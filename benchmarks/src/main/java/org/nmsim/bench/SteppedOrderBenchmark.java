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
 * Stepped-mode delivery into one core from {@link #SENDERS} sources (1 worker), the fan-in pattern of an MLP
 * layer. With {@code mixedDelays} the odd senders use delay 2 and the even ones delay 1, so every step's messages
 * reach the receiver out of canonical order (the kernel must reorder them); without, they arrive in order. The
 * score is messages per second, delivery included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SteppedOrderBenchmark
{
    static final int SENDERS = 8;
    static final int SENDS_PER_STEP = 512;
    static final int STEPS = 20;

    @Param({"false", "true"})
    public boolean mixedDelays;

    private Simulation sim;

    /** Counts what arrives. */
    static final class Sink implements Core
    {
        long received;

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            received += payload + axon;
        }
    }

    /** Sends SENDS_PER_STEP messages per step on one port. */
    static final class Source implements Core
    {
        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            for (int i = 0; i < SENDS_PER_STEP; i++)
            {
                ctx.send(0, i);
            }
        }
    }

    /** Builds the receiver (core 0) and its senders. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(1, 1));
        final int sink = b.addCore(new Sink());
        for (int s = 1; s <= SENDERS; s++)
        {
            final int src = b.addCore(new Source());
            b.route(src, 0, sink, s, mixedDelays && s % 2 == 1 ? 2 : 1);
        }
        sim = b.build();
    }

    /** Stops the workers. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        sim.close();
    }

    /** @return steps run. */
    @Benchmark
    @OperationsPerInvocation(SENDERS * SENDS_PER_STEP * STEPS)
    public long messages()
    {
        return sim.runSteps(STEPS);
    }
}
