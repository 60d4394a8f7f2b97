package org.nmsim.learning.biograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nmsim.chip.preset.Presets;
import org.nmsim.datasets.DatasetFormatException;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;
import org.nmsim.learning.StorageFormats;

/**
 * End to end on the loihi1 preset, float64: a 784-64-10 network trained online by full BioGrad with sleep on the
 * first 500 bundled Fashion-MNIST images, one pass, must classify the first 200 test images well above chance
 * (10 %): floor 0.40 (measured 0.485).
 */
@Timeout(30)
class BioGradFashionSmokeTest
{
    private static final long SEED = 5;

    @Test
    void shouldLearnWellAboveChanceInOnePass() throws DatasetFormatException
    {
        final LabeledImages train = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(500)).images();
        final LabeledImages test = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(200)).images();
        final BioGradParams d = BioGradParams.paperDefaults(false);
        final BioGradParams p = new BioGradParams(false, d.steps(), d.tError(), d.dv(), d.vth(), d.window(),
            d.amplification(), d.eta(), d.errorThreshold(), true, true, d.sleepLr(), 100, 1, d.sleepSteps(), 16,
            0.0, d.apicalThreshold(), 0, false);
        final double[] x = new double[784];
        try (BioGradChip chip = BioGradChip.builder(784, 64, 10).params(p).chip(Presets.loihi1())
            .formats(new StorageFormats(8, 16, 16, 8)).seed(SEED).build())
        {
            for (int s = 0; s < train.count(); s++)
            {
                chip.trainSample(train.intensities(s, x), train.label(s));
            }
            int correct = 0;
            for (int s = 0; s < test.count(); s++)
            {
                correct += chip.predict(test.intensities(s, x)) == test.label(s) ? 1 : 0;
            }
            final double acc = correct / (double)test.count();
            System.out.println("BioGrad 784-64-10, 500 samples: test accuracy " + acc + " (seed=" + SEED + ")");
            assertTrue(acc >= 0.40, "test accuracy=" + acc + " below floor 0.40 (seed=" + SEED + ")");
        }
    }
}
