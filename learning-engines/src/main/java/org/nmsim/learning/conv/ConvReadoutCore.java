package org.nmsim.learning.conv;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.ChipNumerics;
import org.nmsim.learning.Counters;
import org.nmsim.learning.EngineMath;
import org.nmsim.learning.LearningMethod;
import org.nmsim.learning.LocalUpdates;
import org.nmsim.learning.OnlineHyper;
import org.nmsim.learning.PortCosts;
import org.nmsim.learning.Schedule;

/**
 * The non-spiking fully connected readout (all m neurons on one core) over the flattened (pooled) last convolution
 * layer. In the last phase of each step it computes {@code u^N[t]}, accumulates it for the prediction and, when
 * learning, {@code e^N[t] = softmax(u^N[t]) - onehot(y)}, its own gradients, and sends {@code e^N} (and FGT's
 * {@code z^{N,l}}) back.
 *
 * <h2>Axons</h2>
 * {@code ch * nSend + i}: channel ch from pre-pool neuron i of the last hidden layer (a pooled layer's sender adds
 * its value times 1/4 at its pooled position); {@code channels * nSend}: the label.
 * <h2>Ports</h2>
 * {@code q}: {@code e^N_q} to every hidden core; {@code l * m + q}: {@code z^{N,l}_q} to the cores of layer l.
 *
 * <p>Threading: NOT thread safe; run by its worker; the host reads the prediction between runs.
 */
final class ConvReadoutCore implements Core
{
    final int m;
    final int flat;
    /** Weights as [flat][q] (a row per presynaptic position, for the fan-out of one message). */
    final double[] w;
    final double[] b;
    final double[] gradW;
    final double[] gradB;
    final double[] sumU;
    int pendingSamples;
    boolean learning;
    double lossSum;
    private final int phase;
    private final int depth;
    private final int nSend;
    private final int sendH;
    private final int sendW;
    private final int outH;
    private final int outW;
    private final boolean pooled;
    private final int labelAxon;
    private final OnlineHyper hyper;
    private final ChipNumerics num;
    private final EngineMath math;
    private final Counters ids;
    private final boolean fixed;
    private final Schedule schedule;
    private final PortCosts costs;
    private final double[] acc;
    private final double[] sIn;
    private final double[] ahat;
    private final double[][] zacc;
    private final boolean[] zSeen;
    private final double[] e;
    private int label;
    private final int cSynBinary;
    private final int cSynGraded;
    private final int cActive;
    private final int cTrace;
    private final int cSynUpdate;

    ConvReadoutCore(final ConvArchitecture arch, final int m, final double[] w, final double[] b,
        final OnlineHyper hyper, final ChipNumerics num, final EngineMath math, final Schedule schedule,
        final PortCosts costs, final Counters counters)
    {
        final ConvArchitecture.Layer last = arch.layer(arch.depth());
        this.m = m;
        this.flat = arch.flatSize();
        this.depth = arch.depth();
        this.phase = depth + 1;
        this.nSend = last.neurons();
        this.sendH = last.h();
        this.sendW = last.w();
        this.outH = last.outH();
        this.outW = last.outW();
        this.pooled = last.pool();
        final int channels = hyper.method() == LearningMethod.DFA ? 1 : depth + 1;
        this.labelAxon = channels * nSend;
        this.w = w;
        this.b = b;
        this.hyper = hyper;
        this.num = num;
        this.math = math;
        this.ids = counters;
        this.fixed = !num.isIdeal();
        this.schedule = schedule;
        this.costs = costs;
        gradW = new double[w.length];
        gradB = new double[m];
        sumU = new double[m];
        acc = new double[m];
        sIn = new double[flat];
        ahat = new double[flat];
        zacc = new double[channels][m];
        zSeen = new boolean[channels];
        e = new double[m];
        cSynBinary = counters.id(OpKind.SYNOP_BINARY);
        cSynGraded = counters.id(OpKind.SYNOP_GRADED);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cSynUpdate = counters.id(OpKind.SYNAPTIC_UPDATE);
    }

    /** @return the axon of the label. */
    int labelAxon()
    {
        return labelAxon;
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (axon == labelAxon)
        {
            label = (int)payload;
            return;
        }
        final int ch = axon / nSend;
        final int i = axon - ch * nSend;
        final int c = i / (sendH * sendW);
        final int rem = i - c * sendH * sendW;
        final int sy = rem / sendW;
        final int sx = rem - sy * sendW;
        final int py = pooled ? sy >> 1 : sy;
        final int px = pooled ? sx >> 1 : sx;
        final int pos = (c * outH + py) * outW + px;
        final double raw = ch == 0 ? 1.0 : Double.longBitsToDouble(payload);
        final double val = pooled ? raw * 0.25 : raw;
        final double[] target;
        if (ch == 0)
        {
            sIn[pos] += val;
            target = acc;
        }
        else
        {
            target = zacc[ch];
            zSeen[ch] = true;
        }
        final int base = pos * m;
        for (int q = 0; q < m; q++)
        {
            target[q] += w[base + q] * val;
        }
        ctx.counters()[ch == 0 ? cSynBinary : cSynGraded] += m;
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
        if (schedule.phase(step) != phase || t > schedule.steps())
        {
            return;
        }
        final long[] counters = ctx.counters();
        LocalUpdates.decayTraces(ahat, sIn, hyper.lambda(), fixed, num.trace());
        counters[cTrace] += flat;
        for (int q = 0; q < m; q++)
        {
            acc[q] += b[q];
            if (fixed)
            {
                acc[q] = num.state().quantize(acc[q], null);
            }
            sumU[q] += acc[q];
        }
        counters[cActive] += m;
        if (learning)
        {
            learn(ctx, counters, t);
        }
        Arrays.fill(acc, 0.0);
        for (final double[] z : zacc)
        {
            Arrays.fill(z, 0.0);
        }
        Arrays.fill(zSeen, false);
    }

    private void learn(final CoreContext ctx, final long[] counters, final int t)
    {
        lossSum += math.softmaxError(acc, label, e, counters, ids, fixed) - acc[label];
        for (int q = 0; q < m; q++)
        {
            if (fixed)
            {
                e[q] = num.payload().quantize(e[q], null);
            }
            gradB[q] = fixed ? num.gradient().quantize(gradB[q] + e[q], ctx.random()) : gradB[q] + e[q];
            ctx.send(q, Double.doubleToRawLongBits(e[q]));
            costs.charge(counters, q);
        }
        counters[cSynUpdate] += LocalUpdates.accumulateOuter(gradW, ahat, e, m, fixed, num.gradient(), ctx.random());
        for (int c = 1; c < zacc.length; c++)
        {
            if (!zSeen[c])
            {
                continue;
            }
            for (int q = 0; q < m; q++)
            {
                final int port = c * m + q;
                final double z = fixed ? num.payload().quantize(zacc[c][q], null) : zacc[c][q];
                ctx.send(port, Double.doubleToRawLongBits(z));
                costs.charge(counters, port);
            }
        }
        if (t == schedule.steps() && ++pendingSamples == hyper.batch())
        {
            pendingSamples = 0;
            final double eta = hyper.eta() / hyper.batch();
            counters[cSynUpdate] += LocalUpdates.descend(w, gradW, eta, fixed, num.update()[depth], ctx.random());
            LocalUpdates.descendBias(b, gradB, eta, fixed, num.state());
        }
    }

    /** @return argmax of the accumulated readout, ties to the lowest index. */
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
