package org.nmsim.learning.sfdfa;

import java.util.ArrayList;
import java.util.List;

/**
 * Dense float64 reference of {@link SfdfaChip}: the same network, neurons, delays, perturbations and updates,
 * computed layer after layer on whole matrices.
 *
 * <p><b>NON-LOCAL on purpose</b>: it holds every weight and feedback matrix and moves spike lists between layers
 * directly. It exists only to check the on-chip implementation (float64 mode) and must never be used as a
 * learning rule of a simulated core.
 *
 * <p>Threading: NOT thread safe.
 */
public final class SfdfaReference
{
    private final int[] sizes;
    private final SfdfaParams p;
    private final long seed;
    /** {@code W^l} as {@code [pre][post]}. */
    private final double[][] w;
    /** {@code B^l} as {@code [neuron][class]} per hidden layer. */
    private final double[][] b;
    private final double[][] gradAcc;
    private final double[][] moments;
    private final SpikeTimeLayer[] layers;
    private long samples;
    private int inBatch;
    private long steps;

    /**
     * @param sizes    layer sizes.
     * @param p        hyperparameters (float64 grades: {@code payloadBits} must be 0).
     * @param seed     the seed (perturbations; weights too when {@code weights} is null).
     * @param weights  initial {@code W^l} as {@code [post][pre]}, or null to draw as the chip does.
     * @param feedback initial {@code B^l} as {@code [neuron][class]}, or null to draw as the chip does.
     */
    public SfdfaReference(final int[] sizes, final SfdfaParams p, final long seed, final double[][] weights,
        final double[][] feedback)
    {
        if (p.payloadBits() != 0)
        {
            throw new IllegalArgumentException("payloadBits=" + p.payloadBits() + ": the reference is float64 only");
        }
        this.sizes = sizes.clone();
        this.p = p;
        this.seed = seed;
        final double[][] w0 = weights != null ? weights : SfdfaMath.initialWeights(sizes, p, seed);
        final double[][] b0 = feedback != null ? feedback : SfdfaMath.initialFeedback(sizes, p, seed);
        final int n = sizes.length - 1;
        w = new double[n][];
        gradAcc = new double[n][];
        moments = new double[n][];
        layers = new SpikeTimeLayer[n];
        for (int l = 0; l < n; l++)
        {
            final int nPre = sizes[l];
            final int k = sizes[l + 1];
            w[l] = new double[nPre * k];
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < nPre; j++)
                {
                    w[l][j * k + i] = w0[l][i * nPre + j];
                }
            }
            gradAcc[l] = new double[k * nPre];
            moments[l] = new double[p.adam() ? 2 * k * nPre : 0];
            layers[l] = new SpikeTimeLayer(k, nPre, p.tauS(), p.threshold(), p.window(), p.exactGradient(), w[l]);
        }
        b = new double[n - 1][];
        for (int l = 0; l < n - 1; l++)
        {
            b[l] = b0[l].clone();
        }
    }

    /**
     * @param x     intensities in [0, 1].
     * @param label the class.
     * @return the prediction (before the update).
     */
    public int trainSample(final double[] x, final int label)
    {
        return run(x, label, true);
    }

    /**
     * @param x intensities in [0, 1].
     * @return the prediction.
     */
    public int predict(final double[] x)
    {
        return run(x, -1, false);
    }

    private int run(final double[] x, final int label, final boolean learn)
    {
        final long sample = samples++;
        final int n = sizes.length - 1;
        final int m = sizes[n];
        // eq. 22, plus one axonal delay to the first layer
        List<double[]> events = new ArrayList<>();
        for (int j = 0; j < x.length; j++)
        {
            if (x[j] > 0)
            {
                events.add(new double[] {p.encodingWindow() * (1.0 - x[j]) + p.delay(), j, 0.0});
            }
        }
        final double[] gradeSum = new double[m];
        for (int l = 0; l < n; l++)
        {
            sort(events);
            final SpikeTimeLayer layer = layers[l];
            layer.reset();
            final int lay = l + 1;
            final boolean hidden = l < n - 1;
            final List<double[]> out = new ArrayList<>();
            final SpikeTimeLayer.PerturbationSource pert = i -> hidden ?
                SfdfaMath.perturbation(seed, lay, i, sample) : 0.0;
            final SpikeTimeLayer.SpikeSink sink = (i, t, d) ->
            {
                if (hidden)
                {
                    out.add(new double[] {t + p.delay(), i, p.learnedFeedback() ? d : 0.0});
                }
                else
                {
                    gradeSum[i] += d;
                }
            };
            for (final double[] e : events)
            {
                if (!(e[0] < p.window()))
                {
                    continue;
                }
                layer.fireUntil(e[0], pert, sink);
                layer.integrate((int)e[1], e[0], e[2]);
            }
            layer.fireUntil(Double.POSITIVE_INFINITY, pert, sink);
            events = out;
        }
        final SpikeTimeLayer outLayer = layers[n - 1];
        int best = 0;
        for (int q = 1; q < m; q++)
        {
            if (outLayer.spikeCount(q) > outLayer.spikeCount(best))
            {
                best = q;
            }
        }
        if (learn)
        {
            learn(label, gradeSum);
        }
        return best;
    }

    private void learn(final int label, final double[] gradeSum)
    {
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final double[] delta = new double[m];
        for (int q = 0; q < m; q++)
        {
            delta[q] = (q == label ? p.targetTrue() : p.targetFalse()) - layers[n - 1].spikeCount(q);
        }
        for (int l = 0; l < n; l++)
        {
            final SpikeTimeLayer layer = layers[l];
            final int k = sizes[l + 1];
            final int nPre = sizes[l];
            for (int i = 0; i < k; i++)
            {
                final int cnt = layer.spikeCount(i);
                if (cnt == 0)
                {
                    continue;
                }
                double e;
                if (l == n - 1)
                {
                    e = delta[i];
                }
                else
                {
                    e = 0;
                    for (int q = 0; q < m; q++)
                    {
                        e += b[l][i * m + q] * delta[q];
                    }
                    e += p.regBeta() * (p.regTarget() - cnt);
                }
                for (int j = 0; j < nPre; j++)
                {
                    gradAcc[l][i * nPre + j] += e * layer.localGradient(i, j);
                }
            }
            if (l < n - 1 && p.learnedFeedback())
            {
                for (int i = 0; i < k; i++)
                {
                    if (layer.spikeCount(i) == 0)
                    {
                        continue;
                    }
                    final double pi = layer.perturbation(i);
                    for (int q = 0; q < m; q++)
                    {
                        b[l][i * m + q] = (1 - p.alpha()) * b[l][i * m + q] + p.alpha() * gradeSum[q] * pi;
                    }
                }
            }
        }
        if (++inBatch < p.batch())
        {
            return;
        }
        inBatch = 0;
        steps++;
        final double scale = 1.0 / p.batch();
        for (int l = 0; l < n; l++)
        {
            final int k = sizes[l + 1];
            final int nPre = sizes[l];
            final double eta = SfdfaMath.layerEta(sizes, p, l);
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < nPre; j++)
                {
                    final int x = i * nPre + j;
                    w[l][j * k + i] = SfdfaMath.step(w[l][j * k + i], gradAcc[l][x] * scale, moments[l], x, steps, p,
                        eta);
                    gradAcc[l][x] = 0.0;
                }
            }
        }
    }

    /** Sorts events {@code (time, neuron, grade)} by time, then neuron (the chip's canonical order). */
    private static void sort(final List<double[]> events)
    {
        events.sort((a, c) -> a[0] != c[0] ? Double.compare(a[0], c[0]) : Double.compare(a[1], c[1]));
    }

    /**
     * @param layer weight layer l.
     * @return {@code W^l} as {@code [post][pre]}.
     */
    public double[] weights(final int layer)
    {
        final int nPre = sizes[layer];
        final int k = sizes[layer + 1];
        final double[] out = new double[k * nPre];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < nPre; j++)
            {
                out[i * nPre + j] = w[layer][j * k + i];
            }
        }
        return out;
    }

    /**
     * @param hidden hidden layer, 0-based.
     * @return its feedback as {@code [neuron][class]}.
     */
    public double[] feedback(final int hidden)
    {
        return b[hidden].clone();
    }

    /** @return spike counts per layer of the last sample. */
    public int[][] lastSpikeCounts()
    {
        final int[][] out = new int[layers.length][];
        for (int l = 0; l < layers.length; l++)
        {
            out[l] = new int[sizes[l + 1]];
            for (int i = 0; i < out[l].length; i++)
            {
                out[l][i] = layers[l].spikeCount(i);
            }
        }
        return out;
    }
}
