package org.nmsim.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.CoreContext;
import org.nmsim.kernel.KernelConfig;
import org.nmsim.kernel.Simulation;
import org.nmsim.kernel.SplitMix64;

/**
 * Layer 1's input memo (HiddenCore reuses the first step's synaptic sums when a later step's graded inputs are the
 * same messages in the same order): a layer-1 core driven directly, with inputs that repeat, differ in one payload,
 * stop early, run longer, come reordered or are absent, and with weights changed between samples. Its membrane
 * potentials must equal, bit for bit, an independent evaluation of {@code u = lambda (u - s vth) + sum_i w_ij x_i
 * + b_j} with the sum in message order; every delivered input is counted as k graded synaptic ops.
 */
class InputMemoTest
{
    private static final int PRE = 4;
    private static final int K = 3;
    private static final int M = 2;
    private static final int T = 8;
    private static final int PHASES = 3;
    /** FakeContext's counter of deliveries the core reconstructed (above every id the chip's counters use). */
    private static final int DELIVERED = 255;

    /** Per step t = 1..T: the (axon, value) messages, in delivery order. */
    private static final double[][][] INPUTS = {
        {{0, 0.5}, {2, 0.25}, {3, 0.75}},
        {{0, 0.5}, {2, 0.25}, {3, 0.75}},
        {{0, 0.5}, {2, 0.3}, {3, 0.75}},
        {{0, 0.5}},
        {{0, 0.5}, {2, 0.25}, {3, 0.75}, {1, 0.1}},
        {{2, 0.25}, {0, 0.5}, {3, 0.75}},
        {{0, 0.5}, {2, 0.25}, {3, 0.75}},
        {},
    };

    @Test
    void shouldMatchTheDirectSumsForEveryKindOfInputSequence()
    {
        final OnlineHyper hyper = OnlineHyper.paperDefaults(LearningMethod.FGT, T, 0.01);
        final Counters counters = new Counters(Simulation.builder(KernelConfig.stepped(1, 1)));
        final double[][] w = new double[PRE][K];
        final SplitMix64 r = new SplitMix64(3);
        for (int x = 0; x < PRE * K; x++)
        {
            // magnitudes far apart, so that a sum in another order would differ in its last bits
            w[x / K][x % K] = (r.nextDouble() - 0.5) * Math.scalb(1.0, (x % 5) * 9 - 20);
        }
        final double[] b = {0.01, -0.02, 0.03};
        final HiddenCore core = new HiddenCore(1, 0, K, PRE, M, 1, w, b, new double[K * M], M, hyper,
            ChipNumerics.ideal(2), new EngineMath(EngineMath.Mode.EXACT, hyper), new Schedule(PHASES, T),
            Perturbations.coreStreams(1), new PortCosts(K * 2, counters), counters);
        final List<Double> seen = new ArrayList<>();
        core.uProbe = (time, neuron, value) -> seen.add(value);
        final FakeContext ctx = new FakeContext();
        long delivered = 0;
        for (int sample = 0; sample < 2; sample++)
        {
            if (sample == 1)
            {
                // the host changes the weights between samples: the next sample must not reuse the old sums
                w[2][1] += 0.125;
                w[0][0] -= 0.0625;
            }
            seen.clear();
            final long first = (long)sample * PHASES * (T + 1);
            ctx.step = first;
            core.onStep(ctx);
            for (int t = 1; t <= T; t++)
            {
                for (final double[] msg : INPUTS[t - 1])
                {
                    core.onMessage(ctx, (int)msg[0], Double.doubleToRawLongBits(msg[1]));
                    delivered++;
                }
                ctx.step = first + (long)(t - 1) * PHASES + 1;
                core.onStep(ctx);
            }
            final double[] expected = directPotentials(w, b, hyper);
            assertEquals(T * K, seen.size(), "one u per neuron and step");
            for (int x = 0; x < expected.length; x++)
            {
                assertEquals(Double.doubleToRawLongBits(expected[x]), Double.doubleToRawLongBits(seen.get(x)),
                    "sample " + sample + ", step " + (x / K + 1) + ", neuron " + x % K + ": " + seen.get(x) +
                        " vs direct " + expected[x]);
            }
        }
        assertEquals(delivered * K, ctx.counters[counters.id(OpKind.SYNOP_GRADED)],
            "every delivered input is counted as K graded synaptic ops, reused sums included");
    }

    /** u of every step and neuron ({@code [(t - 1) * K + j]}), evaluated directly from the inputs. */
    private static double[] directPotentials(final double[][] w, final double[] b, final OnlineHyper hyper)
    {
        final double[] out = new double[T * K];
        final double[] u = new double[K];
        final boolean[] s = new boolean[K];
        for (int t = 1; t <= T; t++)
        {
            for (int j = 0; j < K; j++)
            {
                double acc = 0.0;
                for (final double[] msg : INPUTS[t - 1])
                {
                    acc += w[(int)msg[0]][j] * msg[1];
                }
                u[j] = hyper.lambda() * (u[j] - (s[j] ? hyper.vth() : 0.0)) + acc + b[j];
                s[j] = u[j] > hyper.vth();
                out[(t - 1) * K + j] = u[j];
            }
        }
        return out;
    }

    /** A core context for one core: its step, counters and stream; sends are dropped. */
    private static final class FakeContext implements CoreContext
    {
        private final long[] counters = new long[256];
        private final SplitMix64 random = new SplitMix64(11);
        private long step;

        @Override
        public int coreId()
        {
            return 0;
        }

        @Override
        public long step()
        {
            return step;
        }

        @Override
        public double time()
        {
            return step;
        }

        @Override
        public void send(final int port, final long payload)
        {
        }

        @Override
        public void sendRepeat(final int port)
        {
        }

        @Override
        public void countDelivered(final long messages)
        {
            counters[DELIVERED] += messages;
        }

        @Override
        public void scheduleTimer(final double time, final long tag)
        {
        }

        @Override
        public SplitMix64 random()
        {
            return random;
        }

        @Override
        public long[] counters()
        {
            return counters;
        }
    }
}
