package org.nmsim.learning.conv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nmsim.chip.energy.EnergyTable;
import org.nmsim.chip.memory.MemoryKind;
import org.nmsim.chip.memory.SynapticMemoryBudget;
import org.nmsim.chip.preset.Presets;
import org.nmsim.datasets.DatasetFormatException;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.MessageTally;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.StorageFormats;

/**
 * A measurement, not a unit test: runs only with {@code -Dnmsim.conv.measure=true}. One epoch of the conv learner on
 * the bundled Fashion-MNIST subset (default SpiNNaker 2, float64), then a test pass; prints samples/s (host wall
 * clock), test accuracy, energy per training sample and the feedback memory. Properties: {@code nmsim.conv.method}
 * (FGT, DFA, FGT_WO_M), {@code nmsim.conv.arch}, {@code nmsim.conv.train}, {@code nmsim.conv.test},
 * {@code nmsim.conv.eta}, {@code nmsim.conv.workers}, {@code nmsim.conv.seed}, {@code nmsim.conv.gain},
 * {@code nmsim.conv.fixed} (fixed point), {@code nmsim.conv.chip} (preset name), {@code nmsim.conv.formats}
 * (weight, gradient, trace, feedback bits; default 8,16,16,16).
 */
@EnabledIfSystemProperty(named = "nmsim.conv.measure", matches = "true")
class ConvFashionMeasurement
{
    @Test
    void measure() throws DatasetFormatException
    {
        final LearningMethod method = LearningMethod.valueOf(System.getProperty("nmsim.conv.method", "FGT"));
        final String text = System.getProperty("nmsim.conv.arch", "8C3-AP2-16C3-AP2-32C3-AP2-32C3");
        final int trainN = Integer.getInteger("nmsim.conv.train", 1000);
        final int testN = Integer.getInteger("nmsim.conv.test", 500);
        final double eta = Double.parseDouble(System.getProperty("nmsim.conv.eta", "0.01"));
        final int workers = Integer.getInteger("nmsim.conv.workers", 1);
        final long seed = Long.getLong("nmsim.conv.seed", 1L);
        final double gain = Double.parseDouble(System.getProperty("nmsim.conv.gain", "1"));
        final boolean fixed = Boolean.getBoolean("nmsim.conv.fixed");
        final String preset = System.getProperty("nmsim.conv.chip", "spinnaker2");
        final int[] bits = java.util.Arrays.stream(System.getProperty("nmsim.conv.formats", "8,16,16,16").split(","))
            .mapToInt(Integer::parseInt).toArray();
        final StorageFormats formats = new StorageFormats(bits[0], bits[1], bits[2], bits[3]);
        final LabeledImages train = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(trainN))
            .images();
        final LabeledImages test = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(testN)).images();
        final double[] x = new double[784];
        final ConvArchitecture arch = ConvArchitecture.parse(text, new int[] {1, 28, 28}, 784);
        final OnlineHyper hyper = OnlineHyper.paperDefaults(method, 6, eta);
        try (ConvChip chip = ConvChip.builder(arch, 10).hyper(hyper).chip(Presets.byName(preset)).seed(seed)
            .fixedPoint(fixed).formats(formats)
            .workers(workers).initGain(gain).build())
        {
            final long t0 = System.nanoTime();
            int trainCorrect = 0;
            for (int k = 0; k < trainN; k++)
            {
                trainCorrect += chip.trainSample(train.intensities(k, x), train.label(k)) == train.label(k) ? 1 : 0;
            }
            final double trainSeconds = (System.nanoTime() - t0) / 1e9;
            final EnergyTable table = EnergyTable.forChip(chip.chip());
            final double trainJoules = chip.energy(table).totalJoules();
            final Map<String, Long> messages = new LinkedHashMap<>();
            for (final MessageTally t : chip.messages())
            {
                messages.put(t.toString(), 0L);
            }
            final long t1 = System.nanoTime();
            int correct = 0;
            for (int k = 0; k < testN; k++)
            {
                correct += chip.predict(test.intensities(k, x)) == test.label(k) ? 1 : 0;
            }
            final double testSeconds = (System.nanoTime() - t1) / 1e9;
            long feedbackBits = 0;
            long totalBits = 0;
            for (final SynapticMemoryBudget b : chip.budgets())
            {
                feedbackBits += b.usage(MemoryKind.FEEDBACK);
                totalBits += b.usedBits();
            }
            System.out.printf(java.util.Locale.ROOT, "conv %s %s chip=%s formats=%s fixed=%s eta=%s gain=%s seed=%d " +
                "workers=%d cores=%d chips=%d%n",
                method, text, preset, formats, fixed, eta, gain, seed, workers, chip.coreNames().size(), chip.chips());
            System.out.printf(java.util.Locale.ROOT, "train %d samples: %.2f samples/s, running train accuracy " +
                "%.3f; test %d samples: %.2f samples/s, test accuracy %.3f%n", trainN, trainN / trainSeconds,
                (double)trainCorrect / trainN, testN, testN / testSeconds, (double)correct / testN);
            System.out.printf(java.util.Locale.ROOT, "energy per training sample %.3f uJ (table %s); feedback " +
                "memory %d bits (%.1f%% of %d used bits)%n", trainJoules / trainN * 1e6, table.name(), feedbackBits,
                100.0 * feedbackBits / totalBits, totalBits);
            System.out.println("messages after train+test: " + chip.messages());
            System.out.println("diagnostics: " + chip.epochDiagnostics());
        }
    }
}
