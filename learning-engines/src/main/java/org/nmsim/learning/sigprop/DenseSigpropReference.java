package org.nmsim.learning.sigprop;

import java.util.Arrays;

/**
 * NON-LOCAL float64 reference of on-chip sigprop: the package's model ({@link org.nmsim.learning.sigprop}) written as
 * dense matrix code that reads every layer's state at once. It exists only to check {@link SigpropChip} in float64
 * mode (exact functions, {@link SigpropMath.Mode#EXACT}); nothing on chip may work this way.
 *
 * <p>Threading: NOT thread safe.
 */
public final class DenseSigpropReference
{
    private final int[] sizes;
    private final SigpropHyper hyper;
    private final int n;
    private final int m;
    private final int r;
    private final double[][] w;
    private final double[][] b;
    private final double[] s;
    private final double[] d;
    private final long[] targetSpikes;
    private final int[] exits;
    private double loopEta;

    /**
     * @param sizes layer sizes, input first, classes last.
     * @param hyper the hyperparameters.
     * @param w     W^l as [post][pre], l = 0..N-1 (copied).
     * @param b     b^{l+1} (copied).
     * @param s     S as [neuron][class] for all n1 layer-1 neurons (copied).
     * @param d     d for all n1 layer-1 neurons (copied).
     */
    public DenseSigpropReference(final int[] sizes, final SigpropHyper hyper, final double[][] w, final double[][] b,
        final double[] s, final double[] d)
    {
        this.sizes = sizes.clone();
        this.hyper = hyper;
        this.n = sizes.length - 1;
        this.m = sizes[n];
        this.r = hyper.targetsOf(sizes[1]);
        this.w = new double[n][];
        this.b = new double[n][];
        for (int l = 0; l < n; l++)
        {
            this.w[l] = w[l].clone();
            this.b[l] = b[l].clone();
        }
        this.s = s.clone();
        this.d = d.clone();
        targetSpikes = new long[n];
        exits = new int[n - 1];
    }

