package org.nmsim.kernel;

import java.util.Arrays;

/**
 * A random recurrent network of simple test cores for determinism tests, in both time models. Every core keeps
 * an order-sensitive digest of everything delivered to it, so equal digests mean equal delivery order.
 */
final class RandomNetwork
{
    static final int NEURONS = 24;
    static final int FAN_OUT = 6;

    private RandomNetwork()
    {
    }

    /** Stepped: integer leaky neurons with random noise from the core's own stream. */
    static final class SteppedCore implements Core
    {
        final int[] v = new int[NEURONS];
        final int[] weights;
        long digest = 17;
        long spikes;

        SteppedCore(final int coreId)
        {
            final SplitMix64 r = new SplitMix64(1000 + coreId);
            weights = new int[NEURONS * NEURONS];
            for (int i = 0; i < weights.length; i++)
            {
                weights[i] = r.nextInt(41) - 12;
            }
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            digest = digest * 1_000_003L + ctx.step() * 7919L + axon * 31L + payload;
            final int base = axon * NEURONS;
            for (int j = 0; j < NEURONS; j++)
            {
                v[j] += weights[base + j] * (int)(1 + (payload & 3));
            }
        }

        @Override
        public void onStep(final CoreContext ctx)
        {
            for (int j = 0; j < NEURONS; j++)
            {
                v[j] -= v[j] >> 3;
                v[j] += ctx.random().nextInt(9);
                if (v[j] > 100)
                {
                    ctx.send(j, v[j] & 0xFF);
                    v[j] = 0;
                    spikes++;
                    ctx.counters()[1 + SimulationBuilder.TIMERS]++;
                }
            }
        }
    }

    /** Continuous: exponentially decaying float potentials; spikes leave through a timer shortly after. */
    static final class ContinuousCore implements Core
    {
        final double[] v = new double[NEURONS];
        final double[] last = new double[NEURONS];
        final double[] weights;
        final boolean[] pending = new boolean[NEURONS];
        final double lookahead;
        long digest = 17;
        long spikes;

        ContinuousCore(final int coreId, final double lookahead)
        {
            this.lookahead = lookahead;
            final SplitMix64 r = new SplitMix64(2000 + coreId);
            weights = new double[NEURONS * NEURONS];
            for (int i = 0; i < weights.length; i++)
            {
                weights[i] = r.nextDouble() * 0.9 - 0.25;
            }
        }

        @Override
        public void onMessage(final CoreContext ctx, final int axon, final long payload)
        {
            final double t = ctx.time();
            digest = digest * 1_000_003L + Double.doubleToLongBits(t) * 7919L + axon * 31L + payload;
            final int base = axon * NEURONS;
            for (int j = 0; j < NEURONS; j++)
            {
                v[j] = v[j] * Math.exp(-(t - last[j]) / 0.02) + weights[base + j] * (1.0 + payload * 0.001);
                last[j] = t;
                if (v[j] > 1.0 && !pending[j])
                {
                    pending[j] = true;
                    ctx.scheduleTimer(t + lookahead * (0.1 + 0.5 * ctx.random().nextDouble()), j);
                }
            }
        }

        @Override
        public void onTimer(final CoreContext ctx, final long tag)
        {
            final int j = (int)tag;
            digest = digest * 1_000_003L + Double.doubleToLongBits(ctx.time()) + tag;
            pending[j] = false;
            v[j] = 0.0;
            spikes++;
            ctx.send(j, (long)(ctx.time() * 1e6) & 0xFF);
        }
    }

    /** Adds the cores and random routes (FAN_OUT per neuron) to the builder. */
    static void wire(final SimulationBuilder b, final int cores, final boolean stepped, final double lookahead)
    {
        for (int c = 0; c < cores; c++)
        {
            b.addCore(stepped ? new SteppedCore(c) : new ContinuousCore(c, lookahead));
        }
        b.counter("test.spikes");
        final SplitMix64 r = new SplitMix64(42);
        for (int c = 0; c < cores; c++)
        {
            for (int j = 0; j < NEURONS; j++)
            {
                final int[] used = new int[FAN_OUT];
                Arrays.fill(used, -1);
                for (int k = 0; k < FAN_OUT; k++)
                {
                    int dst;
                    do
                    {
                        dst = r.nextInt(cores);
                    }
                    while (contains(used, dst));
                    used[k] = dst;
                    final double delay = stepped ? 1 + r.nextInt(4) : lookahead * (1.0 + 2.0 * r.nextDouble());
                    b.route(c, j, dst, r.nextInt(NEURONS), delay);
                }
            }
        }
    }

    private static boolean contains(final int[] a, final int x)
    {
        for (final int y : a)
        {
            if (y == x)
            {
                return true;
            }
        }
        return false;
    }
}
