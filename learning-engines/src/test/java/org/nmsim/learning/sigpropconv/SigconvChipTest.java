package org.nmsim.learning.sigpropconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.chip.preset.Sourced;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.Learners;
import org.nmsim.learning.StorageFormats;
import org.nmsim.learning.sigprop.AdamMoments;
import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropVariant;

/**
 * On-chip convolutional sigprop against the dense NON-LOCAL float64 reference on a tiny net (1x8x8 input,
 * 2C3-MP2-3C3-MP2, fc 5, 4 classes), worker-count determinism, and configuration errors.
 */
class SigconvChipTest
{
    private static final double TOL = 1e-9;
    private static final int[] SHAPE = {1, 8, 8};
    private static final String CONV = "2C3-MP2-3C3-MP2";

    /** spinnaker2 with few compartments per core, so that layers span several cores and cores straddle channels. */
    static ChipSpec smallChip(final int compartments)
    {
        final ChipSpec c = Presets.spinnaker2();
        return new ChipSpec(c.name(), c.base(), c.coresPerChip(), c.mesh(),
            Sourced.assumed(compartments, "test: few compartments so that layers span several cores"),
            Sourced.assumed(1L << 22, "test: memory per core"), c.fanInPerCore(), c.fanOutPerCore(),
            c.routingEntriesPerRouter(), c.minWeightBits(), c.maxWeightBits(), c.signedWeights(), c.unsignedWeights(),
            c.delayBits(), c.messages(), c.plasticityOps(), c.gradedPayloadBits(), c.signedSpikes(), c.engine(),
            c.timeStepSeconds(), c.staticPowerWatts());
    }

    private static double[] uniform(final SplitMix64 r, final int n, final double bound)
    {
        final double[] out = new double[n];
        for (int i = 0; i < n; i++)
        {
            out[i] = (2 * r.nextDouble() - 1) * bound;
        }
        return out;
    }

    private static SigpropHyper hyper(final SigpropVariant v)
    {
        // rates larger than the defaults so that three samples move the weights well above the tolerance
        return new SigpropHyper(v, 4, v == SigpropVariant.SHALLOW ? 1.0 : 0.5, 0.05, 0.1, 0, true, false);
    }

    private static double[][][] params(final SigconvArchitecture arch, final long seed)
    {
        final SplitMix64 r = new SplitMix64(seed);
        final int n = arch.weightLayers();
        final double[][] w = new double[n][];
        final double[][] b = new double[n][];
        for (int l = 1; l <= arch.depth(); l++)
        {
            final SigconvArchitecture.Conv cv = arch.conv(l);
            w[l - 1] = uniform(r, cv.cout() * cv.kernel(), 2.0 / Math.sqrt(cv.kernel()));
            b[l - 1] = uniform(r, cv.cout(), 0.2);
        }
        w[n - 2] = uniform(r, arch.fc() * arch.fcInputs(), 2.0 / Math.sqrt(arch.fcInputs()));
        b[n - 2] = uniform(r, arch.fc(), 0.2);
        w[n - 1] = uniform(r, arch.classes() * arch.fc(), 1.0 / Math.sqrt(arch.fc()));
        b[n - 1] = uniform(r, arch.classes(), 0.1);
        final int n1 = arch.conv(1).cout() * 64;
        final double[] s = uniform(r, n1 * arch.classes(), 1.0);
        final double[] d = uniform(r, n1, 0.2);
        return new double[][][] {w, b, {s}, {d}};
    }

    private static double[] image(final SplitMix64 r)
    {
        final double[] x = new double[64];
        for (int i = 0; i < 64; i++)
        {
            x[i] = r.nextDouble() < 0.3 ? 0.0 : r.nextDouble();
        }
        return x;
    }

    private static void assertClose(final double[] expected, final double[] actual, final String what)
    {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], actual[i], TOL, what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @CsvSource({"SURROGATE, 60", "VOLTAGE, 60", "SHALLOW, 60", "SURROGATE, 20"})
    void chipMatchesDenseReference(final SigpropVariant variant, final int compartments)
    {
        final SigconvArchitecture arch = SigconvArchitecture.parse(CONV, SHAPE, 5, 4);
        final double[][][] p = params(arch, 11);
        final SigpropHyper hy = hyper(variant);
        final DenseSigconvReference ref = new DenseSigconvReference(arch, hy, p[0], p[1], p[2][0], p[3][0]);
        try (SigconvChip chip = SigconvChip.builder(arch).hyper(hy).chip(smallChip(compartments)).seed(5)
            .initialWeights(p[0], p[1], p[2][0], p[3][0]).build())
        {
            assertTrue(chip.coreNames().stream().filter(n -> n.startsWith("conv1")).count() > 1 &&
                chip.coreNames().stream().filter(n -> n.startsWith("conv2")).count() > (variant ==
                SigpropVariant.SHALLOW ? 0 : 1), "layers span several cores: " + chip.coreNames());
            final SplitMix64 r = new SplitMix64(3);
            double moved = 0.0;
            for (int k = 0; k < 3; k++)
            {
                final double[] x = image(r);
                final int label = k % 4;
                assertEquals(ref.trainSample(x, label), chip.trainSample(x, label), "prediction of sample " + k);
                for (int l = 1; l <= arch.weightLayers(); l++)
                {
                    assertClose(ref.weights(l), chip.weights(l), variant + " W" + l + " after sample " + k);
                    assertClose(ref.biases(l), chip.biases(l), variant + " b" + l + " after sample " + k);
                }
                if (variant != SigpropVariant.SHALLOW)
                {
                    assertClose(ref.targetWeights(), chip.targetWeights(), "S after sample " + k);
                    assertClose(ref.targetBiases(), chip.targetBiases(), "d after sample " + k);
                    assertEquals(0.0, chip.kernelCopySpread(1), "kernel copies of conv 1 stay equal");
                    assertEquals(0.0, chip.kernelCopySpread(2), "kernel copies of conv 2 stay equal");
                }
            }
            for (int l = 1; l <= arch.weightLayers(); l++)
            {
                final double[] w0 = p[0][l - 1];
                final double[] w1 = chip.weights(l);
                for (int i = 0; i < w0.length; i++)
                {
                    moved = Math.max(moved, Math.abs(w1[i] - w0[i]) * (variant == SigpropVariant.SHALLOW &&
                        l < arch.weightLayers() ? 0 : 1));
                }
            }
            assertTrue(moved > 1e-4, "learning moved the weights (max change " + moved + ")");
            assertTrue(chip.counter("msg.spike") > 0, "hidden layers spiked");
            if (variant != SigpropVariant.SHALLOW)
            {
                assertTrue(chip.counter("msg.target") > 0, "targets travelled forward");
                assertTrue(chip.counter("msg.kernel_sync") > 0, "kernel copies exchanged gradients");
            }
            assertEquals(0L, chip.memoryBits(MemoryKind.FEEDBACK), "no feedback weights");
        }
    }

