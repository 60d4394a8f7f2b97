package org.nmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Saving the kernel's state and restoring it into a fresh simulation continues bit-identically. */
@Timeout(60)
class CheckpointTest
{
    /** Six unwired cores: their state evolves from their own random streams alone. */
    private static Simulation build(final int workers)
    {
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(workers, 77));
        for (int c = 0; c < 6; c++)
        {
            b.addCore(new RandomNetwork.SteppedCore(c));
        }
        b.counter("test.spikes");
        return b.build();
    }

    private static long[] state(final Simulation sim)
    {
        final long[] out = new long[6 * (RandomNetwork.NEURONS + 1) + 1];
        int p = 0;
        for (int c = 0; c < 6; c++)
        {
            final RandomNetwork.SteppedCore core = (RandomNetwork.SteppedCore)sim.core(c);
            out[p++] = core.spikes;
            for (final int v : core.v)
            {
                out[p++] = v;
            }
        }
        out[p] = sim.counterTotal(SimulationBuilder.SENDS);
        return out;
    }

    @Test
    void shouldContinueBitIdenticallyAfterRestoringIntoAFreshSimulation()
    {
        final long[] uninterrupted;
        try (Simulation sim = build(2))
        {
            sim.runSteps(100);
            uninterrupted = state(sim);
        }
        try (Simulation first = build(1); Simulation second = build(3))
        {
            first.runSteps(60);
            final Simulation.KernelState saved = first.saveState();
            second.restoreState(saved);
            // the model's own state is the model's to carry over
            for (int c = 0; c < 6; c++)
            {
                final int[] from = ((RandomNetwork.SteppedCore)first.core(c)).v;
                final RandomNetwork.SteppedCore to = (RandomNetwork.SteppedCore)second.core(c);
                System.arraycopy(from, 0, to.v, 0, from.length);
                to.spikes = ((RandomNetwork.SteppedCore)first.core(c)).spikes;
            }
            assertEquals(60, second.currentStep());
            second.runSteps(40);
            assertArrayEquals(uninterrupted, state(second), "random streams, counters and step continue exactly");
        }
    }

    @Test
    void shouldRefuseToSaveWhileMessagesAreInFlight()
    {
        // a spike sent at step 2 with delay 5 is in flight until step 7
        final SimulationBuilder b = Simulation.builder(KernelConfig.stepped(1, 1));
        b.addCore(new DelayAndOrderingTest.Recorder());
        b.addCore(new DelayAndOrderingTest.Sender(2, 0));
        b.route(1, 0, 0, 0, 5);
        try (Simulation sim = b.build())
        {
            sim.runSteps(4);
            final IllegalStateException e = assertThrows(IllegalStateException.class, sim::saveState);
            assertEquals("core 0 has 1 pending events at time=4.0: save the kernel where every message has been " +
                "delivered", e.getMessage());
            sim.runSteps(4);
            assertEquals(8, sim.saveState().step(), "after delivery the state can be saved");
        }
    }
}
