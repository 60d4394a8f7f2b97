package org.nmsim.learning.sfdfa;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.nmsim.datasets.FashionMnist;
import org.nmsim.datasets.LabeledImages;

class ScratchTest
{
    @Test
    void explore() throws Exception
    {
        final LabeledImages tr = FashionMnist.loadBundled(FashionMnist.Split.TRAIN, OptionalInt.of(1000)).images();
        final LabeledImages te = FashionMnist.loadBundled(FashionMnist.Split.TEST, OptionalInt.of(300)).images();
        final int[] sizes = {784, 100, 10};
        for (boolean learned : new boolean[] {true, false})
        {
            final SfdfaParams d = SfdfaParams.defaults(learned);
            final SfdfaParams p = new SfdfaParams(learned, 0.003, 1e-3, d.tauS(), d.threshold(), d.window(), d.encodingWindow(), d.delay(), 0, 5, false, true, 10, 10, 3, 0, 5, 1.5, 3, 5);
            final SfdfaReference ref = new SfdfaReference(sizes, p, 1, null, null);
            final double[] x = new double[784];
            final long t0 = System.nanoTime();
            int ok = 0;
            for (int s = 0; s < tr.count(); s++)
            {
                tr.intensities(s, x);
                if (ref.trainSample(x, tr.label(s)) == tr.label(s)) ok++;
            }
            int okT = 0;
            for (int s = 0; s < te.count(); s++)
            {
                te.intensities(s, x);
                if (ref.predict(x) == te.label(s)) okT++;
            }
            System.out.println("DBG learned=" + learned + " train " + ok / (double) tr.count() + " test " + okT / (double) te.count() + " secs " + (System.nanoTime() - t0) / 1e9);
        }
    }
}