    @ParameterizedTest
    @CsvSource({"SURROGATE, false", "VOLTAGE, false", "SHALLOW, false", "SURROGATE, true", "VOLTAGE, true",
        "SHALLOW, true"})
    void oneAndThreeWorkersAreBitIdentical(final SigpropVariant variant, final boolean adam)
    {
        for (final boolean fixed : new boolean[] {false, true})
        {
            final SigconvArchitecture arch = SigconvArchitecture.parse(CONV, SHAPE, 5, 4);
            final double[][][] p = params(arch, 12);
            final double[][][] out = new double[2][][];
            for (int run = 0; run < 2; run++)
            {
                try (SigconvChip chip = SigconvChip.builder(arch).hyper(hyper(variant))
                    .chip(smallChip(60)).seed(9).workers(run == 0 ? 1 : 3).fixedPoint(fixed)
                    .formats(new StorageFormats(12, 16, 16, 16)).adam(adam ? AdamMoments.Config.TORCH : null)
                    .initialWeights(p[0], p[1], p[2][0], p[3][0]).build())
                {
                    final SplitMix64 r = new SplitMix64(4);
                    for (int k = 0; k < 3; k++)
                    {
                        chip.trainSample(image(r), k % 4);
                    }
                    out[run] = chip.allWeights();
                    if (fixed && variant != SigpropVariant.SHALLOW)
                    {
                        assertEquals(0.0, chip.kernelCopySpread(1), "fixed point: kernel copies stay equal");
                        assertEquals(0.0, chip.kernelCopySpread(2), "fixed point: kernel copies stay equal");
                    }
                }
            }
            for (int l = 0; l < out[0].length; l++)
            {
                assertArrayEquals(out[0][l], out[1][l], variant + " adam=" + adam + " fixed=" + fixed + " layer " +
                    (l + 1) +
                    ": 1 vs 3 workers");
            }
        }
    }

    @Test
    void badConfigurationsNameTheFieldAndTheRule()
    {
        final IllegalArgumentException noPool = assertThrows(IllegalArgumentException.class,
            () -> SigconvArchitecture.parse("2C3-3C3-MP2", SHAPE, 5, 4));
        assertTrue(noPool.getMessage().contains("must be followed by MP2"), noPool.getMessage());
        final IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
            () -> SigconvArchitecture.parse("2C3-MP2-3C3-MP2", new int[] {1, 6, 6}, 5, 4));
        assertTrue(odd.getMessage().contains("even height and width"), odd.getMessage());
        final IllegalArgumentException fc = assertThrows(IllegalArgumentException.class,
            () -> SigconvArchitecture.parse(CONV, SHAPE, 0, 4));
        assertTrue(fc.getMessage().contains("fc=0 must be >= 1"), fc.getMessage());
        final IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
            () -> SigconvChip.builder(SigconvArchitecture.parse(CONV, SHAPE, 5, 4)).hyper(hyper(
                SigpropVariant.SURROGATE)).chip(smallChip(10)).build());
        assertTrue(fit.getMessage().contains("does not fit"), fit.getMessage());

        final AlgorithmParams params = new AlgorithmParams(Map.of("method", "sigprop-conv-surrogate", "conv",
            "2C3-MP2-3C3", "input_shape", List.of(1, 8, 8)));
        final LearnerSetup setup = new LearnerSetup(new int[] {64, 4}, Presets.spinnaker2(), StorageFormats.defaults(),
            false, 1, 1);
        assertEquals(null, Learners.forMethod("sigprop-conv-surrogate").build(setup, params));
        assertTrue(params.errors().stream().anyMatch(e -> e.contains("algorithm.conv=2C3-MP2-3C3")),
            params.errors().toString());
    }

    @Test
    void factoryBuildsTheDefaultNet()
    {
        final AlgorithmParams params = new AlgorithmParams(Map.of("method", "sigprop-conv-voltage"));
        final LearnerSetup setup = new LearnerSetup(new int[] {784, 10}, Presets.spinnaker2(),
            StorageFormats.defaults(), false, 1, 1);
        try (SigconvChip chip = (SigconvChip)Learners.forMethod("sigprop-conv-voltage").build(setup, params))
        {
            assertTrue(params.errors().isEmpty(), params.errors().toString());
            assertArrayEquals(new int[] {784, 16 * 784, 32 * 196, 128, 10}, chip.sizes());
        }
    }
}
