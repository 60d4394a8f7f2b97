package org.nmsim.learning.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks of {@link FloatMlpReference} that do not depend on the Python golden files: finite differences on the
 * readout, where the loss is smooth (the hidden spikes do not depend on {@code W^{N-1}} or {@code b^N}), and the
 * unbiasedness of the forward gradient (paper 000, Property 1) by exact enumeration of the Rademacher draws.
 */
@Timeout(20)
class AnalyticGradientTest
{
    private static final int[] SIZES = {6, 5, 4, 3};
    private static final long SEED = 20240611L;
    private static final double H = 1e-5;
    private static final double FD_TOLERANCE = 1e-6;

    private final SplittableRandom random = new SplittableRandom(SEED);
    private final double[][][] weights = gained(random, SIZES, 3.0);
    private final double[][] biases = hiddenBiases(SIZES);
    private final double[] x = uniform(random, SIZES[0]);
    private final int label = 1;

    /**
     * With lambda = 0 the trace is the spike, {@code ahat^{N-1}[t] = s^{N-1}[t]}, so OTTT's readout gradient
     * {@code sum_t e^N[t] ahat^{N-1}[t]^T} is exactly {@code d(sum_t L[t]) / dW^{N-1}}: central differences
     * (h = 1e-5, truncation ~h^2 = 1e-10, rounding ~1e-16/h = 1e-11) must agree to 1e-6.
     */
    @Test
    void shouldGiveTheExactReadoutGradientWhenLambdaIsZero()
    {
        final ModelHyperparameters hp = new ModelHyperparameters(4, 0.0, 1.0, 0.25, 0.999, 0.0);
        final FloatMlpReference ref = new FloatMlpReference(SIZES, ReferenceMethod.BP, hp, weights, biases, null);
        ref.tracing(true);
        final SampleResult result = ref.accumulate(x, label, RandomDraws.none());
        assertSomeSpikesInLastHiddenLayer(result.trace(), hp.steps());
        assertReadoutMatchesFiniteDifferences(ReferenceMethod.BP, hp, result);
    }

    /** BPTT's readout gradient {@code sum_t e^N[t] s^{N-1}[t]^T} is exact at any lambda. */
    @Test
    void shouldGiveTheExactReadoutGradientUnderBpttAtAnyLambda()
    {
        final ModelHyperparameters hp = new ModelHyperparameters(4, 0.5, 1.0, 0.25, 0.999, 0.0);
        final FloatMlpReference ref = new FloatMlpReference(SIZES, ReferenceMethod.BPTT, hp, weights, biases, null);
        ref.tracing(true);
        final SampleResult result = ref.accumulate(x, label, RandomDraws.none());
        assertSomeSpikesInLastHiddenLayer(result.trace(), hp.steps());
        assertReadoutMatchesFiniteDifferences(ReferenceMethod.BPTT, hp, result);
    }

    /**
     * With lambda = 0.5 the trace sums earlier spikes, so OTTT's readout weight gradient is NOT the gradient of
     * {@code sum_t L[t]} (MODEL.md's readout rule is the OTTT approximation); its bias gradient still is.
     */
    @Test
    void shouldDepartFromTheExactReadoutWeightGradientWhenTracesLeak()
    {
        final ModelHyperparameters hp = new ModelHyperparameters(4, 0.5, 1.0, 0.25, 0.999, 0.0);
        final FloatMlpReference ref = new FloatMlpReference(SIZES, ReferenceMethod.BP, hp, weights, biases, null);
        final SampleResult ottt = ref.accumulate(x, label, RandomDraws.none());
        final FloatMlpReference bptt = new FloatMlpReference(SIZES, ReferenceMethod.BPTT, hp, weights, biases, null);
        final SampleResult exact = bptt.accumulate(x, label, RandomDraws.none());
        final int top = SIZES.length - 2;
        double largest = 0.0;
        for (int i = 0; i < SIZES[top + 1]; i++)
        {
            for (int j = 0; j < SIZES[top]; j++)
            {
                largest = Math.max(largest, Math.abs(ottt.gradW()[top][i][j] - exact.gradW()[top][i][j]));
            }
        }
        assertTrue(largest > 1e-3, "OTTT and exact readout gradients differ by only " + largest);
        assertArrayEquals(exact.gradB()[top + 1], ottt.gradB()[top + 1], 1e-12);
    }

