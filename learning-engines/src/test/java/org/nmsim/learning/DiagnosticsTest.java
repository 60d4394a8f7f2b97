package org.nmsim.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;

/** The cost table and the gradient-alignment diagnostic. */
@Timeout(120)
class DiagnosticsTest
{
    private static double[][] inputs(final int count, final int size)
    {
        final SplitMix64 r = new SplitMix64(17);
        final double[][] xs = new double[count][size];
        for (final double[] x : xs)
        {
            for (int i = 0; i < size; i++)
            {
                x[i] = r.nextDouble() < 0.4 ? 0.0 : r.nextDouble();
            }
        }
        return xs;
    }

    @Test
    void shouldMeasureFeedbackMemoryAsComputedByHand()
    {
        // 60-20-20-4, default widths (8-bit weights, 16-bit gradients and feedback):
        // BP: copies of W^2 (20 x 4) in h2 and W^1 (20 x 20) in h1 at 8 bits: (80 + 400) x 8 = 3,840 bits,
        //     plus their 16-bit gradient accumulators.
        // DFA and FGT: B or M, 20 x 4 per hidden layer at 16 bits: 2 x 80 x 16 = 2,560 bits.
        // FGT w/o m: no feedback memory at all.
        final int[] sizes = {60, 20, 20, 4};
        final double[][] xs = inputs(4, 60);
        final List<CostTable.Row> rows = CostTable.measure(sizes, Presets.spinnaker2(), StorageFormats.defaults(),
            OnlineHyper.paperDefaults(LearningMethod.DFA, 3, 0.05), List.of(LearningMethod.BP, LearningMethod.DFA,
                LearningMethod.FGT, LearningMethod.FGT_WO_M), xs, new int[] {0, 1, 2, 3},
            EnergyTable.forChip(Presets.spinnaker2()), 5, 1);
        assertEquals(3_840, rows.get(0).feedbackBits());
        assertEquals(2_560, rows.get(1).feedbackBits());
        assertEquals(2_560, rows.get(2).feedbackBits());
        assertEquals(0, rows.get(3).feedbackBits());
        final long forwardGradients = (60L * 20 + 20 * 20 + 20 * 4) * 16;
        assertEquals(forwardGradients + (80 + 400) * 16, rows.get(0).learningStateBits());
        assertEquals(forwardGradients, rows.get(1).learningStateBits());
        // FGT sends signals DFA does not: more graded synaptic ops and random draws
        assertTrue(rows.get(2).opsPerSample().get(OpKind.SYNOP_GRADED) >
            rows.get(1).opsPerSample().get(OpKind.SYNOP_GRADED));
        assertTrue(rows.get(2).opsPerSample().getOrDefault(OpKind.RANDOM, 0.0) > 0);
        assertEquals(0.0, rows.get(1).opsPerSample().getOrDefault(OpKind.RANDOM, 0.0));
        assertTrue(CostTable.markdown(rows).startsWith("| method | cores |"));
        // kernel steps per sample are measured on the kernel's clock: the MLP's schedule length
        try (MlpChip c = MlpChip.builder(sizes).chip(Presets.spinnaker2()).hyper(OnlineHyper.paperDefaults(
            LearningMethod.BP, 3, 0.05)).seed(5).build())
        {
            assertEquals(c.kernelStepsPerSample(), rows.get(0).kernelStepsPerSample());
        }
        // messages by the MLP's kinds: spikes and graded values every sample, one label per sample
        assertEquals(1.0, rows.get(1).messagesPerSample().get("label"));
        assertTrue(rows.get(1).messagesPerSample().get("graded") > 0);
        // FGT (Q1): the z signals become signed spikes (synop.burst, msg.burst) instead of graded ones; the
        // errors and z^N from the readout stay graded, and the memory is FGT's
        final OnlineHyper fgt = OnlineHyper.paperDefaults(LearningMethod.FGT, 3, 0.05);
        final List<CostTable.Row> q = CostTable.measureVariants(sizes, Presets.spinnaker2(),
            StorageFormats.defaults(), List.of(new CostTable.Variant("fgt", fgt),
                new CostTable.Variant("fgt_q1", fgt.withBurst(org.nmsim.chip.message.BurstCode.Q1))), xs,
            new int[] {0, 1, 2, 3}, EnergyTable.forChip(Presets.spinnaker2()), 5, 1);
        assertEquals("fgt_q1", q.get(1).name());
        assertEquals(q.get(0).memoryBits(), q.get(1).memoryBits());
        assertEquals(0.0, q.get(0).opsPerSample().getOrDefault(OpKind.SYNOP_BURST, 0.0));
        assertTrue(q.get(1).opsPerSample().get(OpKind.SYNOP_BURST) > 0);
        assertTrue(q.get(1).opsPerSample().get(OpKind.SYNOP_GRADED) < q.get(0).opsPerSample().get(OpKind.SYNOP_GRADED));
    }

    @Test
    void shouldFindBpPerfectlyAlignedWithItselfAndDfaLessSo()
    {
        final int[] sizes = {50, 16, 12, 4};
        final double[][] xs = inputs(8, 50);
        // weights large enough that both hidden layers spike, so every layer has an update to compare
        final SplitMix64 r = new SplitMix64(8);
        final double[][] w = new double[3][];
        final double[][] b = new double[3][];
        for (int l = 0; l < 3; l++)
        {
            w[l] = new double[sizes[l] * sizes[l + 1]];
            for (int i = 0; i < w[l].length; i++)
            {
                w[l][i] = (r.nextDouble() * 2 - 0.8) * 0.6;
            }
            b[l] = new double[sizes[l + 1]];
        }
        for (final LearningMethod method : List.of(LearningMethod.BP, LearningMethod.DFA))
        {
            try (MlpChip chip = MlpChip.builder(sizes).chip(Presets.spinnaker2())
                .hyper(OnlineHyper.paperDefaults(method, 4, 0.05)).initialWeights(w, b).seed(3).build();
                GradientAlignment ga = new GradientAlignment(chip, 4))
            {
                for (int i = 0; i < xs.length; i++)
                {
                    ga.trainAndMeasure(chip, xs[i], i % 4);
                }
                final double[] cos = ga.takeMeanCosines();
                assertEquals(2, cos.length);
                if (method == LearningMethod.BP)
                {
                    // the same updates from the same state: cosine 1 up to rounding of the norms
                    assertEquals(1.0, cos[0], 1e-12);
                    assertEquals(1.0, cos[1], 1e-12);
                }
                else
                {
                    assertTrue(cos[0] < 0.999 && cos[0] > -1.0, "DFA h1 cosine " + cos[0]);
                    assertTrue(cos[1] < 0.999 && cos[1] > -1.0, "DFA h2 cosine " + cos[1]);
                    assertTrue(Double.isNaN(ga.takeMeanCosines()[0]), "means reset after they are taken");
                }
            }
        }
    }
}