    /**
     * @param eta eq. 12's error integration on the target loop (0: eq. 11's plain loop).
     * @return this reference.
     */
    public DenseSigpropReference withLoopEta(final double eta)
    {
        this.loopEta = eta;
        return this;
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
        final int ch = fsp ? m + 1 : 1;
        final int steps = hyper.steps();
        final double vth = hyper.vth();
        final boolean surrogate = hyper.variant() == SigpropVariant.SURROGATE;
        final boolean tg = hyper.targetGrad();
        // per hidden layer l (index l-1): state per channel and neuron, traces per channel and presynaptic neuron
        final double[][][] v = new double[n][][];
        final boolean[][][] spk = new boolean[n][][];
        final double[][][] a = new double[n][][];
        final double[][] gradW = new double[n][];
        final double[][] gradB = new double[n][];
        final double[] gradS = new double[s.length];
        final double[] gradD = new double[d.length];
        final double[][] zSum = new double[n][m];
        for (int l = 1; l < n; l++)
        {
            v[l] = new double[ch][sizes[l]];
            spk[l] = new boolean[ch][sizes[l]];
            a[l] = new double[l == 1 ? 1 : ch][sizes[l - 1]];
            gradW[l] = new double[sizes[l] * sizes[l - 1]];
            gradB[l] = new double[sizes[l]];
        }
        final double[] uSum = new double[m];
        final double[] count = new double[sizes[n - 1]];
        final boolean loop = fsp && hyper.loop();
        final double[] yPrev = new double[m];
        final double[] loopTrace = new double[m];
        for (int t = 1; t <= steps; t++)
        {
            for (int p = 0; loop && p < m; p++)
            {
                loopTrace[p] += yPrev[p];
            }
            // the spikes (per channel) the layer below sent in this step; layer 0 sends intensities on channel 0
            double[][] below = new double[][] {x};
            for (int l = 1; l < n; l++)
            {
                final int size = sizes[l];
                final int nPre = sizes[l - 1];
                final double[][] input = new double[ch][size];
                for (int j = 0; j < size; j++)
                {
                    for (int i = 0; i < nPre; i++)
                    {
                        if (below[0][i] != 0.0)
                        {
                            input[0][j] += w[l - 1][j * nPre + i] * below[0][i];
                        }
                    }
                }
                for (int c = 1; c < ch; c++)
                {
                    for (int j = 0; j < size; j++)
                    {
                        if (l == 1)
                        {
                            input[c][j] = j < r ? s[j * m + c - 1] : 0.0;
                            for (int p = 0; loop && j < r && t > 1 && p < m; p++)
                            {
                                input[c][j] += s[j * m + p] * yPrev[p];
                            }
                        }
                        else
                        {
                            for (int i = 0; i < nPre; i++)
                            {
                                if (below[c][i] != 0.0)
                                {
                                    input[c][j] += w[l - 1][j * nPre + i];
                                }
                            }
                        }
                    }
                }
                if (fsp)
                {
                    for (int c = 0; c < a[l].length; c++)
                    {
                        for (int i = 0; i < nPre; i++)
                        {
                            a[l][c][i] += below[c][i];
                        }
                    }
                }
                final double[][] h = new double[ch][size];
                final double[][] dg = new double[ch][size];
                final double[][] out = new double[ch][size];
                for (int c = 0; c < ch; c++)
                {
                    final int neurons = l == 1 && c > 0 ? r : size;
                    for (int j = 0; j < neurons; j++)
                    {
                        final double bias = l == 1 && c > 0 ? d[j] : b[l - 1][j];
                        final double nv = v[l][c][j] - (spk[l][c][j] ? vth : 0.0) + input[c][j] + bias;
                        v[l][c][j] = nv;
                        spk[l][c][j] = nv >= vth;
                        out[c][j] = spk[l][c][j] ? 1.0 : 0.0;
                        if (c > 0 && spk[l][c][j])
                        {
                            targetSpikes[l]++;
                        }
                        h[c][j] = surrogate ? SigpropMath.spike(nv - vth) : nv;
                        dg[c][j] = surrogate ? SigpropMath.slope(nv - vth) : 1.0;
                    }
                }
                if (fsp)
                {
                    localLoss(l, t, label, h, dg, a[l], gradW[l], gradB[l], gradS, gradD, zSum[l - 1], tg,
                        loop ? loopTrace : null);
                }
                below = out;
            }
            // classification layer: input channel only
            final int nPre = sizes[n - 1];
            final double[] uNow = new double[m];
            for (int q = 0; q < m; q++)
            {
                double u = 0.0;
                for (int i = 0; i < nPre; i++)
                {
                    if (below[0][i] != 0.0)
                    {
                        u += w[n - 1][q * nPre + i];
                    }
                }
                uNow[q] = u + b[n - 1][q];
                uSum[q] += uNow[q];
            }
            if (loop)
            {
                final double[] y = softmaxError(uNow, -1);
                for (int p = 0; loopEta > 0.0 && p < m; p++)
                {
                    y[p] = y[p] - loopEta * (y[p] - (p == label ? 1.0 : 0.0));
                }
                System.arraycopy(y, 0, yPrev, 0, m);
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
        for (int l = 1; l < n; l++)
        {
            int e = 0;
            for (int q = 1; q < m; q++)
            {
                if (zSum[l - 1][q] > zSum[l - 1][e])
                {
                    e = q;
                }
            }
            exits[l - 1] = fsp ? e : -1;
        }
        // updates: classification layer from its own cross entropy of the averaged output
        final double[] ubar = new double[m];
        for (int q = 0; q < m; q++)
        {
            ubar[q] = uSum[q] / steps;
        }
        final double[] e = softmaxError(ubar, label);
        final int nPre = sizes[n - 1];
        for (int i = 0; i < nPre; i++)
        {
            if (count[i] == 0.0)
            {
                continue;
            }
            final double rate = count[i] / steps;
            for (int q = 0; q < m; q++)
            {
                w[n - 1][q * nPre + i] = w[n - 1][q * nPre + i] - hyper.etaReadout() * (e[q] * rate);
            }
        }
        for (int q = 0; q < m; q++)
        {
            b[n - 1][q] = b[n - 1][q] - hyper.etaReadout() * e[q];
        }
        if (fsp)
        {
            final double eta = hyper.eta();
            for (int l = 1; l < n; l++)
            {
                for (int x2 = 0; x2 < gradW[l].length; x2++)
                {
                    if (gradW[l][x2] != 0.0)
                    {
                        w[l - 1][x2] = w[l - 1][x2] - eta * gradW[l][x2];
                    }
                }
                for (int j = 0; j < sizes[l]; j++)
                {
                    b[l - 1][j] = b[l - 1][j] - eta * gradB[l][j];
                }
            }
            for (int x2 = 0; x2 < r * m; x2++)
            {
                s[x2] = s[x2] - eta * gradS[x2];
            }
            for (int j = 0; j < r; j++)
            {
                d[j] = d[j] - eta * gradD[j];
            }
        }
        return best;
    }

    private void localLoss(final int l, final int t, final int label, final double[][] h, final double[][] dg,
        final double[][] a, final double[] gradW, final double[] gradB, final double[] gradS, final double[] gradD,
        final double[] zSum, final boolean tg, final double[] loopTrace)
    {
        final int size = sizes[l];
        final int nPre = sizes[l - 1];
        final int nT = l == 1 ? r : size;
        final double[] z = new double[m];
        for (int q = 0; q < m; q++)
        {
            for (int j = 0; j < nT; j++)
            {
                z[q] += h[0][j] * h[q + 1][j];
            }
            zSum[q] += z[q];
        }
        final double[] e = softmaxError(z, label);
        final double[][] delta = new double[m + 1][size];
        for (int j = 0; j < nT; j++)
        {
            double g0 = 0.0;
            for (int q = 0; q < m; q++)
            {
                g0 += e[q] * h[q + 1][j];
            }
            delta[0][j] = g0 * dg[0][j];
            for (int q = 0; tg && q < m; q++)
            {
                delta[q + 1][j] = e[q] * h[0][j] * dg[q + 1][j];
            }
        }
        final int used = l == 1 ? 1 : tg ? m + 1 : 1;
        for (int j = 0; j < nT; j++)
        {
            for (int i = 0; i < nPre; i++)
            {
                for (int c = 0; c < used; c++)
                {
                    if (a[c][i] != 0.0)
                    {
                        gradW[j * nPre + i] += delta[c][j] * a[c][i];
                    }
                }
            }
            double sum = 0.0;
            for (int c = 0; c < used; c++)
            {
                sum += delta[c][j];
            }
            gradB[j] += t * sum;
            if (l == 1 && tg)
            {
                double sd = 0.0;
                for (int q = 0; q < m; q++)
                {
                    gradS[j * m + q] += t * delta[q + 1][j];
                    sd += delta[q + 1][j];
                }
                gradD[j] += t * sd;
                for (int p = 0; loopTrace != null && p < m; p++)
                {
                    gradS[j * m + p] += loopTrace[p] * sd;
                }
            }
        }
    }

    private double[] softmaxError(final double[] z, final int label)
    {
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
     * @param layer weight layer l.
     * @return a copy of W^l as [post][pre].
     */
    public double[] weights(final int layer)
    {
        return w[layer].clone();
    }

    /**
     * @param layer weight layer l.
     * @return a copy of b^{l+1}.
     */
    public double[] biases(final int layer)
    {
        return b[layer].clone();
    }

    /** @return S for the first r layer-1 neurons, [neuron][class]. */
    public double[] targetWeights()
    {
        return Arrays.copyOf(s, r * m);
    }

    /** @return d for the first r layer-1 neurons. */
    public double[] targetBiases()
    {
        return Arrays.copyOf(d, r);
    }

    /** @return target-channel spikes emitted so far by hidden layer l (index l; 0 unused). */
    public long[] targetSpikes()
    {
        return targetSpikes.clone();
    }

    /** @return the last sample's early-exit prediction per hidden layer. */
    public int[] earlyExits()
    {
        return exits.clone();
    }
}
