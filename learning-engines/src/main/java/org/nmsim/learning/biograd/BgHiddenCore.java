package org.nmsim.learning.biograd;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.numeric.NumberFormat;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * A slice {@code [lo, lo + k)} of hidden layer {@code l}: two-compartment neurons (paper 004, Fig. 1) whose spiking
 * somata integrate the feedforward spikes of layer {@code l - 1} ({@link LifSlice}) and whose non-spiking apical
 * compartments integrate the error neurons' spikes through the feedback weights {@code B} (eq. 3):
 * {@code v_a += B o_pos - B o_neg}. In the Loihi variant (Appendix E) the apical compartment spikes instead (signed,
 * threshold {@code theta_a}, soft reset, at most one spike per step) and its net spike count times {@code theta_a}
 * replaces {@code v_a}. At the end of a training sample each synapse applies eq. 7 with
 * {@code g_j = v_a_j / (T - t_error)}.
 *
 * <p>Sleep (eq. 9-11), when {@code l} is the sleeping layer: each neuron emits random positive and negative spikes
 * (probability {@code rate} each, from the core's draws), recorded in {@code Tr_hid_j}; the error neurons' spikes that
 * come back are recorded per error neuron in {@code Tr_err_q}. After each presentation every apical synapse adds
 * {@code Tr_hid_j Tr_err_q} to its Hebbian accumulator and the core adds {@code Tr_err_q^2} to its Oja accumulator;
 * after the cycle's last one, {@code B_jq += beta (H_jq - mean(Tr_err_q^2) B_jq)} (eq. 11, summed over the sleep
 * batch). When {@code l} is above the sleeping layer the core only runs its somata (eq. 9 for l = sleeping + 1, with
 * the negative spikes subtracted).
 *
 * <h2>Axons</h2>
 * {@code i}: spike of presynaptic neuron i; {@code nPre + i}: its negative sleep spike; {@code 2 nPre + q}: positive
 * error neuron q; {@code 2 nPre + m + q}: negative error neuron q.
 * <h2>Ports</h2>
 * {@code j}: spike of local neuron j; {@code k + j}: its negative sleep spike.
 *
 * <p>Threading: NOT thread safe; run by its worker; the host touches it only between runs.
 */
final class BgHiddenCore implements Core
{
    final int layer;
    final int lo;
    final int k;
    final int m;
    final LifSlice soma;
    final double[] feedback;
    final Segment seg = new Segment();
    /** RELOAD: feedback weights the host loaded, copied into {@link #feedback} by the core; null when none. */
    double[] pendingFeedback;
    /** RELOAD: whether this core reads its forward weights out for the host. */
    boolean readOut;
    private final BioGradParams p;
    private final SpikeDraws draws;
    private final NumberFormat fbFormat;
    private final boolean fixed;
    private final int phases;
    private final int nPre;
    private final int errBase;
    private final double[] va;
    private final double[] apicalSpikes;
    private final double[] g;
    private final double[] trHid;
    private final double[] trErr;
    private final double[] hebb;
    private final double[] ojaSum;
    private int presentations;
    private final PortCosts costs;
    private final int cSyn;
    private final int cActive;
    private final int cInactive;
    private final int cTrace;
    private final int cSynUpdate;
    private final int cMul;
    private final int cAdd;
    private final int cRandom;
    private final int cRead;
    private final int cWrite;