    /**
     * With lambda = 0 there is no temporal path (no leak, and the reset term is multiplied by lambda) and the
     * traces are the spikes, so OTTT with BP is exactly BPTT, for every layer: the online BP of MODEL.md and the
     * hand-written BPTT recursion (itself checked against PyTorch autograd by the golden files) must agree.
     */
    @Test
    void shouldEqualBpttForEveryLayerWhenLambdaIsZero()
    {
        final ModelHyperparameters hp = new ModelHyperparameters(4, 0.0, 1.0, 0.25, 0.999, 0.0);
        final SampleResult online =
            new FloatMlpReference(SIZES, ReferenceMethod.BP, hp, weights, biases, null).accumulate(x, label,
                RandomDraws.none());
        final SampleResult bptt =
            new FloatMlpReference(SIZES, ReferenceMethod.BPTT, hp, weights, biases, null).accumulate(x, label,
                RandomDraws.none());
        double largest = 0.0;
        for (int l = 0; l < SIZES.length - 1; l++)
        {
            for (int i = 0; i < SIZES[l + 1]; i++)
            {
                assertArrayEquals(bptt.gradW()[l][i], online.gradW()[l][i], 1e-12, "gradW" + l + " row " + i);
                for (final double g : bptt.gradW()[l][i])
                {
                    largest = Math.max(largest, Math.abs(g));
                }
            }
            assertArrayEquals(bptt.gradB()[l + 1], online.gradB()[l + 1], 1e-12, "gradb" + (l + 1));
        }
        assertTrue(largest > 1e-3, "gradients are trivially small (max " + largest + ")");
    }

    /**
     * Property 1: {@code E_v[<e, z^{N,l}> v] = J^T e} = BP's error, since {@code E[v v^T] = I} for Rademacher v.
     * Averaging FGT (w/o m)'s gradient of {@code W^0} over all 2^5 sign vectors of layer 1 (layer 2's fixed)
     * gives BP's gradient to rounding.
     */
    @Test
    void shouldMatchBackpropagationOnAverageOverAllRademacherDraws()
    {
        final ModelHyperparameters hp = new ModelHyperparameters(1, 0.5, 1.0, 0.25, 0.999, 0.0);
        final FloatMlpReference bp = new FloatMlpReference(SIZES, ReferenceMethod.BP, hp, weights, biases, null);
        final double[][] expected = bp.accumulate(x, label, RandomDraws.none()).gradW()[0];
        final FloatMlpReference fg =
            new FloatMlpReference(SIZES, ReferenceMethod.FGT_WO_M, hp, weights, biases, null);
        final int n1 = SIZES[1];
        final double[][] mean = new double[n1][SIZES[0]];
        final int combos = 1 << n1;
        for (int mask = 0; mask < combos; mask++)
        {
            final int bits = mask;
            final RandomDraws draws = new RandomDraws()
            {
                @Override
                public int sampledLayer(final int step, final int hidden)
                {
                    throw new IllegalStateException("not FGT (S)");
                }

                @Override
                public void rademacher(final int step, final int layer, final int direction, final double[] v)
                {
                    for (int i = 0; i < v.length; i++)
                    {
                        v[i] = layer == 1 ? ((bits >> i & 1) == 1 ? 1.0 : -1.0) : (i % 2 == 0 ? 1.0 : -1.0);
                    }
                }
            };
            final double[][] g = fg.accumulate(x, label, draws).gradW()[0];
            for (int i = 0; i < n1; i++)
            {
                for (int j = 0; j < SIZES[0]; j++)
                {
                    mean[i][j] += g[i][j] / combos;
                }
            }
        }
        double norm = 0.0;
        for (int i = 0; i < n1; i++)
        {
            for (int j = 0; j < SIZES[0]; j++)
            {
                norm = Math.max(norm, Math.abs(expected[i][j]));
                assertEquals(expected[i][j], mean[i][j], 1e-12, "gradW0[" + i + "][" + j + "]");
            }
        }
        assertTrue(norm > 1e-6, "BP's gradient of W^0 is trivially zero (max " + norm + ")");
    }

