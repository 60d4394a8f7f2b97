package org.nmsim.learning.sigpropconv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.learning.sigprop.AdamMoments;
import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropVariant;

/**
 * The on-chip float64 convolutional sigprop against an INDEPENDENT computation: {@code
 * reference/sigprop_conv/sigprop_conv.py} (PyTorch conv2d / max_pool2d, membrane potentials in closed form, gradients
 * of the summed local losses by autograd) wrote the initial parameters, three samples and the parameters after every
 * sample for the three methods into {@code sigconv_golden.json}. The chip, loaded with the same values, must agree to
 * 1e-9 (relative to max(1, |value|)) after every sample, on a partition where layers span several cores and cores
 * straddle channels (60 compartments per core) and on one with a block per core (20). With
 * {@code optimizer: adam} the script trains the same net with {@code torch.optim.Adam} (default betas and eps; rates
 * {@code adam_eta}, {@code adam_eta_readout}) and writes {@code after_adam}, which the chip's Adam must match too.
 */
class SigconvChipMatchesPyTorchTest
{
    private static final double TOL = 1e-9;

    /** @return the JSON array as doubles (also used by {@link SigconvNormTest}). */
    static double[] doubles(final JsonNode n)
    {
        final double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    /** @return the JSON array of arrays as rows. */
    static double[][] rows(final JsonNode n)
    {
        final double[][] out = new double[n.size()][];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = doubles(n.get(i));
        }
        return out;
    }

    /** Asserts every element within {@code TOL * max(1, |expected|)} (the golden files' tolerance). */
    static void assertClose(final double[] expected, final double[] actual, final String what)
    {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], actual[i], TOL * Math.max(1.0, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0}, {1} compartments per core, {2}")
    @CsvSource({"surrogate, 60, sgd", "voltage, 60, sgd", "shallow, 60, sgd", "surrogate, 20, sgd",
        "surrogate, 60, adam", "voltage, 60, adam", "shallow, 60, adam", "voltage, 20, adam"})
    void shouldMatchThePyTorchUpdates(final String method, final int compartments, final String optimizer)
        throws IOException
    {
        final boolean adam = "adam".equals(optimizer);
        final JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("sigconv_golden.json"))
        {
            doc = new ObjectMapper().readTree(in);
        }
        final JsonNode shapeNode = doc.get("input_shape");
        final int[] shape = {shapeNode.get(0).asInt(), shapeNode.get(1).asInt(), shapeNode.get(2).asInt()};
        final SigconvArchitecture arch = SigconvArchitecture.parse(doc.get("conv").asText(), shape,
            doc.get("fc").asInt(), doc.get("classes").asInt());
        final SigpropVariant v = SigconvFactory.variantOf("sigprop-conv-" + method);
        final SigpropHyper hyper = new SigpropHyper(v, doc.get("T").asInt(), v == SigpropVariant.SHALLOW ?
            doc.get("vth_shallow").asDouble() : doc.get("vth_fsp").asDouble(), doc.get(adam ? "adam_eta" : "eta")
            .asDouble(), doc.get(adam ? "adam_eta_readout" : "eta_readout").asDouble(), 0, true, false);
        final JsonNode init = doc.get("initial");
        try (SigconvChip chip = SigconvChip.builder(arch).hyper(hyper).chip(SigconvChipTest.smallChip(compartments))
            .initialWeights(rows(init.get("w")), rows(init.get("b")), doubles(init.get("s")), doubles(init.get("d")))
            .adam(adam ? AdamMoments.Config.TORCH : null).build())
        {
            final JsonNode xs = doc.get("x");
            final JsonNode after = doc.get(adam ? "after_adam" : "after").get(method);
            double moved = 0.0;
            for (int k = 0; k < xs.size(); k++)
            {
                chip.trainSample(doubles(xs.get(k)), doc.get("labels").get(k).asInt());
                final JsonNode p = after.get(k);
                for (int l = 1; l <= arch.weightLayers(); l++)
                {
                    final double[] expected = doubles(p.get("w").get(l - 1));
                    assertClose(expected, chip.weights(l), method + " W" + l + " after sample " + k);
                    assertClose(doubles(p.get("b").get(l - 1)), chip.biases(l), method + " b" + l + " after sample " +
                        k);
                    final double[] w0 = doubles(init.get("w").get(l - 1));
                    for (int i = 0; i < w0.length; i++)
                    {
                        moved = Math.max(moved, Math.abs(expected[i] - w0[i]));
                    }
                }
                if (v != SigpropVariant.SHALLOW)
                {
                    assertClose(doubles(p.get("s")), chip.targetWeights(), method + " S after sample " + k);
                    assertClose(doubles(p.get("d")), chip.targetBiases(), method + " d after sample " + k);
                }
            }
            assertTrue(moved > 1e-3, "the samples moved the weights (max change " + moved + ")");
        }
    }
}
