package org.nmsim.learning.sigpropconv;

import java.util.Locale;
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
import org.nmsim.learning.StorageFormats;
import org.nmsim.learning.sigprop.AdamMoments;
import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropVariant;

/**
 * A measurement, not a unit test: runs only with {@code -Dnmsim.sigconv.measure=true}. One epoch of convolutional
 * sigprop on the bundled Fashion-MNIST subset, then a test pass; prints samples/s (host wall clock), test accuracy,
 * energy per training sample, feedback memory and messages. Properties: {@code nmsim.sigconv.method}
 * (sigprop-conv-surrogate, -voltage, -shallow), {@code nmsim.sigconv.conv} (16C3-MP2-32C3-MP2),
 * {@code nmsim.sigconv.fc}
 * (128), {@code nmsim.sigconv.train} (1000), {@code nmsim.sigconv.test} (500), {@code nmsim.sigconv.eta},
 * {@code nmsim.sigconv.eta_readout}, {@code nmsim.sigconv.workers}, {@code nmsim.sigconv.seed},
 * {@code nmsim.sigconv.gain},
 * {@code nmsim.sigconv.optimizer} (sgd, adam), {@code nmsim.sigconv.fixed} (fixed point), {@code nmsim.sigconv.chip} (preset), {@code nmsim.sigconv.formats}
 * (weight, gradient, trace, feedback bits; default 8,16,16,16).
 */
@EnabledIfSystemProperty(named = "nmsim.sigconv.measure", matches = "true")
class SigconvFashionMeasurement
{
    @Test
    void measure() throws DatasetFormatException
    {
        final String method = System.getProperty("nmsim.sigconv.method", "sigprop-conv-surrogate");
        final SigpropVariant v = SigconvFactory.variantOf(method);
        final String text = System.getProperty("nmsim.sigconv.conv", SigconvFactory.DEFAULT_CONV);
        final int fc = Integer.getInteger("nmsim.sigconv.fc", SigconvFactory.DEFAULT_FC);
        final int trainN = Integer.getInteger("nmsim.sigconv.train", 1000);
        final int testN = Integer.getInteger("nmsim.sigconv.test", 500);
        final boolean adam = "adam".equals(System.getProperty("nmsim.sigconv.optimizer", "sgd"));
        final double eta = Double.parseDouble(System.getProperty("nmsim.sigconv.eta", String.valueOf(adam ?
            SigconvFactory.DEFAULT_ETA_ADAM : v == SigpropVariant.VOLTAGE ? SigconvFactory.DEFAULT_ETA_VOLTAGE :
            SigpropHyper.DEFAULT_ETA)));
        final double etaOut = Double.parseDouble(System.getProperty("nmsim.sigconv.eta_readout",
            String.valueOf(adam ? SigconvFactory.DEFAULT_ETA_READOUT_ADAM : SigpropHyper.DEFAULT_ETA_READOUT)));
        final int workers = Integer.getInteger("nmsim.sigconv.workers", 1);
        final double gain = Double.parseDouble(System.getProperty("nmsim.sigconv.gain", "1"));
        final long seed = Long.getLong("nmsim.sigconv.seed", 1L);
        final boolean fixed = Boolean.getBoolean("nmsim.sigconv.fixed");
        final String preset = System.getProperty("nmsim.sigconv.chip", "spinnaker2");
        final int[] bits = java.util.Arrays.stream(System.getProperty("nmsim.sigconv.formats", "8,16,16,16")
            .split(",")).mapToInt(Integer::parseInt).toArray();
        final StorageFormats formats = new StorageFormats(bits[0], bits[1], bits[2], bits[3]);
        final LabeledImages train = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(trainN))
            .images();
        final LabeledImages test = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(testN)).images();
        final double[] x = new double[784];
        final SigconvArchitecture arch = SigconvArchitecture.parse(text, new int[] {1, 28, 28}, fc, 10);
        final SigpropHyper hyper = new SigpropHyper(v, SigpropHyper.PAPER_STEPS, v == SigpropVariant.SHALLOW ?
            SigpropHyper.PAPER_VTH_SHALLOW : SigpropHyper.PAPER_VTH_FSP, eta, etaOut, 0, true, false);
        try (SigconvChip chip = SigconvChip.builder(arch).hyper(hyper).chip(Presets.byName(preset)).seed(seed)
            .fixedPoint(fixed).formats(formats).workers(workers).initGain(gain)
            .adam(adam ? AdamMoments.Config.TORCH : null).build())
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
            final String trainMessages = chip.messages().toString();
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
            System.out.printf(Locale.ROOT, "sigconv %s %s fc=%d chip=%s formats=%s fixed=%s adam=%s eta=%s " +
                "etaReadout=%s gain=%s seed=%d workers=%d cores=%d chips=%d%n", method, text, fc, preset, formats, fixed,
                adam, eta, etaOut, gain, seed, workers, chip.coreNames().size(), chip.chips());
            System.out.printf(Locale.ROOT, "train %d samples: %.2f samples/s, running train accuracy %.3f; test %d " +
                "samples: %.2f samples/s, test accuracy %.3f%n", trainN, trainN / trainSeconds,
                (double)trainCorrect / trainN, testN, testN / testSeconds, (double)correct / testN);
            System.out.printf(Locale.ROOT, "energy per training sample %.3f uJ (table %s); feedback memory %d bits " +
                "of %d used bits%n", trainJoules / trainN * 1e6, table.name(), feedbackBits, totalBits);
            System.out.println("messages after train: " + trainMessages);
        }
    }
}
