package org.nmsim.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every expected value below is computed by hand in the comment next to it. */
class NeuroBenchMetricsTest
{
    @Test
    void shouldCountFootprintBytesIncludingZerosRoundingEachTensorUp()
    {
        // 784x100 8-bit weights = 78,400 B; 100 int24 biases = 300 B; 10 1-bit flags = ceil(10/8) = 2 B
        assertEquals(78_400 + 300 + 2,
            NeuroBenchMetrics.footprintBytes(new long[] {784 * 100, 100, 10}, new int[] {8, 24, 1}));
    }

    @Test
    void shouldComputeConnectionSparsityOverAllLayers()
    {
        // layer 1: 2 zeros of 4; layer 2: 1 zero of 2 -> 3 / 6
        assertEquals(0.5, NeuroBenchMetrics.connectionSparsity(new double[] {0, 1, 0, -2}, new double[] {3, 0}));
        assertEquals(0.0, NeuroBenchMetrics.connectionSparsity());
    }

    @Test
    void shouldComputeActivationSparsity()
    {
        // step 1: [0,1,0,0] -> 3 zeros; step 2: [1,1,0,2] -> 1 zero; 4 zeros of 8
        final long zeros = NeuroBenchMetrics.zeros(new double[] {0, 1, 0, 0})
            + NeuroBenchMetrics.zeros(new double[] {1, 1, 0, 2});
        assertEquals(4, zeros);
        assertEquals(0.5, NeuroBenchMetrics.activationSparsity(zeros, 8));
        assertThrows(IllegalArgumentException.class, () -> NeuroBenchMetrics.activationSparsity(9, 8));
    }

    @Test
    void shouldCountSpikeInputProductsAsAcs()
    {
        // inputs {1, 0, -1}; W = [[1, 2, 0], [0, 5, 3]]
        // row 0: x0*w00 (1*1) effective, x1 zero, x2*w02 weight zero -> 1
        // row 1: x0*w10 weight zero, x1 zero, x2*w12 (-1*3) effective -> 1; dense = 2 x 3 = 6
        final NeuroBenchMetrics.SynapticOps ops = NeuroBenchMetrics.synapticOps(
            new double[] {1, 0, -1}, new double[][] {{1, 2, 0}, {0, 5, 3}});
        assertEquals(new NeuroBenchMetrics.SynapticOps(2, 0, 6), ops);
    }

    @Test
    void shouldCountGradedInputProductsAsMacs()
    {
        // inputs {0.5, 2, 0} are not spikes; W = [[1, 1, 1]]: effective = 2 (x2 zero), dense = 3
        final NeuroBenchMetrics.SynapticOps ops = NeuroBenchMetrics.synapticOps(
            new double[] {0.5, 2, 0}, new double[][] {{1, 1, 1}});
        assertEquals(new NeuroBenchMetrics.SynapticOps(0, 2, 3), ops);
        assertEquals(new NeuroBenchMetrics.SynapticOps(2, 2, 9),
            ops.plus(new NeuroBenchMetrics.SynapticOps(2, 0, 6)));
    }

    @Test
    void shouldCountMembraneChangesBetweenConsecutiveSteps()
    {
        // t0 -> t1: neuron 0 changes, neuron 1 stays -> 1; t1 -> t2: both change -> 2; total 3
        assertEquals(3, NeuroBenchMetrics.membraneUpdates(new double[][] {{0, 0}, {0.5, 0}, {0, 1}}));
    }

    @Test
    void shouldComputeCosine()
    {
        // (1,0)·(1,1) = 1; |a| = 1, |b| = sqrt 2 -> 1/sqrt 2
        assertEquals(1 / Math.sqrt(2), NeuroBenchMetrics.cosine(new double[] {1, 0}, new double[] {1, 1}), 1e-15);
        assertEquals(-1.0, NeuroBenchMetrics.cosine(new double[] {1, 2}, new double[] {-2, -4}), 1e-15);
        assertTrue(Double.isNaN(NeuroBenchMetrics.cosine(new double[] {0, 0}, new double[] {1, 1})));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> NeuroBenchMetrics.cosine(new double[] {1}, new double[] {1, 2}));
        assertEquals("a.length=1 but b.length=2 (they must have the same length)", ex.getMessage());
    }

    @Test
    void shouldPassReferenceLinesWithinAbsoluteTolerance()
    {
        assertTrue(Report.ReferenceLine.of("acc", 0.955, 0.96, 0.01).pass());
        assertEquals(false, Report.ReferenceLine.of("acc", 0.94, 0.96, 0.01).pass());
        assertEquals(false, Report.ReferenceLine.of("acc", Double.NaN, 0.96, 0.01).pass());
    }
}
