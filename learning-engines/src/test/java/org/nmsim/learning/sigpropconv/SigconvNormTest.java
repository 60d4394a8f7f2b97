package org.nmsim.learning.sigpropconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nmsim.learning.sigpropconv.SigconvChipMatchesPyTorchTest.assertClose;
import static org.nmsim.learning.sigpropconv.SigconvChipMatchesPyTorchTest.doubles;
import static org.nmsim.learning.sigpropconv.SigconvChipMatchesPyTorchTest.rows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.AlgorithmParams;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.Learners;
import org.nmsim.learning.StorageFormats;
import org.nmsim.learning.sigprop.AdamMoments;
import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropVariant;

/**
 * The conv layers' running-statistics normalisation ({@code algorithm.norm: running}) and the cosine learning-rate
 * schedule: the chip (float64) and the dense NON-LOCAL reference against {@code sigconv_golden.json}'s
 * {@code after_norm} / {@code after_norm_adam}, written by PyTorch autograd ({@code reference/sigprop_conv/
 * sigprop_conv.py}: gamma and beta by autograd, the running statistics from torch.var), to 1e-9 relative to
 * max(1, |value|) after every sample; 1 vs 3 workers and checkpoint resume bit-identical; the schedule against its
 * formula evaluated by hand; configuration errors.
 */
class SigconvNormTest
{
    private static final String[] NAMES = {"gamma", "beta", "mean", "var"};

    private static JsonNode golden() throws IOException
    {
        try (InputStream in = SigconvNormTest.class.getResourceAsStream("sigconv_golden.json"))
        {
            return new ObjectMapper().readTree(in);
        }
    }

    private static SigconvArchitecture arch(final JsonNode doc)
    {
        final JsonNode sh = doc.get("input_shape");
        return SigconvArchitecture.parse(doc.get("conv").asText(), new int[] {sh.get(0).asInt(), sh.get(1).asInt(),
            sh.get(2).asInt()}, doc.get("fc").asInt(), doc.get("classes").asInt());
    }

    private static SigpropHyper hyper(final JsonNode doc, final SigpropVariant v, final boolean adam)
    {
        return new SigpropHyper(v, doc.get("T").asInt(), doc.get("vth_fsp").asDouble(), doc.get(adam ? "adam_eta" :
            "eta").asDouble(), doc.get(adam ? "adam_eta_readout" : "eta_readout").asDouble(), 0, true, false);
    }

    private static SigconvNorm norm(final JsonNode doc)
    {
        return new SigconvNorm(doc.get("norm_momentum").asDouble(), doc.get("norm_eps").asDouble());
    }

    @ParameterizedTest(name = "{0}, {1} compartments per core, {2}")
    @CsvSource({"surrogate, 60, sgd", "voltage, 60, sgd", "surrogate, 20, sgd", "surrogate, 60, adam"})
    void chipMatchesPyTorchAutograd(final String method, final int compartments, final String optimizer)
        throws IOException
    {
        final boolean adam = "adam".equals(optimizer);
        final JsonNode doc = golden();
        final SigconvArchitecture arch = arch(doc);
        final SigpropVariant v = SigconvFactory.variantOf("sigprop-conv-" + method);
        final JsonNode init = doc.get("initial");
        try (SigconvChip chip = SigconvChip.builder(arch).hyper(hyper(doc, v, adam))
            .chip(SigconvChipTest.smallChip(compartments)).norm(norm(doc))
            .initialWeights(rows(init.get("w")), rows(init.get("b")), doubles(init.get("s")), doubles(init.get("d")))
            .adam(adam ? AdamMoments.Config.TORCH : null).build())
        {
            assertTrue(chip.coreNames().stream().filter(n -> n.startsWith("conv2")).count() > 1,
                "conv 2 spans several cores: " + chip.coreNames());
            final JsonNode after = doc.get(adam ? "after_norm_adam" : "after_norm").get(method);
            final JsonNode xs = doc.get("x");
            for (int k = 0; k < xs.size(); k++)
            {
                chip.trainSample(doubles(xs.get(k)), doc.get("labels").get(k).asInt());
                final JsonNode p = after.get(k);
                for (int l = 1; l <= arch.weightLayers(); l++)
                {
                    assertClose(doubles(p.get("w").get(l - 1)), chip.weights(l), method + " W" + l + " sample " + k);
                    assertClose(doubles(p.get("b").get(l - 1)), chip.biases(l), method + " b" + l + " sample " + k);
                }
                assertClose(doubles(p.get("s")), chip.targetWeights(), method + " S sample " + k);
                assertClose(doubles(p.get("d")), chip.targetBiases(), method + " d sample " + k);
                for (int l = 1; l <= arch.depth(); l++)
                {
                    for (int which = 0; which < 4; which++)
                    {
                        assertClose(doubles(p.get(NAMES[which]).get(l - 1)), chip.normalisation(l, which), method +
                            " " + NAMES[which] + " of conv " + l + " sample " + k);
                    }
                    assertEquals(0.0, chip.kernelCopySpread(l), "kernel copies of conv " + l + " stay equal");
                }
            }
            // the golden values moved: gamma away from 1 and the running variance away from 1
            final JsonNode last = after.get(xs.size() - 1);
            assertTrue(Math.abs(last.get("gamma").get(1).get(0).asDouble() - 1.0) > 1e-3, "gamma learned");
            assertTrue(Math.abs(last.get("var").get(1).get(0).asDouble() - 1.0) > 1e-2, "running variance moved");
            assertTrue(chip.memoryBits(MemoryKind.LEARNING_STATE) > 0, "normalisation state charged");
        }
    }

