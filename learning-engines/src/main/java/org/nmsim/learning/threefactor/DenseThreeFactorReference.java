package org.nmsim.learning.threefactor;

import java.util.function.DoubleUnaryOperator;

/**
 * NON-LOCAL float64 reference of {@link ThreeFactorChip}: the same network, rule and input draws written as dense
 * matrix code over the whole network, with no cores, messages or number formats. It exists only to check the
 * on-chip float64 mode (they must agree to about 1e-9) and reads every layer's state freely.
 *
 * <p>Per algorithmic step t = 1..T, layer by layer (l = 1..N), with {@code S^0[t]} the Poisson input:
 * <pre>
 *   Q^l = beta Q^l + P^l;  P^l = alpha P^l + S^{l-1}[t]                      (learning only)
 *   U^l = beta U^l + I^l - vth S^l;  I^l = alpha I^l + W^l S^{l-1}[t];  S^l = U^l &gt; vth
 *   s^l = sigma'(U^l);  eprop: E^l = gamma E^l + (1 - gamma) s^l Q^l^T
 * </pre>
 * then the errors of step t: output {@code ebar = gamma ebar + (1 - gamma)(S^N - target)}; hidden learning signals
 * {@code L^l = B^l ebar} (eprop) or {@code L^l = G^l (G^l^T ybar^l - yhat)} with
 * {@code ybar^l = gamma ybar^l + (1 - gamma) S^l} (DCLL); and the accumulation {@code grad^l += L^l .* E^l}
 * (eprop) or {@code grad^l += (L^l .* s^l) Q^l^T} (DCLL). After the sample {@code W^l -= (eta / n_{l-1}) grad^l}.
 *
 * <p>Threading: NOT thread safe.
 */
public final class DenseThreeFactorReference
{
    private final int[] sizes;
    private final ThreeFactorParams p;
    private final long seed;
    private final DoubleUnaryOperator surrogate;
    private final double[][] w;
    private final double[][] fb;
    private long sample;
    private double lastLoss;

    /**
     * @param sizes     layer sizes.
     * @param p         hyperparameters.
     * @param seed      the seed of the Poisson input draws.
     * @param surrogate sigma'(U), as the chip evaluates it.
     * @param w         initial W^l as [post][pre] (copied).
     * @param fb        per hidden layer l (index l - 1): B^l (eprop) or G^l (DCLL) as [neuron][class] (copied).
     */
    public DenseThreeFactorReference(final int[] sizes, final ThreeFactorParams p, final long seed,
        final DoubleUnaryOperator surrogate, final double[][] w, final double[][] fb)
    {
        this.sizes = sizes.clone();
        this.p = p;
        this.seed = seed;
        this.surrogate = surrogate;
        this.w = new double[w.length][];
        for (int l = 0; l < w.length; l++)
        {
            this.w[l] = w[l].clone();
        }
        this.fb = new double[fb.length][];
        for (int l = 0; l < fb.length; l++)
        {
            this.fb[l] = fb[l].clone();
        }
    }

    /**
     * @param x     intensities.
     * @param label the class.
     * @return the prediction during the sample.
     */
    public int trainSample(final double[] x, final int label)
    {
        return run(x, label, true);
    }

    /**
     * @param x intensities.
     * @return the prediction.
     */
    public int predict(final double[] x)
    {
        return run(x, 0, false);
    }

    /** @return the output loss of the last trained sample, per step. */
    public double lastSampleLoss()
    {
        return lastLoss;
    }

    /**
     * @param layer weight layer (0-based).
     * @return a copy of W^layer as [post][pre].
     */
    public double[] weights(final int layer)
    {
        return w[layer].clone();
    }

