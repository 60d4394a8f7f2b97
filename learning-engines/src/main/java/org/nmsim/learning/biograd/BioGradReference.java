package org.nmsim.learning.biograd;

import java.util.Arrays;

import org.nmsim.kernel.SplitMix64;

/**
 * <b>NON-LOCAL float64 reference</b> of BioGrad (paper 004): dense matrices, one loop over time, every layer's state
 * in one place, written from the paper's equations independently of the cores' code. It exists to check the chip
 * ({@link BioGradChip} in float64 must match it to rounding), never to run on one. It follows the chip's protocol
 * exactly: the same segment numbering for {@link SpikeDraws}, the same sleep schedule and rate draws.
 *
 * <p>Equations (per sample; W^l as [post][pre]; layer N is the output):
 * <pre>
 *   v^l(t) = d_v v^l(t-1) (1 - o^l(t-1)) + W^(l-1) o^(l-1)(t);  o^l(t) = v^l(t) &gt; V_th        (eq. 1)
 *   Tr_pre^l(t) = d_v Decay^l(t) Tr_pre^l(t-1) + o^(l-1)(t);  Decay^l(t) = 1 - o^l(t-1) - v^l(t-1) z(v^l(t-1)) (eq. 5)
 *   Tr_corr^l(t) = Tr_corr^l(t-1) + Tr_pre^l(t) z(v^l(t))                                    (eq. 6, App. A eq. 10)
 *   Output(t) = sum o^N; e(t) = softmax(Output(t)) - onehot, for 0-based t &gt;= t_error          (eq. 2)
 *   error neurons: IF, soft reset; v_a^l += B^l (o_pos - o_neg)                                  (eq. 3)
 *   W^(l-1) -= eta v_a^l / (T - t_error) Tr_corr^l  (output: v_a = pos - neg spike counts)      (eq. 7)
 *   sleep: B^l += beta (sum_b Tr_hid Tr_err^T - mean_b(Tr_err^2) B^l)                            (eq. 9-11)
 * </pre>
 * The Loihi variant (Appendix E) uses d_v = 1, {@code z = b o}, per-presynaptic traces and a spiking apical unit.
 *
 * <p>Threading: NOT thread safe.
 */
public final class BioGradReference
{
    private final int[] sizes;
    private final BioGradParams p;
    private final SpikeDraws draws;
    private final long seed;
    private final double[][] w;
    private final double[][] b;
    private final SplitMix64 unused = new SplitMix64(0);
    private long segment;
    private long samples;
    private long cycles;
    private double loss;

    /**
     * @param sizes    layer sizes.
     * @param p        parameters (float64: {@code precisionBits} must be 0).
     * @param w        initial W^l as [post][pre] (copied).
     * @param feedback initial B^l as [neuron][class] for hidden layers (copied).
     * @param draws    the random spikes (must not depend on a core stream: {@link SpikeDraws#counterHash}).
     * @param seed     the seed the chip was built with (for the sleep rates).
     */
    public BioGradReference(final int[] sizes, final BioGradParams p, final double[][] w, final double[][] feedback,
        final SpikeDraws draws, final long seed)
    {
        if (p.precisionBits() != 0)
        {
            throw new IllegalArgumentException("precisionBits=" + p.precisionBits() +
                ": the reference is float64 only (precisionBits=0)");
        }
        this.sizes = sizes.clone();
        this.p = p;
        this.draws = draws;
        this.seed = seed;
        this.w = new double[w.length][];
        for (int l = 0; l < w.length; l++)
        {
            this.w[l] = w[l].clone();
        }
        this.b = new double[feedback.length][];
        for (int l = 0; l < feedback.length; l++)
        {
            this.b[l] = feedback[l].clone();
        }
    }

    /**
     * @param x     intensities.
     * @param label label.
     * @return the prediction before the update.
     */
    public int trainSample(final double[] x, final int label)
    {
        final int pred = run(x, label, true);
        samples++;
        if (p.sleep() && !p.loihi() && samples % p.sleepEvery() == 0)
        {
            sleepPhase();
        }
        return pred;
    }

    /**
     * @param x intensities.
     * @return the prediction.
     */
    public int predict(final double[] x)
    {
        return run(x, 0, false);
    }

