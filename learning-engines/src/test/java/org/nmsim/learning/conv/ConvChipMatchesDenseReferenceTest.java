package org.nmsim.learning.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.OnlineHyper;

/**
 * The on-chip float64 conv learner against the dense, non-local {@link DenseConvReference} on a tiny net
 * (1x6x6 input, 2C3-AP2-3C3, 4 classes), same initial weights and FGT signs, after each of 3 training samples:
 * kernels, biases, readout, M / B and predictions agree to 1e-9 (relative to max(1, |value|)). Run on a whole-core
 * partition and on one with 16 compartments per core, where layer 1's channels are split into 3 bands of rows that
 * share their kernel.
 */
class ConvChipMatchesDenseReferenceTest
{
    private static final double TOL = 1e-9;
    private static final long SEED = 20260522L;

    static List<Arguments> cases()
    {
        return List.of(
            Arguments.of(LearningMethod.FGT, 1 << 20, 1), Arguments.of(LearningMethod.FGT, 16, 1),
            Arguments.of(LearningMethod.DFA, 1 << 20, 1), Arguments.of(LearningMethod.DFA, 16, 2),
            Arguments.of(LearningMethod.FGT_WO_M, 1 << 20, 1), Arguments.of(LearningMethod.FGT_WO_M, 16, 1));
    }

    @ParameterizedTest(name = "{0}, {1} compartments per core, batch {2}")
    @MethodSource("cases")
    void shouldMatchTheDenseReferenceSampleBySample(final LearningMethod method, final int compartments,
        final int batch)
    {
        final ConvArchitecture arch = ConvArchitecture.parse("2C3-AP2-3C3", new int[] {1, 6, 6}, 36);
        final ChipSpec chip = ConvTestSupport.spinnaker2(compartments, Presets.spinnaker2()
            .synapticMemoryBitsPerCore().value());
        check(method, arch, chip, batch, compartments == 16 ? "c1[0:1)[y0:2)" : null);
    }

    /**
     * Fan-in forces band mode with several channels per band: layer 2 of 4C3-AP2-3C3 on 12x12 needs 1,160 input
     * axons whole (4 channels x 6x6 pooled rows x 2x2 pre-pool senders x 2 forward channels, plus e and z), more
     * than the 1,100 allowed, so its 3 channels are split into 2 bands of 3 rows, all 3 channels per band.
     */
    @org.junit.jupiter.api.Test
    void shouldMatchTheDenseReferenceWhenFanInSplitsMultiChannelBlocksIntoBands()
    {
        final ConvArchitecture arch = ConvArchitecture.parse("4C3-AP2-3C3", new int[] {1, 12, 12}, 144);
        final ChipSpec chip = ConvTestSupport.spinnaker2(1024, 1 << 20, 1100);
        check(LearningMethod.FGT, arch, chip, 1, "c2[0:3)[y3:6)");
    }

    /**
     * Floor pooling on odd maps and a pooled readout: 1x7x7 input, 2C3-AP2-3C3-AP2 (7x7 pooled to 3x3, dropping row
     * and column 6; 3x3 pooled to 1x1 into the readout), in bands of rows (16 compartments per core).
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = LearningMethod.class, names = {"FGT", "DFA", "FGT_WO_M"})
    void shouldMatchTheDenseReferenceWithFloorPoolingAndAPooledReadout(final LearningMethod method)
    {
        final ConvArchitecture arch = ConvArchitecture.parse("2C3-AP2-3C3-AP2", new int[] {1, 7, 7}, 49);
        check(method, arch, ConvTestSupport.spinnaker2(16, 1 << 20), 1, "c1[0:1)[y0:2)");
    }

    private static void check(final LearningMethod method, final ConvArchitecture arch, final ChipSpec chip,
        final int batch, final String expectCore)
    {
        final int m = 4;
        final int inputs = arch.senders(0);
        final SplitMix64 r = new SplitMix64(SEED);
        final double[][] k = new double[arch.depth()][];
        final double[][] b = new double[arch.depth()][];
        for (int l = 1; l <= arch.depth(); l++)
        {
            final ConvArchitecture.Layer g = arch.layer(l);
            k[l - 1] = ConvTestSupport.uniform(r, g.cout() * g.fanIn(), -0.2, 0.8);
            b[l - 1] = ConvTestSupport.uniform(r, g.cout(), -0.1, 0.1);
        }
        final double[] w = ConvTestSupport.uniform(r, m * arch.flatSize(), -0.5, 0.5);
        final double[] bo = ConvTestSupport.uniform(r, m, -0.1, 0.1);
        final double[][] fb = new double[arch.depth()][];
        for (int l = 1; l <= arch.depth(); l++)
        {
            fb[l - 1] = ConvTestSupport.uniform(r, arch.layer(l).neurons() * m, -0.5, 0.5);
        }
        final OnlineHyper hyper = new OnlineHyper(method, 4, 0.5, 1.0, 0.25, 0.9, 0.05).withBatch(batch);
        final DenseConvReference ref = new DenseConvReference(arch, m, hyper, k, b, w, bo,
            method == LearningMethod.FGT_WO_M ? null : fb, ConvTestSupport.hashed(SEED));
        try (ConvChip c = ConvChip.builder(arch, m).hyper(hyper).chip(chip).seed(SEED)
            .perturbations(ConvTestSupport.hashed(SEED)).initialWeights(k, b, w, bo)
            .feedback(method == LearningMethod.FGT_WO_M ? null : fb).build())
        {
            if (expectCore != null)
            {
                assertTrue(c.coreNames().contains(expectCore), "expected core " + expectCore + " in " +
                    c.coreNames());
            }
            for (int s = 0; s < 3; s++)
            {
                final double[] x = ConvTestSupport.uniform(r, inputs, 0.0, 1.0);
                final int label = s % m;
                assertEquals(ref.train(x, label), c.trainSample(x, label), "prediction of sample " + s);
                final String at = method + " sample " + s + " seed " + SEED;
                for (int l = 1; l <= arch.depth(); l++)
                {
                    close(ref.kernels(l), c.kernels(l), at + " K^" + l);
                    close(ref.biases(l), c.biases(l), at + " b^" + l);
                    if (method != LearningMethod.FGT_WO_M)
                    {
                        close(ref.feedback(l), c.feedback(l), at + (method == LearningMethod.DFA ? " B^" : " M^") + l);
                    }
                    assertTrue(c.sharedKernelsEqual(l), at + ": the bands of a channel hold the same kernel");
                }
                close(ref.readoutWeights(), c.readoutWeights(), at + " W^out");
                close(ref.readoutBiases(), c.readoutBiases(), at + " b^out");
                assertEquals(ref.lossSum() / 4, c.lastSampleLoss(), TOL, at + " loss");
            }
            assertTrue(c.count(OpKind.SYNOP_BINARY) > 0, "some hidden neuron spiked");
            assertTrue(c.count(OpKind.SYNAPTIC_UPDATE) > 0, "learning updates were counted");
            if (batch == 1)
            {
                boolean changed = false;
                for (int x = 0; x < k[0].length; x++)
                {
                    changed |= c.kernels(1)[x] != k[0][x];
                }
                assertTrue(changed, "layer 1 learned");
            }
        }
    }

    static void close(final double[] expected, final double[] actual, final String what)
    {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++)
        {
            final double tol = TOL * Math.max(1.0, Math.abs(expected[i]));
            if (Math.abs(expected[i] - actual[i]) > tol)
            {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i] +
                    " (tolerance " + tol + ")");
            }
        }
    }
}
