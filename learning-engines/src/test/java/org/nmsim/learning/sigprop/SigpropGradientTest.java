package org.nmsim.learning.sigprop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nmsim.chip.preset.Presets;
import org.nmsim.kernel.SplitMix64;

/**
 * One on-chip update (float64) against central finite differences of the local losses, computed here from a
 * closed form that shares no code with the chip: for an IF neuron with reset by subtraction and the reset held
 * fixed (detached, as the model says), {@code v[t] = t * I - V_th * R[t]}, where I is the neuron's constant (layer 1)
 * input and R[t] the number of its spikes before t; layer 2 sums its presynaptic spike trains. The chip's gradient is
 * {@code (W_before - W_after) / eta}. Tolerance: 1e-6 absolute plus 1e-6 relative (central differences with
 * step 1e-6 err by about 1e-9 here; the recovered gradient by about 1e-13).
 */
@Timeout(30)
class SigpropGradientTest
{
    private static final int[] SIZES = {5, 4, 3, 3};
    private static final double ETA = 1e-3;
    private static final double VTH = 0.5;
    private static final int T = 4;
    private static final int LABEL = 1;

    private final double[] x = {0.9, 0.0, 0.4, 0.7, 0.2};
    private double[][] w;
    private double[][] b;
    private double[] s;
    private double[] d;
    private SigpropVariant variant;

    @ParameterizedTest
    @EnumSource(value = SigpropVariant.class, names = {"SURROGATE", "VOLTAGE"})
    void shouldUpdateEveryLayerByTheGradientOfItsOwnLocalLoss(final SigpropVariant v)
    {
        variant = v;
        final SplitMix64 r = new SplitMix64(41);
        w = new double[][] {SigpropChipTest.uniform(r, 20, 0.6), SigpropChipTest.uniform(r, 12, 1.0),
            SigpropChipTest.uniform(r, 9, 0.8)};
        b = new double[][] {SigpropChipTest.uniform(r, 4, 0.1), SigpropChipTest.uniform(r, 3, 0.1),
            SigpropChipTest.uniform(r, 3, 0.1)};
        s = SigpropChipTest.uniform(r, 12, 0.5);
        d = SigpropChipTest.uniform(r, 4, 0.1);
        final SigpropHyper hyper = new SigpropHyper(v, T, VTH, ETA, ETA, 0, true, false);
        final double[][] wAfter = new double[3][];
        final double[][] bAfter = new double[3][];
        final double[] sAfter;
        final double[] dAfter;
        try (SigpropChip chip = SigpropChip.builder(SIZES).hyper(hyper).chip(Presets.spinnaker2())
            .initialWeights(w, b, s, d).build())
        {
            chip.trainSample(x, LABEL);
            for (int l = 0; l < 3; l++)
            {
                wAfter[l] = chip.weights(l);
                bAfter[l] = chip.biases(l);
            }
            sAfter = chip.targetWeights();
            dAfter = chip.targetBiases();
        }
        // the nominal forward fixes every layer's resets and the spikes layer 2 and the readout receive
        final Nominal nom = new Nominal();
        assertTrue(nom.spikes1 > 0 && nom.spikes2 > 0, "the tiny net must spike (layer 1: " + nom.spikes1 +
            ", layer 2: " + nom.spikes2 + ")");
        int checked = 0;
        checked += check("W1", w[0], wAfter[0], p -> nom.loss1());
        checked += check("b1", b[0], bAfter[0], p -> nom.loss1());
        checked += check("S", s, sAfter, p -> nom.loss1());
        checked += check("d", d, dAfter, p -> nom.loss1());
        checked += check("W2", w[1], wAfter[1], p -> nom.loss2());
        checked += check("b2", b[1], bAfter[1], p -> nom.loss2());
        checked += check("W3", w[2], wAfter[2], p -> nom.lossOut());
        checked += check("b3", b[2], bAfter[2], p -> nom.lossOut());
        assertTrue(checked > 20, "too few nonzero gradients checked: " + checked);
    }

    /** Compares the chip's update of every entry of {@code p} with a central difference of {@code loss}. */
    private int check(final String name, final double[] p, final double[] after, final ToDoubleFunction<double[]> loss)
    {
        int nonzero = 0;
        for (int i = 0; i < p.length; i++)
        {
            final double saved = p[i];
            final double h = 1e-6;
            p[i] = saved + h;
            final double up = loss.applyAsDouble(p);
            p[i] = saved - h;
            final double down = loss.applyAsDouble(p);
            p[i] = saved;
            final double fd = (up - down) / (2 * h);
            final double chip = (saved - after[i]) / ETA;
            assertEquals(fd, chip, 1e-6 + 1e-6 * Math.abs(fd), variant + " " + name + "[" + i + "]: finite " +
                "difference vs the chip's update");
            nonzero += Math.abs(fd) > 1e-6 ? 1 : 0;
        }
        return nonzero;
    }

