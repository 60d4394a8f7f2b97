package org.nmsim.learning.sfdfa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nmsim.chip.preset.Presets;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;
import org.nmsim.learning.LearnerSetup;
import org.nmsim.learning.StorageFormats;

/** SFDFA on chip learns Fashion-MNIST from a few hundred samples. */
@Timeout(120)
class SfdfaLearningSmokeTest
{
    @Test
    void shouldLearnFashionMnistClearlyAboveChanceFromSixHundredSamples() throws Exception
    {
        final LabeledImages tr = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(600)).images();
        final LabeledImages te = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(200)).images();
        final SfdfaParams d = SfdfaParams.defaults(true);
        // eta 1e-3, batch 1 and a light rate regulariser as in the report's runs; alpha 1e-2 (report: 1e-3) so
        // that the feedback aligns within the few hundred samples of a unit test
        final SfdfaParams p = new SfdfaParams(true, 1e-3, 1e-2, d.tauS(), d.threshold(), d.window(),
            d.encodingWindow(), d.delay(), 0, d.payloadIntBits(), false, true, 1, d.targetTrue(), d.targetFalse(),
            0.05, d.regTarget(), d.initCurrent(), d.initSpread(), d.initRate(), false);
        try (SfdfaChip chip = new SfdfaChip(new LearnerSetup(new int[] {784, 30, 10}, Presets.byName("spinnaker2"),
            StorageFormats.defaults(), false, 1, 1), p))
        {
            final double[] x = new double[784];
            for (int s = 0; s < tr.count(); s++)
            {
                tr.intensities(s, x);
                chip.trainSample(x, tr.label(s));
            }
            int ok = 0;
            for (int s = 0; s < te.count(); s++)
            {
                te.intensities(s, x);
                if (chip.predict(x) == te.label(s))
                {
                    ok++;
                }
            }
            final double acc = ok / (double)te.count();
            System.out.println("SfdfaLearningSmokeTest: test accuracy " + acc + " after " + tr.count() + " samples");
            // chance is 10 %; over 200 test samples its standard deviation is 2.1 %, so 25 % is 7 sigma above chance
            assertTrue(acc > 0.25, "test accuracy " + acc + " after 600 samples");
        }
    }
}
