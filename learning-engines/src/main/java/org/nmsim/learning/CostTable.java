package org.nmsim.learning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.nmsim.chip.energy.EnergyReport;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.kernel.TimeModel;

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
     * One method's measured costs, or its refusal.
     *
     * @param name               the variant's name ({@link Variant}; the method in lower case for plain methods;
     *                           a registered learner's {@code algorithm.method}).
     * @param method             the online MLP's method; null for a registered learner ({@link Learners}).
     * @param cores              cores used (0 when refused).
     * @param memoryBits         synaptic memory allocated, by kind, summed over cores.
     * @param opsPerSample       operations per training sample, by kind.
     * @param messagesPerSample  messages sent per training sample, by the kinds the learner tallies
     *                           ({@link OnChipLearner#messages()}, e.g. spike, graded, label, burst), in its order.
     * @param joulesPerSample    dynamic energy per training sample.
     * @param totalJoulesPerSample dynamic plus static energy per training sample (what {@code nmsim run} reports
     *                           as the training energy per sample).
     * @param kernelStepsPerSample kernel steps per sample; 0 for continuous-time learners.
     * @param note               how the learner was configured when that needs saying (e.g. built with its
     *                           defaults), or null.
     * @param refused            why the learner cannot run this network on this chip (its own message), or null
     *                           when it was measured.
     */
    public record Row(String name, LearningMethod method, int cores, Map<MemoryKind, Long> memoryBits,
        Map<OpKind, Double> opsPerSample, Map<String, Double> messagesPerSample, double joulesPerSample,
        double totalJoulesPerSample, long kernelStepsPerSample, String note, String refused)
    {
        /** Copies the maps (keeping their order). */
        public Row
        {
            memoryBits = Collections.unmodifiableMap(enumCopy(memoryBits, MemoryKind.class));
            opsPerSample = Collections.unmodifiableMap(enumCopy(opsPerSample, OpKind.class));
            messagesPerSample = Collections.unmodifiableMap(new LinkedHashMap<>(messagesPerSample));
        }

        /**
         * @param name   the row's name.
         * @param method the online MLP's method, or null for a registered learner.
         * @param reason the learner's own message.
         * @return a row that says the learner cannot run, with nothing measured.
         */
        public static Row refusedRow(final String name, final LearningMethod method, final String reason)
        {
            return new Row(name, method, 0, Map.of(), Map.of(), Map.of(), Double.NaN, Double.NaN, 0, null,
                reason);
        }

        /** @return true when the learner was refused and nothing was measured. */
        public boolean isRefused()
        {
            return refused != null;
        }

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

        /** @return messages of every kind per training sample. */
        public double messagesTotalPerSample()
        {
            double s = 0;
            for (final double v : messagesPerSample.values())
            {
                s += v;
            }
            return s;
        }
    }

    /**
     * A learner as built for one row: the learner and what the table should say about its configuration.
     *
     * @param learner a freshly built learner (nothing trained yet).
     * @param note    how it was configured when that needs saying, or null.
     */
    public record Built(OnChipLearner learner, String note)
    {
    }

    /**
     * One row to measure: a name and how to build its learner. The builder throws {@link IllegalArgumentException}
     * with the learner's own reason when it cannot run the network on the chip; the row is then reported as
     * refused.
     *
     * @param name    the row's name.
     * @param method  the online MLP's method, or null for a registered learner.
     * @param builder builds a fresh learner.
     */
    public record Candidate(String name, LearningMethod method, Supplier<Built> builder)
    {
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
            variants.add(new Variant(method.name().toLowerCase(Locale.ROOT), new OnlineHyper(method,
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
        return measureAll(mlpCandidates(sizes, chip, formats, false, variants, seed, workers), xs, labels, table);
    }

    /**
     * The online MLP's rows as candidates for {@link #measureAll}, next to registered learners.
     *
     * @param sizes      layer sizes.
     * @param chip       the chip.
     * @param formats    storage widths.
     * @param fixedPoint true to compute in the chip's fixed-point formats ({@link MlpChip.Builder#fixedPoint}).
     * @param variants   what to compare, in order.
     * @param seed       seed (the same initial weights for every variant).
     * @param workers    kernel workers.
     * @return one candidate per variant, in the order given.
     */
    public static List<Candidate> mlpCandidates(final int[] sizes, final ChipSpec chip, final StorageFormats formats,
        final boolean fixedPoint, final List<Variant> variants, final long seed, final int workers)
    {
        final List<Candidate> candidates = new ArrayList<>();
        for (final Variant variant : variants)
        {
            final OnlineHyper h = variant.hyper();
            candidates.add(new Candidate(variant.name(), h.method(), () -> new Built(MlpChip.builder(sizes)
                .chip(chip).formats(formats).fixedPoint(fixedPoint).hyper(h).seed(seed).workers(workers).build(),
                null)));
        }
        return candidates;
    }

    /**
     * Builds each candidate in turn, trains it on the samples in order and measures it; a candidate whose builder
     * throws {@link IllegalArgumentException} becomes a refused row with that message.
     *
     * @param candidates what to compare, in order.
     * @param xs         training inputs (the same for every candidate).
     * @param labels     their labels.
     * @param table      the energy table.
     * @return one row per candidate, in the order given.
     */
    public static List<Row> measureAll(final List<Candidate> candidates, final double[][] xs, final int[] labels,
        final EnergyTable table)
    {
        checkSamples(xs, labels);
        final List<Row> rows = new ArrayList<>();
        for (final Candidate c : candidates)
        {
            final Built built;
            try
            {
                built = c.builder().get();
            }
            catch (final IllegalArgumentException ex)
            {
                rows.add(Row.refusedRow(c.name(), c.method(), ex.getMessage()));
                continue;
            }
            try (OnChipLearner learner = built.learner())
            {
                rows.add(measure(c.name(), c.method(), learner, xs, labels, table, built.note()));
            }
        }
        return rows;
    }

    /**
     * Trains a learner on the samples in order and measures what the training cost, as {@code nmsim run} does:
     * the difference of the learner's own {@link OnChipLearner#energy} and {@link OnChipLearner#messages} before
     * and after, divided by the number of samples.
     *
     * @param name    the row's name.
     * @param method  the online MLP's method, or null for a registered learner.
     * @param learner the learner (not closed here).
     * @param xs      training inputs.
     * @param labels  their labels.
     * @param table   the energy table.
     * @param note    how it was configured, or null.
     * @return the row.
     */
    public static Row measure(final String name, final LearningMethod method, final OnChipLearner learner,
        final double[][] xs, final int[] labels, final EnergyTable table, final String note)
    {
        checkSamples(xs, labels);
        final EnergyReport e0 = learner.energy(table);
        final List<MessageTally> m0 = learner.messages();
        final long step0 = learner.simulation().currentStep();
        for (int i = 0; i < xs.length; i++)
        {
            learner.trainSample(xs[i], labels[i]);
        }
        final EnergyReport e1 = learner.energy(table);
        final List<MessageTally> m1 = learner.messages();
        final Map<OpKind, Double> perSample = new EnumMap<>(OpKind.class);
        for (final OpKind op : OpKind.values())
        {
            final long n = e1.line(op).count() - e0.line(op).count();
            if (n != 0)
            {
                perSample.put(op, n / (double)xs.length);
            }
        }
        final Map<String, Double> messages = new LinkedHashMap<>();
        for (int k = 0; k < m1.size(); k++)
        {
            messages.put(m1.get(k).kind(), (m1.get(k).count() - m0.get(k).count()) / (double)xs.length);
        }
        final Map<MemoryKind, Long> memory = new EnumMap<>(MemoryKind.class);
        for (final SynapticMemoryBudget b : learner.budgets())
        {
            b.usage().forEach((k, v) -> memory.merge(k, v, Long::sum));
        }
        final boolean stepped = learner.simulation().config().timeModel() == TimeModel.STEPPED;
        final long steps = stepped ? (learner.simulation().currentStep() - step0) / xs.length : 0;
        return new Row(name, method, learner.coreNames().size(), memory, perSample, messages,
            (e1.dynamicJoules() - e0.dynamicJoules()) / xs.length,
            (e1.totalJoules() - e0.totalJoules()) / xs.length, steps, note, null);
    }

    private static <K extends Enum<K>, V> Map<K, V> enumCopy(final Map<K, V> m, final Class<K> keys)
    {
        final Map<K, V> out = new EnumMap<>(keys);
        out.putAll(m);
        return out;
    }

    private static void checkSamples(final double[][] xs, final int[] labels)
    {
        if (xs.length == 0 || xs.length != labels.length)
        {
            throw new IllegalArgumentException("samples=" + xs.length + " with " + labels.length +
                " labels: need at least one sample and one label each");
        }
    }

    /**
     * @param rows measured rows.
     * @return a Markdown table: memory by kind, the main operation kinds and the messages per training sample, and
     *         energy; then one line per refused row (its reason) and per row with a note.
     */
    public static String markdown(final List<Row> rows)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("| method | cores | weight bits | feedback bits | trace bits | learning-state bits | other bits | " +
            "synops/sample | learning updates/sample | NoC bits/sample | engine ops/sample | messages/sample | " +
            "energy/sample |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        final StringBuilder notes = new StringBuilder();
        for (final Row r : rows)
        {
            if (r.isRefused())
            {
                sb.append("| ").append(r.name()).append(" | refused |  |  |  |  |  |  |  |  |  |  |  |\n");
                notes.append("- ").append(r.name()).append(": refused: ").append(r.refused()).append('\n');
                continue;
            }
            if (r.note() != null)
            {
                notes.append("- ").append(r.name()).append(": ").append(r.note()).append('\n');
            }
            final Map<OpKind, Double> o = r.opsPerSample();
            final double synops = sum(o, OpKind.SYNOP_BINARY, OpKind.SYNOP_GRADED, OpKind.SYNOP_SIGNED,
                OpKind.SYNOP_BURST);
            final double noc = sum(o, OpKind.SPIKE_WITHIN_TILE, OpKind.HOP_EAST_WEST, OpKind.HOP_NORTH_SOUTH,
                OpKind.HOP_INTER_CHIP);
            final double engine = sum(o, OpKind.FP_ADD, OpKind.FP_MULTIPLY, OpKind.INT_ADD, OpKind.INT_MULTIPLY,
                OpKind.EXP, OpKind.LOG, OpKind.DIVIDE, OpKind.SQRT, OpKind.RANDOM, OpKind.SHIFT);
            final Map<MemoryKind, Long> m = r.memoryBits();
            final long other = m.getOrDefault(MemoryKind.DELAYS, 0L) + m.getOrDefault(MemoryKind.TAGS, 0L) +
                m.getOrDefault(MemoryKind.INDICES, 0L);
            sb.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %,d | %,d | %,d | %,.0f | %,.0f | %,.0f " +
                "| %,.0f | %s | %.4g uJ |%n", r.name(), r.cores(), m.getOrDefault(MemoryKind.WEIGHTS, 0L),
                r.feedbackBits(), m.getOrDefault(MemoryKind.TRACES, 0L), r.learningStateBits(), other, synops,
                o.getOrDefault(OpKind.SYNAPTIC_UPDATE, 0.0), noc, engine, messages(r.messagesPerSample()),
                r.joulesPerSample() * 1e6));
        }
        return notes.length() == 0 ? sb.toString() : sb.append('\n').append(notes).toString();
    }

    /** @return e.g. {@code spike 1,234, graded 56}: the kinds with messages, or 0 when none. */
    private static String messages(final Map<String, Double> perSample)
    {
        final StringBuilder sb = new StringBuilder();
        perSample.forEach((k, v) ->
        {
            if (v != 0)
            {
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                    .append(String.format(Locale.ROOT, "%,.0f", v));
            }
        });
        return sb.length() == 0 ? "0" : sb.toString();
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
