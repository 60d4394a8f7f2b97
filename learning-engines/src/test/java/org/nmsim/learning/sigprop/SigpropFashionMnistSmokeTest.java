package org.nmsim.learning.sigprop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.chip.preset.Presets;
import org.nmsim.datasets.DatasetFormatException;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;

/**
 * End to end on real data: a 784-64-10 spiking net trained on chip (SpiNNaker 2 preset, float64; Loihi 2 preset,
 * fixed point with lookup tables) by FSP on the first 600 bundled Fashion-MNIST training images, one pass, must
 * classify the first 300 test images far above chance (10 %): measured 0.487 (surrogate, float64) and 0.613 (voltage,
 * fixed point) at seed 3; the floor 0.40 catches a learner that does not learn, not noise. (The rates are larger
 * than the defaults, which are tuned for a few epochs, so that one short pass learns.)
 */
@Timeout(60)
class SigpropFashionMnistSmokeTest
{
    private static final int TRAIN = 600;
    private static final int TEST = 300;

    @ParameterizedTest(name = "{0} fixed={1}")
    @CsvSource({"SURROGATE, false, 0.005, 0.40", "VOLTAGE, true, 0.001, 0.40"})
    void shouldLearnFarAboveChanceInOnePass(final SigpropVariant variant, final boolean fixed, final double eta,
        final double floor) throws DatasetFormatException
    {
        final LabeledImages train = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(TRAIN)).images();
        final LabeledImages test = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(TEST)).images();
        final double[] x = new double[784];
        final SigpropHyper hyper = new SigpropHyper(variant, 4, 0.5, eta, 0.02, 0, true, false);
        try (SigpropChip chip = SigpropChip.builder(784, 64, 10).hyper(hyper)
            .chip(fixed ? Presets.loihi2() : Presets.spinnaker2()).fixedPoint(fixed).seed(3).build())
        {
            for (int k = 0; k < TRAIN; k++)
            {
                chip.trainSample(train.intensities(k, x), train.label(k));
            }
            int correct = 0;
            for (int k = 0; k < TEST; k++)
            {
                correct += chip.predict(test.intensities(k, x)) == test.label(k) ? 1 : 0;
            }
            final double accuracy = (double)correct / TEST;
            final double exit = (double)chip.earlyExitCorrect()[0] / TRAIN;
            System.out.println(variant + " fixed=" + fixed + ": test accuracy " + accuracy + ", h1 early-exit " +
                "training accuracy " + exit + " after " + TRAIN + " samples (seed=3)");
            assertTrue(accuracy >= floor, variant + " test accuracy=" + accuracy + " below floor=" + floor);
        }
    }
}
