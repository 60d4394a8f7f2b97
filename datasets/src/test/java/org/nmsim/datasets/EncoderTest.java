package org.nmsim.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EncoderTest
{
    private static final double[] X = {0.0, 1.0, 0.5, 0.25, 1.0};

    /** SplitMix64 finaliser written again from the paper's constants, as an independent check of CounterHash. */
    private static long fmix(final long z0)
    {
        long z = z0;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Test
    void directCurrentShouldSendEachNonzeroValueOnEveryStep()
    {
        final Recorded sink = new Recorded();
        final long count = new DirectCurrentEncoder(3).encode(0, X, sink);
        assertEquals(12, count);
        final List<Recorded.Message> expected = new ArrayList<>();
        for (int t = 0; t < 3; t++)
        {
            expected.add(new Recorded.Message(t, 1, 1.0));
            expected.add(new Recorded.Message(t, 2, 0.5));
            expected.add(new Recorded.Message(t, 3, 0.25));
            expected.add(new Recorded.Message(t, 4, 1.0));
        }
        assertEquals(expected, sink.messages);
    }

    @Test
    void ttfsShouldSpikeOnceAtStepsTimesOneMinusXInTimeOrder()
    {
        final double[] x = {0.0, 0.3, 1.0, 0.7, 0.3, 1.0 / 3.0};
        final Recorded sink = new Recorded();
        final long count = new TimeToFirstSpikeEncoder(10).encode(7, x, sink);
        assertEquals(5, count);
        assertEquals(List.of(
            new Recorded.Message(0.0, 2, 1.0),
            new Recorded.Message(10 * (1 - 0.7), 3, 1.0),
            new Recorded.Message(10 * (1 - 1.0 / 3.0), 5, 1.0),
            new Recorded.Message(10 * (1 - 0.3), 1, 1.0),
            new Recorded.Message(10 * (1 - 0.3), 4, 1.0)), sink.messages);
    }

    @Test
    void poissonShouldMatchIndependentlyComputedCounterHash()
    {
        final long seed = 0x5EEDL;
        final PoissonRateEncoder enc = new PoissonRateEncoder(50, 0.8, seed);
        final Recorded sink = new Recorded();
        enc.encode(42, X, sink);
        final List<Recorded.Message> expected = new ArrayList<>();
        for (int t = 0; t < 50; t++)
        {
            for (int n = 0; n < X.length; n++)
            {
                final double u = (fmix(seed ^ fmix(42L ^ fmix(n ^ fmix(t + 0x9E3779B97F4A7C15L)))) >>> 11) * 0x1.0p-53;
                if (u < X[n] * 0.8)
                {
                    expected.add(new Recorded.Message(t, n, 1.0));
                }
            }
        }
        assertEquals(expected, sink.messages);
    }

    @Test
    void poissonEmpiricalRateShouldLieWithinFiveBinomialSigmas()
    {
        // 200 neurons x 1000 steps = 200000 Bernoulli trials with p = 0.5 * 0.4 = 0.2:
        // mean 40000, sigma = sqrt(n p (1 - p)) = sqrt(32000) = 178.9; tolerance 5 sigma = 894.
        final double[] x = new double[200];
        Arrays.fill(x, 0.5);
        final PoissonRateEncoder enc = new PoissonRateEncoder(1000, 0.4, 12345L);
        final long count = enc.encode(3, x, (t, n, v) -> { });
        assertTrue(Math.abs(count - 40_000) < 5 * Math.sqrt(200_000 * 0.2 * 0.8),
            "count=" + count + " expected 40000 +- 894 (seed=12345)");
    }

    @Test
    void poissonShouldSendNothingForZeroAndEveryStepForCertainSpikes()
    {
        final PoissonRateEncoder enc = new PoissonRateEncoder(100, 1.0, 9L);
        assertEquals(0, enc.encode(0, new double[] {0.0, 0.0}, (t, n, v) -> { }));
        assertEquals(200, enc.encode(0, new double[] {1.0, 1.0}, (t, n, v) -> { }));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void poissonShouldBeBitIdenticalOnRepeatInReverseOrderAndAcrossThreads() throws Exception
    {
        final PoissonRateEncoder enc = new PoissonRateEncoder(40, 0.5, -7L);
        final int samples = 8;
        final List<List<Recorded.Message>> forward = new ArrayList<>();
        for (int s = 0; s < samples; s++)
        {
            final Recorded r = new Recorded();
            enc.encode(s, X, r);
            forward.add(r.messages);
        }
        for (int s = samples - 1; s >= 0; s--)
        {
            final Recorded r = new Recorded();
            enc.encode(s, X, r);
            assertEquals(forward.get(s), r.messages, "sample " + s + " encoded in reverse order (seed=-7)");
        }
        // the single decisions, queried step-descending and neuron-descending, give the same spikes
        for (int s = 0; s < samples; s++)
        {
            final List<Recorded.Message> reversed = new ArrayList<>();
            for (int t = 39; t >= 0; t--)
            {
                for (int n = X.length - 1; n >= 0; n--)
                {
                    if (X[n] != 0.0 && enc.spikes(s, n, t, X[n]))
                    {
                        reversed.add(0, new Recorded.Message(t, n, 1.0));
                    }
                }
            }
            assertEquals(forward.get(s), reversed, "sample " + s + " decided in reverse (seed=-7)");
        }
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try
        {
            final List<Future<List<Recorded.Message>>> futures = new ArrayList<>();
            for (int s = samples - 1; s >= 0; s--)
            {
                final int sample = s;
                futures.add(pool.submit(() ->
                {
                    final Recorded r = new Recorded();
                    enc.encode(sample, X, r);
                    return r.messages;
                }));
            }
            for (int i = 0; i < samples; i++)
            {
                assertEquals(forward.get(samples - 1 - i), futures.get(i).get(), "threaded sample (seed=-7)");
            }
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void encodersShouldRejectIntensitiesOutsideUnitInterval()
    {
        final double[] bad = {0.5, 1.5};
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new TimeToFirstSpikeEncoder(5).encode(0, bad, (t, n, v) -> { }));
        assertEquals("x[1]=1.5 (TTFS rule: intensities lie in [0, 1])", ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new DirectCurrentEncoder(5).encode(0, new double[] {Double.NaN}, (t, n, v) -> { }));
        assertThrows(IllegalArgumentException.class, () -> new PoissonRateEncoder(5, 1.5, 0));
    }

    @Test
    void eventBinningShouldCountEventsPerStepAndPolarityChannel()
    {
        // 3 x 2 sensor, bins of 100 us, 3 steps; channels = (p * 2 + y) * 3 + x
        final EventStream ev = EventStream.of("hand", 3, 2,
            new int[] {0, 0, 2, 2, 1, 0, 2},
            new int[] {0, 0, 1, 1, 0, 0, 1},
            new boolean[] {true, true, false, true, false, true, false},
            new long[] {0, 99, 100, 150, 299, 300, 250});
        final EventBinningEncoder enc = new EventBinningEncoder(3, 100);
        final Recorded sink = new Recorded();
        final long count = enc.encode(0, ev, sink);
        // step 0: two ON events at (0,0) -> channel 6, count 2
        // step 1: OFF (2,1) -> channel 5; ON (2,1) -> channel 11
        // step 2: OFF (1,0) at 299 -> channel 1; OFF (2,1) at 250 -> channel 5; event at 300 dropped
        assertEquals(List.of(
            new Recorded.Message(0, 6, 2.0),
            new Recorded.Message(1, 5, 1.0),
            new Recorded.Message(1, 11, 1.0),
            new Recorded.Message(2, 1, 1.0),
            new Recorded.Message(2, 5, 1.0)), sink.messages);
        assertEquals(5, count);
        assertEquals(1, enc.dropped(ev));
        assertEquals(12, enc.channels(6));
        assertEquals(2, enc.frames(ev)[0][6]);
    }
}
