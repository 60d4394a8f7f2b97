package org.nmsim.learning.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.Perturbations;

/**
 * The on-chip float64 conv learner against an INDEPENDENT computation of paper 000 eq. 4-8:
 * {@code reference/conv/ottt_conv.py} (PyTorch conv2d / avg_pool2d, gradients by autograd) wrote one sample's
 * weights, feedback, input and Rademacher draws, and the weights and M after the sample's update, into
 * {@code conv_golden.json}. The chip, loaded with the same values and replaying the same draws, must agree to
 * 1e-9 (relative to max(1, |value|)), on a partition with row bands (16 compartments per core) and without.
 */
class ConvChipMatchesPyTorchTest
{
    @ParameterizedTest(name = "{0}, {1} compartments per core")
    @CsvSource({"fgt, 16", "fgt, 1024", "fgt-wo-m, 16", "dfa, 16", "dfa, 1024"})
    void shouldMatchThePyTorchUpdateOfOneSample(final String method, final int compartments) throws IOException
    {
        final JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("conv_golden.json"))
        {
            doc = new ObjectMapper().readTree(in);
        }
        final int[] shape = ints(doc.get("input_shape"));
        final ConvArchitecture arch = ConvArchitecture.parse(doc.get("conv").asText(), shape,
            shape[0] * shape[1] * shape[2]);
        final int m = doc.get("classes").asInt();
        final LearningMethod lm = switch (method)
        {
            case "fgt" -> LearningMethod.FGT;
            case "fgt-wo-m" -> LearningMethod.FGT_WO_M;
            default -> LearningMethod.DFA;
        };
        final OnlineHyper hyper = new OnlineHyper(lm, doc.get("T").asInt(), doc.get("lambda").asDouble(),
            doc.get("V_th").asDouble(), doc.get("a1").asDouble(), doc.get("lambda_M").asDouble(),
            doc.get("eta").asDouble());
        final JsonNode vs = doc.get("v");
        final int steps = hyper.steps();
        final double[][][] draws = new double[arch.depth()][steps][];
        for (int l = 0; l < arch.depth(); l++)
        {
            for (int t = 0; t < steps; t++)
            {
                draws[l][t] = doubles(vs.get(l).get(t));
            }
        }
        final Perturbations table = new Perturbations()
        {
            @Override
            public double sign(final SplitMix64 coreStream, final int sample, final int layer, final int step,
                final int direction, final int neuron)
            {
                return draws[layer - 1][step - 1][neuron];
            }

            @Override
            public int sampledLayer(final int sample, final int step, final int hiddenLayers)
            {
                throw new IllegalStateException("not a conv method");
            }
        };
        final ChipSpec chip = ConvTestSupport.spinnaker2(compartments, 1 << 20);
        final JsonNode expected = doc.get("methods").get(method);
        try (ConvChip c = ConvChip.builder(arch, m).hyper(hyper).chip(chip).perturbations(table)
            .initialWeights(matrix(doc.get("k")), matrix(doc.get("b")), doubles(doc.get("w")), doubles(doc.get("bo")))
            .feedback(lm == LearningMethod.FGT_WO_M ? null : matrix(doc.get("fb"))).build())
        {
            final int prediction = c.trainSample(doubles(doc.get("x")), doc.get("label").asInt());
            assertEquals(expected.get("prediction").asInt(), prediction);
            assertEquals(expected.get("loss_sum").asDouble() / steps, c.lastSampleLoss(), 1e-9);
            for (int l = 1; l <= arch.depth(); l++)
            {
                ConvChipMatchesDenseReferenceTest.close(doubles(expected.get("k_after").get(l - 1)), c.kernels(l),
                    method + " K^" + l);
                ConvChipMatchesDenseReferenceTest.close(doubles(expected.get("b_after").get(l - 1)), c.biases(l),
                    method + " b^" + l);
                if (lm != LearningMethod.FGT_WO_M)
                {
                    ConvChipMatchesDenseReferenceTest.close(doubles(expected.get("fb_after").get(l - 1)),
                        c.feedback(l), method + " feedback^" + l);
                }
            }
            ConvChipMatchesDenseReferenceTest.close(doubles(expected.get("w_after")), c.readoutWeights(),
                method + " W^out");
            ConvChipMatchesDenseReferenceTest.close(doubles(expected.get("bo_after")), c.readoutBiases(),
                method + " b^out");
        }
    }

    private static double[][] matrix(final JsonNode n)
    {
        final double[][] out = new double[n.size()][];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = doubles(n.get(i));
        }
        return out;
    }

    private static double[] doubles(final JsonNode n)
    {
        final double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    private static int[] ints(final JsonNode n)
    {
        final int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = n.get(i).asInt();
        }
        return out;
    }
}
