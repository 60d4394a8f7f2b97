package org.nmsim.learning.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FloatMlpReference} reproduces every quantity of every golden file that {@code reference/make_golden.py}
 * (PyTorch, float64) wrote: per-step state, errors, FGT momentum, BPTT's autograd {@code dL/du}, the per-sample
 * gradients and the weights after each sample.
 *
 * <p>Tolerance: {@code |a - b| <= 1e-9 * max(1, |b|)}, b the golden value. Both sides are float64 and compute the
 * same formulas; they differ only in summation order (BLAS versus loops), in {@code exp}/{@code log}
 * implementations and, for BPTT, in autograd's log-softmax against our explicit softmax. Each of these costs a
 * few ulps (~1e-16 relative) per operation, compounded over at most a few hundred operations and three samples
 * of updates with eta = 0.5, so 1e-9 leaves six orders of magnitude of margin while still catching any wrong
 * term. The floor max(1, |b|) makes the rule absolute below 1: the recorded non-zero gradient entries range
 * from 9e-9 to 10 (medians 1e-4 to 4e-2 per file; the FGT(S) and FGT files of case a, lambda_M = 0.999, are the
 * smallest), so a second rule checks small values relatively: {@code |a - b| <= 1e-8 |b| + 1e-14}. Both sides
 * actually agree to {@code 1e-9 |b| + 1e-15} on every value of the committed files (measured); the factor 10 is
 * margin for other JDKs and BLAS builds.
 * Spikes are exact: no membrane potential lies within 1e-3 of V_th (make_golden.py checks), so rounding cannot
 * flip one.
 */
@Timeout(20)
class GoldenFileTest
{
    static final double TOLERANCE = 1e-9;
    static final double RELATIVE = 1e-8;
    static final double ABSOLUTE_FLOOR = 1e-14;

    static Stream<GoldenCase> cases()
    {
        return GoldenCase.all();
    }

    @Test
    void shouldFindAGoldenFileForEveryMethodAndCase()
    {
        final List<String> names = cases().map(c -> c.file).toList();
        for (final ReferenceMethod method : ReferenceMethod.values())
        {
            for (final String c : List.of("a", "b"))
            {
                final String name = method.name().toLowerCase(java.util.Locale.ROOT) + "_" + c + ".h5";
                assertTrue(names.contains(name), "missing golden file " + name + " among " + names);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldReproduceEveryRecordedQuantity(final GoldenCase golden)
    {
        final FloatMlpReference ref = golden.reference();
        ref.tracing(true);
        int checked = 0;
        for (int k = 0; k < golden.samples; k++)
        {
            final SampleResult result = ref.trainSample(golden.x[k], golden.y[k], golden.draws(k));
            assertEquals(golden.predictions[k], result.prediction(), golden.file + " sample " + k + ": prediction");
            for (final Map.Entry<String, double[]> entry : golden.expected.get(k).entrySet())
            {
                final double[] actual = javaValue(entry.getKey(), ref, result, golden.steps);
                assertClose(golden.file + " sample " + k + " " + entry.getKey(), entry.getValue(), actual);
                checked += actual.length;
            }
        }
        assertTrue(checked > 300, golden.file + ": only " + checked + " values compared");
    }

    /** The Java value named like the golden dataset, flattened row-major; unknown names fail the test. */
    static double[] javaValue(final String name, final FloatMlpReference ref, final SampleResult result,
                              final int steps)
    {
        final SampleTrace tr = result.trace();
        final String key = name.replaceAll("[0-9]+$", "");
        final int l = key.length() < name.length() ? Integer.parseInt(name.substring(key.length())) : -1;
        final List<double[]> rows = new ArrayList<>();
        switch (key)
        {
            case "u", "s", "ahat", "g", "d", "z", "delta", "e" ->
            {
                for (int t = 1; t <= steps; t++)
                {
                    rows.add(switch (key)
                    {
                        case "u" -> tr.u(l, t);
                        case "s" -> tr.s(l, t);
                        case "ahat" -> tr.ahat(l, t);
                        case "g" -> tr.g(l, t);
                        case "d" -> tr.d(l, t);
                        case "z" -> tr.z(l, t);
                        case "delta" -> tr.delta(l, t);
                        default -> tr.e(t);
                    });
                }
            }
            case "M" ->
            {
                for (int t = 1; t <= steps; t++)
                {
                    rows.addAll(List.of(tr.m(l, t)));
                }
            }
            case "loss" ->
            {
                final double[] loss = new double[steps];
                for (int t = 1; t <= steps; t++)
                {
                    loss[t - 1] = tr.loss(t);
                }
                rows.add(loss);
            }
            case "gradW" -> rows.addAll(List.of(result.gradW()[l]));
            case "gradb" -> rows.add(result.gradB()[l]);
            case "W" -> rows.addAll(List.of(ref.weights(l)));
            case "b" -> rows.add(ref.bias(l));
            default -> fail("golden dataset " + name + " has no Java counterpart");
        }
        return rows.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    static void assertClose(final String what, final double[] expected, final double[] actual)
    {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
        {
            final double b = expected[i];
            final double a = actual[i];
            if (!(Math.abs(a - b) <= TOLERANCE * Math.max(1.0, Math.abs(b))))
            {
                fail(what + "[" + i + "]: java=" + a + " golden=" + b + " |diff|=" + Math.abs(a - b) +
                    " exceeds 1e-9 * max(1, |golden|)");
            }
            if (!(Math.abs(a - b) <= RELATIVE * Math.abs(b) + ABSOLUTE_FLOOR))
            {
                fail(what + "[" + i + "]: java=" + a + " golden=" + b + " |diff|=" + Math.abs(a - b) +
                    " exceeds 1e-8 * |golden| + 1e-14 (the relative check for small values)");
            }
        }
    }
}
