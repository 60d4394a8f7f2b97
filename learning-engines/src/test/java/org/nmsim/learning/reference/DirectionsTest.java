package org.nmsim.learning.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.preset.UserChips;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.MessageClass;
import org.nmsim.learning.MlpChip;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.Perturbations;

/**
 * K forward-gradient directions per hidden layer and step (paper 000 Table 1, "FGT (w/o m, s8)";
 * {@link OnlineHyper#directions()}): the chip (local rules, K signal channels per layer) against the dense float64
 * {@link FloatMlpReference} on a two-hidden-layer network spread over 3-neuron cores, bit-identical results for 1
 * and 3 workers, the signal messages counted by hand, and the errors for bad K. The golden files
 * {@code fgt_wo_m_k3}, {@code fgt_k2}, {@code fgt_s_k2} check both against PyTorch ({@link GoldenFileTest},
 * {@link OnChipGoldenTest}).
 */
@Timeout(60)
class DirectionsTest
{
    private static final int[] SIZES = {8, 6, 5, 3};
    private static final int STEPS = 4;
    private static final int SAMPLES = 4;
    private static final long SEED = 0x5EED5L;

    /**
     * Both sides draw the same signs (a hash of sample, layer, step, direction, neuron) and start from the same
     * weights; after every sample every weight and bias must agree to {@code 1e-9 max(1, |ref|)}: both are float64
     * and differ only in summation order (the chip sums in message order), a few ulps, while a wrong direction
     * index, a missing 1/K or a misrouted channel moves weights by far more (and the run with K = 1 must part from
     * the K-direction one by more than 1e-4, so K is seen to matter).
     */
    @ParameterizedTest(name = "{0} K={1}")
    @CsvSource({"FGT_WO_M, 3", "FGT, 2", "FGT_S, 3"})
    void shouldMatchTheFloatReferenceWithKDirections(final LearningMethod method, final int k)
    {
        final int n = SIZES.length - 1;
        final SplitMix64 r = new SplitMix64(SEED);
        final double[][][] w = new double[n][][];
        final double[][] flatW = new double[n][];
        final double[][] biases = new double[n + 1][];
        final double[][] flatB = new double[n][];
        for (int l = 0; l < n; l++)
        {
            w[l] = new double[SIZES[l + 1]][SIZES[l]];
            flatW[l] = new double[SIZES[l + 1] * SIZES[l]];
            for (int i = 0; i < SIZES[l + 1]; i++)
            {
                for (int j = 0; j < SIZES[l]; j++)
                {
                    // gain 3 so that the small network spikes
                    w[l][i][j] = (r.nextDouble() * 2.0 - 1.0) * 3.0 / Math.sqrt(SIZES[l]);
                    flatW[l][i * SIZES[l] + j] = w[l][i][j];
                }
            }
            biases[l + 1] = new double[SIZES[l + 1]];
            flatB[l] = new double[SIZES[l + 1]];
        }
        final double[][] xs = new double[SAMPLES][SIZES[0]];
        final int[] ys = new int[SAMPLES];
        for (int s = 0; s < SAMPLES; s++)
        {
            for (int i = 0; i < SIZES[0]; i++)
            {
                xs[s][i] = r.nextDouble();
            }
            ys[s] = s % SIZES[n];
        }
        final ReferenceMethod rm = ReferenceMethod.valueOf(method.name());
        final ModelHyperparameters hp = new ModelHyperparameters(STEPS, 0.5, 1.0, 0.25, 0.9, 0.3);
        final FloatMlpReference ref = new FloatMlpReference(SIZES, rm, hp, w, biases, null);
        ref.directions(k);
        final FloatMlpReference single = new FloatMlpReference(SIZES, rm, hp, w, biases, null);
        final OnlineHyper hyper = new OnlineHyper(method, STEPS, 0.5, 1.0, 0.25, 0.9, 0.3).withDirections(k);
        double parted = 0.0;
        try (MlpChip chip = MlpChip.builder(SIZES).chip(GoldenCase.CHIP).hyper(hyper).initialWeights(flatW, flatB)
            .workers(3).perturbations(hashed()).build())
        {
            assertTrue(chip.coreNames().size() > SIZES.length, "spread over cores: " + chip.coreNames());
            for (int s = 0; s < SAMPLES; s++)
            {
                final int expected = ref.trainSample(xs[s], ys[s], draws(s)).prediction();
                single.trainSample(xs[s], ys[s], draws(s));
                assertEquals(expected, chip.trainSample(xs[s], ys[s]), method + " sample " + s + ": prediction");
                for (int l = 0; l < n; l++)
                {
                    final double[] want = GoldenCase.flat(ref.weights(l));
                    final double[] got = chip.weights(l);
                    final double[] other = GoldenCase.flat(single.weights(l));
                    for (int i = 0; i < want.length; i++)
                    {
                        assertEquals(want[i], got[i], 1e-9 * Math.max(1.0, Math.abs(want[i])),
                            method + " K=" + k + " sample " + s + " W" + l + "[" + i + "]");
                        parted = Math.max(parted, Math.abs(want[i] - other[i]));
                    }
                    final double[] wantB = ref.bias(l + 1);
                    final double[] gotB = chip.biases(l);
                    for (int i = 0; i < wantB.length; i++)
                    {
                        assertEquals(wantB[i], gotB[i], 1e-9 * Math.max(1.0, Math.abs(wantB[i])),
                            method + " K=" + k + " sample " + s + " b" + (l + 1) + "[" + i + "]");
                    }
                }
            }
        }
        assertTrue(parted > 1e-4, "K=" + k + " must change the training (max |dW| against K=1: " + parted + ")");
    }