    private int run(final double[] x, final int label, final boolean learn)
    {
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final boolean eprop = p.method() == ThreeFactorMethod.EPROP;
        final double alpha = p.alpha();
        final double beta = p.beta();
        final double gamma = p.gamma();
        final double g1 = 1.0 - gamma;
        final double[][] cur = new double[n + 1][];
        final double[][] u = new double[n + 1][];
        final double[][] s = new double[n + 1][];
        final double[][] sig = new double[n + 1][];
        final double[][] pt = new double[n + 1][];
        final double[][] qt = new double[n + 1][];
        final double[][] e = new double[n + 1][];
        final double[][] grad = new double[n + 1][];
        final double[][] ybar = new double[n + 1][];
        for (int l = 0; l <= n; l++)
        {
            s[l] = new double[sizes[l]];
            if (l > 0)
            {
                cur[l] = new double[sizes[l]];
                u[l] = new double[sizes[l]];
                sig[l] = new double[sizes[l]];
                pt[l] = new double[sizes[l - 1]];
                qt[l] = new double[sizes[l - 1]];
                e[l] = new double[eprop ? sizes[l] * sizes[l - 1] : 0];
                grad[l] = new double[sizes[l] * sizes[l - 1]];
                ybar[l] = new double[sizes[l]];
            }
        }
        final double[] ebar = new double[m];
        final int[] count = new int[m];
        final double[] uSum = new double[m];
        double loss = 0.0;
        for (int t = 1; t <= p.steps(); t++)
        {
            for (int i = 0; i < sizes[0]; i++)
            {
                s[0][i] = x[i] != 0.0 && PoissonDraws.uniform(seed, sample, t, i) < x[i] * p.inputRate() ? 1.0 : 0.0;
            }
            for (int l = 1; l <= n; l++)
            {
                final int nPre = sizes[l - 1];
                if (learn)
                {
                    for (int i = 0; i < nPre; i++)
                    {
                        final double q = beta * qt[l][i] + pt[l][i];
                        pt[l][i] = alpha * pt[l][i] + s[l - 1][i];
                        qt[l][i] = q;
                    }
                }
                for (int j = 0; j < sizes[l]; j++)
                {
                    double a = 0.0;
                    for (int i = 0; i < nPre; i++)
                    {
                        if (s[l - 1][i] != 0.0)
                        {
                            a += w[l - 1][j * nPre + i];
                        }
                    }
                    final double un = beta * u[l][j] + cur[l][j] - (s[l][j] != 0.0 ? p.vth() : 0.0);
                    cur[l][j] = alpha * cur[l][j] + a;
                    u[l][j] = un;
                    s[l][j] = un > p.vth() ? 1.0 : 0.0;
                    if (learn)
                    {
                        sig[l][j] = surrogate.applyAsDouble(un);
                        if (eprop)
                        {
                            for (int i = 0; i < nPre; i++)
                            {
                                e[l][j * nPre + i] = gamma * e[l][j * nPre + i] + g1 * sig[l][j] * qt[l][i];
                            }
                        }
                    }
                }
            }
            for (int q = 0; q < m; q++)
            {
                count[q] += s[n][q] != 0.0 ? 1 : 0;
                uSum[q] += u[n][q];
            }
            if (!learn)
            {
                continue;
            }
            for (int q = 0; q < m; q++)
            {
                ebar[q] = gamma * ebar[q] + g1 * (s[n][q] - (q == label ? p.targetRate() : 0.0));
                loss += 0.5 * ebar[q] * ebar[q];
            }
            accumulate(n, ebar, sig, qt, e, grad, eprop);
            for (int l = 1; l < n; l++)
            {
                final double[] err;
                if (eprop)
                {
                    err = ebar;
                }
                else
                {
                    err = new double[m];
                    for (int i = 0; i < sizes[l]; i++)
                    {
                        ybar[l][i] = gamma * ybar[l][i] + g1 * s[l][i];
                    }
                    for (int q = 0; q < m; q++)
                    {
                        double r = 0.0;
                        for (int i = 0; i < sizes[l]; i++)
                        {
                            r += fb[l - 1][i * m + q] * ybar[l][i];
                        }
                        err[q] = r - (q == label ? p.localTarget() : 0.0);
                    }
                }
                final double[] signal = new double[sizes[l]];
                for (int j = 0; j < sizes[l]; j++)
                {
                    double g = 0.0;
                    for (int q = 0; q < m; q++)
                    {
                        g += fb[l - 1][j * m + q] * err[q];
                    }
                    signal[j] = g;
                }
                accumulate(l, signal, sig, qt, e, grad, eprop);
            }
        }
        if (learn)
        {
            for (int l = 1; l <= n; l++)
            {
                for (int x2 = 0; x2 < grad[l].length; x2++)
                {
                    if (grad[l][x2] != 0.0)
                    {
                        w[l - 1][x2] = w[l - 1][x2] - p.eta() / sizes[l - 1] * grad[l][x2];
                    }
                }
            }
            lastLoss = loss / p.steps();
        }
        sample++;
        int best = 0;
        for (int q = 1; q < m; q++)
        {
            if (count[q] > count[best] || (count[q] == count[best] && uSum[q] > uSum[best]))
            {
                best = q;
            }
        }
        return best;
    }

    private void accumulate(final int l, final double[] signal, final double[][] sig, final double[][] qt,
        final double[][] e, final double[][] grad, final boolean eprop)
    {
        final int nPre = sizes[l - 1];
        for (int j = 0; j < sizes[l]; j++)
        {
            final double d = eprop ? signal[j] : signal[j] * sig[l][j];
            for (int i = 0; i < nPre; i++)
            {
                grad[l][j * nPre + i] += eprop ? d * e[l][j * nPre + i] : d * qt[l][i];
            }
        }
    }
}
