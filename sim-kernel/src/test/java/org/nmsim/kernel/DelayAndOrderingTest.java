package org.nmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages arrive exactly after their delay; ties at the same time follow the documented canonical order. */
@Timeout(60)
class DelayAndOrderingTest
{
    /** Records (time, axon, payload) of every delivery. */
    static final class Recorder implements Core
    {
        final List<String> log = new ArrayList<>();

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            log.add(ctx.time() + ":" + axon + ":" + payload);
        }
    }

    /** Sends (port = p, payload = p) on each port listed for a given step or time. */
    static final class Sender implements Core
    {
        private final long sendAt;
        private final int[] ports;

        Sender(final long sendAt, final int... ports)
        {
            this.sendAt = sendAt;
            this.ports = ports;
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            // continuous mode: a kick from outside triggers the sends at the kick's time
            for (final int p : ports)
            {
                ctx.send(p, p);
            }
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            if (ctx.step() == sendAt)
            {
                for (final int p : ports)
                {
                    ctx.send(p, p);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 3})
    void shouldDeliverExactlyAfterTheDelayInSteppedMode(final int workers)
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(workers, 1));
        final int rec = b.addCore(new Recorder());
        final int src = b.addCore(new Sender(3, 0, 1));
        b.route(src, 0, rec, 10, 5);
        b.route(src, 1, rec, 11, 1);
        try (Simulation sim = b.build())
        {
            sim.runSteps(4);
            assertEquals(List.of(), ((Recorder)sim.core(rec)).log, "steps 0..3 ran; step 4 has not");
            sim.runSteps(1);
            assertEquals(List.of("4.0:11:1"), ((Recorder)sim.core(rec)).log, "delay 1: sent in step 3, seen in 4");
            sim.runSteps(3);
            assertEquals(List.of("4.0:11:1"), ((Recorder)sim.core(rec)).log, "nothing until step 8");
            sim.runSteps(1);
            assertEquals(List.of("4.0:11:1", "8.0:10:0"), ((Recorder)sim.core(rec)).log, "delay 5: seen in 8");
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 4})
    void shouldBreakTiesBySourceCoreThenSequenceThenAxon(final int workers)
    {
        // core 0 records; cores 1..3 all send at step 2 so that everything arrives at step 3. The recorder
        // is core 0 so that with several workers the senders live on other workers than the recorder.
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(workers, 1));
        final int rec = b.addCore(new Recorder());
        final int s1 = b.addCore(new Sender(2, 1, 0));     // sends port 1 first (seq 0), then port 0 (seq 1)
        final int s2 = b.addCore(new Sender(2, 0));
        final int s3 = b.addCore(new Sender(2, 0));
        b.route(s3, 0, rec, 1, 1);
        b.route(s2, 0, rec, 9, 1);
        b.route(s1, 0, rec, 5, 1);
        b.route(s1, 0, rec, 4, 1);                       // same send, second axon: ordered by axon
        b.route(s1, 1, rec, 7, 1);
        try (Simulation sim = b.build())
        {
            sim.inject(rec, 99, 42, 3);                  // injected: before every core's message
            sim.runSteps(4);
            assertEquals(
                List.of("3.0:99:42", "3.0:7:1", "3.0:4:0", "3.0:5:0", "3.0:9:0", "3.0:1:0"),
                ((Recorder)sim.core(rec)).log);
        }
    }

    @Test
    void shouldDeliverAtSenderTimePlusDelayInContinuousMode()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.continuous(2, 1, 0.5));
        final int rec = b.addCore(new Recorder());
        final int src = b.addCore(new Sender(-1, 0));
        b.route(src, 0, rec, 3, 0.75);
        try (Simulation sim = b.build())
        {
            sim.inject(src, 0, 0, 0.3);
            sim.runUntil(1.05);
            assertEquals(List.of(), ((Recorder)sim.core(rec)).log, "0.3 + 0.75 = 1.05 is not < 1.05");
            sim.runUntil(1.0500001);
            assertEquals(List.of((0.3 + 0.75) + ":3:0"), ((Recorder)sim.core(rec)).log);
        }
    }

    @Test
    void shouldFireTimersInTimeOrderWithMessages()
    {
        final List<String> log = new ArrayList<>();
        final Core core = new Core()
        {
            @Override
            public void onMessage(final CoreContext ctx, final int axon, final long payload)
            {
                log.add("m" + payload + "@" + ctx.time());
                if (payload == 1)
                {
                    ctx.scheduleTimer(ctx.time() + 0.2, 7);
                    ctx.scheduleTimer(ctx.time(), 8);     // same time: after the current event
                }
            }

            @Override
            public void onTimer(final CoreContext ctx, final long tag)
            {
                log.add("t" + tag + "@" + ctx.time());
            }
        };
        final SimulationBuilder b = Simulation.builder(KernelConfig.continuous(1, 1, 1.0));
        b.addCore(core);
        try (Simulation sim = b.build())
        {
            sim.inject(0, 0, 1, 0.25);
            sim.inject(0, 0, 2, 0.5);
            sim.runUntil(2.0);
            assertEquals(List.of("m1@0.25", "t8@0.25", "t7@0.45", "m2@0.5"), log);
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 3})
    void shouldMergeMessagesOfDifferentSendStepsIntoCanonicalOrder(final int workers)
    {
        // everything arrives at step 5, pushed out of canonical order even with one worker: core 3 (high id)
        // sends at step 2 with delay 3, then core 1 (low id) sends at step 4 with delay 1; core 2 sends at both
        // steps (its later send has the higher sequence number although it travels the shorter way); an injected
        // event for step 5 is added between runs, after the others were queued
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(workers, 1));
        final int rec = b.addCore(new Recorder());
        final int s1 = b.addCore(new Sender(4, 0));
        final int s2 = b.addCore(new Core()
        {
            @Override
            public void onMessage(final CoreContext ctx, final int axon, final long payload)
            {
            }

            @Override
            public void onStep(final CoreContext ctx)
            {
                if (ctx.step() == 2)
                {
                    ctx.send(0, 20);
                }
                else if (ctx.step() == 4)
                {
                    ctx.send(1, 21);
                }
            }
        });
        final int s3 = b.addCore(new Sender(2, 0, 1));
        b.route(s3, 0, rec, 8, 3);
        b.route(s3, 1, rec, 2, 3);
        b.route(s3, 1, rec, 1, 3);
        b.route(s2, 1, rec, 6, 1);
        b.route(s2, 0, rec, 7, 3);
        b.route(s1, 0, rec, 9, 1);
        b.route(s1, 0, rec, 3, 1);
        try (Simulation sim = b.build())
        {
            sim.runSteps(5);
            sim.inject(rec, 50, 5, 5);
            sim.runSteps(1);
            assertEquals(
                List.of("5.0:50:5", "5.0:3:0", "5.0:9:0", "5.0:7:20", "5.0:6:21", "5.0:8:0", "5.0:1:1", "5.0:2:1"),
                ((Recorder)sim.core(rec)).log);
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2})
    void shouldOrderTimersAndMessagesAtOneTimeBySourceInContinuousMode(final int workers)
    {
        // continuous mode keeps the heap: a timer of core 1 and messages from cores 0 and 2 at the same time
        // arrive by source core
        final List<String> log = new ArrayList<>();
        final SimulationBuilder b = Simulation.builder(KernelConfig.continuous(workers, 1, 1.0));
        final int s0 = b.addCore(new Sender(-1, 0));
        final int rec = b.addCore(new Core()
        {
            @Override
            public void onMessage(final CoreContext ctx, final int axon, final long payload)
            {
                if (axon == 0)
                {
                    ctx.scheduleTimer(ctx.time() + 1.5, 9);
                    return;
                }
                log.add("m" + axon + "@" + ctx.time());
            }

            @Override
            public void onTimer(final CoreContext ctx, final long tag)
            {
                log.add("t" + tag + "@" + ctx.time());
            }
        });
        final int s2 = b.addCore(new Sender(-1, 0));
        b.route(s2, 0, rec, 2, 1.0);
        b.route(s0, 0, rec, 1, 1.0);
        try (Simulation sim = b.build())
        {
            sim.inject(rec, 0, 0, 0.5);
            sim.inject(s2, 0, 0, 1.0);
            sim.inject(s0, 0, 0, 1.0);
            sim.runUntil(3.0);
            assertEquals(List.of("m1@2.0", "t9@2.0", "m2@2.0"), log);
        }
    }
}
