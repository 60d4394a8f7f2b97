package org.nmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CoreContext#sendBlock}: a block of messages on consecutive ports leaves every delivery (its step, axon,
 * payload and place in the order), every kernel counter and every sequence number as the same messages sent one
 * by one do. Checked on a network with parallel routes (the block goes out route by route), two routes of a port to
 * one core (its queue must reorder the blocks), a port with one more route (no longer parallel: message by
 * message), a second sender whose messages interleave with the block's, and 1 to 3 workers (messages to other
 * workers' cores go through the rings, up to 64 in a slot; a 10,000-message block fills 64-slot rings).
 */
@Timeout(60)
class BlockSendTest
{
    private static final int PORTS = 6;
    private static final int WIDE = 10_000;
    private static final int SINGLES = 200;

    /** Sends singles and blocks in a fixed pattern; with {@code block} false, the blocks as single sends. */
    static final class Sender implements Core
    {
        private final boolean block;
        private final long base;

        Sender(final boolean block, final long base)
        {
            this.block = block;
            this.base = base;
        }

        private void sendAll(final CoreContext ctx, final int first, final int n, final long payload0)
        {
            final long[] p = new long[n + 3];
            for (int x = 0; x < p.length; x++)
            {
                // entries beyond n must not be sent
                p[x] = x < n ? payload0 + x : -1;
            }
            if (block)
            {
                ctx.sendBlock(first, p, n);
            }
            else
            {
                for (int x = 0; x < n; x++)
                {
                    ctx.send(first + x, p[x]);
                }
            }
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            final long s = ctx.step();
            if (s == 1)
            {
                ctx.send(5, base + 100);
                // ports 0-2: parallel; 4-5: parallel; 1-4 spans port 3, which has one more route
                sendAll(ctx, 0, 3, base + 10);
                sendAll(ctx, 4, 2, base + 20);
                sendAll(ctx, 1, 4, base + 30);
                ctx.send(0, base + 101);
            }
            else if (s == 2)
            {
                sendAll(ctx, 0, PORTS, base + 40);
                sendAll(ctx, 2, 1, base + 50);
                sendAll(ctx, 2, 0, base + 60);
            }
        }
    }