    /** K = 3 with the cores' own streams: all weights, biases and counters equal for 1 and 3 workers. */
    @Test
    void shouldBeBitIdenticalForOneAndThreeWorkers()
    {
        assertArrayEquals(snapshot(1), snapshot(3));
    }

    /**
     * Graded messages of one training sample on 4-3-3-2 (every core whole, x without zeros), counted by hand per
     * step: 4 inputs, K own signals of layer 1 (3 neurons), K own signals of layer 2 (3), the K layer-1 signals
     * that layer 2 passes on (3 each), 2 errors, and K {@code z^N} vectors (2 values) for each of the 2 hidden
     * layers: {@code T (4 + 9K + 2 + 4K)}; one label; inference sends no signals (4 inputs per step only).
     */
    @ParameterizedTest(name = "K={0}")
    @CsvSource({"1", "3", "8"})
    void shouldSendKTimesTheSignals(final int k)
    {
        final int[] sizes = {4, 3, 3, 2};
        final int steps = 3;
        final OnlineHyper hyper = new OnlineHyper(LearningMethod.FGT_WO_M, steps, 0.5, 1.0, 0.25, 0.9, 0.1)
            .withDirections(k);
        try (MlpChip chip = MlpChip.builder(sizes).chip(GoldenCase.CHIP).hyper(hyper).seed(3).build())
        {
            chip.trainSample(new double[] {0.9, 0.2, 0.7, 0.4}, 1);
            final long graded = chip.messages().get(MessageClass.GRADED.ordinal()).count();
            assertEquals((long)steps * (4 + 9L * k + 2 + 4L * k), graded, "graded messages of one sample, K=" + k);
            assertEquals(1, chip.messages().get(MessageClass.LABEL.ordinal()).count(), "labels");
            assertEquals((long)steps * 2 * 3 * k, chip.count(OpKind.RANDOM), "K signs per hidden neuron and step");
            chip.predict(new double[] {0.9, 0.2, 0.7, 0.4});
            assertEquals((long)steps * (4 + 9L * k + 2 + 4L * k) + steps * 4L,
                chip.messages().get(MessageClass.GRADED.ordinal()).count(), "inference adds the inputs only");
        }
    }

