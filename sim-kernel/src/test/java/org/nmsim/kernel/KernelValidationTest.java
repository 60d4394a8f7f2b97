package org.nmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Invalid configurations fail before anything runs, naming the field, the value and the rule. */
@Timeout(30)
class KernelValidationTest
{
    private static final Core IDLE = (ctx, axon, payload) ->
    {
    };

    @Test
    void shouldRejectZeroWorkers()
    {
        final KernelConfigException e = assertThrows(KernelConfigException.class, () -> KernelConfig.stepped(0, 1));
        assertEquals("workers=0 must be >= 1", e.getMessage());
    }

    @Test
    void shouldRejectRingSizeThatIsNotAPowerOfTwo()
    {
        final KernelConfigException e = assertThrows(KernelConfigException.class,
            () -> new KernelConfig(TimeModel.STEPPED, 1, 1, 1000, Double.NaN));
        assertEquals("ringSize=1000 must be a power of two >= 64", e.getMessage());
    }

    @Test
    void shouldRejectNegativeDelay()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(1, 1));
        b.addCore(IDLE);
        b.route(0, 0, 0, 0, -2);
        final KernelConfigException e = assertThrows(KernelConfigException.class, b::build);
        assertTrue(e.getMessage().startsWith("delay=-2.0 must be finite and non-negative: route 0 (core 0 port 0"),
            e.getMessage());
    }

    @Test
    void shouldRejectZeroAndFractionalDelaysInSteppedMode()
    {
        for (final double d : new double[] {0.0, 1.5})
        {
            final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(1, 1));
            b.addCore(IDLE);
            b.route(0, 0, 0, 0, d);
            final KernelConfigException e = assertThrows(KernelConfigException.class, b::build);
            assertTrue(e.getMessage().contains("must be a whole number of steps >= 1"), e.getMessage());
        }
    }

    @Test
    void shouldRejectContinuousDelayBelowTheLookahead()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.continuous(2, 1, 0.001));
        b.addCore(IDLE);
        b.addCore(IDLE);
        b.route(0, 0, 1, 0, 0.002);
        b.route(1, 3, 0, 0, 0.0005);
        final KernelConfigException e = assertThrows(KernelConfigException.class, b::build);
        assertEquals("delay=5.0E-4 is below lookahead=0.001 (every delay must reach the lookahead for conservative " +
            "synchronisation): route 1 (core 1 port 3 -> core 0 axon 0)", e.getMessage());
    }

    @Test
    void shouldDeriveTheLookaheadFromTheSmallestDelay()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.continuous(2, 1, Double.NaN));
        b.addCore(IDLE);
        b.addCore(IDLE);
        b.route(0, 0, 1, 0, 0.004);
        b.route(1, 0, 0, 0, 0.0015);
        try (Simulation sim = b.build())
        {
            assertEquals(0.0015, sim.lookahead());
        }
    }

    @Test
    void shouldRejectRoutesToUnknownCoresAndDuplicates()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(1, 1));
        b.addCore(IDLE);
        b.route(0, 0, 5, 0, 1);
        assertTrue(assertThrows(KernelConfigException.class, b::build).getMessage()
            .startsWith("dstCore=5 is not a core id in [0, 0]"));

        final SimulationBuilder d = Simulation.builder(KernelConfig.stepped(1, 1));
        d.addCore(IDLE);
        d.route(0, 2, 0, 1, 1).route(0, 2, 0, 1, 3);
        assertTrue(assertThrows(KernelConfigException.class, d::build).getMessage()
            .startsWith("duplicate route: core 0 port 2 -> core 0 axon 1"));
    }

    @Test
    void shouldRejectAnEventScheduledInThePast()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(1, 1));
        b.addCore(IDLE);
        try (Simulation sim = b.build())
        {
            sim.runSteps(10);
            final KernelConfigException e = assertThrows(KernelConfigException.class, () -> sim.inject(0, 0, 0, 9));
            assertEquals("time=9.0 is before the current time=10.0 (core 0): an event cannot be scheduled in the past",
                e.getMessage());
        }
    }

    @Test
    void shouldRejectATimerInThePast()
    {
        final Core core = new Core()
        {
            @Override
            public void onMessage(final CoreContext ctx, final int axon, final long payload)
            {
                ctx.scheduleTimer(ctx.time() - 0.1, 0);
            }
        };
        final SimulationBuilder b = Simulation.builder(KernelConfig.continuous(1, 1, 1.0));
        b.addCore(core);
        try (Simulation sim = b.build())
        {
            sim.inject(0, 0, 0, 0.5);
            final SimulationException e = assertThrows(SimulationException.class, () -> sim.runUntil(1.0));
            assertEquals(0, e.coreId());
            assertEquals(0.5, e.time());
            assertTrue(e.getCause().getMessage().contains("is before now=0.5"), e.getCause().getMessage());
        }
    }

    @Test
    void shouldRejectARunInTheWrongTimeModel()
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(1, 1));
        b.addCore(IDLE);
        try (Simulation sim = b.build())
        {
            assertThrows(IllegalStateException.class, () -> sim.runUntil(3.0));
        }
    }
}
