package org.nmsim.learning;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.message.BurstCode;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;

/**
 * The non-spiking readout layer N (all m neurons on one core) with the synapses from layer N-1. In phase N of
 * each step it computes {@code u^N[t]}, accumulates it for the prediction and, when learning, the output error
 * {@code e^N[t] = softmax(u^N[t]) - onehot(y)}, its own gradients, and sends {@code e^N} (and FGT's
 * {@code z^{N,l}}) on the feedback routes.
 *
 * <h2>Axons</h2>
 * {@code c * nPre + i} as in {@link HiddenCore} (channel {@code c = 1 + (c' - 1) K + kappa} carries layer
 * {@code c'}'s direction {@code kappa}, K = {@code hyper.directions()}); {@code labelAxon = (1 + (N - 1) K) nPre}:
 * the label.
 * <h2>Ports</h2>
 * {@code q}: {@code e^N_q} to every hidden core; {@code c * m + q} for {@code c = 1 + (c' - 1) K + kappa},
 * {@code c' = 1..N-1}: {@code z^{N,c',kappa}_q} to the cores of layer c'. With K = 1, {@code c = c'}.
 *
 * <p>Threading: NOT thread safe; run by its worker; the host reads the prediction between runs. Its probe sinks
 * are written only by its worker ({@link ProbeSink}).
 */
final class ReadoutCore implements Core
{
    final int m;
    final int nPre;
    final double[] w;
    final double[] b;
    final double[] sumU;
    private final int layer;
    private final OnlineHyper hyper;
    private final ChipNumerics num;
    private final EngineMath math;
    private final Counters ids;
    private final boolean fixed;
    private final Schedule schedule;
    private final PortCosts costs;
    private final boolean gradedInput;
    /** The axon of the label (the local readouts of local learning have their own). */
    final int labelAxon;
    /** Training samples whose gradients are accumulated but not yet applied (mini-batch). */
    int pendingSamples;
    final double[] gradW;
    final double[] gradB;
    private final double[] acc;
    private final double[] sIn;
    private final double[] ahat;
    private final double[][] zacc;
    private final boolean[] zSeen;
    private final double[] e;
    private int label;
    boolean learning;
    double lossSum;
    /** Probes (null when not probed): u^N, and the trace ahat of the last hidden layer. */
    ProbeSink uProbe;
    /** Weight probe: the record ids ({@code pre * n_post + post}) and local indices of the probed synapses. */
    ProbeSink weightProbe;
    int[] weightProbeIds;
    int[] weightProbeIndex;
    ProbeSink traceProbe;
    private final int cSynBinary;
    private final int cSynGraded;
    private final int cSynBurst;
    private final int cActive;
    private final int cTrace;
    private final int cSynUpdate;

    ReadoutCore(final int layer, final int nPre, final int m, final double[] w, final double[] b,
        final OnlineHyper hyper, final ChipNumerics num, final EngineMath math, final Schedule schedule,
        final PortCosts costs, final Counters counters)
    {
        this.math = math;
        this.ids = counters;
        this.num = num;
        this.fixed = !num.isIdeal();
        this.layer = layer;
        this.nPre = nPre;
        this.m = m;
        this.w = w;
        this.b = b;
        this.hyper = hyper;
        this.schedule = schedule;
        this.costs = costs;
        this.gradedInput = layer == 1;
        final int channels = 1 + (layer - 1) * hyper.directions();
        this.labelAxon = channels * nPre;
        gradW = new double[nPre * m];
        gradB = new double[m];
        acc = new double[m];
        sIn = new double[nPre];
        ahat = new double[nPre];
        sumU = new double[m];
        zacc = new double[channels][m];
        zSeen = new boolean[channels];
        e = new double[m];
        cSynBinary = counters.id(OpKind.SYNOP_BINARY);
        cSynGraded = counters.id(OpKind.SYNOP_GRADED);
        cSynBurst = counters.id(OpKind.SYNOP_BURST);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
    }

