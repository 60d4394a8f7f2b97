package org.nmsim.learning.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.Learners;
import org.nmsim.learning.OnChipLearner;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.StorageFormats;

/** Determinism, fixed point, partitioning limits, the notation's rules and the factory. */
class ConvChipTest
{
    private static final long SEED = 77L;
    private static final ConvArchitecture TINY = ConvArchitecture.parse("2C3-AP2-3C3-AP2", new int[] {1, 6, 6}, 36);

    private static ConvChip tiny(final LearningMethod method, final boolean fixed, final int workers)
    {
        return ConvChip.builder(TINY, 4).hyper(new OnlineHyper(method, 3, 0.5, 1.0, 0.25, 0.9, 0.1))
            .chip(ConvTestSupport.spinnaker2(16, 1 << 20)).fixedPoint(fixed).seed(SEED).workers(workers).build();
    }

    private static double[] input(final SplitMix64 r)
    {
        final double[] x = ConvTestSupport.uniform(r, 36, 0.0, 1.0);
        for (int i = 0; i < x.length; i++)
        {
            x[i] *= 3.0; // strong drive, so that the tiny net spikes under its default init
        }
        return x;
    }

    @ParameterizedTest(name = "{0}, fixed point {1}")
    @CsvSource({"FGT, false", "FGT, true", "DFA, true", "FGT_WO_M, false"})
    @Timeout(60)
    void shouldGiveBitIdenticalWeightsForOneAndThreeWorkers(final LearningMethod method, final boolean fixed)
    {
        try (ConvChip one = tiny(method, fixed, 1); ConvChip three = tiny(method, fixed, 3))
        {
            final SplitMix64 r = new SplitMix64(SEED);
            for (int s = 0; s < 4; s++)
            {
                final double[] x = input(r);
                assertEquals(one.trainSample(x, s % 4), three.trainSample(x, s % 4), "seed " + SEED);
            }
            final double[][] a = one.allWeights();
            final double[][] b = three.allWeights();
            for (int l = 0; l < a.length; l++)
            {
                assertArrayEquals(a[l], b[l], 0.0, "layer " + l + " seed " + SEED);
            }
            for (int l = 1; l <= 2; l++)
            {
                if (method != LearningMethod.FGT_WO_M)
                {
                    assertArrayEquals(one.feedback(l), three.feedback(l), 0.0, "feedback " + l);
                }
                assertTrue(one.sharedKernelsEqual(l), "bands agree, layer " + l);
            }
            for (final OpKind op : OpKind.values())
            {
                assertEquals(one.count(op), three.count(op), op + " counted the same");
            }
        }
    }

    @Test
    void shouldKeepFixedPointWeightsOnTheirGridAndStillLearn()
    {
        try (ConvChip c = tiny(LearningMethod.FGT, true, 1))
        {
            final double[] before = c.kernels(1);
            final SplitMix64 r = new SplitMix64(SEED);
            for (int s = 0; s < 4; s++)
            {
                c.trainSample(input(r), s % 4);
            }
            final double[] after = c.kernels(1);
            boolean changed = false;
            for (int i = 0; i < after.length; i++)
            {
                assertEquals(c.numerics().weights()[0].quantize(after[i], null), after[i], 0.0, "kernel " + i +
                    " on the 8-bit grid");
                changed |= after[i] != before[i];
            }
            assertTrue(changed, "fixed-point kernels learned");
            final double[] m = c.feedback(2);
            for (final double v : m)
            {
                assertEquals(c.numerics().feedback().quantize(v, new SplitMix64(1)), v, 0.0, "M on its 16-bit grid");
            }
        }
    }

