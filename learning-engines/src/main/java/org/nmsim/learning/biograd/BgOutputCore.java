package org.nmsim.learning.biograd;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * The output layer (one core): {@code m} spiking somata with their synapses from the last hidden layer
 * ({@link LifSlice}), the output spike counts, and the {@code 2m} error neurons (paper 004, eq. 2).
 *
 * <p>Training, at the output's phase of step t (1-based): the somata step, {@code Output += o}; from step
 * {@code t_error + 1} on (the paper's 0-based {@code t >= t_error}), {@code e = softmax(Output) - onehot(label)}
 * drives the positive and negative error neurons, integrate-and-fire units with soft reset at
 * {@code errorThreshold} ({@code u_pos += e - s_pos}, {@code u_neg += -e - s_neg}); their spikes go to every hidden
 * core (eq. 3) and, with identity feedback, into the output neurons' own apical accumulators. After step T the core
 * applies eq. 7 to its own synapses with {@code g_q = (pos_q - neg_q spike counts) / (T - t_error)}.
 *
 * <p>Sleep: the somata run without learning and each output spike is relayed as a spike of the positive error
 * neuron (the paper injects output spikes into the error neurons), which the sleeping layer records as
 * {@code Tr_err}.
 *
 * <h2>Axons</h2>
 * {@code i}: spike of presynaptic neuron i; {@code nPre + i}: its negative sleep spike; {@code 2 nPre}: the label.
 * <h2>Ports</h2>
 * {@code q}: positive error neuron q; {@code m + q}: negative error neuron q.
 *
 * <p>Threading: NOT thread safe; run by its worker; the host touches it only between runs.
 */
final class BgOutputCore implements Core
{
    final int m;
    final LifSlice soma;
    final Segment seg = new Segment();
    /** RELOAD: whether this core reads its forward weights out for the host. */
    boolean readOut;
    private final BioGradParams p;
    private final int phases;
    private final int nPre;
    private final int outPhase;
    private final double[] count;
    private final double[] uPos;
    private final double[] uNeg;
    private final boolean[] sPos;
    private final boolean[] sNeg;
    private final double[] dendrite;
    private final double[] g;
    private final double[] prob;
    private int label;
    private int prediction;
    private double loss;
    private final PortCosts costs;
    private final int cSyn;
    private final int cActive;
    private final int cInactive;
    private final int cTrace;
    private final int cSynUpdate;
    private final int cMul;
    private final int cAdd;
    private final int cExp;
    private final int cDiv;
    private final int cRead;

    BgOutputCore(final int layers, final int nPre, final int m, final double[] w, final BioGradParams p,
        final BgNumerics num, final PortCosts costs, final Counters counters)
    {
        this.m = m;
        this.nPre = nPre;
        this.p = p;
        this.phases = layers + 1;
        this.outPhase = layers;
        this.costs = costs;
        this.soma = new LifSlice(m, nPre, w, p, num.weights()[layers - 1], num);
        count = new double[m];
        uPos = new double[m];
        uNeg = new double[m];
        sPos = new boolean[m];
        sNeg = new boolean[m];
        dendrite = new double[m];
        g = new double[m];
        prob = new double[m];
        final boolean fixed = !num.isIdeal();
        cSyn = counters.id(OpKind.SYNOP_BINARY);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cInactive = counters.id(OpKind.NEURON_UPDATE_INACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
        cMul = counters.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        cAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        cExp = counters.id(OpKind.EXP);
        cDiv = counters.id(OpKind.DIVIDE);
        cRead = counters.id(OpKind.MEMORY_READ_WORD);
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (axon == 2 * nPre)
        {
            label = (int)payload;
            return;
        }
        final boolean positive = axon < nPre;
        soma.receive(positive ? axon : axon - nPre, positive, seg.mode == Segment.Mode.TRAIN);
        ctx.counters()[cSyn] += m;
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long rel = ctx.step() - seg.start;
        final int t = (int)(rel / phases) + 1;
        final int phase = (int)(rel % phases);
        if (rel == 0)
        {
            reset();
        }
        final Segment.Mode mode = seg.mode;
        if (mode == Segment.Mode.RELOAD)
        {
            if (readOut)
            {
                ctx.counters()[cRead] += soma.w.length;
            }
            return;
        }
        final int steps = mode == Segment.Mode.SLEEP ? p.sleepSteps() : p.steps();
        if (phase != outPhase || t > steps)
        {
            return;
        }
        final boolean train = mode == Segment.Mode.TRAIN;
        final long[] counters = ctx.counters();
        final long[] r = soma.step(train, ctx.random());
        counters[cActive] += r[0];
        counters[cInactive] += m - r[0];
        counters[cTrace] += r[1];
        if (mode == Segment.Mode.SLEEP)
        {
            for (int q = 0; q < m; q++)
            {
                if (soma.o[q])
                {
                    ctx.send(q, 0L);
                    costs.charge(counters, q);
                }
            }
            return;
        }
        for (int q = 0; q < m; q++)
        {
            count[q] += soma.o[q] ? 1.0 : 0.0;
        }
        if (train && t - 1 >= p.tError())
        {
            errorStep(ctx);
        }
        if (t == steps)
        {
            prediction = argmax(count);
            softmax(count, prob, counters);
            loss = -Math.log(Math.max(prob[label], Double.MIN_NORMAL));
            if (train)
            {
                for (int q = 0; q < m; q++)
                {
                    g[q] = dendrite[q] / p.errorSteps();
                }
                final long writes = soma.update(g, ctx.random());
                counters[cSynUpdate] += writes;
                counters[cMul] += 2 * writes + m;
                counters[cAdd] += writes;
            }
        }
    }

    /** Eq. 2 and the error neurons; their spikes go to the hidden cores and into this core's own dendrites. */
    private void errorStep(final CoreContext ctx)
    {
        final long[] counters = ctx.counters();
        softmax(count, prob, counters);
        final double th = p.errorThreshold();
        for (int q = 0; q < m; q++)
        {
            final double e = prob[q] - (q == label ? 1.0 : 0.0);
            uPos[q] = uPos[q] - (sPos[q] ? th : 0.0) + e;
            uNeg[q] = uNeg[q] - (sNeg[q] ? th : 0.0) - e;
            sPos[q] = uPos[q] > th;
            sNeg[q] = uNeg[q] > th;
            if (sPos[q])
            {
                dendrite[q] += 1.0;
                ctx.send(q, 0L);
                costs.charge(counters, q);
            }
            if (sNeg[q])
            {
                dendrite[q] -= 1.0;
                ctx.send(m + q, 0L);
                costs.charge(counters, m + q);
            }
        }
        counters[cAdd] += 5L * m;
        counters[cActive] += 2L * m;
    }

    /** {@code exp(c - max c) / sum}, counted as m exps and m divides. */
    private void softmax(final double[] c, final double[] out, final long[] counters)
    {
        double max = c[0];
        for (int q = 1; q < m; q++)
        {
            max = Math.max(max, c[q]);
        }
        double sum = 0.0;
        for (int q = 0; q < m; q++)
        {
            out[q] = Math.exp(c[q] - max);
            sum += out[q];
        }
        for (int q = 0; q < m; q++)
        {
            out[q] /= sum;
        }
        counters[cExp] += m;
        counters[cDiv] += m;
        counters[cAdd] += 2L * m;
    }

    private static int argmax(final double[] c)
    {
        int best = 0;
        for (int q = 1; q < c.length; q++)
        {
            if (c[q] > c[best])
            {
                best = q;
            }
        }
        return best;
    }

    private void reset()
    {
        soma.reset();
        Arrays.fill(count, 0.0);
        Arrays.fill(uPos, 0.0);
        Arrays.fill(uNeg, 0.0);
        Arrays.fill(sPos, false);
        Arrays.fill(sNeg, false);
        Arrays.fill(dendrite, 0.0);
    }

    /** @return the class with the most output spikes in the last sample (ties: lowest index). */
    int prediction()
    {
        return prediction;
    }

    /** @return cross-entropy of softmax(Output(T)) against the label of the last sample. */
    double loss()
    {
        return loss;
    }
}
