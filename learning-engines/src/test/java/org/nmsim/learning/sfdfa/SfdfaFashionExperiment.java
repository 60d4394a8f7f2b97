package org.nmsim.learning.sfdfa;

import java.util.Locale;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nmsim.chip.preset.Presets;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.StorageFormats;

/**
 * Not a unit test: the Fashion-MNIST experiment of the report, run on demand with
 * {@code -Dsfdfa.experiment=true -Dtest=SfdfaFashionExperiment}. Settings come from system properties
 * ({@code sfdfa.methods}, {@code sfdfa.hidden}, {@code sfdfa.train}, {@code sfdfa.test}, {@code sfdfa.epochs},
 * {@code sfdfa.eta}, {@code sfdfa.alpha}, {@code sfdfa.batch}, {@code sfdfa.reg}, {@code sfdfa.fixed},
 * {@code sfdfa.payload}, {@code sfdfa.weightBits}, {@code sfdfa.seed}); it prints one line per epoch. {@link #main} runs it without JUnit.
 */
@EnabledIfSystemProperty(named = "sfdfa.experiment", matches = "true")
class SfdfaFashionExperiment
{
    private static double prop(final String key, final double def)
    {
        return Double.parseDouble(System.getProperty("sfdfa." + key, Double.toString(def)));
    }

    /**
     * Runs the experiment outside JUnit (same system properties).
     *
     * @param args unused.
     * @throws Exception on data errors.
     */
    public static void main(final String[] args) throws Exception
    {
        new SfdfaFashionExperiment().run();
    }

    @Test
    void run() throws Exception
    {
        final int hidden = (int)prop("hidden", 100);
        final int nTrain = (int)prop("train", 3000);
        final int nTest = (int)prop("test", 1000);
        final int epochs = (int)prop("epochs", 2);
        final boolean fixed = prop("fixed", 0) != 0;
        final int payload = (int)prop("payload", 0);
        final long seed = (long)prop("seed", 1);
        final LabeledImages tr = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(nTrain)).images();
        final LabeledImages te = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(nTest)).images();
        for (final String method : System.getProperty("sfdfa.methods", "sfdfa,sfdfa-dfa").split(","))
        {
            final boolean learned = SfdfaParams.SFDFA.equals(method);
            final SfdfaParams d = SfdfaParams.defaults(learned);
            final SfdfaParams p = new SfdfaParams(learned, prop("eta", 0.001), prop("alpha", 1e-3), d.tauS(),
                d.threshold(), d.window(), d.encodingWindow(), d.delay(), payload, d.payloadIntBits(), false, true,
                (int)prop("batch", 1), d.targetTrue(), d.targetFalse(), prop("reg", 0.05), d.regTarget(),
                d.initCurrent(), d.initSpread(), d.initRate());
            final int[] sizes = {784, hidden, 10};
            try (SfdfaChip chip = new SfdfaChip(new LearnerSetup(sizes, Presets.byName("spinnaker2"),
                new StorageFormats((int)prop("weightBits", 8), 16, 16, 16), fixed, seed, 1), p))
            {
                System.out.printf(Locale.ROOT, "SFDFA-EXP method=%s sizes=784-%d-10 train=%d test=%d fixed=%s " +
                    "payload=%d describe=%s params=%s cores=%d alignment0=%.2f%n", method, hidden, nTrain, nTest, fixed,
                    payload, chip.describe(), p, chip.coreNames().size(), chip.weightAlignmentDegrees());
                final double[] x = new double[784];
                for (int e = 1; e <= epochs; e++)
                {
                    final long t0 = System.nanoTime();
                    int ok = 0;
                    for (int s = 0; s < tr.count(); s++)
                    {
                        tr.intensities(s, x);
                        if (chip.trainSample(x, tr.label(s)) == tr.label(s))
                        {
                            ok++;
                        }
                    }
                    int okTest = 0;
                    for (int s = 0; s < te.count(); s++)
                    {
                        te.intensities(s, x);
                        if (chip.predict(x) == te.label(s))
                        {
                            okTest++;
                        }
                    }
                    System.out.printf(Locale.ROOT, "SFDFA-EXP method=%s epoch=%d train_acc=%.4f test_acc=%.4f " +
                        "alignment_deg=%.2f seconds=%.1f%n", method, e, ok / (double)tr.count(),
                        okTest / (double)te.count(), chip.weightAlignmentDegrees(), (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }
}
