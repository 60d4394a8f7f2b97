package org.nmsim.learning.reference;

/**
 * Per-step state of one sample, recorded by {@link FloatMlpReference} when tracing is on. Steps are 1-based
 * ({@code t = 1..T}) as in MODEL.md; layers use MODEL.md's indices. Accessors return the recorded arrays
 * themselves (no copy): callers must not modify them. A quantity a method does not produce is {@code null}
 * (for example {@code g} under BPTT, {@code z} under BP), and {@code z^{N,l}} of a layer that FGT (S) did not
 * sample at a step is all zeros.
 */
public final class SampleTrace
{
    final double[][][] u;
    final double[][][] s;
    final double[][][] ahat;
    final double[][] e;
    final double[][][] g;
    final double[][][] d;
    final double[][][] z;
    final double[][][][] m;
    final double[][][] delta;
    final double[] loss;

    SampleTrace(final int[] sizes, final int steps, final ReferenceMethod method)
    {
        final int n = sizes.length - 1;
        final int classes = sizes[n];
        final boolean bptt = method == ReferenceMethod.BPTT;
        u = new double[n + 1][][];
        s = new double[n][][];
        ahat = bptt ? null : new double[n][][];
        g = bptt ? null : new double[n][][];
        d = bptt ? null : new double[n][][];
        z = method.forwardGradient() ? new double[n][][] : null;
        m = method.momentum() ? new double[n][][][] : null;
        delta = bptt ? new double[n + 1][][] : null;
        for (int l = 0; l <= n; l++)
        {
            if (l >= 1)
            {
                u[l] = new double[steps][sizes[l]];
                if (delta != null)
                {
                    delta[l] = new double[steps][sizes[l]];
                }
            }
            if (l >= 1 && l < n)
            {
                s[l] = new double[steps][sizes[l]];
                if (g != null)
                {
                    g[l] = new double[steps][sizes[l]];
                    d[l] = new double[steps][sizes[l]];
                }
                if (z != null)
                {
                    z[l] = new double[steps][classes];
                }
                if (m != null)
                {
                    m[l] = new double[steps][sizes[l]][classes];
                }
            }
            if (l < n && ahat != null)
            {
                ahat[l] = new double[steps][sizes[l]];
            }
        }
        e = new double[steps][classes];
        loss = new double[steps];
    }

    /** @return {@code u^l[t]}, l = 1..N (the readout's is {@code u^N[t]}). */
    public double[] u(final int l, final int t)
    {
        return u[l][t - 1];
    }

    /** @return {@code s^l[t]}, hidden l = 1..N-1. */
    public double[] s(final int l, final int t)
    {
        return s[l][t - 1];
    }

    /** @return {@code ahat^l[t]}, l = 0..N-1 (online methods). */
    public double[] ahat(final int l, final int t)
    {
        return ahat[l][t - 1];
    }

    /** @return {@code e^N[t] = softmax(u^N[t]) - onehot(y)}. */
    public double[] e(final int t)
    {
        return e[t - 1];
    }

    /** @return {@code g^l[t]}, hidden l (online methods). */
    public double[] g(final int l, final int t)
    {
        return g[l][t - 1];
    }

    /** @return {@code d^l[t] = g^l[t] * f(u^l[t])}, hidden l (online methods). */
    public double[] d(final int l, final int t)
    {
        return d[l][t - 1];
    }

    /**
     * @return {@code z^{N,l}} at step t, hidden l (forward-gradient methods); with K > 1 directions
     *         ({@link FloatMlpReference#directions}) the K vectors {@code z^{N,l,kappa}}, kappa = 0..K-1, one after
     *         the other (length K m).
     */
    public double[] z(final int l, final int t)
    {
        return z[l][t - 1];
    }

    /** @return {@code M^l} right after step t's momentum update, shape {@code n_l x m} (FGT, FGT (S)). */
    public double[][] m(final int l, final int t)
    {
        return m[l][t - 1];
    }

    /** @return {@code dL/du^l[t]} with {@code L = sum_t L[t]}, l = 1..N (BPTT; {@code delta^N = e^N}). */
    public double[] delta(final int l, final int t)
    {
        return delta[l][t - 1];
    }

    /** @return {@code L[t] = CE(softmax(u^N[t]), y)}. */
    public double loss(final int t)
    {
        return loss[t - 1];
    }
}
