package org.nmsim.learning.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.MlpChip;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.Perturbations;

/**
 * The stochastic neuron model of paper 000 App. A on chip against {@link FloatMlpReference}: a hidden neuron spikes
 * when {@code u + a1 ln(U / (1 - U)) > V_th}. Both sides take their uniforms U (and FGT's signs) from the same
 * counter hash of (sample, layer, step, neuron), the chip through the {@link Perturbations} seam and the reference
 * through {@link RandomDraws}, so every spike must agree and every weight must match to 1e-9 relative after every
 * sample, as in {@code OnChipGoldenTest} (float64 on both sides; summation order differs by a few ulps). The
 * weights are drawn large enough that the noise decides many spikes, and the test checks that it does: the
 * deterministic reference ends with different weights, so a chip that ignored the noise would fail.
 */
@Timeout(60)
class StochasticNeuronTest
{
    private static final int[] SIZES = {12, 6, 5, 3};
    private static final int SAMPLES = 5;
    private static final long SEED = 77;

    @ParameterizedTest
    @EnumSource(value = LearningMethod.class, names = {"DFA", "FGT"})
    void shouldMatchTheReferenceSpikeForSpike(final LearningMethod method)
    {
        final int n = SIZES.length - 1;
        final SplitMix64 r = new SplitMix64(SEED);
        final double[][][] w = new double[n][][];
        final double[][] flatW = new double[n][];
        final double[][] flatB = new double[n][];
        final double[][] biases = new double[n + 1][];
        for (int l = 0; l < n; l++)
        {
            w[l] = new double[SIZES[l + 1]][SIZES[l]];
            flatW[l] = new double[SIZES[l + 1] * SIZES[l]];
            for (int i = 0; i < SIZES[l + 1]; i++)
            {
                for (int j = 0; j < SIZES[l]; j++)
                {
                    w[l][i][j] = (r.nextDouble() * 2 - 1) * 1.5;
                    flatW[l][i * SIZES[l] + j] = w[l][i][j];
                }
            }
            biases[l + 1] = new double[SIZES[l + 1]];
            flatB[l] = new double[SIZES[l + 1]];
        }
        final int m = SIZES[n];
        final double[][][] fb = new double[n][][];
        final double[][] flatFb = new double[n - 1][];
        for (int l = 1; l < n; l++)
        {
            fb[l] = new double[SIZES[l]][m];
            flatFb[l - 1] = new double[SIZES[l] * m];
            for (int i = 0; i < SIZES[l]; i++)
            {
                for (int q = 0; q < m; q++)
                {
                    fb[l][i][q] = r.nextDouble() - 0.5;
                    flatFb[l - 1][i * m + q] = fb[l][i][q];
                }
            }
        }
        final double[][] xs = new double[SAMPLES][SIZES[0]];
        final int[] ys = new int[SAMPLES];
        for (int k = 0; k < SAMPLES; k++)
        {
            for (int i = 0; i < SIZES[0]; i++)
            {
                xs[k][i] = r.nextDouble();
            }
            ys[k] = k % m;
        }
        final ReferenceMethod rm = method == LearningMethod.DFA ? ReferenceMethod.DFA : ReferenceMethod.FGT;
        final ModelHyperparameters hp = new ModelHyperparameters(4, 0.5, 1.0, 0.25, 0.9, 0.3);
        final OnlineHyper chipHyper = new OnlineHyper(method, 4, 0.5, 1.0, 0.25, 0.9, 0.3).withStochastic(true);
        final FloatMlpReference ref = new FloatMlpReference(SIZES, rm, hp, w, biases,
            method == LearningMethod.DFA ? fb : null);
        ref.stochastic(true);
        final FloatMlpReference deterministic = new FloatMlpReference(SIZES, rm, hp, w, biases,
            method == LearningMethod.DFA ? fb : null);
        final MlpChip.Builder b = MlpChip.builder(SIZES).chip(GoldenCase.CHIP).hyper(chipHyper)
            .initialWeights(flatW, flatB).workers(3).perturbations(hashed());
        if (method == LearningMethod.DFA)
        {
            b.feedback(flatFb);
        }
        double parted = 0.0;
        try (MlpChip chip = b.build())
        {
            for (int k = 0; k < SAMPLES; k++)
            {
                final int expected = ref.trainSample(xs[k], ys[k], draws(k)).prediction();
                deterministic.trainSample(xs[k], ys[k], draws(k));
                assertEquals(expected, chip.trainSample(xs[k], ys[k]), method + " sample " + k + ": prediction");
                for (int l = 0; l < n; l++)
                {
                    final double[] want = GoldenCase.flat(ref.weights(l));
                    final double[] got = chip.weights(l);
                    final double[] other = GoldenCase.flat(deterministic.weights(l));
                    for (int i = 0; i < want.length; i++)
                    {
                        assertEquals(want[i], got[i], 1e-9 * Math.max(1.0, Math.abs(want[i])),
                            method + " sample " + k + " W" + l + "[" + i + "]");
                        parted = Math.max(parted, Math.abs(want[i] - other[i]));
                    }
                }
            }
        }
        assertTrue(parted > 1e-3, "the noise changes the training (max |dW| vs deterministic " + parted + ")");
    }

    private static double hash(final int kind, final int sample, final int layer, final int step, final int neuron)
    {
        final long key = ((((long)kind * 1009 + sample) * 1013 + layer) * 1019 + step) * 1021 + neuron;
        return (SplitMix64.mix(SEED ^ SplitMix64.mix(key)) >>> 11) * 0x1.0p-53;
    }

    private static Perturbations hashed()
    {
        return new Perturbations()
        {
            @Override
            public double sign(final SplitMix64 coreStream, final int sample, final int layer, final int step,
                final int direction, final int neuron)
            {
                return hash(1, sample, layer, step, neuron) < 0.5 ? -1.0 : 1.0;
            }

            @Override
            public int sampledLayer(final int sample, final int step, final int hiddenLayers)
            {
                return 1;
            }

            @Override
            public double uniform(final SplitMix64 coreStream, final int sample, final int layer, final int step,
                final int neuron)
            {
                return hash(2, sample, layer, step, neuron);
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
                return 1;
            }

            @Override
            public void rademacher(final int step, final int layer, final int direction, final double[] v)
            {
                for (int i = 0; i < v.length; i++)
                {
                    v[i] = hash(1, sample, layer, step, i) < 0.5 ? -1.0 : 1.0;
                }
            }

            @Override
            public double uniform(final int step, final int layer, final int neuron)
            {
                return hash(2, sample, layer, step, neuron);
            }
        };
    }
}
