package org.nmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Build, run, pause, inspect, resume, close; a failing core stops every worker and never hangs. */
@Timeout(60)
class LifecycleTest
{
    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 4, 8})
    void shouldSurfaceACoreFailureWithCoreIdAndTimeOnEveryWorkerCount(final int workers)
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(workers, 1));
        RandomNetwork.wire(b, 12, true, 1);
        b.addCore(new Core()
        {
            @Override
            public void onMessage(final CoreContext ctx, final int axon, final long payload)
            {
            }

            @Override
            public void onStep(final CoreContext ctx)
            {
                if (ctx.step() == 37)
                {
                    throw new ArithmeticException("boom");
                }
            }
        });
        try (Simulation sim = b.build())
        {
            final SimulationException e = assertThrows(SimulationException.class, () -> sim.runSteps(100));
            assertEquals(12, e.coreId());
            assertEquals(37.0, e.time());
            assertTrue(e.getMessage().startsWith("core 12 failed at time=37.0: java.lang.ArithmeticException: boom"));
            assertEquals(38, sim.currentStep(), "every worker stops at the end of the failing step");
            assertThrows(IllegalStateException.class, () -> sim.runSteps(1), "a failed simulation cannot resume");
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 3})
    void shouldPauseAndResumeToTheSameResultAsAnUninterruptedRun(final int workers)
    {
        final long uninterrupted = digestAfter(workers, 150, -1);
        final long paused = digestAfter(workers, 150, 40);
        assertEquals(uninterrupted, paused);
    }

    private static long digestAfter(final int workers, final long steps, final long pauseAt)
    {
        final AtomicReference<Simulation> ref = new AtomicReference<>();
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(workers, 9));
        RandomNetwork.wire(b, 10, true, 1);
        b.addCore(new Core()
        {
            @Override
            public void onMessage(final CoreContext ctx, final int axon, final long payload)
            {
            }

            @Override
            public void onStep(final CoreContext ctx)
            {
                if (ctx.step() == pauseAt)
                {
                    ref.get().requestPause();
                }
            }
        });
        try (Simulation sim = b.build())
        {
            ref.set(sim);
            sim.inject(0, 0, 1, 0);
            long done = sim.runSteps(steps);
            if (pauseAt >= 0)
            {
                assertEquals(pauseAt + 1, done, "the pause takes effect at the end of the step it was asked in");
                assertEquals(pauseAt + 1, sim.currentStep());
                done += sim.runSteps(steps - done);
            }
            assertEquals(steps, done);
            long digest = 0;
            for (int c = 0; c < 10; c++)
            {
                digest = digest * 31 + ((RandomNetwork.SteppedCore)sim.core(c)).digest;
            }
            return digest;
        }
    }

    @Test
    void shouldCountMessagesAndRecordOneWindowTimePerStep()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(2, 1));
        final DelayAndOrderingTest.Recorder rec = new DelayAndOrderingTest.Recorder();
        b.addCore(rec);
        b.addCore(new DelayAndOrderingTest.Sender(0, 0));
        b.addCore(new DelayAndOrderingTest.Recorder());
        b.route(1, 0, 0, 0, 1).route(1, 0, 0, 1, 2).route(1, 0, 2, 0, 1);
        try (Simulation sim = b.build())
        {
            sim.runSteps(5);
            assertEquals(1, sim.counter(1, SimulationBuilder.SENDS));
            assertEquals(3, sim.counter(1, SimulationBuilder.MESSAGES_SENT));
            assertEquals(2, sim.counter(0, SimulationBuilder.MESSAGES_DELIVERED));
            assertEquals(3, sim.counterTotal(SimulationBuilder.MESSAGES_DELIVERED));
            final Histogram h = sim.windowTimeHistogram();
            assertEquals(5, h.getTotalCount());
        }
    }

    @Test
    void shouldGiveEachCoreItsOwnReproducibleRandomStream()
    {
        final SplitMix64 a = SplitMix64.forCore(5, 0);
        final SplitMix64 b = SplitMix64.forCore(5, 1);
        final SplitMix64 a2 = SplitMix64.forCore(5, 0);
        assertTrue(a.nextLong() != b.nextLong());
        a.nextLong();
        a2.nextLong();
        a2.nextLong();
        assertEquals(a.nextLong(), a2.nextLong());
    }

    @Test
    void shouldMatchTheReferenceSplitMix64Sequence()
    {
        // First outputs of SplitMix64 seeded with 1234567, computed independently in Python from the published
        // algorithm (Vigna's splitmix64.c): s += 0x9E3779B97F4A7C15; z = s; z = (z ^ z >> 30) *
        // 0xBF58476D1CE4E5B9; z = (z ^ z >> 27) * 0x94D049BB133111EB; z ^ z >> 31, all mod 2^64, read as signed.
        final SplitMix64 r = new SplitMix64(1234567);
        assertEquals(6457827717110365317L, r.nextLong());
        assertEquals(3203168211198807973L, r.nextLong());
        assertEquals(-8629252141511181193L, r.nextLong());
    }
}
