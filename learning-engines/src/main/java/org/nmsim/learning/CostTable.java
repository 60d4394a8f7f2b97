package org.nmsim.learning;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpCounts;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.preset.ChipSpec;

/**
 * The training-cost table that paper 000 could only estimate (its Table 5), measured: for each method, the same
 * network on the same chip trains on the same samples from the same initial weights, and the table lists the
 * memory each method allocates (feedback and learning state on top of the forward weights) and the operations
 * and energy per training sample that the counters recorded.
 *
 * <p>Threading: NOT thread safe.
 */
public final class CostTable
{
    private CostTable()
    {
    }

    /**
     * One method, or one variant of it, to measure.
     *
     * @param name  the name in the table, e.g. {@code fgt_q1}.
     * @param hyper its hyperparameters.
     */
    public record Variant(String name, OnlineHyper hyper)
    {
    }

    /**
     * One method's measured costs.
     *
     * @param name               the variant's name ({@link Variant}; the method in lower case for plain methods).
     * @param method             the method.
     * @param cores              cores used.
     * @param memoryBits         synaptic memory allocated, by kind, summed over cores.
     * @param opsPerSample       operations per training sample, by kind.
     * @param joulesPerSample    dynamic energy per training sample.
     * @param kernelStepsPerSample kernel steps per sample.
     */
    public record Row(String name, LearningMethod method, int cores, Map<MemoryKind, Long> memoryBits,
        Map<OpKind, Double> opsPerSample, double joulesPerSample, long kernelStepsPerSample)
    {
        /** @return feedback bits: B, M, or BP's symmetric weight copies. */
        public long feedbackBits()
        {
            return memoryBits.getOrDefault(MemoryKind.FEEDBACK, 0L);
        }

        /** @return learning-state bits (gradient accumulators). */
        public long learningStateBits()
        {
            return memoryBits.getOrDefault(MemoryKind.LEARNING_STATE, 0L);
        }
    }

    /**
     * @param sizes   layer sizes.
     * @param chip    the chip.
     * @param formats storage widths.
     * @param base    hyperparameters (the method is replaced per row).
     * @param methods methods to compare.
     * @param xs      training inputs (the same for every method).
     * @param labels  their labels.
     * @param table   the energy table.
     * @param seed    seed (the same initial weights for every method).
     * @param workers kernel workers.
     * @return one row per method, in the order given.
     */
    public static List<Row> measure(final int[] sizes, final ChipSpec chip, final StorageFormats formats,
        final OnlineHyper base, final List<LearningMethod> methods, final double[][] xs, final int[] labels,
        final EnergyTable table, final long seed, final int workers)
    {
        final List<Variant> variants = new ArrayList<>();
        for (final LearningMethod method : methods)
        {
            variants.add(new Variant(method.name().toLowerCase(java.util.Locale.ROOT), new OnlineHyper(method,
                base.steps(), base.lambda(), base.vth(), base.a1(), base.lambdaM(), base.eta())));
        }
        return measureVariants(sizes, chip, formats, variants, xs, labels, table, seed, workers);
    }

    /**
     * As {@link #measure}, for named variants (e.g. FGT with burst-coded signals).
     *
     * @param sizes    layer sizes.
     * @param chip     the chip.
     * @param formats  storage widths.
     * @param variants what to compare, in order.
     * @param xs       training inputs (the same for every variant).
     * @param labels   their labels.
     * @param table    the energy table.
     * @param seed     seed (the same initial weights for every variant).
     * @param workers  kernel workers.
     * @return one row per variant, in the order given.
     */
    public static List<Row> measureVariants(final int[] sizes, final ChipSpec chip, final StorageFormats formats,
        final List<Variant> variants, final double[][] xs, final int[] labels, final EnergyTable table,
        final long seed, final int workers)
    {
        if (xs.length == 0 || xs.length != labels.length)
        {
            throw new IllegalArgumentException("samples=" + xs.length + " with " + labels.length +
                " labels: need at least one sample and one label each");
        }
        final List<Row> rows = new ArrayList<>();
        for (final Variant variant : variants)
        {
            final OnlineHyper h = variant.hyper();
            try (MlpChip c = MlpChip.builder(sizes).chip(chip).formats(formats).hyper(h).seed(seed).workers(workers)
                .build())
            {
                for (int i = 0; i < xs.length; i++)
                {
                    c.trainSample(xs[i], labels[i]);
                }
                final OpCounts counts = c.counts();
                final Map<OpKind, Double> perSample = new EnumMap<>(OpKind.class);
                for (final OpKind op : OpKind.values())
                {
                    final long n = counts.count(op);
                    if (n != 0)
                    {
                        perSample.put(op, n / (double)xs.length);
                    }
                }
                final Map<MemoryKind, Long> memory = new EnumMap<>(MemoryKind.class);
                for (final SynapticMemoryBudget b : c.budgets())
                {
                    b.usage().forEach((k, v) -> memory.merge(k, v, Long::sum));
                }
                final EnergyReport energy = c.energy(table);
                rows.add(new Row(variant.name(), h.method(), c.coreNames().size(), memory, perSample,
                    energy.dynamicJoules() / xs.length, c.kernelStepsPerSample()));
            }
        }
        return rows;
    }

    /**
     * @param rows measured rows.
     * @return a Markdown table: memory and the main operation kinds per training sample, and energy.
     */
    public static String markdown(final List<Row> rows)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("| method | cores | weight bits | feedback bits | learning-state bits | synops/sample | " +
            "learning updates/sample | graded+spike NoC bits/sample | engine ops/sample | energy/sample |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (final Row r : rows)
        {
            final Map<OpKind, Double> o = r.opsPerSample();
            final double synops = sum(o, OpKind.SYNOP_BINARY, OpKind.SYNOP_GRADED, OpKind.SYNOP_SIGNED,
                OpKind.SYNOP_BURST);
            final double noc = sum(o, OpKind.SPIKE_WITHIN_TILE, OpKind.HOP_EAST_WEST, OpKind.HOP_NORTH_SOUTH,
                OpKind.HOP_INTER_CHIP);
            final double engine = sum(o, OpKind.FP_ADD, OpKind.FP_MULTIPLY, OpKind.INT_ADD, OpKind.INT_MULTIPLY,
                OpKind.EXP, OpKind.DIVIDE, OpKind.RANDOM, OpKind.SHIFT);
            sb.append(String.format(java.util.Locale.ROOT, "| %s | %d | %,d | %,d | %,d | %,.0f | %,.0f | %,.0f | %,.0f " +
                "| %.4g uJ |%n", r.name(), r.cores(), r.memoryBits().getOrDefault(MemoryKind.WEIGHTS, 0L),
                r.feedbackBits(), r.learningStateBits(), synops, o.getOrDefault(OpKind.SYNAPTIC_UPDATE, 0.0), noc,
                engine, r.joulesPerSample() * 1e6));
        }
        return sb.toString();
    }

    private static double sum(final Map<OpKind, Double> o, final OpKind... ops)
    {
        double s = 0;
        for (final OpKind op : ops)
        {
            s += o.getOrDefault(op, 0.0);
        }
        return s;
    }
}
