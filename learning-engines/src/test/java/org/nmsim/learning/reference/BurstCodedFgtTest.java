package org.nmsim.learning.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.message.BurstCode;
import org.nmsim.learning.MessageClass;
import org.nmsim.learning.MlpChip;

/**
 * FGT (Q20) and FGT (Q1) (paper 000 App. D.1): the on-chip MLP sending its forward-gradient signals as bursts of
 * signed spikes against {@link FloatMlpReference} quantising the same signals with the same {@link BurstCode}, on
 * the FGT golden cases (their initial weights and recorded draws). After every sample every weight and bias must
 * agree to 1e-9 relative (both float64, as in {@code OnChipGoldenTest}; a burst count is an integer, so the two
 * sides can only part if a value lies within a few ulps of a quantisation step, which would show as an O(step)
 * error and fail loudly). The test can fail: with two hidden layers the graded reference differs from the
 * burst-coded one by far more than the tolerance (checked), so a chip that ignored the burst code would not pass;
 * with one hidden layer only {@code v = +-1} is sent, which both codes carry exactly (also checked).
 */
@Timeout(120)
class BurstCodedFgtTest
{
    private static final double RELATIVE = 1e-9;

    static Stream<Arguments> cases()
    {
        return GoldenCase.all().filter(g -> g.method.startsWith("fgt"))
            .flatMap(g -> Stream.of(Arguments.of(g, "Q1"), Arguments.of(g, "Q20")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void shouldMatchTheBurstCodedReferenceAfterEverySample(final GoldenCase g, final String codeName)
    {
        final BurstCode code = "Q1".equals(codeName) ? BurstCode.Q1 : BurstCode.Q20;
        final int n = g.sizes.length - 1;
        final FloatMlpReference ref = g.reference();
        ref.burst(code);
        final FloatMlpReference graded = g.reference();
        final MlpChip.Builder builder = g.chipBuilder();
        double partedFromGraded = 0.0;
        try (MlpChip chip = builder.hyper(chipHyper(g).withBurst(code)).build())
        {
            for (int k = 0; k < g.samples; k++)
            {
                final int expected = ref.trainSample(g.x[k], g.y[k], g.draws(k)).prediction();
                graded.trainSample(g.x[k], g.y[k], g.draws(k));
                assertEquals(expected, chip.trainSample(g.x[k], g.y[k]), g + " sample " + k + ": prediction");
                for (int l = 0; l < n; l++)
                {
                    final double[] want = GoldenCase.flat(ref.weights(l));
                    close(want, chip.weights(l), g + " " + codeName + " sample " + k + " W" + l);
                    close(ref.bias(l + 1), chip.biases(l), g + " " + codeName + " sample " + k + " b" + (l + 1));
                    final double[] other = GoldenCase.flat(graded.weights(l));
                    for (int i = 0; i < want.length; i++)
                    {
                        partedFromGraded = Math.max(partedFromGraded, Math.abs(want[i] - other[i]));
                    }
                }
            }
            final long bursts = chip.messages().get(MessageClass.BURST.ordinal()).count();
            assertTrue(bursts > 0, "burst spikes counted: " + bursts);
            assertTrue(chip.count(OpKind.SYNOP_BURST) > 0);
        }
        if (n > 2)
        {
            assertTrue(partedFromGraded > 1e-6, "the burst code changes the updates (max |dW| vs graded " +
                partedFromGraded + ")");
        }
        else
        {
            // one hidden layer: only v = +-1 is sent, which both codes carry exactly
            assertEquals(0.0, partedFromGraded, "one hidden layer: bursts carry v exactly");
        }
    }

    private static org.nmsim.learning.OnlineHyper chipHyper(final GoldenCase g)
    {
        return new org.nmsim.learning.OnlineHyper(g.learningMethod(), g.steps, g.lambda, g.vTh, g.a1, g.lambdaM,
            g.eta).withDirections(g.directions);
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