    @Override
    public void onMessages(final CoreContext ctx, final int[] axons, final long[] payloads, final int n)
    {
        // the default's loop, with onMessage bound to this class (no interface dispatch per message)
        for (int i = 0; i < n; i++)
        {
            onMessage(ctx, axons[i], payloads[i]);
        }
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (axon == labelAxon)
        {
            label = (int)payload;
            return;
        }
        // the channel c = axon / nPre without an integer division (c < zacc.length, a handful at most)
        int c = 0;
        int i = axon;
        while (i >= nPre)
        {
            i -= nPre;
            c++;
        }
        final int base = i * m;
        final long[] counters = ctx.counters();
        if (c == 0)
        {
            if (gradedInput)
            {
                final double val = Double.longBitsToDouble(payload);
                sIn[i] += val;
                SynapticRows.addScaled(acc, w, base, m, val);
                counters[cSynGraded] += m;
            }
            else
            {
                // a binary spike adds w * 1.0, which is w exactly
                sIn[i] += 1.0;
                SynapticRows.add(acc, w, base, m);
                counters[cSynBinary] += m;
            }
            return;
        }
        final BurstCode burst = hyper.burst();
        final double val = burst == null ? Double.longBitsToDouble(payload) : burst.decode((int)payload);
        SynapticRows.addScaled(zacc[c], w, base, m, val);
        zSeen[c] = true;
        if (burst == null)
        {
            counters[cSynGraded] += m;
        }
        else
        {
            counters[cSynBurst] += (long)m * Math.abs(payload);
        }
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long step = ctx.step();
        final int t = schedule.algorithmicStep(step);
        if (schedule.relative(step) == 0)
        {
            Arrays.fill(sumU, 0.0);
            Arrays.fill(acc, 0.0);
            Arrays.fill(sIn, 0.0);
            Arrays.fill(ahat, 0.0);
            lossSum = 0.0;
        }
        if (schedule.phase(step) != layer || t > schedule.steps())
        {
            return;
        }
        final long[] counters = ctx.counters();
        final double lambda = hyper.lambda();
        LocalUpdates.decayTraces(ahat, sIn, lambda, fixed, num.trace());
        counters[cTrace] += nPre;
        final long time = schedule.runStep(step);
        if (traceProbe != null)
        {
            for (int i = 0; i < nPre; i++)
            {
                traceProbe.record(time, i, ahat[i]);
            }
        }
        for (int q = 0; q < m; q++)
        {
            acc[q] += b[q];
            if (fixed)
            {
                acc[q] = num.state().quantize(acc[q], null);
            }
            sumU[q] += acc[q];
            if (uProbe != null)
            {
                uProbe.record(time, q, acc[q]);
            }
        }
        counters[cActive] += m;
        if (learning)
        {
            learn(ctx, counters, t);
        }
        Arrays.fill(acc, 0.0);
    }

    private void learn(final CoreContext ctx, final long[] counters, final int t)
    {
        lossSum += math.softmaxError(acc, label, e, counters, ids, fixed) - acc[label];
        if (fixed)
        {
            for (int q = 0; q < m; q++)
            {
                e[q] = num.payload().quantize(e[q], null);
            }
        }
        for (int q = 0; q < m; q++)
        {
            gradB[q] = fixed ? num.gradient().quantize(gradB[q] + e[q], ctx.random()) : gradB[q] + e[q];
            ctx.send(q, Double.doubleToRawLongBits(e[q]));
            costs.charge(counters, q);
        }
        final long updates = LocalUpdates.accumulateOuter(gradW, ahat, e, m, fixed, num.gradient(), ctx.random());
        counters[cSynUpdate] += updates;
        for (int c = 1; c < zacc.length; c++)
        {
            if (!zSeen[c])
            {
                continue;
            }
            final double[] zc = zacc[c];
            for (int q = 0; q < m; q++)
            {
                final int port = c * m + q;
                ctx.send(port, Double.doubleToRawLongBits(fixed ? num.payload().quantize(zc[q], null) : zc[q]));
                costs.charge(counters, port);
                zc[q] = 0.0;
            }
            zSeen[c] = false;
        }
        if (t == schedule.steps() && ++pendingSamples == hyper.batch())
        {
            pendingSamples = 0;
            final double eta = hyper.eta() / hyper.batch();
            final long writes = LocalUpdates.descend(w, gradW, eta, fixed, num.update()[layer - 1], ctx.random());
            LocalUpdates.descendBias(b, gradB, eta, fixed, num.state());
            if (weightProbe != null)
            {
                final long time = schedule.runStep(ctx.step());
                for (int x = 0; x < weightProbeIds.length; x++)
                {
                    weightProbe.record(time, weightProbeIds[x], w[weightProbeIndex[x]]);
                }
            }
            counters[cSynUpdate] += writes;
        }
    }

    /** @return argmax of the accumulated readout, ties to the lowest index (MODEL.md). */
    int prediction()
    {
        int best = 0;
        for (int q = 1; q < m; q++)
        {
            if (sumU[q] > sumU[best])
            {
                best = q;
            }
        }
        return best;
    }
}
