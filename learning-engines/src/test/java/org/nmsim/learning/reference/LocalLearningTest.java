package org.nmsim.learning.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.MlpChip;
import org.nmsim.learning.OnlineHyper;

/**
 * Local learning on chip (paper 000 App. D.2, "FGT + LL", "DFA + LL"): every hidden layer has a local readout core
 * that trains R^l on its own cross-entropy and sends its error back to the layer, whose cores add
 * {@code scale * R^l^T e^{l,loc}} (from their own copy of R^l) to the global error. Checked against
 * {@link FloatMlpReference#localReadouts}, a dense computation of the same equations, on the golden cases (their
 * initial weights and recorded draws) after every sample, to 1e-9 relative as in {@code OnChipGoldenTest}. The scale
 * is 0.5, not the paper's 0.01, so that a chip that dropped the local term would miss the reference by far more
 * than the tolerance (checked: the weights move away from the run without local learning).
 */
@Timeout(120)
class LocalLearningTest
{
    private static final double RELATIVE = 1e-9;
    private static final double SCALE = 0.5;

    static Stream<GoldenCase> cases()
    {
        return GoldenCase.all().filter(g -> !"bptt".equals(g.method) && !"bp".equals(g.method));
    }

    /** R^l for each hidden layer, {@code m x n_l}, uniform in +-1/sqrt(n_l), from a fixed seed. */
    private static double[][][] readouts(final int[] sizes)
    {
        final int n = sizes.length - 1;
        final SplittableRandom r = new SplittableRandom(42);
        final double[][][] out = new double[n][][];
        for (int l = 1; l < n; l++)
        {
            out[l] = new double[sizes[n]][sizes[l]];
            for (final double[] row : out[l])
            {
                for (int i = 0; i < row.length; i++)
                {
                    row[i] = (r.nextDouble() * 2 - 1) / Math.sqrt(sizes[l]);
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldTrainLikeTheDenseReferenceWithLocalReadouts(final GoldenCase g)
    {
        final int n = g.sizes.length - 1;
        final double[][][] r = readouts(g.sizes);
        // the golden cases with K forward-gradient directions run K directions and local losses together
        final FloatMlpReference ref = g.reference();
        ref.localReadouts(SCALE, r);
        final FloatMlpReference without = g.reference();
        final double[][] flatR = new double[n - 1][];
        for (int l = 1; l < n; l++)
        {
            flatR[l - 1] = GoldenCase.flat(r[l]);
        }
        try (MlpChip chip = g.chipBuilder().hyper(new OnlineHyper(g.learningMethod(), g.steps, g.lambda, g.vTh, g.a1,
            g.lambdaM, g.eta).withDirections(g.directions).withLocalLoss(SCALE)).initialLocalReadouts(flatR).build())
        {
            double moved = 0.0;
            for (int k = 0; k < g.samples; k++)
            {
                final int expected = ref.trainSample(g.x[k], g.y[k], g.draws(k)).prediction();
                without.trainSample(g.x[k], g.y[k], g.draws(k));
                assertEquals(expected, chip.trainSample(g.x[k], g.y[k]), g + " sample " + k + ": prediction");
                for (int l = 0; l < n; l++)
                {
                    close(GoldenCase.flat(ref.weights(l)), chip.weights(l), g + " sample " + k + " W" + l);
                    close(ref.bias(l + 1), chip.biases(l), g + " sample " + k + " b" + (l + 1));
                }
                for (int l = 1; l < n; l++)
                {
                    close(GoldenCase.flat(ref.localReadout(l)), chip.localReadoutWeights(l), g + " sample " + k +
                        " R" + l);
                    // float64: the hidden cores' copies follow R bit for bit (same numbers, same order)
                    assertArrayEquals(chip.localReadoutWeights(l), chip.localReadoutCopy(l), g + " sample " + k +
                        " copy of R" + l);
                }
                final double[] w0 = chip.weights(0);
                final double[] w0Without = GoldenCase.flat(without.weights(0));
                for (int i = 0; i < w0.length; i++)
                {
                    moved = Math.max(moved, Math.abs(w0[i] - w0Without[i]));
                }
            }
            assertTrue(moved > 1e-6, g + ": the local losses must change W0 (max change " + moved + ")");
        }
    }

    static Stream<java.nio.file.Path> independent() throws Exception
    {
        final java.nio.file.Path dir = java.nio.file.Path.of(LocalLearningTest.class.getResource("golden-ll").toURI());
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir))
        {
            return files.filter(p -> p.toString().endsWith(".h5")).sorted().toList().stream();
        }
    }

    /**
     * Against reference/local_learning_golden.py, which differentiates each local loss with torch.autograd instead of
     * using {@code R^T e}: the chip's weights, biases and local readouts after every sample, to 1e-9 relative.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("independent")
    void shouldMatchThePyTorchAutogradComputationOfTheLocalLosses(final java.nio.file.Path file)
    {
        try (io.jhdf.HdfFile h5 = new io.jhdf.HdfFile(file))
        {
            final String base = (String)h5.getAttribute("base").getData();
            final double scale = ((Number)h5.getAttribute("scale").getData()).doubleValue();
            final GoldenCase g = GoldenCase.all().filter(c -> c.file.equals(base)).findFirst().orElseThrow();
            final int n = g.sizes.length - 1;
            final double[][] r = new double[n - 1][];
            for (int l = 1; l < n; l++)
            {
                r[l - 1] = GoldenCase.flat((double[][])h5.getDatasetByPath("/init/R" + l).getData());
            }
            try (MlpChip chip = g.chipBuilder().hyper(new OnlineHyper(g.learningMethod(), g.steps, g.lambda, g.vTh,
                g.a1, g.lambdaM, g.eta).withLocalLoss(scale)).initialLocalReadouts(r).build())
            {
                for (int k = 0; k < g.samples; k++)
                {
                    final String at = "/sample_" + k + "/";
                    final int pred = ((Number)h5.getByPath("/sample_" + k).getAttribute("pred").getData()).intValue();
                    assertEquals(pred, chip.trainSample(g.x[k], g.y[k]), file.getFileName() + " sample " + k);
                    for (int l = 0; l < n; l++)
                    {
                        close(GoldenCase.flat((double[][])h5.getDatasetByPath(at + "W" + l).getData()),
                            chip.weights(l), file.getFileName() + " sample " + k + " W" + l);
                        close((double[])h5.getDatasetByPath(at + "b" + (l + 1)).getData(), chip.biases(l),
                            file.getFileName() + " sample " + k + " b" + (l + 1));
                    }
                    for (int l = 1; l < n; l++)
                    {
                        close(GoldenCase.flat((double[][])h5.getDatasetByPath(at + "R" + l).getData()),
                            chip.localReadoutWeights(l), file.getFileName() + " sample " + k + " R" + l);
                    }
                }
            }
        }
    }

    @Test
    void shouldChargeTheLocalReadoutsAndTheCopiesToTheCores()
    {
        final int[] sizes = {40, 24, 16, 5};
        try (MlpChip chip = MlpChip.builder(sizes).hyper(OnlineHyper.paperDefaults(LearningMethod.FGT, 3, 0.05)
            .withLocalLoss(0.01)).chip(org.nmsim.chip.preset.Presets.spinnaker2()).build();
            MlpChip plain = MlpChip.builder(sizes).hyper(OnlineHyper.paperDefaults(LearningMethod.FGT, 3, 0.05))
                .chip(org.nmsim.chip.preset.Presets.spinnaker2()).build())
        {
            // one local readout core per hidden layer, after the readout
            assertEquals(plain.coreNames().size() + 2, chip.coreNames().size(), chip.coreNames().toString());
            assertEquals("r1[0:5)", chip.coreNames().get(chip.coreNames().size() - 2));
            assertEquals("r2[0:5)", chip.coreNames().get(chip.coreNames().size() - 1));
            // by hand, default formats: the local readout of h1 holds 24 x 5 weights and accumulators and 24 traces;
            // each h1 neuron a 5-wide copy of its R column, its accumulators and its own trace
            final org.nmsim.learning.StorageFormats f = org.nmsim.learning.StorageFormats.defaults();
            final var r1 = chip.budgets().get(chip.coreNames().size() - 2).usage();
            assertEquals(24L * 5 * f.weightBits(), r1.get(MemoryKind.WEIGHTS));
            assertEquals(24L * 5 * f.gradientBits(), r1.get(MemoryKind.LEARNING_STATE));
            assertEquals(24L * f.traceBits(), r1.get(MemoryKind.TRACES));
            final var h1 = chip.budgets().get(1).usage();
            final var h1Without = plain.budgets().get(1).usage();
            assertEquals("h1[0:24)", chip.coreNames().get(1));
            assertEquals(h1Without.get(MemoryKind.FEEDBACK) + 24L * 5 * f.weightBits(), h1.get(MemoryKind.FEEDBACK));
            assertEquals(h1Without.get(MemoryKind.LEARNING_STATE) + 24L * 5 * f.gradientBits(),
                h1.get(MemoryKind.LEARNING_STATE));
            assertEquals(h1Without.get(MemoryKind.TRACES) + 24L * f.traceBits(), h1.get(MemoryKind.TRACES));
        }
    }

    @Test
    void shouldTrainBitIdenticallyOnAnyWorkerCountAndFromACheckpoint() throws Exception
    {
        // fixed point, small cores: the layers span several cores, stochastic rounding draws from each core's stream
        final org.nmsim.chip.preset.ChipSpec small = org.nmsim.chip.preset.UserChips.fromMap(java.util.Map.of(
            "base", "spinnaker2", "name", "tiny-cores", "compartments_per_core", 8));
        final java.util.function.IntFunction<MlpChip> build = workers -> MlpChip.builder(40, 24, 16, 5)
            .hyper(OnlineHyper.paperDefaults(LearningMethod.FGT, 3, 0.05).withLocalLoss(0.01)).chip(small).seed(4)
            .workers(workers).fixedPoint(true).build();
        final SplittableRandom r = new SplittableRandom(7);
        final double[][] xs = new double[6][40];
        for (final double[] x : xs)
        {
            for (int i = 0; i < x.length; i++)
            {
                x[i] = r.nextDouble();
            }
        }
        final double[] one;
        try (MlpChip a = build.apply(1))
        {
            for (int i = 0; i < 6; i++)
            {
                a.trainSample(xs[i], i % 5);
            }
            one = snapshot(a);
        }
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (MlpChip b = build.apply(3))
        {
            for (int i = 0; i < 3; i++)
            {
                b.trainSample(xs[i], i % 5);
            }
            b.writeCheckpoint(new java.io.DataOutputStream(bytes));
            for (int i = 3; i < 6; i++)
            {
                b.trainSample(xs[i], i % 5);
            }
            assertArrayEquals(one, snapshot(b), "1 vs 3 workers");
        }
        try (MlpChip c = build.apply(2))
        {
            c.readCheckpoint(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            for (int i = 3; i < 6; i++)
            {
                c.trainSample(xs[i], i % 5);
            }
            assertArrayEquals(one, snapshot(c), "resumed from a checkpoint after 3 samples");
        }
    }

    /** Weights, biases, local readouts, their copies and every counter, as one array. */
    private static double[] snapshot(final MlpChip chip)
    {
        final java.util.List<double[]> parts = new java.util.ArrayList<>();
        for (int l = 0; l < 3; l++)
        {
            parts.add(chip.weights(l));
            parts.add(chip.biases(l));
        }
        for (int l = 1; l < 3; l++)
        {
            parts.add(chip.localReadoutWeights(l));
            parts.add(chip.localReadoutCopy(l));
        }
        final org.nmsim.chip.energy.OpKind[] kinds = org.nmsim.chip.energy.OpKind.values();
        final double[] counts = new double[kinds.length];
        for (int i = 0; i < kinds.length; i++)
        {
            counts[i] = chip.count(kinds[i]);
        }
        parts.add(counts);
        return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void shouldRefuseLocalLossesThatMakeNoSense()
    {
        final IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
            () -> OnlineHyper.paperDefaults(LearningMethod.FGT, 3, 0.05).withLocalLoss(-0.1));
        assertEquals("local_loss=-0.1 must be finite and >= 0", neg.getMessage());
        final IllegalArgumentException bp = assertThrows(IllegalArgumentException.class,
            () -> OnlineHyper.paperDefaults(LearningMethod.BP, 3, 0.05).withLocalLoss(0.01));
        assertTrue(bp.getMessage().startsWith("local_loss=0.01 needs a method without backpropagation"),
            bp.getMessage());
    }

    private static void close(final double[] expected, final double[] actual, final String what)
    {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
        {
            final double tol = RELATIVE * Math.max(1.0, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }
}
