package org.nmsim.learning.sigpropconv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nmsim.kernel.SplitMix64;
import org.nmsim.learning.StorageFormats;
import org.nmsim.learning.sigprop.AdamMoments;
import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropVariant;

/**
 * Fixed point for all three methods (and both optimizers): on the tiny net, a fixed-point chip (16-bit weights,
 * 16-bit gradients and traces) trained on a few samples moves its weights the way the float64 chip does. The
 * comparison is the float64 chip, itself checked against the dense reference and PyTorch: after 4 samples the
 * fixed-point weight changes of every parameter array must correlate with the float ones (cosine > 0.95 with SGD,
 * > 0.8 with Adam) and the largest weight difference must stay below 0.35 (SGD) or 0.9 (Adam) times the largest float
 * change. The bounds were set from what was measured (printed by the test): SGD cosines 0.969 to 1.000 and max
 * differences up to 0.28 of the max change (surrogate's conv 1 at this large rate: its gradient accumulators saturate
 * at +-8); Adam cosines 0.858 to 0.9995, the worst on FSP-voltage's conv layers, whose gradients have 10 integer bits
 * and so an LSB of 1/32: Adam divides every moment by its own scale, so a weight whose float gradient is below that
 * LSB takes steps of about +-lr in a random direction instead of its float direction (max differences up to 0.83 of
 * the max change, about 3 lr after 4 samples). A broken fixed-point path (frozen weights, saturated logits, moments
 * that blow up) fails these bounds.
 */
class SigconvFixedPointTest
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

    private static double[][] train(final SigconvArchitecture arch, final SigpropVariant v, final boolean adam,
        final boolean fixed)
    {
        final SigpropHyper hyper = new SigpropHyper(v, 4, v == SigpropVariant.SHALLOW ? 1.0 : 0.5,
            adam ? 0.01 : v == SigpropVariant.VOLTAGE ? 0.01 : 0.05, adam ? 0.02 : 0.1, 0, true, false);
        try (SigconvChip chip = SigconvChip.builder(arch).hyper(hyper).chip(SigconvChipTest.smallChip(60)).seed(21)
            .initGain(3.0).fixedPoint(fixed).formats(new StorageFormats(16, 16, 16, 16))
            .adam(adam ? AdamMoments.Config.TORCH : null).build())
        {
            final double[][] before = chip.allWeights();
            final SplitMix64 r = new SplitMix64(8);
            for (int k = 0; k < 4; k++)
            {
                chip.trainSample(image(r), k % 4);
            }
            final double[][] after = chip.allWeights();
            for (int l = 0; l < after.length; l++)
            {
                for (int i = 0; i < after[l].length; i++)
                {
                    after[l][i] -= before[l][i];
                }
            }
            return after;
        }
    }

    @ParameterizedTest(name = "{0}, adam={1}")
    @CsvSource({"SURROGATE, false", "VOLTAGE, false", "SHALLOW, false", "SURROGATE, true", "VOLTAGE, true",
        "SHALLOW, true"})
    void fixedPointLearnsLikeFloat(final SigpropVariant v, final boolean adam)
    {
        final SigconvArchitecture arch = SigconvArchitecture.parse("2C3-MP2-3C3-MP2", new int[] {1, 8, 8}, 5, 4);
        final double[][] fl = train(arch, v, adam, false);
        final double[][] fx = train(arch, v, adam, true);
        for (int l = 0; l < fl.length; l++)
        {
            double dot = 0;
            double nf = 0;
            double nx = 0;
            double maxChange = 0;
            double maxDiff = 0;
            for (int i = 0; i < fl[l].length; i++)
            {
                dot += fl[l][i] * fx[l][i];
                nf += fl[l][i] * fl[l][i];
                nx += fx[l][i] * fx[l][i];
                maxChange = Math.max(maxChange, Math.abs(fl[l][i]));
                maxDiff = Math.max(maxDiff, Math.abs(fl[l][i] - fx[l][i]));
            }
            final String what = v + " adam=" + adam + " parameter array " + l;
            System.out.printf("%s: float max change %.4g, fixed-float max diff %.4g, cosine %.4f%n", what, maxChange,
                maxDiff, nf == 0 ? 1.0 : dot / Math.sqrt(nf * nx));
            if (nf == 0)
            {
                assertTrue(nx == 0, what + ": float did not move, fixed point did");
                continue;
            }
            assertTrue(dot / Math.sqrt(nf * nx) > (adam ? 0.8 : 0.95), what + ": cosine " + dot / Math.sqrt(nf * nx));
            assertTrue(maxDiff < (adam ? 0.9 : 0.35) * maxChange, what + ": max diff " + maxDiff + " vs max change " + maxChange);
        }
    }
}
