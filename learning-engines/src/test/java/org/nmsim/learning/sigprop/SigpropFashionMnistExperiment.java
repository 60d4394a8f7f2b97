package org.nmsim.learning.sigprop;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.preset.Presets;
import org.nmsim.datasets.DatasetFormatException;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;
import org.nmsim.learning.MessageTally;
import org.nmsim.learning.StorageFormats;

/**
 * Not a unit test: the Fashion-MNIST experiment behind the numbers in the sigprop report, run only with
 * {@code -Dsigprop.experiment=true}. Keys (system properties): {@code sigprop.method} (sigprop-surrogate),
 * {@code sigprop.sizes} (784,100,100,10), {@code sigprop.train} (3000), {@code sigprop.test} (1000),
 * {@code sigprop.epochs} (2), {@code sigprop.eta} (the variant's default), {@code sigprop.etaReadout} (0.02),
 * {@code sigprop.fixed} (false), {@code sigprop.chip} (spinnaker2), {@code sigprop.targetSize} (0),
 * {@code sigprop.seed} (1), {@code sigprop.vth} (0.5 FSP, 1.0 shallow), {@code sigprop.weightBits} (8; gradients and
 * traces 16), {@code sigprop.loop} (false; true: the target-loop generator),
 * {@code sigprop.compare} (e.g. {@code bp,dfa,fgt}: the online MLP on the same sizes and chip, for its per-sample
 * training cost), {@code sigprop.compareSamples} (200). Prints test
 * accuracy per epoch and the per-sample cost of the last training epoch from the counters.
 */
