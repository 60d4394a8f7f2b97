package org.nmsim.learning.sigpropconv;

import org.nmsim.learning.sigprop.SigpropHyper;
import org.nmsim.learning.sigprop.SigpropMath;
import org.nmsim.learning.sigprop.SigpropVariant;

/**
 * NON-LOCAL float64 reference of on-chip convolutional sigprop: the model of {@link org.nmsim.learning.sigpropconv}
 * written as dense loops that read every layer's state at once. It exists only to check {@link SigconvChip} in
 * float64 mode; nothing on chip may work this way.
 *
 * <p>Parameter layouts (shared with {@link SigconvChip#parameters()}): hidden layer l = 1..L+1, where l <= L is conv
 * layer l with kernels {@code [cout][cin][k][k]} and one bias per output channel, and l = L+1 the fc hidden layer,
 * {@code [fc][inputs]} and one bias per neuron; layer L+2 the classification layer {@code [m][fc]}, bias per class;
 * S {@code [neuron of conv layer 1 in (c, y, x) order][m]}, d one per conv-1 neuron.
 *
 * <p>Threading: NOT thread safe.
 */
public final class DenseSigconvReference
{
    private final SigconvArchitecture arch;
    private final SigpropHyper hyper;
    private final double[][] w;
    private final double[][] b;
    private final double[] s;
    private final double[] d;
    private SigconvNorm norm;
    private double[][] gamma;
    private double[][] beta;
    private double[][] runMean;
    private double[][] runVar;
    private double[][][] pre;
    private double[][] gGamma;

    /**
     * @param arch  the network.
     * @param hyper the hyperparameters.
     * @param w     weights of layers 1..L+2 (index l - 1), copied.
     * @param b     biases of layers 1..L+2, copied.
     * @param s     S, copied.
     * @param d     d, copied.
     */
    public DenseSigconvReference(final SigconvArchitecture arch, final SigpropHyper hyper, final double[][] w,
        final double[][] b, final double[] s, final double[] d)
    {
        this.arch = arch;
        this.hyper = hyper;
        this.w = new double[w.length][];
        this.b = new double[b.length][];
        for (int l = 0; l < w.length; l++)
        {
            this.w[l] = w[l].clone();
            this.b[l] = b[l].clone();
        }
        this.s = s.clone();
        this.d = d.clone();
    }

    /**
     * Switches on the conv layers' running-statistics normalisation (gamma 1, beta 0, running mean 0, running
     * variance 1 per channel): each conv layer's drive c = (input current + bias) of a step becomes
     * {@code gamma (c - mean) / sqrt(var + eps) + beta} (conv 1's target channels excepted); SGD on gamma and beta; at
     * the end of a sample the running statistics move towards the mean and unbiased variance of the input channel's
     * drives over all positions and steps.
     *
     * @param n the constants.
     * @return this.
     */
    public DenseSigconvReference withNorm(final SigconvNorm n)
    {
        norm = n;
        final int depth = arch.depth();
        gamma = new double[depth + 1][];
        beta = new double[depth + 1][];
        runMean = new double[depth + 1][];
        runVar = new double[depth + 1][];
        gGamma = new double[depth + 1][];
        for (int l = 1; l <= depth; l++)
        {
            final int cout = arch.conv(l).cout();
            gamma[l] = new double[cout];
            java.util.Arrays.fill(gamma[l], 1.0);
            beta[l] = new double[cout];
            runMean[l] = new double[cout];
            runVar[l] = new double[cout];
            java.util.Arrays.fill(runVar[l], 1.0);
        }
        return this;
    }

    /**
     * @param layer conv layer 1..L.
     * @param which 0 gamma, 1 beta, 2 running mean, 3 running variance.
     * @return a copy (empty without normalisation).
     */
    public double[] normalisation(final int layer, final int which)
    {
        if (norm == null)
        {
            return new double[0];
        }
        return (which == 0 ? gamma : which == 1 ? beta : which == 2 ? runMean : runVar)[layer].clone();
    }

