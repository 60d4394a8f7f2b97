package org.nmsim.learning;

import java.util.Optional;
import java.util.OptionalInt;

import org.nmsim.chip.preset.Presets;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;

final class SmokeMain
{
    public static void main(final String[] args) throws Exception
    {
        final LearningMethod method = LearningMethod.valueOf(args[0]);
        final int hiddenSize = Integer.parseInt(args[1]);
        final double eta = Double.parseDouble(args[2]);
        final int nTrain = Integer.parseInt(args[3]);
        final int workers = Integer.parseInt(args[4]);
        final LabeledImages train = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(nTrain)).images();
        final LabeledImages test = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(500)).images();
        try (MlpChip chip = MlpChip.builder(784, hiddenSize, hiddenSize, 10)
            .hyper(OnlineHyper.paperDefaults(method, 6, eta)).chip(Presets.spinnaker2()).workers(workers).seed(3).fixedPoint(args.length > 5).build())
        {
            System.out.println("cores " + chip.coreNames() + "\n" + chip.numerics().describe());
            final double[] x = new double[784];
            for (int epoch = 1; epoch <= Integer.getInteger("epochs", 3); epoch++)
            {
                final long t0 = System.nanoTime();
                int correct = 0;
                double loss = 0;
                for (int i = 0; i < train.count(); i++)
                {
                    train.intensities(i, x);
                    correct += chip.trainSample(x, train.label(i)) == train.label(i) ? 1 : 0;
                    loss += chip.lastLoss();
                }
                final double secs = (System.nanoTime() - t0) / 1e9;
                int tc = 0;
                for (int i = 0; i < test.count(); i++)
                {
                    test.intensities(i, x);
                    tc += chip.predict(x) == test.label(i) ? 1 : 0;
                }
                System.out.printf("epoch %d train acc %.3f loss %.3f test acc %.3f  (%.0f samples/s)%n", epoch,
                    correct / (double)train.count(), loss / train.count() / 6, tc / (double)test.count(),
                    train.count() / secs);
            }
        }
    }
}
