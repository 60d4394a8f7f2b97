package org.nmsim.bench.learning;

import java.util.Map;
import java.util.TreeMap;

import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.preset.Presets;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.MlpChip;
import org.nmsim.learning.OnlineHyper;

/**
 * The FGT MLP chip the training-throughput and scale benchmarks drive, with the few read-outs they print.
 *
 * <p>Threading: NOT thread safe; one benchmark thread.
 */
final class BenchChip implements AutoCloseable
{
    private final MlpChip chip;

    private BenchChip(final MlpChip chip)
    {
        this.chip = chip;
    }

    /**
     * @param batch the mini-batch size (1: batch 1 SGD).
     * @return an FGT chip with the paper's defaults (paper 000 D.3.2) and the given T and learning rate.
     */
    static BenchChip buildFgt(final int[] sizes, final int steps, final double eta, final String preset,
        final int workers, final boolean fixed, final long seed, final int batch)
    {
        return new BenchChip(fgt(sizes, steps, eta, preset, workers, fixed, seed, batch).build());
    }

    /**
     * @param from a chip of the same sizes.
     * @return {@link #buildFgt} starting from {@code from}'s weights, biases and M (a network trained elsewhere).
     */
    static BenchChip buildFgt(final int[] sizes, final int steps, final double eta, final String preset,
        final int workers, final boolean fixed, final long seed, final int batch, final BenchChip from)
    {
        final int n = sizes.length - 1;
        final double[][] w = new double[n][];
        final double[][] b = new double[n][];
        for (int l = 0; l < n; l++)
        {
            w[l] = from.chip.weights(l);
            b[l] = from.chip.biases(l);
        }
        final double[][] m = new double[n - 1][];
        for (int l = 1; l < n; l++)
        {
            m[l - 1] = from.chip.feedback(l);
        }
        return new BenchChip(fgt(sizes, steps, eta, preset, workers, fixed, seed, batch).initialWeights(w, b)
            .feedback(m).build());
    }

    private static MlpChip.Builder fgt(final int[] sizes, final int steps, final double eta, final String preset,
        final int workers, final boolean fixed, final long seed, final int batch)
    {
        return MlpChip.builder(sizes).chip(Presets.byName(preset))
            .hyper(OnlineHyper.paperDefaults(LearningMethod.FGT, steps, eta).withBatch(batch)).workers(workers)
            .fixedPoint(fixed).seed(seed);
    }

    int trainSample(final double[] x, final int label)
    {
        return chip.trainSample(x, label);
    }

    int predict(final double[] x)
    {
        return chip.predict(x);
    }

    int cores()
    {
        return chip.coreNames().size();
    }

    int chips()
    {
        return chip.chips();
    }

    long kernelStepsPerSample()
    {
        return chip.kernelStepsPerSample();
    }

    /** @return synaptic memory allocated on the chip, by kind, summed over cores. */
    Map<String, Long> chipMemoryBitsByKind()
    {
        final Map<String, Long> out = new TreeMap<>();
        for (final SynapticMemoryBudget b : chip.budgets())
        {
            for (final Map.Entry<MemoryKind, Long> e : b.usage().entrySet())
            {
                out.merge(e.getKey().name(), e.getValue(), Long::sum);
            }
        }
        return out;
    }

    @Override
    public void close()
    {
        chip.close();
    }
}