    /** The nominal run (weights as given): resets R per layer, channel, step and neuron, and the spike trains. */
    private final class Nominal
    {
        final int m = SIZES[3];
        final double[][][] r1 = new double[m + 1][T + 1][4];
        final double[][][] s1 = new double[m + 1][T + 1][4];
        final double[][][] r2 = new double[m + 1][T + 1][3];
        final double[][][] s2 = new double[m + 1][T + 1][3];
        int spikes1;
        int spikes2;

        Nominal()
        {
            for (int c = 0; c <= m; c++)
            {
                final double[] in1 = input1(c);
                run(in1, null, r1[c], s1[c], 4);
            }
            for (int c = 0; c <= m; c++)
            {
                run(null, s1[c], r2[c], s2[c], 3);
            }
            for (int c = 0; c <= m; c++)
            {
                for (int t = 1; t <= T; t++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        spikes1 += (int)s1[c][t][j];
                    }
                    for (int j = 0; j < 3; j++)
                    {
                        spikes2 += (int)s2[c][t][j];
                    }
                }
            }
        }

        /** Layer 1's constant input per step in channel c: W1 x + b1, or S[:, c-1] + d. */
        double[] input1(final int c)
        {
            final double[] in = new double[4];
            for (int j = 0; j < 4; j++)
            {
                if (c == 0)
                {
                    double sum = b[0][j];
                    for (int i = 0; i < 5; i++)
                    {
                        sum += w[0][j * 5 + i] * x[i];
                    }
                    in[j] = sum;
                }
                else
                {
                    in[j] = s[j * m + c - 1] + d[j];
                }
            }
            return in;
        }

        /** v of layer 2 in channel c at step t: sum over steps of W2 s1 + b2, minus the fixed resets. */
        double v2(final int c, final int t, final int j)
        {
            double v = 0.0;
            for (int u = 1; u <= t; u++)
            {
                v += b[1][j];
                for (int i = 0; i < 4; i++)
                {
                    v += w[1][j * 4 + i] * s1[c][u][i];
                }
            }
            return v - VTH * r2[c][t][j];
        }

        private void run(final double[] constant, final double[][] pre, final double[][] resets,
            final double[][] spikes, final int size)
        {
            for (int j = 0; j < size; j++)
            {
                int fired = 0;
                for (int t = 1; t <= T; t++)
                {
                    resets[t][j] = fired;
                    final double v = constant != null ? t * constant[j] - VTH * fired : v2FromPre(pre, t, j, fired);
                    if (v >= VTH)
                    {
                        spikes[t][j] = 1.0;
                        fired++;
                    }
                }
            }
        }

        private double v2FromPre(final double[][] pre, final int t, final int j, final int fired)
        {
            double v = 0.0;
            for (int u = 1; u <= t; u++)
            {
                v += b[1][j];
                for (int i = 0; i < 4; i++)
                {
                    v += w[1][j * 4 + i] * pre[u][i];
                }
            }
            return v - VTH * fired;
        }

        double out(final double v)
        {
            return variant == SigpropVariant.SURROGATE ? Math.atan(Math.PI * (v - VTH)) / Math.PI + 0.5 : v;
        }

        /** L_1 = sum_t CE(softmax(z[t]), y), z_q = h . t_q with every layer-1 voltage in closed form. */
        double loss1()
        {
            double loss = 0.0;
            final double[][] in = new double[m + 1][];
            for (int c = 0; c <= m; c++)
            {
                in[c] = input1(c);
            }
            for (int t = 1; t <= T; t++)
            {
                final double[] z = new double[m];
                for (int q = 0; q < m; q++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        z[q] += out(t * in[0][j] - VTH * r1[0][t][j]) * out(t * in[q + 1][j] - VTH * r1[q + 1][t][j]);
                    }
                }
                loss += ce(z);
            }
            return loss;
        }

        double loss2()
        {
            double loss = 0.0;
            for (int t = 1; t <= T; t++)
            {
                final double[] z = new double[m];
                for (int q = 0; q < m; q++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        z[q] += out(v2(0, t, j)) * out(v2(q + 1, t, j));
                    }
                }
                loss += ce(z);
            }
            return loss;
        }

        /** The classification layer's CE of its step-averaged output, from layer 2's input-channel spikes. */
        double lossOut()
        {
            final double[] u = new double[m];
            for (int q = 0; q < m; q++)
            {
                for (int t = 1; t <= T; t++)
                {
                    u[q] += b[2][q];
                    for (int i = 0; i < 3; i++)
                    {
                        u[q] += w[2][q * 3 + i] * s2[0][t][i];
                    }
                }
                u[q] /= T;
            }
            return ce(u);
        }

        private double ce(final double[] z)
        {
            double max = Double.NEGATIVE_INFINITY;
            for (final double v : z)
            {
                max = Math.max(max, v);
            }
            double sum = 0.0;
            for (final double v : z)
            {
                sum += Math.exp(v - max);
            }
            return Math.log(sum) + max - z[LABEL];
        }
    }
}
