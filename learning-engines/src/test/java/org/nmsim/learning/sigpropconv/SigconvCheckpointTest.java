package org.nmsim.learning.sigpropconv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.StorageFormats;
import org.nmsim.learning.sigprop.AdamMoments;
import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropVariant;

/**
 * A chip stopped after two samples and resumed from its checkpoint continues bit-identically (fixed point), for the
 * three methods, with SGD and with Adam (whose moments and step counts travel in the checkpoint).
 */
class SigconvCheckpointTest
{
    private static double[] image(final SplitMix64 r)
    {
        final double[] x = new double[64];
        for (int i = 0; i < 64; i++)
        {
            x[i] = r.nextDouble() < 0.3 ? 0.0 : r.nextDouble();
        }
        return x;
    }

    private static SigconvChip chip(final SigconvArchitecture arch, final SigpropVariant v, final boolean adam)
    {
        return SigconvChip.builder(arch).hyper(new SigpropHyper(v, 4, v == SigpropVariant.SHALLOW ? 1.0 : 0.5, 0.05,
            0.1, 0, true, false)).chip(SigconvChipTest.smallChip(60)).seed(21).initGain(3.0).fixedPoint(true)
            .formats(new StorageFormats(12, 16, 16, 16)).adam(adam ? AdamMoments.Config.TORCH : null).build();
    }

    @ParameterizedTest
    @CsvSource({"SURROGATE, false", "VOLTAGE, false", "SHALLOW, false", "SURROGATE, true", "VOLTAGE, true",
        "SHALLOW, true"})
    void resumedChipContinuesBitIdentically(final SigpropVariant v, final boolean adam) throws IOException
    {
        final SigconvArchitecture arch = SigconvArchitecture.parse("2C3-MP2-3C3-MP2", new int[] {1, 8, 8}, 5, 4);
        final double[][] xs = new double[4][];
        final SplitMix64 r = new SplitMix64(8);
        for (int k = 0; k < xs.length; k++)
        {
            xs[k] = image(r);
        }
        final double[][] straight;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SigconvChip a = chip(arch, v, adam))
        {
            a.trainSample(xs[0], 0);
            a.trainSample(xs[1], 1);
            a.writeCheckpoint(new DataOutputStream(bytes));
            a.trainSample(xs[2], 2);
            a.trainSample(xs[3], 3);
            straight = a.allWeights();
        }
        try (SigconvChip b = chip(arch, v, adam))
        {
            b.readCheckpoint(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            b.trainSample(xs[2], 2);
            b.trainSample(xs[3], 3);
            final double[][] resumed = b.allWeights();
            for (int l = 0; l < straight.length; l++)
            {
                assertArrayEquals(straight[l], resumed[l], v + " adam=" + adam + " layer " + (l + 1) +
                    " after resuming");
            }
        }
    }
}