@EnabledIfSystemProperty(named = "sigprop.experiment", matches = "true")
class SigpropFashionMnistExperiment
{
    @Test
    void run() throws DatasetFormatException
    {
        final String method = System.getProperty("sigprop.method", "sigprop-surrogate");
        final int[] sizes = java.util.Arrays.stream(System.getProperty("sigprop.sizes", "784,100,100,10").split(","))
            .mapToInt(Integer::parseInt).toArray();
        final int train = Integer.getInteger("sigprop.train", 3000);
        final int test = Integer.getInteger("sigprop.test", 1000);
        final int epochs = Integer.getInteger("sigprop.epochs", 2);
        final SigpropHyper defaults = SigpropHyper.paperDefaults(SigpropVariant.byMethod(method));
        final double eta = Double.parseDouble(System.getProperty("sigprop.eta", Double.toString(defaults.eta())));
        final double etaOut = Double.parseDouble(System.getProperty("sigprop.etaReadout", Double.toString(
            defaults.etaReadout())));
        final boolean fixed = Boolean.parseBoolean(System.getProperty("sigprop.fixed", "false"));
        final String chipName = System.getProperty("sigprop.chip", "spinnaker2");
        final int targetSize = Integer.getInteger("sigprop.targetSize", 0);
        final long seed = Long.getLong("sigprop.seed", 1L);
        final SigpropVariant v = SigpropVariant.byMethod(method);
        final double vth = Double.parseDouble(System.getProperty("sigprop.vth", Double.toString(
            v == SigpropVariant.SHALLOW ? SigpropHyper.PAPER_VTH_SHALLOW : SigpropHyper.PAPER_VTH_FSP)));
        final boolean loop = Boolean.parseBoolean(System.getProperty("sigprop.loop", "false"));
        final SigpropHyper hyper = new SigpropHyper(v, SigpropHyper.PAPER_STEPS, vth, eta, etaOut, targetSize, true,
            false, loop);
        final LabeledImages tr = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(train)).images();
        final LabeledImages te = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(test)).images();
        final double[] x = new double[sizes[0]];
        try (SigpropChip chip = SigpropChip.builder(sizes).hyper(hyper).chip(Presets.byName(chipName))
            .formats(new StorageFormats(Integer.getInteger("sigprop.weightBits", 8),
            16, 16, 16)).fixedPoint(fixed).seed(seed).build())
        {
            System.out.printf(Locale.ROOT, "%s sizes=%s chip=%s fixed=%b eta=%g etaReadout=%g targetSize=%d " +
                "loop=%b cores=%d%n", method, java.util.Arrays.toString(sizes), chipName, fixed, eta, etaOut,
                hyper.targetsOf(sizes[1]), loop, chip.coreNames().size());
            final EnergyTable table = EnergyTable.forChip(chip.chip());
            for (int ep = 1; ep <= epochs; ep++)
            {
                final long t0 = System.nanoTime();
                final List<MessageTally> before = chip.messages();
                final double e0 = chip.energy(table).dynamicJoules();
                final long syn0 = chip.counter(SigpropChip.TARGET_SYNOPS);
                final long[] ex0 = chip.earlyExitCorrect();
                int correctTrain = 0;
                for (int k = 0; k < train; k++)
                {
                    correctTrain += chip.trainSample(tr.intensities(k, x), tr.label(k)) == tr.label(k) ? 1 : 0;
                }
                final List<MessageTally> after = chip.messages();
                final org.nmsim.chip.energy.EnergyReport r1 = chip.energy(table);
                final double e1 = r1.dynamicJoules();
                if (ep == epochs)
                {
                    printShares("training+inference so far", r1);
                }
                final long[] ex1 = chip.earlyExitCorrect();
                int correct = 0;
                for (int k = 0; k < test; k++)
                {
                    correct += chip.predict(te.intensities(k, x)) == te.label(k) ? 1 : 0;
                }
                final double inferJ = (chip.energy(table).dynamicJoules() - e1) / test;
                final StringBuilder msgs = new StringBuilder();
                for (int i = 0; i < after.size(); i++)
                {
                    msgs.append(String.format(Locale.ROOT, " %s=%.1f", after.get(i).kind(),
                        (double)(after.get(i).count() - before.get(i).count()) / train));
                }
                final StringBuilder exits = new StringBuilder();
                for (int l = 0; l < ex1.length; l++)
                {
                    exits.append(String.format(Locale.ROOT, " h%d=%.3f", l + 1, (double)(ex1[l] - ex0[l]) / train));
                }
                System.out.printf(Locale.ROOT, "epoch %d: train(online)=%.4f test=%.4f earlyExitTrain:%s | per " +
                    "training sample: energy=%.3e J, messages:%s, targetSynops=%.0f | inference energy=%.3e J/sample " +
                    "| %.1f s%n", ep,
                    (double)correctTrain / train, (double)correct / test, exits.length() == 0 ? " -" : exits,
                    (e1 - e0) / train, msgs, (double)(chip.counter(SigpropChip.TARGET_SYNOPS) - syn0) / train,
                    inferJ, (System.nanoTime() - t0) / 1e9);
            }
            System.out.println("describe: " + chip.describe());
            System.out.println("memory bits: weights=" + chip.memoryBits(org.nmsim.chip.memory.MemoryKind.WEIGHTS) +
                " learning_state=" + chip.memoryBits(org.nmsim.chip.memory.MemoryKind.LEARNING_STATE) + " traces=" +
                chip.memoryBits(org.nmsim.chip.memory.MemoryKind.TRACES) + " feedback=" +
                chip.memoryBits(org.nmsim.chip.memory.MemoryKind.FEEDBACK));
        }
        final String compare = System.getProperty("sigprop.compare", "");
        for (final String name : compare.isEmpty() ? new String[0] : compare.split(","))
        {
            compareWithOnlineMlp(name, sizes, chipName, fixed, seed, tr, Integer.getInteger("sigprop.compareSamples",
                200));
        }
    }

    private static void printShares(final String what, final org.nmsim.chip.energy.EnergyReport r)
    {
        final StringBuilder sb = new StringBuilder("energy shares (" + what + "):");
        r.lines().stream().filter(l -> l.joules() > 0.01 * r.dynamicJoules())
            .sorted((a, b) -> Double.compare(b.joules(), a.joules()))
            .forEach(l -> sb.append(String.format(Locale.ROOT, " %s=%.1f%%", l.op().counterName(),
                100 * l.joules() / r.dynamicJoules())));
        System.out.println(sb);
    }

    /** The online MLP (MODEL.md) on the same sizes and chip, T = 4: per-sample training cost and feedback memory. */
    private static void compareWithOnlineMlp(final String method, final int[] sizes, final String chipName,
        final boolean fixed, final long seed, final LabeledImages tr, final int samples)
    {
        final org.nmsim.learning.LearningMethod lm = org.nmsim.learning.LearningMethod.valueOf(method.toUpperCase(
            Locale.ROOT));
        final double[] x = new double[sizes[0]];
        try (org.nmsim.learning.MlpChip mlp = org.nmsim.learning.MlpChip.builder(sizes).hyper(
            org.nmsim.learning.OnlineHyper.paperDefaults(lm, SigpropHyper.PAPER_STEPS, 0.005)).chip(
            Presets.byName(chipName)).fixedPoint(fixed).seed(seed).build())
        {
            for (int k = 0; k < samples; k++)
            {
                mlp.trainSample(tr.intensities(k, x), tr.label(k));
            }
            final StringBuilder msgs = new StringBuilder();
            for (final MessageTally t : mlp.messages())
            {
                msgs.append(String.format(Locale.ROOT, " %s=%.1f", t.kind(), (double)t.count() / samples));
            }
            long feedback = 0;
            for (final org.nmsim.chip.memory.SynapticMemoryBudget b : mlp.budgets())
            {
                feedback += b.usage(org.nmsim.chip.memory.MemoryKind.FEEDBACK);
            }
            System.out.printf(Locale.ROOT, "online MLP %s (T=4, %d samples): per training sample energy=%.3e J, " +
                "messages:%s | feedback memory bits=%d, cores=%d%n", method, samples, mlp.energy(EnergyTable.forChip(
                mlp.chip())).dynamicJoules() / samples, msgs, feedback, mlp.coreNames().size());
        }
    }
}