    /** Records what it receives, in order. */
    static final class Receiver implements Core
    {
        final List<String> log = new ArrayList<>();

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            log.add(ctx.step() + ":" + axon + ":" + payload);
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
        }
    }

    private record Outcome(long[] counters, long[] sequences, List<List<String>> logs)
    {
    }

    private static Outcome run(final boolean block, final int workers)
    {
        final SimulationBuilder sb = Simulation.builder(KernelConfig.stepped(workers, 1));
        final int a = sb.addCore(new Receiver());
        final int src = sb.addCore(new Sender(block, 1000));
        final int b = sb.addCore(new Receiver());
        final int other = sb.addCore(new Sender(block, 2000));
        final int c = sb.addCore(new Receiver());
        for (final int s : new int[] {src, other})
        {
            for (int p = 0; p < PORTS; p++)
            {
                sb.route(s, p, a, 10 + p, 1);
                sb.route(s, p, b, 20 + p, 2);
                sb.route(s, p, a, 30 + p, 1);
            }
            sb.route(s, 3, c, 7, 1);
        }
        try (Simulation sim = sb.build())
        {
            sim.runSteps(6);
            final long[] counters = {sim.counterTotal(SimulationBuilder.SENDS),
                sim.counterTotal(SimulationBuilder.MESSAGES_SENT),
                sim.counterTotal(SimulationBuilder.MESSAGES_DELIVERED)};
            return new Outcome(counters, sim.saveState().sequences(), List.of(((Receiver)sim.core(a)).log,
                ((Receiver)sim.core(b)).log, ((Receiver)sim.core(c)).log));
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 3})
    void shouldDeliverABlockAsTheMessagesItStandsFor(final int workers)
    {
        final Outcome single = run(false, workers);
        final Outcome blocks = run(true, workers);
        // per sender: 2 + 3 + 2 + 4 singles and blocks at step 1, 6 + 1 at step 2 = 18 sends; 3 routes per port
        // plus port 3's fourth (sent twice)
        assertArrayEquals(new long[] {36, 2 * (18 * 3 + 2), 2 * (18 * 3 + 2)}, single.counters(),
            "sends, messages sent, messages delivered");
        assertArrayEquals(single.counters(), blocks.counters());
        assertArrayEquals(single.sequences(), blocks.sequences(), "a block takes one sequence number per message");
        for (int r = 0; r < 3; r++)
        {
            assertEquals(single.logs().get(r), blocks.logs().get(r), "receiver " + r + ", " + workers + " workers");
        }
        assertEquals(2 * (18 * 2), single.logs().get(0).size(), "receiver a: two routes per port");
        assertEquals(run(false, 1).logs(), single.logs(), "the order does not depend on the workers");
    }

    /** Sends one block of {@code n} messages on ports 0..n-1 at step 1, or the same messages one by one. */
    static final class WideSender implements Core
    {
        private final boolean block;
        private final int n;

        WideSender(final boolean block, final int n)
        {
            this.block = block;
            this.n = n;
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            if (ctx.step() == 2)
            {
                // single messages after the blocks, in ring slots that carried blocks
                for (int x = 0; x < SINGLES; x++)
                {
                    ctx.send(x, 9000 + x);
                }
            }
            if (ctx.step() != 1)
            {
                return;
            }
            final long[] p = new long[n];
            for (int x = 0; x < n; x++)
            {
                p[x] = 5000 + x;
            }
            if (block)
            {
                ctx.sendBlock(0, p, n);
                return;
            }
            for (int x = 0; x < n; x++)
            {
                ctx.send(x, p[x]);
            }
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {2, 3})
    void shouldPassABlockLargerThanTheRingToAnotherWorker(final int workers)
    {
        // 10,000 messages to each of the cores on other workers through 64-slot rings (64 messages a slot: 157
        // slots, the ring full again and again), and to one on the same worker; then 200 single messages, in
        // slots that carried blocks
        final java.util.function.Function<Boolean, List<List<String>>> run = block -> {
            final SimulationBuilder sb = Simulation.builder(new KernelConfig(TimeModel.STEPPED, workers, 1, 64,
                Double.NaN));
            final int src = sb.addCore(new WideSender(block, WIDE));
            final int[] dst = new int[workers + 1];
            for (int d = 0; d < dst.length; d++)
            {
                dst[d] = sb.addCore(new Receiver());
                for (int p = 0; p < WIDE; p++)
                {
                    sb.route(src, p, dst[d], p, 1);
                }
            }
            try (Simulation sim = sb.build())
            {
                sim.runSteps(4);
                assertEquals((long)(WIDE + SINGLES) * dst.length,
                    sim.counterTotal(SimulationBuilder.MESSAGES_DELIVERED));
                final List<List<String>> logs = new ArrayList<>();
                for (final int d : dst)
                {
                    logs.add(((Receiver)sim.core(d)).log);
                }
                return logs;
            }
        };
        final List<List<String>> single = run.apply(false);
        assertEquals(WIDE + SINGLES, single.get(0).size());
        assertEquals("2:" + (WIDE - 1) + ":" + (5000 + WIDE - 1), single.get(0).get(WIDE - 1));
        assertEquals(single, run.apply(true));
    }

    @Test
    void shouldFindParallelRunsOfPorts()
    {
        // one core, 4 ports: ports 0-2 go to core 1 axons 5, 6, 7 and to core 2 axons 0, 1, 2 (delay 1); port 3 to
        // core 1 axon 8 only
        final RoutingTable t = new RoutingTable(new int[] {0, 5, 6}, new int[] {4, 0, 0},
            new int[] {0, 2, 4, 6, 7, 7, 7}, new int[] {1, 2, 1, 2, 1, 2, 1}, new int[] {5, 0, 6, 1, 7, 2, 8},
            new double[] {1, 1, 1, 1, 1, 1, 1});
        assertTrue(t.parallel(0, 0, 3));
        assertTrue(t.parallel(0, 1, 2));
        assertTrue(t.parallel(0, 3, 1));
        assertFalse(t.parallel(0, 0, 4), "port 3 has one route, the others two");
        assertFalse(t.parallel(0, 3, 2), "no port 4");
        assertFalse(t.parallel(0, -1, 2));
        assertFalse(t.parallel(0, 0, 0));
        final RoutingTable skip = new RoutingTable(new int[] {0, 3}, new int[] {2, 0},
            new int[] {0, 1, 2, 2}, new int[] {1, 1}, new int[] {5, 7}, new double[] {1, 1});
        assertFalse(skip.parallel(0, 0, 2), "axons 5 and 7 are not consecutive");
        final RoutingTable delays = new RoutingTable(new int[] {0, 3}, new int[] {2, 0},
            new int[] {0, 1, 2, 2}, new int[] {1, 1}, new int[] {5, 6}, new double[] {1, 2});
        assertFalse(delays.parallel(0, 0, 2), "different delays");
    }
}