    @Test
    void shouldContinueBitIdenticallyFromACheckpoint() throws java.io.IOException
    {
        final SplitMix64 r = new SplitMix64(SEED);
        final double[][] xs = new double[4][];
        for (int s = 0; s < xs.length; s++)
        {
            xs[s] = input(r);
        }
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        final double[][] straight;
        try (ConvChip a = tiny(LearningMethod.FGT, true, 1))
        {
            a.trainSample(xs[0], 0);
            a.trainSample(xs[1], 1);
            a.writeCheckpoint(new java.io.DataOutputStream(bytes));
            a.trainSample(xs[2], 2);
            a.trainSample(xs[3], 3);
            straight = a.allWeights();
        }
        try (ConvChip b = tiny(LearningMethod.FGT, true, 1))
        {
            b.readCheckpoint(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            b.trainSample(xs[2], 2);
            b.trainSample(xs[3], 3);
            final double[][] resumed = b.allWeights();
            for (int l = 0; l < straight.length; l++)
            {
                assertArrayEquals(straight[l], resumed[l], 0.0, "layer " + l);
            }
        }
    }

    @Test
    void shouldChargeKernelsOncePerCoreAndSplitWideMapsIntoBands()
    {
        try (ConvChip c = tiny(LearningMethod.FGT, false, 1))
        {
            // layer 1: 2 channels of 6x6 = 36 neurons > 16 compartments: 3 bands of 2 rows per channel
            assertEquals(List.of("input[0:16)", "input[16:32)", "input[32:36)", "c1[0:1)[y0:2)", "c1[0:1)[y2:4)",
                "c1[0:1)[y4:6)", "c1[1:2)[y0:2)", "c1[1:2)[y2:4)", "c1[1:2)[y4:6)", "c2[0:1)", "c2[1:2)", "c2[2:3)",
                "readout[0:4)"), c.coreNames());
            // c1 band: kernel 1x9 at 8 bits; c2 core: kernel 2x9 at 8 bits
            assertEquals(9 * 8, c.budgets().get(3).usage(MemoryKind.WEIGHTS));
            assertEquals(18 * 8, c.budgets().get(9).usage(MemoryKind.WEIGHTS));
            // M: 12 neurons x 4 classes x 16 bits on a c1 band
            assertEquals(12 * 4 * 16, c.budgets().get(3).usage(MemoryKind.FEEDBACK));
        }
    }

    @Test
    void shouldNameTheLimitWhenALayerDoesNotFit()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            ConvChip.builder(TINY, 4).chip(ConvTestSupport.spinnaker2(16, 500)).build());
        assertTrue(ex.getMessage().contains("synapticMemoryBitsPerCore=500"), ex.getMessage());
        final IllegalArgumentException ex2 = assertThrows(IllegalArgumentException.class, () ->
            ConvChip.builder(TINY, 4).chip(ConvTestSupport.spinnaker2(4, 1 << 20)).build());
        assertTrue(ex2.getMessage().contains("compartmentsPerCore=4"), ex2.getMessage());
        final IllegalArgumentException ex3 = assertThrows(IllegalArgumentException.class, () ->
            ConvChip.builder(TINY, 4).chip(ConvTestSupport.spinnaker2(16, 1 << 20, 30)).build());
        assertTrue(ex3.getMessage().contains("fanInPerCore=30") && ex3.getMessage().contains("layer c1"),
            ex3.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "AP2-16C3|token 1 'AP2' must follow a convolution",
        "16C3-AP2-AP2|token 3 'AP2' follows another AP2",
        "16C5|token 1 '16C5' is not <channels>C3",
        "16C3-MP2|only AP2 pooling",
        "0C3|channels=0",
        "16C3-AP2-8C3-AP2-8C3-AP2-8C3-AP2-8C3-AP2|needs a map of at least 2x2"})
    void shouldRejectBadNotationNamingTheTokenAndTheRule(final String text, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            ConvArchitecture.parse(text, new int[] {1, 28, 28}, 784));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    @Test
    void shouldResolveThePapersGeometry()
    {
        final ConvArchitecture a = ConvArchitecture.parse("16C3-AP2-32C3-AP2-64C3-AP2-64C3-FC", new int[] {1, 28, 28},
            784);
        assertEquals(4, a.depth());
        assertEquals(28, a.layer(1).h());
        assertEquals(14, a.layer(2).h());
        assertEquals(7, a.layer(3).h());
        assertEquals(3, a.layer(4).h());
        assertEquals(64 * 3 * 3, a.flatSize());
        assertThrows(IllegalArgumentException.class, () -> ConvArchitecture.parse("8C3", new int[] {1, 28, 27}, 784));
    }

    @Test
    void shouldBeBuiltByTheRegistryFromAnAlgorithmSection()
    {
        final Map<String, Object> section = new LinkedHashMap<>();
        section.put("method", "conv-dfa");
        section.put("conv", "2C3-AP2-3C3");
        section.put("input_shape", List.of(1, 6, 6));
        section.put("steps", 2);
        section.put("eta", 0.01);
        final AlgorithmParams params = new AlgorithmParams(section);
        final LearnerSetup setup = new LearnerSetup(new int[] {36, 4}, Presets.spinnaker2(), StorageFormats.defaults(),
            false, 3L, 1);
        try (OnChipLearner l = Learners.forMethod("conv-dfa").build(setup, params))
        {
            params.check();
            assertNotNull(l);
            l.trainSample(new double[36], 1);
            assertTrue(l.epochDiagnostics().containsKey("|K^1| (Frobenius)"), l.epochDiagnostics().toString());
        }
        final Map<String, Object> bad = new LinkedHashMap<>(section);
        bad.put("conv", "2C3-XP2");
        final AlgorithmParams badParams = new AlgorithmParams(bad);
        assertNull(Learners.forMethod("conv-fgt").build(setup, badParams));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, badParams::check);
        assertTrue(ex.getMessage().contains("token 2 'XP2'"), ex.getMessage());
        // hidden sizes in network.sizes, when given, must be the conv layers' neurons (2x6x6, 3x3x3)
        final AlgorithmParams sized = new AlgorithmParams(section);
        final LearnerSetup wrong = new LearnerSetup(new int[] {36, 100, 4}, Presets.spinnaker2(),
            StorageFormats.defaults(), false, 3L, 1);
        assertNull(Learners.forMethod("conv-dfa").build(wrong, sized));
        assertTrue(sized.errors().get(0).contains("[36, 72, 27, 4]"), sized.errors().toString());
        final ChipSpec chip = Presets.spinnaker2();
        final LearnerSetup right = new LearnerSetup(new int[] {36, 72, 27, 4}, chip, StorageFormats.defaults(), true,
            3L, 1);
        try (OnChipLearner l = Learners.forMethod("conv-dfa").build(right, new AlgorithmParams(section)))
        {
            assertArrayEquals(new int[] {36, 72, 27, 4}, l.sizes());
        }
    }
}
