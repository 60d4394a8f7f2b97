package org.nmsim.learning.threefactor;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * DCLL's fixed random local classifier of hidden layer {@code l} (paper 003 eq. 19): it receives the layer's spikes
 * and the label, filters the spikes with the loss kernel ({@code ybar_i = gamma ybar_i + (1 - gamma) S_i}), reads
 * them out through its fixed random matrix ({@code r_q = sum_i G_iq ybar_i}) and sends the local error
 * {@code err_q = r_q - yhat_q} (the gradient of {@code 0.5 |r - yhat|^2}, with {@code yhat} the label's pseudo-target)
 * back to the cores of layer l only. It runs in phase {@code l + 1} of steps 1..T, while learning.
 *
 * <h2>Axons</h2>
 * {@code i < n_l}: spike of neuron i of layer l; {@code n_l}: the label.
 * <h2>Ports</h2>
 * {@code q}: error q, to every core of layer l.
 *
 * <p>Threading: NOT thread safe; run by its worker.
 */
final class LocalReadoutCore implements Core
{
    final int layer;
    final int size;
    final int m;
    final double[] g;
    private final ThreeFactorParams p;
    private final ThreeFactorNumerics num;
    private final boolean fixed;
    private final ErrorLink link;
    private final Phases phases;
    private final PortCosts costs;
    private final double gamma;
    private final double[] sIn;
    private final double[] ybar;
    private final double[] err;
    private int label;
    boolean learning;
    double lossSum;
    private final int cTrace;
    private final int cMul;
    private final int cAdd;

    LocalReadoutCore(final int layer, final int size, final int m, final double[] g, final ThreeFactorParams p,
        final ThreeFactorNumerics num, final ErrorLink link, final Phases phases, final PortCosts costs,
        final Counters counters)
    {
        this.layer = layer;
        this.size = size;
        this.m = m;
        this.g = g;
        this.p = p;
        this.num = num;
        this.fixed = !num.isIdeal();
        this.link = link;
        this.phases = phases;
        this.costs = costs;
        this.gamma = p.gamma();
        sIn = new double[size];
        ybar = new double[size];
        err = new double[m];
        cTrace = counters.id(OpKind.TRACE_UPDATE);
        cMul = counters.id(fixed ? OpKind.INT_MULTIPLY : OpKind.FP_MULTIPLY);
        cAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (axon < size)
        {
            sIn[axon] += 1.0;
        }
        else
        {
            label = (int)payload;
        }
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long step = ctx.step();
        if (phases.relative(step) == 0)
        {
            Arrays.fill(ybar, 0.0);
            lossSum = 0.0;
        }
        if (phases.phase(step) != layer + 1 || phases.algorithmicStep(step) > phases.steps())
        {
            return;
        }
        if (!learning)
        {
            Arrays.fill(sIn, 0.0);
            return;
        }
        final long[] counters = ctx.counters();
        final double g1 = 1.0 - gamma;
        for (int i = 0; i < size; i++)
        {
            final double y = gamma * ybar[i] + g1 * sIn[i];
            ybar[i] = fixed ? num.trace().quantize(y, null) : y;
            sIn[i] = 0.0;
        }
        counters[cTrace] += size;
        for (int q = 0; q < m; q++)
        {
            double r = 0.0;
            for (int i = 0; i < size; i++)
            {
                r += g[i * m + q] * ybar[i];
            }
            final double e = r - (q == label ? p.localTarget() : 0.0);
            err[q] = fixed ? num.signal().quantize(e, null) : e;
            lossSum += 0.5 * err[q] * err[q];
            final long payload = link.encode(err[q]);
            final int copies = link.copies(payload);
            if (copies > 0)
            {
                ctx.send(q, payload);
                for (int c = 0; c < copies; c++)
                {
                    costs.charge(counters, q);
                }
            }
        }
        counters[cMul] += (long)size * m + size;
        counters[cAdd] += (long)size * m + m;
    }
}
