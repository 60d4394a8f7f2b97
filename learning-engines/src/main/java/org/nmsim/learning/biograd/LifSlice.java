package org.nmsim.learning.biograd;

import java.util.Arrays;

import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.SplitMix64;

/**
 * The somatic compartments of {@code k} neurons of one core with their incoming synapses from all {@code nPre}
 * neurons of the layer below, and BioGrad's eligibility traces (paper 004, eq. 1, 5-7; Appendix A eq. 1, 11-14):
 *
 * <pre>
 *   v_j(t)   = d_v * v_j(t-1) * (1 - o_j(t-1)) + sum_i W_ji o_i(t)      (v kept before reset, as App. A eq. 1)
 *   o_j(t)   = v_j(t) &gt; V_th
 *   z_j(t)   = b if |v_j(t) - V_th| &lt; a else 0
 *   full:  Tr_pre_ji(t)  = d_v * Decay_j(t) * Tr_pre_ji(t-1) + o_i(t),  Decay_j(t) = 1 - o_j(t-1) - v_j(t-1) z_j(t-1)
 *          Tr_corr_ji(t) = Tr_corr_ji(t-1) + Tr_pre_ji(t) * z_j(t)
 *   Loihi: Tr_pre_i(t)   = d_v * Tr_pre_i(t-1) + o_i(t)   (one per presynaptic neuron; d_v = 1: IF)
 *          Tr_corr_ji(t) = Tr_corr_ji(t-1) + Tr_pre_i(t) * b * o_j(t)   (the spike is the pseudo-gradient)
 *   update:  W_ji -= eta * g_j * Tr_corr_ji(T)   with g_j the neuron's error estimate (eq. 7)
 * </pre>
 *
 * The paper's eq. 6 writes {@code z(v(t-1))}; Appendix A eq. 10 (the derivation) pairs {@code Tr_pre(t)} with
 * {@code z(v(t))}, which is what is computed here. Weights are stored {@code [pre][post]}: {@code w[i * k + j]}.
 *
 * <p>Threading: NOT thread safe; owned by one core, used by its worker (the host reads it only between runs).
 */
final class LifSlice
{
    final int k;
    final int nPre;
    final double[] w;
    final double[] pre;
    final double[] corr;
    final double[] v;
    final boolean[] o;
    final double[] acc;
    private final boolean[] in;
    private final double[] z;
    private final double[] decay;
    private final BioGradParams p;
    private final NumberFormat wFormat;
    private final NumberFormat preFormat;
    private final NumberFormat corrFormat;
    private final boolean fixed;

    LifSlice(final int k, final int nPre, final double[] w, final BioGradParams p, final NumberFormat wFormat,
        final BgNumerics num)
    {
        this.k = k;
        this.nPre = nPre;
        this.w = w;
        this.p = p;
        this.wFormat = wFormat;
        this.preFormat = num.pre();
        this.corrFormat = num.corr();
        this.fixed = !num.isIdeal();
        pre = new double[p.loihi() ? nPre : nPre * k];
        corr = new double[nPre * k];
        v = new double[k];
        o = new boolean[k];
        acc = new double[k];
        in = new boolean[nPre];
        z = new double[k];
        decay = new double[k];
        Arrays.fill(decay, 1.0);
    }

    void reset()
    {
        Arrays.fill(pre, 0.0);
        Arrays.fill(corr, 0.0);
        Arrays.fill(v, 0.0);
        Arrays.fill(o, false);
        Arrays.fill(acc, 0.0);
        Arrays.fill(in, false);
        Arrays.fill(decay, 1.0);
    }

    /** A spike (sign +1) or sleep-phase negative spike (sign -1) of presynaptic neuron i arrived. */
    void receive(final int i, final boolean positive, final boolean learning)
    {
        final int base = i * k;
        if (positive)
        {
            for (int j = 0; j < k; j++)
            {
                acc[j] += w[base + j];
            }
            if (learning)
            {
                in[i] = true;
            }
        }
        else
        {
            for (int j = 0; j < k; j++)
            {
                acc[j] -= w[base + j];
            }
        }
    }