    BgHiddenCore(final int layer, final int lo, final int k, final int nPre, final int m, final double[] w,
        final double[] feedback, final BioGradParams p, final BgNumerics num, final SpikeDraws draws, final int phases,
        final PortCosts costs, final Counters counters)
    {
        this.layer = layer;
        this.lo = lo;
        this.k = k;
        this.m = m;
        this.nPre = nPre;
        this.p = p;
        this.draws = draws;
        this.phases = phases;
        this.costs = costs;
        this.fbFormat = num.feedback();
        this.fixed = !num.isIdeal();
        this.soma = new LifSlice(k, nPre, w, p, num.weights()[layer - 1], num);
        this.feedback = feedback;
        this.errBase = 2 * nPre;
        va = new double[k];
        apicalSpikes = new double[k];
        g = new double[k];
        final boolean sleeps = p.sleep() && !p.loihi();
        trHid = new double[k];
        trErr = new double[m];
        hebb = new double[sleeps ? k * m : 0];
        ojaSum = new double[sleeps ? m : 0];
        cSyn = counters.id(OpKind.SYNOP_BINARY);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cInactive = counters.id(OpKind.NEURON_UPDATE_INACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
        cMul = counters.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        cAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        cRandom = counters.id(OpKind.RANDOM);
        cRead = counters.id(OpKind.MEMORY_READ_WORD);
        cWrite = counters.id(OpKind.MEMORY_WRITE_WORD);
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        final long[] counters = ctx.counters();
        if (axon < errBase)
        {
            final boolean positive = axon < nPre;
            soma.receive(positive ? axon : axon - nPre, positive, seg.mode == Segment.Mode.TRAIN);
            counters[cSyn] += k;
            return;
        }
        final int r = axon - errBase;
        final int q = r < m ? r : r - m;
        final double sign = r < m ? 1.0 : -1.0;
        if (seg.mode == Segment.Mode.SLEEP)
        {
            if (seg.sleepLayer == layer)
            {
                trErr[q] += sign;
                counters[cTrace]++;
            }
            return;
        }
        if (seg.mode != Segment.Mode.TRAIN)
        {
            return;
        }
        for (int j = 0; j < k; j++)
        {
            va[j] += sign * feedback[j * m + q];
        }
        counters[cSyn] += k;
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long rel = ctx.step() - seg.start;
        final int t = (int)(rel / phases) + 1;
        final int phase = (int)(rel % phases);
        if (rel == 0)
        {
            resetSegment();
        }
        switch (seg.mode)
        {
            case TRAIN, INFER ->
            {
                final boolean train = seg.mode == Segment.Mode.TRAIN;
                if (train && phase == 0 && p.loihi() && t >= 2)
                {
                    apicalStep(ctx);
                }
                if (train && phase == 0 && t == p.steps() + 1)
                {
                    applyUpdate(ctx);
                }
                if (phase == layer && t <= p.steps())
                {
                    forward(ctx, train);
                }
            }
            case SLEEP ->
            {
                final int ts = p.sleepSteps();
                if (layer == seg.sleepLayer)
                {
                    if (phase == layer && t <= ts)
                    {
                        randomSpikes(ctx, t);
                    }
                    if (phase == 0 && t == ts + 1)
                    {
                        sleepAccumulate(ctx);
                    }
                }
                else if (layer > seg.sleepLayer && phase == layer && t <= ts)
                {
                    forward(ctx, false);
                }
            }
            case RELOAD -> reload(ctx);
            default -> throw new IllegalStateException("unreachable");
        }
    }

    private void resetSegment()
    {
        soma.reset();
        Arrays.fill(va, 0.0);
        Arrays.fill(apicalSpikes, 0.0);
        Arrays.fill(trHid, 0.0);
        Arrays.fill(trErr, 0.0);
    }

    private void forward(final CoreContext ctx, final boolean learning)
    {
        final long[] counters = ctx.counters();
        final long[] r = soma.step(learning, ctx.random());
        counters[cActive] += r[0];
        counters[cInactive] += k - r[0];
        counters[cTrace] += r[1];
        if (r[2] == 0)
        {
            return;
        }
        for (int j = 0; j < k; j++)
        {
            if (soma.o[j])
            {
                ctx.send(j, 0L);
                costs.charge(counters, j);
            }
        }
    }

    /** Loihi variant: the apical compartment is a signed integrate-and-fire unit (soft reset). */
    private void apicalStep(final CoreContext ctx)
    {
        final double th = p.apicalThreshold();
        long active = 0;
        for (int j = 0; j < k; j++)
        {
            if (va[j] != 0.0)
            {
                active++;
            }
            if (va[j] > th)
            {
                va[j] -= th;
                apicalSpikes[j] += 1.0;
            }
            else if (va[j] < -th)
            {
                va[j] += th;
                apicalSpikes[j] -= 1.0;
            }
        }
        ctx.counters()[cActive] += active;
        ctx.counters()[cInactive] += k - active;
    }

    private void applyUpdate(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        final double steps = p.errorSteps();
        for (int j = 0; j < k; j++)
        {
            g[j] = p.loihi() ? p.apicalThreshold() * apicalSpikes[j] / steps : va[j] / steps;
        }
        final long writes = soma.update(g, ctx.random());
        counters[cSynUpdate] += writes;
        counters[cMul] += 2 * writes + k;
        counters[cAdd] += writes;
    }

    private void randomSpikes(final CoreContext ctx, final int t)
    {
        final long[] counters = ctx.counters();
        final double rate = seg.rate;
        if (rate <= 0.0)
        {
            return;
        }
        for (int j = 0; j < k; j++)
        {
            final boolean pos = draws.spike(ctx.random(), SpikeDraws.SLEEP_POSITIVE, seg.id, lo + j, t, rate);
            final boolean neg = draws.spike(ctx.random(), SpikeDraws.SLEEP_NEGATIVE, seg.id, lo + j, t, rate);
            if (pos)
            {
                trHid[j] += 1.0;
                ctx.send(j, 0L);
                costs.charge(counters, j);
            }
            if (neg)
            {
                trHid[j] -= 1.0;
                ctx.send(k + j, 0L);
                costs.charge(counters, k + j);
            }
        }
        counters[cRandom] += 2L * k;
        counters[cTrace] += k;
    }

    /** End of a sleep presentation: accumulate eq. 11's terms; at the cycle's end, update B. */
    private void sleepAccumulate(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        for (int j = 0; j < k; j++)
        {
            final double h = trHid[j];
            if (h == 0.0)
            {
                continue;
            }
            for (int q = 0; q < m; q++)
            {
                hebb[j * m + q] += h * trErr[q];
            }
            counters[cMul] += m;
            counters[cAdd] += m;
        }
        for (int q = 0; q < m; q++)
        {
            ojaSum[q] += trErr[q] * trErr[q];
        }
        counters[cMul] += m;
        counters[cAdd] += m;
        presentations++;
        if (!seg.applySleep)
        {
            return;
        }
        final double beta = p.sleepLr();
        for (int q = 0; q < m; q++)
        {
            ojaSum[q] /= presentations;
        }
        for (int j = 0; j < k; j++)
        {
            for (int q = 0; q < m; q++)
            {
                final int x = j * m + q;
                final double nb = feedback[x] + beta * (hebb[x] - ojaSum[q] * feedback[x]);
                feedback[x] = fixed ? fbFormat.quantize(nb, ctx.random()) : nb;
            }
        }
        counters[cSynUpdate] += (long)k * m;
        counters[cMul] += 2L * k * m + m;
        counters[cAdd] += 2L * k * m;
        Arrays.fill(hebb, 0.0);
        Arrays.fill(ojaSum, 0.0);
        presentations = 0;
    }

    private void reload(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        if (readOut)
        {
            counters[cRead] += soma.w.length;
        }
        if (pendingFeedback != null)
        {
            for (int x = 0; x < feedback.length; x++)
            {
                feedback[x] = fixed ? fbFormat.quantize(pendingFeedback[x], ctx.random()) : pendingFeedback[x];
            }
            counters[cWrite] += feedback.length;
            pendingFeedback = null;
        }
    }
}
