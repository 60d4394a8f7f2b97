package org.nmsim.learning.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.MlpChip;
import org.nmsim.learning.Perturbations;

/**
 * The on-chip MLP (local rules on kernel cores, float64) against the PyTorch reference's golden files: the same
 * initial weights, B and FGT draws are loaded (the draws through the {@link Perturbations} seam), and after every
 * sample every weight and bias must match the reference to 1e-9 relative: |chip - golden| <= 1e-9 max(1, |golden|).
 * Both sides are float64 and compute MODEL.md in the same order up to the summation order of dot products
 * (the chip sums in message order), so differences are a few ulps; 1e-9 leaves room for that while any error in a
 * rule, a schedule phase or a message would show up at order 1e-3 or more. The chip spreads the tiny networks over
 * cores of at most 3 neurons (the readout must fit one), so the hidden layers cross cores and workers.
 */
@Timeout(120)
class OnChipGoldenTest
{
    private static final double RELATIVE = 1e-9;

    static Stream<GoldenCase> cases()
    {
        return GoldenCase.all().filter(g -> !"bptt".equals(g.method));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchTheReferenceAfterEverySample(final GoldenCase g)
    {
        final int n = g.sizes.length - 1;
        try (MlpChip chip = g.chipBuilder().build())
        {
            assertTrue(chip.coreNames().size() > g.sizes.length, "spread over cores: " + chip.coreNames());
            for (int k = 0; k < g.samples; k++)
            {
                final int prediction = chip.trainSample(g.x[k], g.y[k]);
                assertEquals(g.predictions[k], prediction, g + " sample " + k + ": prediction");
                final Map<String, double[]> expected = g.expected.get(k);
                for (int l = 0; l < n; l++)
                {
                    close(expected.get("W" + l), chip.weights(l), g + " sample " + k + " W" + l);
                    close(expected.get("b" + (l + 1)), chip.biases(l), g + " sample " + k + " b" + (l + 1));
                }
            }
        }
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