    /**
     * Advances the somata by one step (spikes in {@link #o}) and, when learning, the traces.
     *
     * @return {@code {active neurons, trace writes, spikes}}.
     */
    long[] step(final boolean learning, final SplitMix64 rng)
    {
        final double dv = p.dv();
        final double vth = p.vth();
        long active = 0;
        long spikes = 0;
        for (int j = 0; j < k; j++)
        {
            final double prev = o[j] ? 0.0 : v[j];
            if (prev != 0.0 || acc[j] != 0.0)
            {
                active++;
            }
            v[j] = dv * prev + acc[j];
            acc[j] = 0.0;
            o[j] = v[j] > vth;
            if (o[j])
            {
                spikes++;
            }
        }
        long traceWrites = 0;
        if (learning)
        {
            traceWrites = p.loihi() ? loihiTraces(rng) : fullTraces(rng);
        }
        Arrays.fill(in, false);
        return new long[] {active, traceWrites, spikes};
    }

    private long fullTraces(final SplitMix64 rng)
    {
        final double dv = p.dv();
        for (int j = 0; j < k; j++)
        {
            z[j] = p.pseudoGradient(v[j]);
        }
        long writes = 0;
        for (int i = 0; i < nPre; i++)
        {
            final double s = in[i] ? 1.0 : 0.0;
            final int base = i * k;
            for (int j = 0; j < k; j++)
            {
                final double old = pre[base + j];
                if (old == 0.0 && s == 0.0)
                {
                    continue;
                }
                double tr = dv * decay[j] * old + s;
                if (fixed)
                {
                    tr = preFormat.quantize(tr, rng);
                }
                pre[base + j] = tr;
                writes++;
                if (z[j] != 0.0 && tr != 0.0)
                {
                    final double c = corr[base + j] + tr * z[j];
                    corr[base + j] = fixed ? corrFormat.quantize(c, rng) : c;
                    writes++;
                }
            }
        }
        // Decay_j(t + 1) = 1 - o_j(t) - v_j(t) z_j(t), applied to Tr_pre at the next step
        for (int j = 0; j < k; j++)
        {
            decay[j] = 1.0 - (o[j] ? 1.0 : 0.0) - v[j] * z[j];
        }
        return writes;
    }

    private long loihiTraces(final SplitMix64 rng)
    {
        final double dv = p.dv();
        final double b = p.amplification();
        long writes = 0;
        for (int i = 0; i < nPre; i++)
        {
            final double old = pre[i];
            if (old == 0.0 && !in[i])
            {
                continue;
            }
            final double tr = dv * old + (in[i] ? 1.0 : 0.0);
            pre[i] = fixed ? preFormat.quantize(tr, rng) : tr;
            writes++;
        }
        for (int j = 0; j < k; j++)
        {
            if (!o[j])
            {
                continue;
            }
            for (int i = 0; i < nPre; i++)
            {
                if (pre[i] != 0.0)
                {
                    final double c = corr[i * k + j] + pre[i] * b;
                    corr[i * k + j] = fixed ? corrFormat.quantize(c, rng) : c;
                    writes++;
                }
            }
        }
        return writes;
    }

    /**
     * Eq. 7: {@code W_ji -= eta * g_j * Tr_corr_ji}.
     *
     * @param g per-neuron error estimate ({@code v_a / (T - t_error)}).
     * @return weights written.
     */
    long update(final double[] g, final SplitMix64 rng)
    {
        final double eta = p.eta();
        long writes = 0;
        for (int i = 0; i < nPre; i++)
        {
            final int base = i * k;
            for (int j = 0; j < k; j++)
            {
                final double c = corr[base + j];
                if (c != 0.0 && g[j] != 0.0)
                {
                    final double nw = w[base + j] - eta * g[j] * c;
                    w[base + j] = fixed ? wFormat.quantize(nw, rng) : nw;
                    writes++;
                }
            }
        }
        return writes;
    }
}
