package org.nmsim.learning.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nmsim.learning.MlpChip;
import org.nmsim.learning.OnlineHyper;

/**
 * Mini-batch accumulation on chip (issue 5's training protocol): every core keeps adding each training sample's
 * gradients into its accumulators and applies their mean, {@code W <- W - (eta / B) sum grad W}, after every B-th
 * sample. Checked against {@link FloatMlpReference#accumulate} and {@link FloatMlpReference#applyUpdate
 * applyUpdate(1/B)} on the golden cases (their initial weights and recorded draws), after every sample, to 1e-9
 * relative as in {@code OnChipGoldenTest}. The weights must stay untouched inside a batch (checked: the chip's
 * weights equal the initial ones until the B-th sample), so a chip that ignored the batch would fail.
 */
@Timeout(120)
class MiniBatchTest
{
    private static final double RELATIVE = 1e-9;

    static Stream<Arguments> cases()
    {
        return GoldenCase.all().filter(g -> !"bptt".equals(g.method))
            .flatMap(g -> Stream.of(Arguments.of(g, 2), Arguments.of(g, 3)));
    }

    @ParameterizedTest(name = "{0} batch {1}")
    @MethodSource("cases")
    void shouldApplyTheMeanOfEachBatchAsTheReferenceDoes(final GoldenCase g, final int batch)
    {
        final int n = g.sizes.length - 1;
        final FloatMlpReference ref = g.reference();
        final OnlineHyper hyper = new OnlineHyper(g.learningMethod(), g.steps, g.lambda, g.vTh, g.a1, g.lambdaM,
            g.eta).withBatch(batch).withDirections(g.directions);
        assertTrue(g.samples >= batch, g + ": " + g.samples + " samples");
        try (MlpChip chip = g.chipBuilder().hyper(hyper).build())
        {
            final double[] w0 = chip.weights(0);
            for (int k = 0; k < g.samples; k++)
            {
                final int expected = ref.accumulate(g.x[k], g.y[k], g.draws(k)).prediction();
                if ((k + 1) % batch == 0)
                {
                    ref.applyUpdate(1.0 / batch);
                }
                assertEquals(expected, chip.trainSample(g.x[k], g.y[k]), g + " sample " + k + ": prediction");
                for (int l = 0; l < n; l++)
                {
                    close(GoldenCase.flat(ref.weights(l)), chip.weights(l), g + " batch " + batch + " sample " + k +
                        " W" + l);
                    close(ref.bias(l + 1), chip.biases(l), g + " batch " + batch + " sample " + k + " b" + (l + 1));
                }
                if (k + 1 < batch)
                {
                    assertEquals(java.util.Arrays.toString(w0), java.util.Arrays.toString(chip.weights(0)),
                        "no update inside the first batch");
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
