package org.nmsim.learning.sfdfa;

import org.nmsim.kernel.SplitMix64;

/**
 * Arithmetic that the cores and the dense reference share: initial weights and feedback (loaded by the host), the
 * counter-based perturbations {@code p_i}, and the optimiser step. Stateless and thread safe.
 */
final class SfdfaMath
{
    /** Adam's beta1, beta2 and epsilon (paper 001, Appendix A.2: Kingma and Ba's defaults). */
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;
    /** Fraction of input pixels assumed to spike (non-zero) when scaling the first layer's initial weights. */
    static final double INPUT_RATE = 0.5;

    private SfdfaMath()
    {
    }

    /**
     * Initial forward weights, drawn from the seed: uniform with mean {@code c theta T / (n_pre nu tau_s)} (a mean
     * synaptic current of {@code c} thresholds over the encoding window when each presynaptic neuron fires
     * {@code nu} spikes) and standard deviation {@code spread |mean|}.
     *
     * @param sizes layer sizes.
     * @param p     the parameters.
     * @param seed  the experiment seed.
     * @return {@code W^l} as {@code [post][pre]}, l = 0..N-1.
     */
    static double[][] initialWeights(final int[] sizes, final SfdfaParams p, final long seed)
    {
        final SplitMix64 r = new SplitMix64(SplitMix64.mix(seed ^ 0x5FDFAL));
        final double[][] w = new double[sizes.length - 1][];
        for (int l = 0; l < w.length; l++)
        {
            final double mean = mean(sizes, p, l);
            final double half = Math.sqrt(3.0) * p.initSpread() * Math.abs(mean);
            w[l] = new double[sizes[l + 1] * sizes[l]];
            for (int x = 0; x < w[l].length; x++)
            {
                w[l][x] = mean + half * (2.0 * r.nextDouble() - 1.0);
            }
        }
        return w;
    }

    /** @return the mean initial weight of weight layer l. */
    static double mean(final int[] sizes, final SfdfaParams p, final int l)
    {
        final double nu = l == 0 ? INPUT_RATE : p.initRate();
        return p.initCurrent() * p.threshold() * p.encodingWindow() / (sizes[l] * nu * p.tauS());
    }

    /**
     * @return the learning rate of weight layer l: {@code eta}, or with {@code layer_eta: weight_scale}
     *         {@code eta |mean_l| / |mean_0|} (see {@link SfdfaParams}).
     */
    static double layerEta(final int[] sizes, final SfdfaParams p, final int l)
    {
        return p.etaByWeightScale() ? p.eta() * Math.abs(mean(sizes, p, l)) / Math.abs(mean(sizes, p, 0)) : p.eta();
    }

    /**
     * Initial feedback of each hidden layer, zero-mean uniform with the standard deviation of the output weights:
     * DFA's fixed B, and SFDFA's starting estimate of the output weights.
     *
     * @return {@code B^l} as {@code [neuron][class]}, for hidden layers 1..N-1.
     */
    static double[][] initialFeedback(final int[] sizes, final SfdfaParams p, final long seed)
    {
        final SplitMix64 r = new SplitMix64(SplitMix64.mix(seed ^ 0xFEEDBACL));
        final int n = sizes.length - 1;
        final int m = sizes[n];
        final double half = Math.sqrt(3.0) * p.initSpread() * Math.abs(mean(sizes, p, n - 1));
        final double[][] b = new double[n - 1][];
        for (int l = 0; l < n - 1; l++)
        {
            b[l] = new double[sizes[l + 1] * m];
            for (int x = 0; x < b[l].length; x++)
            {
                b[l][x] = half * (2.0 * r.nextDouble() - 1.0);
            }
        }
        return b;
    }

    /**
     * The perturbation {@code p_i ~ N(0, 1)} of a hidden neuron for one sample, from a counter-based stream keyed by
     * (seed, layer, neuron, sample): the same on any core partition and worker count, so the reference draws the
     * same values.
     */
    static double perturbation(final long seed, final int layer, final int neuron, final long sample)
    {
        final long key = SplitMix64.mix(seed ^ 0x9E3779B97F4A7C15L * (layer + 1)) ^
            SplitMix64.mix(0xBF58476D1CE4E5B9L * (neuron + 1) + 0x94D049BB133111EBL * (sample + 1));
        final double u1 = ((SplitMix64.mix(key) >>> 11) + 1) * 0x1.0p-53;
        final double u2 = (SplitMix64.mix(key + 0x632BE59BD9B4E019L) >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * One optimiser step on one synapse.
     *
     * @param w     the weight.
     * @param g     the gradient estimate (descent direction {@code -g}).
     * @param mv    Adam's first and second moments {@code mv[2 x], mv[2 x + 1]}, updated in place.
     * @param x     the synapse's index into {@code mv}.
     * @param step  Adam's step count, from 1.
     * @param p     the parameters.
     * @param eta   the layer's learning rate ({@link #layerEta}).
     * @return the new weight (before quantisation).
     */
    static double step(final double w, final double g, final double[] mv, final int x, final long step,
        final SfdfaParams p, final double eta)
    {
        if (!p.adam())
        {
            return w - eta * g;
        }
        final double m = BETA1 * mv[2 * x] + (1 - BETA1) * g;
        final double v = BETA2 * mv[2 * x + 1] + (1 - BETA2) * g * g;
        mv[2 * x] = m;
        mv[2 * x + 1] = v;
        final double mHat = m / (1 - Math.pow(BETA1, step));
        final double vHat = v / (1 - Math.pow(BETA2, step));
        return w - eta * mHat / (Math.sqrt(vHat) + EPS);
    }
}