    @Test
    void shouldRejectBadDirections()
    {
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
            () -> OnlineHyper.paperDefaults(LearningMethod.FGT_WO_M, 4, 0.1).withDirections(0));
        assertEquals("directions=0 must be >= 1", zero.getMessage());
        for (final LearningMethod method : new LearningMethod[] {LearningMethod.DFA, LearningMethod.BP})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> OnlineHyper.paperDefaults(method, 4, 0.1).withDirections(2));
            assertTrue(ex.getMessage().contains("directions=2") && ex.getMessage().contains("method=" + method),
                ex.getMessage());
        }
        final ModelHyperparameters hp = new ModelHyperparameters(STEPS, 0.5, 1.0, 0.25, 0.9, 0.3);
        final FloatMlpReference dfa = FloatMlpReference.initialised(SIZES, ReferenceMethod.DFA, hp,
            new java.util.SplittableRandom(1));
        final IllegalArgumentException ref = assertThrows(IllegalArgumentException.class, () -> dfa.directions(2));
        assertTrue(ref.getMessage().contains("directions=2") && ref.getMessage().contains("method=DFA"),
            ref.getMessage());
        final FloatMlpReference fgt = FloatMlpReference.initialised(SIZES, ReferenceMethod.FGT_WO_M, hp,
            new java.util.SplittableRandom(1));
        assertThrows(IllegalArgumentException.class, () -> fgt.directions(0));
    }

    /**
     * The fan-in check counts the K channels: on cores of 40 axons, a core of layer 2 of 4-3-3-2 needs
     * {@code 3 (1 + K) + 2 + 2K} axons (3 presynaptic neurons on 1 + K channels, 2 errors, K {@code z^N} vectors of
     * 2): 10 for K = 1 (the readout, {@code 3 (1 + 2K) + 1}, also 10), 45 for K = 8.
     */
    @Test
    void shouldCountTheDirectionsInTheFanIn()
    {
        final int[] sizes = {4, 3, 3, 2};
        final org.nmsim.chip.preset.ChipSpec narrow = UserChips.fromMap(Map.of("base", "spinnaker2", "name",
            "narrow-fan-in", "fan_in_per_core", 40));
        final OnlineHyper one = OnlineHyper.paperDefaults(LearningMethod.FGT_WO_M, 2, 0.1);
        try (MlpChip chip = MlpChip.builder(sizes).chip(narrow).hyper(one).build())
        {
            assertEquals(4, chip.coreNames().size());
        }
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> MlpChip.builder(sizes).chip(narrow).hyper(one.withDirections(8)).build());
        assertTrue(ex.getMessage().contains("fanIn=45") && ex.getMessage().contains("8 directions per layer"),
            ex.getMessage());
    }

    private static double[] snapshot(final int workers)
    {
        final int[] sizes = {20, 12, 8, 3};
        final SplitMix64 r = new SplitMix64(7);
        final double[][] xs = new double[SAMPLES][sizes[0]];
        for (final double[] x : xs)
        {
            for (int i = 0; i < x.length; i++)
            {
                x[i] = r.nextDouble() < 0.3 ? 0.0 : r.nextDouble();
            }
        }
        final OnlineHyper hyper = OnlineHyper.paperDefaults(LearningMethod.FGT_WO_M, STEPS, 0.05).withDirections(3);
        try (MlpChip chip = MlpChip.builder(sizes).chip(GoldenCase.CHIP).hyper(hyper).workers(workers).seed(11)
            .build())
        {
            assertTrue(chip.coreNames().size() >= 10, "the net must span several cores: " + chip.coreNames());
            for (int s = 0; s < xs.length; s++)
            {
                chip.trainSample(xs[s], s % sizes[3]);
            }
            final OpCounts counts = chip.counts();
            final java.util.List<Double> all = new java.util.ArrayList<>();
            for (final double[] layer : chip.allWeights())
            {
                for (final double x : layer)
                {
                    all.add(x);
                }
            }
            for (final double[] layer : chip.allBiases())
            {
                for (final double x : layer)
                {
                    all.add(x);
                }
            }
            for (final OpKind op : OpKind.values())
            {
                all.add((double)counts.count(op));
            }
            return all.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static double hash(final int sample, final int layer, final int step, final int direction,
        final int neuron)
    {
        final long key = ((((long)sample * 1013 + layer) * 1019 + step) * 1021 + direction) * 1031 + neuron;
        return (SplitMix64.mix(SEED ^ SplitMix64.mix(key)) >>> 11) * 0x1.0p-53;
    }

    /** FGT (S)'s layer: alternates between the two hidden layers with the step. */
    private static int layerAt(final int step)
    {
        return 1 + step % 2;
    }

    private static Perturbations hashed()
    {
        return new Perturbations()
        {
            @Override
            public double sign(final SplitMix64 coreStream, final int sample, final int layer, final int step,
                final int direction, final int neuron)
            {
                return hash(sample, layer, step, direction, neuron) < 0.5 ? -1.0 : 1.0;
            }

            @Override
            public int sampledLayer(final int sample, final int step, final int hiddenLayers)
            {
                return layerAt(step);
            }
        };
    }

    private static RandomDraws draws(final int sample)
    {
        return new RandomDraws()
        {
            @Override
            public int sampledLayer(final int step, final int hidden)
            {
                return layerAt(step);
            }

            @Override
            public void rademacher(final int step, final int layer, final int direction, final double[] v)
            {
                for (int i = 0; i < v.length; i++)
                {
                    v[i] = hash(sample, layer, step, direction, i) < 0.5 ? -1.0 : 1.0;
                }
            }
        };
    }
}
