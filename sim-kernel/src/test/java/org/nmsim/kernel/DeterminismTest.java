package org.nmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The determinism contract: the same model and seed give bit-identical delivery order, state and counters for
 * 1, 2, 4 and 8 workers, in both time models. The rings are kept small so that full rings (back-pressure) are
 * exercised too.
 */
@Timeout(120)
class DeterminismTest
{
    private static final int CORES = 20;
    private static final int[] WORKERS = {1, 2, 4, 8};

    /** Everything observable about a finished run, flattened for bit-for-bit comparison. */
    private record Snapshot(long[] digests, long[] state, long[] counters)
    {
        void assertSame(final Snapshot other, final String what)
        {
            assertArrayEquals(digests, other.digests, what + ": delivery-order digests");
            assertArrayEquals(state, other.state, what + ": core state");
            assertArrayEquals(counters, other.counters, what + ": counters");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 0x5EED_F00DL})
    void shouldGiveBitIdenticalSteppedRunsForAnyWorkerCount(final long seed)
    {
        final List<Snapshot> runs = new ArrayList<>();
        for (final int w : WORKERS)
        {
            runs.add(runStepped(w, seed, 64));
        }
        for (int i = 1; i < runs.size(); i++)
        {
            runs.get(0).assertSame(runs.get(i), "seed=" + seed + " workers=1 vs " + WORKERS[i]);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7L, 0xC0FFEEL})
    void shouldGiveBitIdenticalContinuousRunsForAnyWorkerCount(final long seed)
    {
        final List<Snapshot> runs = new ArrayList<>();
        for (final int w : WORKERS)
        {
            runs.add(runContinuous(w, seed));
        }
        for (int i = 1; i < runs.size(); i++)
        {
            runs.get(0).assertSame(runs.get(i), "seed=" + seed + " workers=1 vs " + WORKERS[i]);
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 3})
    void shouldNotDependOnRingSize(final int workers)
    {
        runStepped(workers, 3L, 64).assertSame(runStepped(workers, 3L, 1 << 14), "ring 64 vs 16384");
    }

    private static Snapshot runStepped(final int workers, final long seed, final int ringSize)
    {
        final SimulationBuilder b = Simulation.builder(
            new KernelConfig(TimeModel.STEPPED, workers, seed, ringSize, Double.NaN));
        RandomNetwork.wire(b, CORES, true, 1.0);
        try (Simulation sim = b.build())
        {
            for (int c = 0; c < CORES; c += 3)
            {
                sim.inject(c, c % RandomNetwork.NEURONS, 3, 0);
            }
            // in two parts, to cover resuming
            sim.runSteps(120);
            sim.runSteps(80);
            final long[] digests = new long[CORES];
            final long[] state = new long[CORES * (RandomNetwork.NEURONS + 1)];
            long spikes = 0;
            for (int c = 0; c < CORES; c++)
            {
                final RandomNetwork.SteppedCore core = (RandomNetwork.SteppedCore)sim.core(c);
                digests[c] = core.digest;
                state[c * (RandomNetwork.NEURONS + 1)] = core.spikes;
                for (int j = 0; j < RandomNetwork.NEURONS; j++)
                {
                    state[c * (RandomNetwork.NEURONS + 1) + 1 + j] = core.v[j];
                }
                spikes += core.spikes;
            }
            assertTrue(spikes > 10_000, "the network must be busy enough to test anything: spikes=" + spikes);
            return new Snapshot(digests, state, counters(sim));
        }
    }

    private static Snapshot runContinuous(final int workers, final long seed)
    {
        final double lookahead = 0.001;
        final SimulationBuilder b = Simulation.builder(
            new KernelConfig(TimeModel.CONTINUOUS, workers, seed, 64, lookahead));
        RandomNetwork.wire(b, CORES, false, lookahead);
        try (Simulation sim = b.build())
        {
            for (int c = 0; c < CORES; c += 2)
            {
                for (int k = 0; k < 6; k++)
                {
                    sim.inject(c, (c + k) % RandomNetwork.NEURONS, k, 0.0001 * k);
                }
            }
            sim.runUntil(0.05);
            sim.runUntil(0.12);
            final long[] digests = new long[CORES];
            final long[] state = new long[CORES * (RandomNetwork.NEURONS + 1)];
            long spikes = 0;
            for (int c = 0; c < CORES; c++)
            {
                final RandomNetwork.ContinuousCore core = (RandomNetwork.ContinuousCore)sim.core(c);
                digests[c] = core.digest;
                state[c * (RandomNetwork.NEURONS + 1)] = core.spikes;
                for (int j = 0; j < RandomNetwork.NEURONS; j++)
                {
                    state[c * (RandomNetwork.NEURONS + 1) + 1 + j] = Double.doubleToLongBits(core.v[j]);
                }
                spikes += core.spikes;
            }
            assertTrue(spikes > 2_000, "the network must be busy enough to test anything: spikes=" + spikes);
            assertEquals(0.12, sim.currentTime());
            return new Snapshot(digests, state, counters(sim));
        }
    }

    private static long[] counters(final Simulation sim)
    {
        final int k = sim.counterNames().size();
        final long[] all = new long[sim.coreCount() * k];
        for (int c = 0; c < sim.coreCount(); c++)
        {
            for (int i = 0; i < k; i++)
            {
                all[c * k + i] = sim.counter(c, i);
            }
        }
        assertTrue(Arrays.stream(all).sum() > 0);
        return all;
    }
}
