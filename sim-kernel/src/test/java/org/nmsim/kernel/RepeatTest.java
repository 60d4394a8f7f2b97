package org.nmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CoreContext#sendRepeat} and {@link CoreContext#countDelivered}: a sender that repeats a message it sent
 * one step earlier, to receivers that reconstruct it, leaves every kernel counter, every sequence number and every
 * other delivery as sending it would: checked against the same network that sends the repeat.
 */
@Timeout(60)
class RepeatTest
{
    /** Step 1: port 0 (2 routes). Step 2: port 0 again (sent, or repeated), then port 1 (1 route). */
    static final class Sender implements Core
    {
        private final boolean repeat;

        Sender(final boolean repeat)
        {
            this.repeat = repeat;
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            if (ctx.step() == 1)
            {
                ctx.send(0, 7);
            }
            else if (ctx.step() == 2)
            {
                if (repeat)
                {
                    ctx.sendRepeat(0);
                }
                else
                {
                    ctx.send(0, 7);
                }
                ctx.send(1, 9);
            }
        }
    }

    /** Records what it receives; in the repeating network it reconstructs the step-2 repeat of axon 3. */
    static final class Receiver implements Core
    {
        private final boolean repeat;
        final List<String> log = new ArrayList<>();

        Receiver(final boolean repeat)
        {
            this.repeat = repeat;
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            log.add(ctx.step() + ":" + axon + ":" + payload);
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            if (repeat && ctx.step() == 3)
            {
                // the message of step 1 on axon 3, again: reconstructed here (in its canonical place, before the
                // sender's later message of this step), counted as delivered
                int at = 0;
                while (at < log.size() && !log.get(at).startsWith("3:"))
                {
                    at++;
                }
                log.add(at, "3:3:7");
                ctx.countDelivered(1);
            }
        }
    }

    private record Outcome(long[] counters, long[] sequences, List<String> a, List<String> b)
    {
    }

    private static Outcome run(final boolean repeat, final int workers)
    {
        final SimulationBuilder sb = Simulation.builder(KernelConfig.stepped(workers, 1));
        final int src = sb.addCore(new Sender(repeat));
        final int a = sb.addCore(new Receiver(repeat));
        final int b = sb.addCore(new Receiver(repeat));
        sb.route(src, 0, a, 3, 1);
        sb.route(src, 0, b, 3, 1);
        sb.route(src, 1, b, 4, 1);
        try (Simulation sim = sb.build())
        {
            sim.runSteps(5);
            final long[] counters = {sim.counterTotal(SimulationBuilder.SENDS),
                sim.counterTotal(SimulationBuilder.MESSAGES_SENT),
                sim.counterTotal(SimulationBuilder.MESSAGES_DELIVERED)};
            return new Outcome(counters, sim.saveState().sequences(), ((Receiver)sim.core(a)).log,
                ((Receiver)sim.core(b)).log);
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2})
    void shouldCountARepeatAsTheMessageItStandsFor(final int workers)
    {
        final Outcome sent = run(false, workers);
        final Outcome repeated = run(true, workers);
        assertArrayEquals(new long[] {3, 5, 5}, sent.counters(), "sends, messages sent, messages delivered");
        assertArrayEquals(sent.counters(), repeated.counters());
        assertArrayEquals(sent.sequences(), repeated.sequences(), "the repeat uses a sequence number");
        assertEquals(List.of("2:3:7", "3:3:7"), sent.a());
        assertEquals(sent.a(), repeated.a());
        assertEquals(List.of("2:3:7", "3:3:7", "3:4:9"), sent.b());
        assertEquals(sent.b(), repeated.b());
    }

    @Test
    void shouldRefuseANegativeDeliveryCount()
    {
        final SimulationBuilder sb = Simulation.builder(KernelConfig.stepped(1, 1));
        sb.addCore(new Core()
        {
            @Override
            public void onMessage(final CoreContext ctx, final int axon, final long payload)
            {
            }

            @Override
            public void onStep(final CoreContext ctx)
            {
                ctx.countDelivered(-1);
            }
        });
        try (Simulation sim = sb.build())
        {
            final RuntimeException e = assertThrows(RuntimeException.class, () -> sim.runSteps(1));
            assertTrue(String.valueOf(e.getMessage()).contains("messages=-1 must be >= 0") ||
                String.valueOf(e.getCause()).contains("messages=-1 must be >= 0"), String.valueOf(e));
        }
    }
}