    /** With lambda_M = 0 the momentum is the last sample {@code v z^T}, so FGT equals FGT (w/o m) draw for draw. */
    @Test
    void shouldReduceToVanillaForwardGradientWhenMomentumIsZero()
    {
        final ModelHyperparameters hp = new ModelHyperparameters(4, 0.5, 1.0, 0.25, 0.0, 0.1);
        final FloatMlpReference fgt = new FloatMlpReference(SIZES, ReferenceMethod.FGT, hp, weights, biases, null);
        final FloatMlpReference vanilla =
            new FloatMlpReference(SIZES, ReferenceMethod.FGT_WO_M, hp, weights, biases, null);
        final SplittableRandom a = new SplittableRandom(SEED + 1);
        final SplittableRandom b = new SplittableRandom(SEED + 1);
        for (int k = 0; k < 3; k++)
        {
            final double[] xs = uniform(random, SIZES[0]);
            final SampleResult ra = fgt.trainSample(xs, k % 3, RandomDraws.from(a));
            final SampleResult rb = vanilla.trainSample(xs, k % 3, RandomDraws.from(b));
            for (int l = 0; l < SIZES.length - 1; l++)
            {
                for (int i = 0; i < SIZES[l + 1]; i++)
                {
                    assertArrayEquals(rb.gradW()[l][i], ra.gradW()[l][i], 1e-15, "sample " + k + " W^" + l);
                }
            }
        }
    }

    /** The shadow BP gradient of BP itself is its own gradient: cosine 1. */
    @Test
    void shouldReportPerfectAlignmentOfBackpropagationWithItself()
    {
        final ModelHyperparameters hp = ModelHyperparameters.model(4, 0.0);
        final FloatMlpReference bp = new FloatMlpReference(SIZES, ReferenceMethod.BP, hp, weights, biases, null);
        bp.shadowBp(true);
        final SampleResult r = bp.accumulate(x, label, RandomDraws.none());
        for (int l = 0; l < SIZES.length - 2; l++)
        {
            assertEquals(1.0, GradientAlignment.cosine(r.gradW()[l], r.bpGradW()[l]), 1e-12, "W^" + l);
        }
        assertEquals(-1.0, GradientAlignment.cosine(new double[] {1, 2}, new double[] {-2, -4}), 1e-15);
        assertTrue(Double.isNaN(GradientAlignment.cosine(new double[] {0, 0}, new double[] {1, 0})));
    }

    /** The same seed gives the same initial weights, draws and trained weights, bit for bit. */
    @Test
    void shouldBeDeterministicForAGivenSeed()
    {
        final ModelHyperparameters hp = ModelHyperparameters.model(3, 0.1);
        final FloatMlpReference[] runs = new FloatMlpReference[2];
        for (int r = 0; r < 2; r++)
        {
            final SplittableRandom stream = new SplittableRandom(SEED);
            runs[r] = FloatMlpReference.initialised(SIZES, ReferenceMethod.FGT_S, hp, stream);
            for (int k = 0; k < 3; k++)
            {
                runs[r].trainSample(x, k, RandomDraws.from(stream));
            }
        }
        for (int l = 0; l < SIZES.length - 1; l++)
        {
            final double[][] a = runs[0].weights(l);
            final double[][] b = runs[1].weights(l);
            for (int i = 0; i < a.length; i++)
            {
                assertArrayEquals(a[i], b[i], 0.0, "seed=" + SEED + " W^" + l);
            }
        }
    }

    /** Ties in the summed readout go to the lowest class index. */
    @Test
    void shouldBreakPredictionTiesToTheLowestIndex()
    {
        final double[][][] zero = new double[SIZES.length - 1][][];
        for (int l = 0; l < zero.length; l++)
        {
            zero[l] = new double[SIZES[l + 1]][SIZES[l]];
        }
        final FloatMlpReference ref = new FloatMlpReference(SIZES, ReferenceMethod.BP,
            ModelHyperparameters.model(2, 0.0), zero, biases, null);
        assertEquals(0, ref.predict(x));
    }