    private int neurons(final int l)
    {
        return l <= arch.depth() ? arch.conv(l).cout() * arch.conv(l).hin() * arch.conv(l).win() : arch.fc();
    }

    private int inputsOf(final int l)
    {
        return l <= arch.depth() ? arch.conv(l).inputs() : arch.fcInputs();
    }

    private int unitsOf(final int l)
    {
        return l <= arch.depth() ? arch.conv(l).pooled() : arch.fc();
    }

    /**
     * Trains on one sample.
     *
     * @param x     intensities in [0, 1].
     * @param label the class.
     * @return the classification layer's prediction (before the update).
     */
    public int trainSample(final double[] x, final int label)
    {
        final boolean fsp = hyper.variant().forwardsTargets();
        final int m = arch.classes();
        final int ch = fsp ? m + 1 : 1;
        final int hidden = arch.depth() + 1;
        final int steps = hyper.steps();
        final double vth = hyper.vth();
        final boolean surrogate = hyper.variant() == SigpropVariant.SURROGATE;
        final double[][][] v = new double[hidden + 1][][];
        final boolean[][][] spk = new boolean[hidden + 1][][];
        final double[][][] a = new double[hidden + 1][][];
        final double[][] gw = new double[hidden + 1][];
        final double[][] gb = new double[hidden + 1][];
        final double[] gs = new double[s.length];
        final double[] gd = new double[d.length];
        for (int l = 1; l <= hidden; l++)
        {
            v[l] = new double[ch][neurons(l)];
            spk[l] = new boolean[ch][neurons(l)];
            a[l] = new double[l == 1 ? 1 : ch][inputsOf(l)];
            gw[l] = new double[w[l - 1].length];
            gb[l] = new double[b[l - 1].length];
        }
        final double[] uSum = new double[m];
        final double[] count = new double[arch.fc()];
        final double[][][] drives = new double[arch.depth() + 1][steps][];
        if (norm != null)
        {
            pre = new double[arch.depth() + 1][][];
            for (int l = 1; l <= arch.depth(); l++)
            {
                pre[l] = new double[ch][neurons(l)];
                gGamma[l] = new double[arch.conv(l).cout()];
            }
        }
        for (int t = 1; t <= steps; t++)
        {
            double[][] below = new double[][] {x};
            for (int l = 1; l <= hidden; l++)
            {
                final boolean conv = l <= arch.depth();
                final int n = neurons(l);
                final int nIn = inputsOf(l);
                final double[][] cur = new double[ch][n];
                for (int c = 0; c < ch; c++)
                {
                    if (l == 1 && c > 0)
                    {
                        for (int j = 0; j < n; j++)
                        {
                            cur[c][j] = s[j * m + c - 1];
                        }
                        continue;
                    }
                    for (int j = 0; j < n; j++)
                    {
                        cur[c][j] = conv ? convSum(arch.conv(l), w[l - 1], below[c], j) : fcSum(w[l - 1], below[c],
                            j, nIn);
                    }
                }
                for (int c = 0; c < a[l].length; c++)
                {
                    for (int i = 0; i < nIn; i++)
                    {
                        a[l][c][i] += below[c][i];
                    }
                }
                final double[][] h = new double[ch][n];
                final double[][] dg = new double[ch][n];
                for (int c = 0; c < ch; c++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        final double bias = l == 1 && c > 0 ? d[j] : b[l - 1][conv ? j / (arch.conv(l).hin() *
                            arch.conv(l).win()) : j];
                        double in = cur[c][j] + bias;
                        if (norm != null && conv && !(l == 1 && c > 0))
                        {
                            final int co = j / (arch.conv(l).hin() * arch.conv(l).win());
                            pre[l][c][j] += in;
                            if (c == 0)
                            {
                                if (drives[l][t - 1] == null)
                                {
                                    drives[l][t - 1] = new double[n];
                                }
                                drives[l][t - 1][j] = in;
                            }
                            in = gamma[l][co] * (in - runMean[l][co]) / Math.sqrt(runVar[l][co] + norm.eps()) +
                                beta[l][co];
                        }
                        final double nv = v[l][c][j] - (spk[l][c][j] ? vth : 0.0) + in;
                        v[l][c][j] = nv;
                        spk[l][c][j] = nv >= vth;
                        h[c][j] = surrogate ? SigpropMath.spike(nv - vth) : nv;
                        dg[c][j] = surrogate ? SigpropMath.slope(nv - vth) : 1.0;
                    }
                }
                // pooling: unit u of channel c -> pooled spike (OR), pooled h (max), arg (first max in raster order)
                final int units = unitsOf(l);
                final double[][] out = new double[ch][units];
                final double[][] hp = new double[ch][units];
                final int[][] arg = new int[ch][units];
                for (int c = 0; c < ch; c++)
                {
                    for (int u = 0; u < units; u++)
                    {
                        final int[] members = conv ? poolMembers(arch.conv(l), u) : new int[] {u};
                        int best = members[0];
                        boolean any = false;
                        for (final int j : members)
                        {
                            any |= spk[l][c][j];
                            if (h[c][j] > h[c][best])
                            {
                                best = j;
                            }
                        }
                        out[c][u] = any ? 1.0 : 0.0;
                        hp[c][u] = h[c][best];
                        arg[c][u] = best;
                    }
                }
                if (fsp)
                {
                    localLoss(l, t, label, hp, arg, dg, a[l], gw[l], gb[l], gs, gd);
                }
                below = out;
            }
            final int nPre = arch.fc();
            for (int q = 0; q < m; q++)
            {
                double u = 0.0;
                for (int i = 0; i < nPre; i++)
                {
                    if (below[0][i] != 0.0)
                    {
                        u += w[hidden][q * nPre + i];
                    }
                }
                uSum[q] += u + b[hidden][q];
            }
            for (int i = 0; i < nPre; i++)
            {
                count[i] += below[0][i];
            }
        }
        int best = 0;
        for (int q = 1; q < m; q++)
        {
            if (uSum[q] > uSum[best])
            {
                best = q;
            }
        }
        final double[] ubar = new double[m];
        for (int q = 0; q < m; q++)
        {
            ubar[q] = uSum[q] / steps;
        }
        final double[] e = softmaxError(ubar, label);
        final int nPre = arch.fc();
        for (int i = 0; i < nPre; i++)
        {
            if (count[i] == 0.0)
            {
                continue;
            }
            final double rate = count[i] / steps;
            for (int q = 0; q < m; q++)
            {
                w[hidden][q * nPre + i] = w[hidden][q * nPre + i] - hyper.etaReadout() * (e[q] * rate);
            }
        }
        for (int q = 0; q < m; q++)
        {
            b[hidden][q] = b[hidden][q] - hyper.etaReadout() * e[q];
        }
        if (fsp)
        {
            final double eta = hyper.eta();
            for (int l = 1; l <= hidden; l++)
            {
                final boolean normed = norm != null && l <= arch.depth();
                final int kn = l <= arch.depth() ? arch.conv(l).kernel() : 1;
                for (int i = 0; i < gw[l].length; i++)
                {
                    final double scale = normed ? gamma[l][i / kn] / Math.sqrt(runVar[l][i / kn] + norm.eps()) : 1.0;
                    w[l - 1][i] = w[l - 1][i] - eta * scale * gw[l][i];
                }
                for (int i = 0; i < gb[l].length; i++)
                {
                    final double scale = normed ? gamma[l][i] / Math.sqrt(runVar[l][i] + norm.eps()) : 1.0;
                    b[l - 1][i] = b[l - 1][i] - eta * scale * gb[l][i];
                }
                if (normed)
                {
                    updateNorm(l, eta, gb[l], drives[l]);
                }
            }
            for (int i = 0; i < s.length; i++)
            {
                s[i] = s[i] - eta * gs[i];
            }
            for (int i = 0; i < d.length; i++)
            {
                d[i] = d[i] - eta * gd[i];
            }
        }
        return best;
    }

    /** SGD on gamma and beta of conv layer l, then the running statistics from the sample's drives [t][neuron]. */
    private void updateNorm(final int l, final double eta, final double[] gBeta, final double[][] drives)
    {
        final SigconvArchitecture.Conv cv = arch.conv(l);
        final int hw = cv.hin() * cv.win();
        final double mom = norm.momentum();
        for (int co = 0; co < cv.cout(); co++)
        {
            gamma[l][co] = gamma[l][co] - eta * gGamma[l][co];
            beta[l][co] = beta[l][co] - eta * gBeta[co];
            double mean = 0.0;
            for (final double[] step : drives)
            {
                for (int y = 0; y < hw; y++)
                {
                    mean += step[co * hw + y];
                }
            }
            final int n = drives.length * hw;
            mean /= n;
            double ss = 0.0;
            for (final double[] step : drives)
            {
                for (int y = 0; y < hw; y++)
                {
                    final double dev = step[co * hw + y] - mean;
                    ss += dev * dev;
                }
            }
            runMean[l][co] = (1 - mom) * runMean[l][co] + mom * mean;
            runVar[l][co] = (1 - mom) * runVar[l][co] + mom * (n > 1 ? ss / (n - 1) : 0.0);
        }
    }

    private static double convSum(final SigconvArchitecture.Conv cv, final double[] k, final double[] in, final int j)
    {
        final int hw = cv.hin() * cv.win();
        final int co = j / hw;
        final int oy = j % hw / cv.win();
        final int ox = j % cv.win();
        double sum = 0.0;
        for (int ci = 0; ci < cv.cin(); ci++)
        {
            for (int ky = 0; ky < cv.k(); ky++)
            {
                final int iy = oy + ky - cv.pad();
                for (int kx = 0; kx < cv.k(); kx++)
                {
                    final int ix = ox + kx - cv.pad();
                    if (iy >= 0 && iy < cv.hin() && ix >= 0 && ix < cv.win())
                    {
                        final double val = in[(ci * cv.hin() + iy) * cv.win() + ix];
                        if (val != 0.0)
                        {
                            sum += k[co * cv.kernel() + (ci * cv.k() + ky) * cv.k() + kx] * val;
                        }
                    }
                }
            }
        }
        return sum;
    }

    private static double fcSum(final double[] wl, final double[] in, final int j, final int nIn)
    {
        double sum = 0.0;
        for (int i = 0; i < nIn; i++)
        {
            if (in[i] != 0.0)
            {
                sum += wl[j * nIn + i] * in[i];
            }
        }
        return sum;
    }

    /** @return the 4 pre-pool neurons of pooled unit u = (c, py, px), in raster order. */
    static int[] poolMembers(final SigconvArchitecture.Conv cv, final int u)
    {
        final int c = u / (cv.hp() * cv.wp());
        final int py = u % (cv.hp() * cv.wp()) / cv.wp();
        final int px = u % cv.wp();
        final int[] out = new int[4];
        for (int k = 0; k < 4; k++)
        {
            out[k] = (c * cv.hin() + 2 * py + k / 2) * cv.win() + 2 * px + k % 2;
        }
        return out;
    }

    private void localLoss(final int l, final int t, final int label, final double[][] hp, final int[][] arg,
        final double[][] dg, final double[][] a, final double[] gw, final double[] gb, final double[] gs,
        final double[] gd)
    {
        final int m = arch.classes();
        final int units = hp[0].length;
        final int n = neurons(l);
        final double[] z = new double[m];
        for (int q = 0; q < m; q++)
        {
            for (int u = 0; u < units; u++)
            {
                z[q] += hp[0][u] * hp[q + 1][u];
            }
        }
        final double[] e = softmaxError(z, label);
        final double[][] delta = new double[m + 1][n];
        for (int u = 0; u < units; u++)
        {
            double g0 = 0.0;
            for (int q = 0; q < m; q++)
            {
                g0 += e[q] * hp[q + 1][u];
            }
            delta[0][arg[0][u]] = g0 * dg[0][arg[0][u]];
            for (int q = 0; q < m; q++)
            {
                delta[q + 1][arg[q + 1][u]] = e[q] * hp[0][u] * dg[q + 1][arg[q + 1][u]];
            }
        }
        final int used = l == 1 ? 1 : m + 1;
        final boolean conv = l <= arch.depth();
        final int nIn = inputsOf(l);
        for (int j = 0; j < n; j++)
        {
            double sum = 0.0;
            for (int c = 0; c < used; c++)
            {
                sum += delta[c][j];
            }
            if (conv)
            {
                final SigconvArchitecture.Conv cv = arch.conv(l);
                final int hw = cv.hin() * cv.win();
                final int co = j / hw;
                final int oy = j % hw / cv.win();
                final int ox = j % cv.win();
                gb[co] += t * sum;
                if (norm != null)
                {
                    double gg = 0.0;
                    for (int c = 0; c < used; c++)
                    {
                        gg += delta[c][j] * (pre[l][c][j] - t * runMean[l][co]) / Math.sqrt(runVar[l][co] +
                            norm.eps());
                    }
                    gGamma[l][co] += gg;
                }
                for (int ci = 0; ci < cv.cin(); ci++)
                {
                    for (int ky = 0; ky < cv.k(); ky++)
                    {
                        final int iy = oy + ky - cv.pad();
                        for (int kx = 0; kx < cv.k(); kx++)
                        {
                            final int ix = ox + kx - cv.pad();
                            if (iy >= 0 && iy < cv.hin() && ix >= 0 && ix < cv.win())
                            {
                                final int i = (ci * cv.hin() + iy) * cv.win() + ix;
                                double g = 0.0;
                                for (int c = 0; c < used; c++)
                                {
                                    g += delta[c][j] * a[c][i];
                                }
                                gw[co * cv.kernel() + (ci * cv.k() + ky) * cv.k() + kx] += g;
                            }
                        }
                    }
                }
            }
            else
            {
                gb[j] += t * sum;
                for (int i = 0; i < nIn; i++)
                {
                    double g = 0.0;
                    for (int c = 0; c < used; c++)
                    {
                        g += delta[c][j] * a[c][i];
                    }
                    gw[j * nIn + i] += g;
                }
            }
            if (l == 1)
            {
                double sd = 0.0;
                for (int q = 0; q < m; q++)
                {
                    gs[j * m + q] += t * delta[q + 1][j];
                    sd += delta[q + 1][j];
                }
                gd[j] += t * sd;
            }
        }
    }

    private double[] softmaxError(final double[] z, final int label)
    {
        final int m = z.length;
        double max = z[0];
        for (int q = 1; q < m; q++)
        {
            max = Math.max(max, z[q]);
        }
        final double[] e = new double[m];
        double sum = 0.0;
        for (int q = 0; q < m; q++)
        {
            e[q] = Math.exp(z[q] - max);
            sum += e[q];
        }
        for (int q = 0; q < m; q++)
        {
            e[q] = e[q] / sum;
        }
        if (label >= 0)
        {
            e[label] -= 1.0;
        }
        return e;
    }

    /**
     * @param layer 1..L+2.
     * @return a copy of the layer's weights.
     */
    public double[] weights(final int layer)
    {
        return w[layer - 1].clone();
    }

    /**
     * @param layer 1..L+2.
     * @return a copy of the layer's biases.
     */
    public double[] biases(final int layer)
    {
        return b[layer - 1].clone();
    }

    /** @return a copy of S. */
    public double[] targetWeights()
    {
        return s.clone();
    }

    /** @return a copy of d. */
    public double[] targetBiases()
    {
        return d.clone();
    }
}