    private int run(final double[] x, final int label, final boolean learn)
    {
        final long seg = segment++;
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final int tt = p.steps();
        final double dv = p.dv();
        final double[][] v = new double[n + 1][];
        final boolean[][] o = new boolean[n + 1][];
        final double[][] decay = new double[n + 1][];
        final double[][][] pre = new double[n + 1][][];
        final double[][][] corr = new double[n + 1][][];
        final double[][] va = new double[n + 1][];
        final double[][] apicalCount = new double[n + 1][];
        for (int l = 1; l <= n; l++)
        {
            v[l] = new double[sizes[l]];
            o[l] = new boolean[sizes[l]];
            decay[l] = new double[sizes[l]];
            Arrays.fill(decay[l], 1.0);
            pre[l] = new double[p.loihi() ? 1 : sizes[l]][sizes[l - 1]];
            corr[l] = new double[sizes[l]][sizes[l - 1]];
            va[l] = new double[sizes[l]];
            apicalCount[l] = new double[sizes[l]];
        }
        final double[] count = new double[m];
        final double[] uPos = new double[m];
        final double[] uNeg = new double[m];
        final boolean[] sPos = new boolean[m];
        final boolean[] sNeg = new boolean[m];
        final double[] prob = new double[m];
        o[0] = new boolean[sizes[0]];
        for (int t = 1; t <= tt; t++)
        {
            for (int i = 0; i < sizes[0]; i++)
            {
                o[0][i] = x[i] > 0.0 && draws.spike(unused, SpikeDraws.INPUT, seg, i, t, x[i]);
            }
            for (int l = 1; l <= n; l++)
            {
                layerStep(l, o[l - 1], null, v[l], o[l], learn ? decay[l] : null, learn ? pre[l] : null, corr[l]);
            }
            for (int q = 0; q < m; q++)
            {
                count[q] += o[n][q] ? 1.0 : 0.0;
            }
            if (learn && t - 1 >= p.tError())
            {
                softmax(count, prob);
                final double th = p.errorThreshold();
                for (int q = 0; q < m; q++)
                {
                    final double e = prob[q] - (q == label ? 1.0 : 0.0);
                    uPos[q] += e - (sPos[q] ? th : 0.0);
                    uNeg[q] += -e - (sNeg[q] ? th : 0.0);
                    sPos[q] = uPos[q] > th;
                    sNeg[q] = uNeg[q] > th;
                    final double d = (sPos[q] ? 1.0 : 0.0) - (sNeg[q] ? 1.0 : 0.0);
                    va[n][q] += d;
                    for (int l = 1; l < n; l++)
                    {
                        for (int j = 0; j < sizes[l]; j++)
                        {
                            va[l][j] += d * b[l - 1][j * m + q];
                        }
                    }
                }
            }
            if (learn && p.loihi())
            {
                final double th = p.apicalThreshold();
                for (int l = 1; l < n; l++)
                {
                    for (int j = 0; j < sizes[l]; j++)
                    {
                        if (va[l][j] > th)
                        {
                            va[l][j] -= th;
                            apicalCount[l][j] += 1.0;
                        }
                        else if (va[l][j] < -th)
                        {
                            va[l][j] += th;
                            apicalCount[l][j] -= 1.0;
                        }
                    }
                }
            }
        }
        int pred = 0;
        for (int q = 1; q < m; q++)
        {
            if (count[q] > count[pred])
            {
                pred = q;
            }
        }
        softmax(count, prob);
        loss = -Math.log(Math.max(prob[label], Double.MIN_NORMAL));
        if (learn)
        {
            for (int l = 1; l <= n; l++)
            {
                final int nPre = sizes[l - 1];
                for (int j = 0; j < sizes[l]; j++)
                {
                    final double g = (p.loihi() && l < n ? p.apicalThreshold() * apicalCount[l][j] : va[l][j]) /
                        p.errorSteps();
                    for (int i = 0; i < nPre; i++)
                    {
                        w[l - 1][j * nPre + i] -= p.eta() * g * corr[l][j][i];
                    }
                }
            }
        }
        return pred;
    }

    /**
     * One step of layer l: eq. 1 with input spikes {@code in} (minus {@code neg} when given), and, when {@code pre}
     * is given, the traces.
     */
    private void layerStep(final int l, final boolean[] in, final boolean[] neg, final double[] v, final boolean[] o,
        final double[] decay, final double[][] pre, final double[][] corr)
    {
        final int nPre = sizes[l - 1];
        final double[] wl = w[l - 1];
        for (int j = 0; j < sizes[l]; j++)
        {
            double input = 0.0;
            for (int i = 0; i < nPre; i++)
            {
                input += (in[i] ? wl[j * nPre + i] : 0.0) - (neg != null && neg[i] ? wl[j * nPre + i] : 0.0);
            }
            v[j] = p.dv() * v[j] * (o[j] ? 0.0 : 1.0) + input;
            o[j] = v[j] > p.vth();
        }
        if (pre == null)
        {
            return;
        }
        if (p.loihi())
        {
            for (int i = 0; i < nPre; i++)
            {
                pre[0][i] = p.dv() * pre[0][i] + (in[i] ? 1.0 : 0.0);
            }
            for (int j = 0; j < sizes[l]; j++)
            {
                if (o[j])
                {
                    for (int i = 0; i < nPre; i++)
                    {
                        corr[j][i] += pre[0][i] * p.amplification();
                    }
                }
            }
            return;
        }
        for (int j = 0; j < sizes[l]; j++)
        {
            final double z = p.pseudoGradient(v[j]);
            for (int i = 0; i < nPre; i++)
            {
                pre[j][i] = p.dv() * decay[j] * pre[j][i] + (in[i] ? 1.0 : 0.0);
                corr[j][i] += pre[j][i] * z;
            }
            decay[j] = 1.0 - (o[j] ? 1.0 : 0.0) - v[j] * z;
        }
    }