    // ---------------------------------------------------------------------------------------------------------

    private void assertReadoutMatchesFiniteDifferences(final ReferenceMethod method, final ModelHyperparameters hp,
                                                       final SampleResult result)
    {
        final int top = SIZES.length - 2;
        for (int i = 0; i < SIZES[top + 1]; i++)
        {
            for (int j = 0; j < SIZES[top]; j++)
            {
                final double plus = lossWith(method, hp, top, i, j, H);
                final double minus = lossWith(method, hp, top, i, j, -H);
                final double fd = (plus - minus) / (2.0 * H);
                final double g = result.gradW()[top][i][j];
                if (!(Math.abs(fd - g) <= FD_TOLERANCE * Math.max(1.0, Math.abs(g))))
                {
                    fail(method + " gradW" + top + "[" + i + "][" + j + "]=" + g + " but central difference=" + fd +
                        " (seed=" + SEED + ")");
                }
            }
            final double plus = lossWith(method, hp, -1, i, 0, H);
            final double minus = lossWith(method, hp, -1, i, 0, -H);
            assertEquals((plus - minus) / (2.0 * H), result.gradB()[top + 1][i], FD_TOLERANCE, "gradb" + (top + 1));
        }
    }

    /** Loss after nudging W^layer[i][j] by delta (layer -1: the readout bias b^N[i]). */
    private double lossWith(final ReferenceMethod method, final ModelHyperparameters hp, final int layer,
                            final int i, final int j, final double delta)
    {
        final double[][][] w = new double[weights.length][][];
        for (int l = 0; l < w.length; l++)
        {
            w[l] = new double[weights[l].length][];
            for (int r = 0; r < w[l].length; r++)
            {
                w[l][r] = weights[l][r].clone();
            }
        }
        final double[][] bs = new double[biases.length][];
        for (int l = 1; l < bs.length; l++)
        {
            bs[l] = biases[l].clone();
        }
        if (layer >= 0)
        {
            w[layer][i][j] += delta;
        }
        else
        {
            bs[bs.length - 1][i] += delta;
        }
        return new FloatMlpReference(SIZES, method, hp, w, bs, null).loss(x, label);
    }

    private static void assertSomeSpikesInLastHiddenLayer(final SampleTrace trace, final int steps)
    {
        int spikes = 0;
        int total = 0;
        for (int t = 1; t <= steps; t++)
        {
            for (final double s : trace.s(SIZES.length - 2, t))
            {
                spikes += (int)s;
                total++;
            }
        }
        assertTrue(spikes > 0 && spikes < total, "last hidden layer spikes=" + spikes + " of " + total +
            ": the readout check would be trivial (seed=" + SEED + ")");
    }

    private static double[][][] gained(final SplittableRandom random, final int[] sizes, final double gain)
    {
        final double[][][] w = new double[sizes.length - 1][][];
        for (int l = 0; l < w.length; l++)
        {
            w[l] = new double[sizes[l + 1]][sizes[l]];
            for (int i = 0; i < sizes[l + 1]; i++)
            {
                for (int j = 0; j < sizes[l]; j++)
                {
                    w[l][i][j] = (random.nextDouble() * 2.0 - 1.0) * gain / Math.sqrt(sizes[l]);
                }
            }
        }
        return w;
    }

    /** Hidden biases alternate 0.9 and -0.5 so that some neurons spike and others stay silent; b^N = 0. */
    private static double[][] hiddenBiases(final int[] sizes)
    {
        final double[][] b = new double[sizes.length][];
        for (int l = 1; l < sizes.length; l++)
        {
            b[l] = new double[sizes[l]];
            for (int i = 0; l < sizes.length - 1 && i < sizes[l]; i++)
            {
                b[l][i] = i % 2 == 0 ? 0.9 : -0.5;
            }
        }
        return b;
    }

    private static double[] uniform(final SplittableRandom random, final int n)
    {
        final double[] v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = random.nextDouble();
        }
        return v;
    }
}