    @ParameterizedTest
    @CsvSource({"surrogate", "voltage"})
    void denseReferenceMatchesPyTorchAutograd(final String method) throws IOException
    {
        final JsonNode doc = golden();
        final SigconvArchitecture arch = arch(doc);
        final SigpropVariant v = SigconvFactory.variantOf("sigprop-conv-" + method);
        final JsonNode init = doc.get("initial");
        final DenseSigconvReference ref = new DenseSigconvReference(arch, hyper(doc, v, false), rows(init.get("w")),
            rows(init.get("b")), doubles(init.get("s")), doubles(init.get("d"))).withNorm(norm(doc));
        final JsonNode after = doc.get("after_norm").get(method);
        final JsonNode xs = doc.get("x");
        for (int k = 0; k < xs.size(); k++)
        {
            ref.trainSample(doubles(xs.get(k)), doc.get("labels").get(k).asInt());
            final JsonNode p = after.get(k);
            for (int l = 1; l <= arch.weightLayers(); l++)
            {
                assertClose(doubles(p.get("w").get(l - 1)), ref.weights(l), method + " W" + l + " sample " + k);
                assertClose(doubles(p.get("b").get(l - 1)), ref.biases(l), method + " b" + l + " sample " + k);
            }
            for (int l = 1; l <= arch.depth(); l++)
            {
                for (int which = 0; which < 4; which++)
                {
                    assertClose(doubles(p.get(NAMES[which]).get(l - 1)), ref.normalisation(l, which), method + " " +
                        NAMES[which] + " of conv " + l + " sample " + k);
                }
            }
        }
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

    private static SigconvChip chip(final SigpropVariant v, final int workers, final boolean adam, final int cosine)
    {
        final SigconvArchitecture arch = SigconvArchitecture.parse("2C3-MP2-3C3-MP2", new int[] {1, 8, 8}, 5, 4);
        return SigconvChip.builder(arch).hyper(new SigpropHyper(v, 4, 0.5, 0.05, 0.1, 0, true, false))
            .chip(SigconvChipTest.smallChip(60)).seed(21).initGain(3.0).workers(workers)
            .norm(new SigconvNorm(0.2, 1e-5)).cosine(cosine).adam(adam ? AdamMoments.Config.TORCH : null).build();
    }

    private static double[][] state(final SigconvChip chip)
    {
        final double[][] w = chip.allWeights();
        final double[][] out = new double[w.length + 8][];
        System.arraycopy(w, 0, out, 0, w.length);
        for (int l = 1; l <= 2; l++)
        {
            for (int which = 0; which < 4; which++)
            {
                out[w.length + (l - 1) * 4 + which] = chip.normalisation(l, which);
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"SURROGATE, false", "VOLTAGE, false", "SURROGATE, true"})
    void oneAndThreeWorkersAreBitIdentical(final SigpropVariant v, final boolean adam)
    {
        final double[][][] out = new double[2][][];
        for (int run = 0; run < 2; run++)
        {
            try (SigconvChip chip = chip(v, run == 0 ? 1 : 3, adam, 3))
            {
                final SplitMix64 r = new SplitMix64(4);
                for (int k = 0; k < 4; k++)
                {
                    chip.trainSample(image(r), k % 4);
                    if (k == 1)
                    {
                        chip.endEpoch(1);
                    }
                }
                chip.predict(image(r));
                out[run] = state(chip);
            }
        }
        for (int i = 0; i < out[0].length; i++)
        {
            assertArrayEquals(out[0][i], out[1][i], v + " adam=" + adam + " array " + i + ": 1 vs 3 workers");
        }
    }

    @ParameterizedTest
    @CsvSource({"SURROGATE, false", "VOLTAGE, false", "SURROGATE, true"})
    void resumedChipContinuesBitIdentically(final SigpropVariant v, final boolean adam) throws IOException
    {
        final double[][] xs = new double[4][];
        final SplitMix64 r = new SplitMix64(8);
        for (int k = 0; k < xs.length; k++)
        {
            xs[k] = image(r);
        }
        final double[][] straight;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SigconvChip a = chip(v, 1, adam, 4))
        {
            a.trainSample(xs[0], 0);
            a.trainSample(xs[1], 1);
            a.endEpoch(1);
            a.writeCheckpoint(new DataOutputStream(bytes));
            a.trainSample(xs[2], 2);
            a.trainSample(xs[3], 3);
            straight = state(a);
        }
        try (SigconvChip b = chip(v, 1, adam, 4))
        {
            b.readCheckpoint(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertEquals(SigconvChip.cosineFactor(1, 4), b.etaFactor(), "the schedule's position is restored");
            b.trainSample(xs[2], 2);
            b.trainSample(xs[3], 3);
            final double[][] resumed = state(b);
            for (int i = 0; i < straight.length; i++)
            {
                assertArrayEquals(straight[i], resumed[i], v + " adam=" + adam + " array " + i + " after resuming");
            }
        }
    }

    @Test
    void normalisationIsCountedAndCharged()
    {
        // one conv layer (3x3 kernels, 9 weights): every kernel-sync exchange carries 9 + 1 values without and
        // 9 + 4 with normalisation, on the same partition; the normalisation's state is charged and its arithmetic
        // counted
        final SigconvArchitecture arch = SigconvArchitecture.parse("2C3-MP2", new int[] {1, 8, 8}, 5, 4);
        final long[] sync = new long[2];
        final long[] learningBits = new long[2];
        final long[] weightBits = new long[2];
        final long[] multiplies = new long[2];
        final List<List<String>> names = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++)
        {
            try (SigconvChip chip = SigconvChip.builder(arch).hyper(new SigpropHyper(SigpropVariant.SURROGATE, 4, 0.5,
                0.05, 0.1, 0, true, false)).chip(SigconvChipTest.smallChip(60)).seed(3).initGain(3.0)
                .norm(run == 0 ? null : new SigconvNorm(0.1, 1e-5)).build())
            {
                final SplitMix64 r = new SplitMix64(5);
                chip.trainSample(image(r), 1);
                chip.trainSample(image(r), 2);
                sync[run] = chip.counter("msg.kernel_sync");
                learningBits[run] = chip.memoryBits(MemoryKind.LEARNING_STATE);
                weightBits[run] = chip.memoryBits(MemoryKind.WEIGHTS);
                multiplies[run] = chip.counts().count(org.nmsim.chip.energy.OpKind.FP_MULTIPLY);
                names.add(chip.coreNames());
            }
        }
        assertEquals(names.get(0), names.get(1), "same partition");
        assertTrue(sync[0] > 0, "channels span several cores");
        assertEquals(sync[0] / 10 * 13, sync[1], "kernel-sync values: 13 instead of 10 per exchange");
        assertEquals(0, sync[0] % 10);
        assertTrue(weightBits[1] > weightBits[0], "gamma, beta, statistics charged to WEIGHTS");
        assertTrue(learningBits[1] > learningBits[0], "normalisation gradients and sums charged to LEARNING_STATE");
        assertTrue(multiplies[1] > multiplies[0], "normalisation multiplies counted");
    }

    @Test
    void cosineFactorFollowsTheFormula()
    {
        // 0.5 (1 + cos(pi e / E)) by hand for E = 4
        assertEquals(1.0, SigconvChip.cosineFactor(0, 4), 1e-15);
        assertEquals(0.5 * (1 + Math.sqrt(0.5)), SigconvChip.cosineFactor(1, 4), 1e-15);
        assertEquals(0.5, SigconvChip.cosineFactor(2, 4), 1e-15);
        assertEquals(0.5 * (1 - Math.sqrt(0.5)), SigconvChip.cosineFactor(3, 4), 1e-15);
        assertEquals(0.0, SigconvChip.cosineFactor(4, 4), 1e-15);
        assertEquals(0.0, SigconvChip.cosineFactor(9, 4), 1e-15, "past the horizon: rate 0");
    }

    @Test
    void scheduledChipEqualsAChipAtTheScaledRates()
    {
        // after endEpoch(1) of E = 4 a chip must train exactly as one built with eta and eta_readout times the factor
        final double f = SigconvChip.cosineFactor(1, 4);
        final SigconvArchitecture arch = SigconvArchitecture.parse("2C3-MP2-3C3-MP2", new int[] {1, 8, 8}, 5, 4);
        final double[][][] out = new double[2][][];
        for (int run = 0; run < 2; run++)
        {
            final SigpropHyper h = new SigpropHyper(SigpropVariant.SURROGATE, 4, 0.5, run == 0 ? 0.05 : 0.05 * f,
                run == 0 ? 0.1 : 0.1 * f, 0, true, false);
            try (SigconvChip chip = SigconvChip.builder(arch).hyper(h).chip(SigconvChipTest.smallChip(60)).seed(2)
                .initGain(3.0).cosine(run == 0 ? 4 : 0).build())
            {
                chip.endEpoch(1);
                assertEquals(run == 0 ? f : 1.0, chip.etaFactor());
                final SplitMix64 r = new SplitMix64(6);
                for (int k = 0; k < 3; k++)
                {
                    chip.trainSample(image(r), k % 4);
                }
                out[run] = chip.allWeights();
            }
        }
        for (int l = 0; l < out[0].length; l++)
        {
            assertArrayEquals(out[1][l], out[0][l], "layer " + (l + 1) + ": scheduled vs scaled rates");
        }
    }

    private static List<String> errors(final Map<String, Object> keys, final boolean fixedPoint)
    {
        final AlgorithmParams params = new AlgorithmParams(keys);
        final LearnerSetup setup = new LearnerSetup(new int[] {784, 10}, Presets.spinnaker2(),
            StorageFormats.defaults(), fixedPoint, 1, 1);
        assertNull(Learners.forMethod((String)keys.get("method")).build(setup, params), keys.toString());
        return params.errors();
    }

    @Test
    void badConfigurationsNameTheKeyTheValueAndTheRule()
    {
        assertTrue(errors(Map.of("method", "sigprop-conv-surrogate", "norm", "batch"), false).stream()
            .anyMatch(e -> e.contains("algorithm.norm=batch")), "unknown norm");
        assertTrue(errors(Map.of("method", "sigprop-conv-shallow", "norm", "running"), false).stream()
            .anyMatch(e -> e.contains("algorithm.norm=running needs an FSP method")), "shallow");
        assertTrue(errors(Map.of("method", "sigprop-conv-surrogate", "norm", "running"), true).stream()
            .anyMatch(e -> e.contains("algorithm.norm=running is built for float64 only")), "fixed point");
        assertTrue(errors(Map.of("method", "sigprop-conv-surrogate", "norm", "running", "norm_momentum", 0), false)
            .stream().anyMatch(e -> e.contains("algorithm.norm_momentum=0 must be in (0, 1]")), "momentum");
        assertTrue(errors(Map.of("method", "sigprop-conv-surrogate", "schedule", "cosine"), false).stream()
            .anyMatch(e -> e.contains("algorithm.schedule_epochs is required")), "horizon");
        assertTrue(errors(Map.of("method", "sigprop-conv-surrogate", "schedule", "cosine", "schedule_epochs", 0),
            false).stream().anyMatch(e -> e.contains("algorithm.schedule_epochs=0 must be an integer in [1, ")),
            "horizon 0");
    }
}