    /** Eq. 9-11 for every hidden layer in turn (top first), {@code sleepCycles} times. */
    public void sleepPhase()
    {
        final int n = sizes.length - 1;
        final int m = sizes[n];
        for (int c = 0; c < p.sleepCycles(); c++)
        {
            for (int s = n - 1; s >= 1; s--)
            {
                final double rate = BioGradChip.sleepRate(seed, p, cycles, s);
                final double[] hebb = new double[sizes[s] * m];
                final double[] oja = new double[m];
                for (int bt = 0; bt < p.sleepBatch(); bt++)
                {
                    final long seg = segment++;
                    final double[] trHid = new double[sizes[s]];
                    final double[] trErr = new double[m];
                    final double[][] v = new double[n + 1][];
                    final boolean[][] o = new boolean[n + 1][];
                    for (int l = s + 1; l <= n; l++)
                    {
                        v[l] = new double[sizes[l]];
                        o[l] = new boolean[sizes[l]];
                    }
                    final boolean[] pos = new boolean[sizes[s]];
                    final boolean[] neg = new boolean[sizes[s]];
                    for (int t = 1; t <= p.sleepSteps(); t++)
                    {
                        for (int j = 0; j < sizes[s]; j++)
                        {
                            pos[j] = rate > 0.0 && draws.spike(unused, SpikeDraws.SLEEP_POSITIVE, seg, j, t, rate);
                            neg[j] = rate > 0.0 && draws.spike(unused, SpikeDraws.SLEEP_NEGATIVE, seg, j, t, rate);
                            trHid[j] += (pos[j] ? 1.0 : 0.0) - (neg[j] ? 1.0 : 0.0);
                        }
                        layerStep(s + 1, pos, neg, v[s + 1], o[s + 1], null, null, null);
                        for (int l = s + 2; l <= n; l++)
                        {
                            layerStep(l, o[l - 1], null, v[l], o[l], null, null, null);
                        }
                        for (int q = 0; q < m; q++)
                        {
                            trErr[q] += o[n][q] ? 1.0 : 0.0;
                        }
                    }
                    for (int j = 0; j < sizes[s]; j++)
                    {
                        for (int q = 0; q < m; q++)
                        {
                            hebb[j * m + q] += trHid[j] * trErr[q];
                        }
                    }
                    for (int q = 0; q < m; q++)
                    {
                        oja[q] += trErr[q] * trErr[q];
                    }
                }
                final double[] bs = b[s - 1];
                for (int j = 0; j < sizes[s]; j++)
                {
                    for (int q = 0; q < m; q++)
                    {
                        bs[j * m + q] += p.sleepLr() * (hebb[j * m + q] - oja[q] / p.sleepBatch() * bs[j * m + q]);
                    }
                }
            }
            cycles++;
        }
    }

    /** Loihi variant, end of epoch: B set to eq. 4 of the current weights. */
    public void reloadFeedback()
    {
        final double[][] fwd = BioGradChip.forwardProduct(sizes, w);
        for (int l = 0; l < b.length; l++)
        {
            b[l] = fwd[l];
        }
    }

    private static void softmax(final double[] c, final double[] out)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (final double x : c)
        {
            max = Math.max(max, x);
        }
        double sum = 0.0;
        for (int q = 0; q < c.length; q++)
        {
            out[q] = Math.exp(c[q] - max);
            sum += out[q];
        }
        for (int q = 0; q < c.length; q++)
        {
            out[q] /= sum;
        }
    }

    /**
     * @param l weight layer (0-based).
     * @return a copy of W^l as [post][pre].
     */
    public double[] weights(final int l)
    {
        return w[l].clone();
    }

    /**
     * @param l hidden layer (1-based).
     * @return a copy of B^l as [neuron][class].
     */
    public double[] feedback(final int l)
    {
        return b[l - 1].clone();
    }

    /** @return the last sample's cross-entropy of softmax(Output(T)). */
    public double loss()
    {
        return loss;
    }
}
