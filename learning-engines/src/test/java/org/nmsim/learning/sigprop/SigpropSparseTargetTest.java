package org.nmsim.learning.sigprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.StorageFormats;

/**
 * Sparse targets (paper 002 section III-E): with a target generator of output size r < n1 (zero-filled), the chip
 * must store r x m generator weights instead of n1 x m, and its target traffic must be exactly what the target spikes
 * of the dense reference imply: per sample {@code m * T} context spikes, each causing r synaptic events in S, plus
 * every layer-1 target spike (from the first r neurons only), each causing n2 synaptic events in layer 2; and the
 * local-loss messages of the layer-1 cores that hold no target compartment disappear.
 */
@Timeout(30)
class SigpropSparseTargetTest
{
    private static final int[] SIZES = {12, 8, 6, 3};
    private static final int SAMPLES = 4;
    private static final int T = 4;

    /** Counters of one run: target messages, target synops, loss messages, S weight bits, layer-1 target spikes. */
    private static long[] run(final int targetSize)
    {
        final int n = SIZES.length - 1;
        final int m = SIZES[n];
        final SplitMix64 r = new SplitMix64(5);
        final double[][] w = new double[n][];
        final double[][] b = new double[n][];
        for (int l = 0; l < n; l++)
        {
            w[l] = SigpropChipTest.uniform(r, SIZES[l] * SIZES[l + 1], 2.0 / Math.sqrt(SIZES[l]));
            b[l] = SigpropChipTest.uniform(r, SIZES[l + 1], 0.1);
        }
        final double[] s = SigpropChipTest.uniform(r, SIZES[1] * m, 1.0);
        final double[] d = SigpropChipTest.uniform(r, SIZES[1], 0.1);
        final SigpropHyper hyper = new SigpropHyper(SigpropVariant.SURROGATE, T, 0.5, 0.05, 0.1, targetSize, true,
            false);
        final DenseSigpropReference ref = new DenseSigpropReference(SIZES, hyper, w, b, s, d);
        final double[][] xs = SigpropChipTest.inputs(SAMPLES, SIZES[0], 3);
        try (SigpropChip chip = SigpropChip.builder(SIZES).hyper(hyper).chip(SigpropChipTest.smallCoreChip())
            .initialWeights(w, b, s, d).build())
        {
            for (int k = 0; k < SAMPLES; k++)
            {
                chip.trainSample(xs[k], k % m);
                ref.trainSample(xs[k], k % m);
            }
            final long layer1TargetSpikes = ref.targetSpikes()[1];
            final int rows = hyper.targetsOf(SIZES[1]);
            // layer 2 is the last hidden layer: its target spikes stay on its cores (only its loss uses them)
            assertEquals((long)SAMPLES * m * T + layer1TargetSpikes, chip.counter(Traffic.TARGET.countCounter()),
                "target messages: context spikes + layer-1 target spikes (r=" + rows + ")");
            assertEquals((long)SAMPLES * m * T * rows + layer1TargetSpikes * SIZES[2],
                chip.counter(SigpropChip.TARGET_SYNOPS), "target synops: r per context spike + n2 per layer-1 target " +
                "spike (r=" + rows + ")");
            return new long[] {chip.counter(Traffic.TARGET.countCounter()), chip.counter(SigpropChip.TARGET_SYNOPS),
                chip.counter(Traffic.LOSS.countCounter()), chip.memoryBits(MemoryKind.WEIGHTS),
                chip.memoryBits(MemoryKind.LEARNING_STATE), layer1TargetSpikes, chip.memoryBits(MemoryKind.FEEDBACK)};
        }
    }

    @Test
    void shouldCutTargetMemoryAndTrafficAsTheSparseTargetSizeImplies()
    {
        final int m = SIZES[3];
        final long[] dense = run(0);
        final long[] sparse = run(3);
        final StorageFormats f = StorageFormats.defaults();
        assertEquals((long)(8 - 3) * m * f.weightBits(), dense[3] - sparse[3], "S weight bits: (n1 - r) x m fewer");
        assertEquals((long)(8 - 3) * m * f.gradientBits(), dense[4] - sparse[4], "S gradient bits: (n1 - r) x m fewer");
        assertTrue(sparse[5] < dense[5], "fewer layer-1 target spikes: " + sparse[5] + " vs " + dense[5]);
        assertTrue(sparse[0] < dense[0] && sparse[1] < dense[1], "fewer target messages and synops: " + sparse[0] +
            "/" + sparse[1] + " vs " + dense[0] + "/" + dense[1]);
        // loss messages per step: m partials per layer core with target compartments, m errors per loss core; the
        // tiny-core chip holds 2 neurons per hidden core (m + 1 = 4 compartments each): layer 1 has 4 cores, of
        // which 2 hold the r = 3 target neurons; layer 2 has 3 cores
        assertEquals((long)SAMPLES * T * (m * 4 + m + m * 3 + m), dense[2], "dense loss messages");
        assertEquals((long)SAMPLES * T * (m * 2 + m + m * 3 + m), sparse[2], "sparse loss messages");
        assertEquals(0L, dense[6] + sparse[6], "no feedback memory");
    }
}
