package org.nmsim.learning.sigprop;

import java.util.Arrays;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * The local loss of hidden layer l (m non-spiking neurons, one per class): in phase l + 1 of every step it sums the
 * partial logits its layer's cores sent, {@code z_q = O_dot(h, t_q)} (eq. 6), accumulates them for the layer's
 * early-exit prediction (eq. 8), and, when learning, computes {@code L_pred} (eq. 9, the cross entropy of
 * softmax(z) against the label) and sends the error {@code e = softmax(z) - onehot(y)} back to the layer's cores.
 * This is a reduction inside the layer (the dot product spans the layer's neurons), not a feedback pathway: it
 * carries nothing from any later layer.
 *
 * <h2>Axons</h2> {@code q}: a partial logit of class q (summed in the kernel's canonical delivery order);
 * {@code m}: the label.
 * <h2>Ports</h2> {@code q}: e_q to every core of the layer that has target compartments.
 *
 * <p>Threading: NOT thread safe; run by its worker; the host reads the prediction and loss between runs.
 */
public final class LossCore implements Core
{
    final int layer;
    /** Per class, the logits summed over the sample's steps (early exit). */
    public final double[] zSum;
    /** L_pred summed over the sample's steps. */
    public double lossSum;
    /** Whether this sample learns (host-loaded). */
    public boolean learning;
    private final int m;
    private final double[] z;
    private final double[] e;
    private final SigpropNumerics num;
    private final SigpropMath math;
    private final Counters ids;
    private final boolean fixed;
    private final Timing timing;
    private final PortCosts ports;
    private int label;
    private boolean seen;
    private final int cAdd;
    private final int cActive;

    /**
     * @param layer    hidden layer l (works in phase l + 1).
     * @param m        classes.
     * @param num      number formats.
     * @param math     engine functions.
     * @param timing   phase schedule.
     * @param ports    port costs (m ports).
     * @param counters counter ids.
     */
    public LossCore(final int layer, final int m, final SigpropNumerics num, final SigpropMath math,
        final Timing timing, final PortCosts ports, final Counters counters)
    {
        this.layer = layer;
        this.m = m;
        this.num = num;
        this.math = math;
        this.ids = counters;
        this.fixed = !num.isIdeal();
        this.timing = timing;
        this.ports = ports;
        z = new double[m];
        zSum = new double[m];
        e = new double[m];
        cAdd = counters.id(fixed ? OpKind.INT_ADD : OpKind.FP_ADD);
        cActive = counters.id(OpKind.NEURON_UPDATE_ACTIVE);
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (axon == m)
        {
            label = (int)payload;
            return;
        }
        z[axon] += Double.longBitsToDouble(payload);
        ctx.counters()[cAdd]++;
        seen = true;
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long step = ctx.step();
        if (timing.relative(step) == 0)
        {
            Arrays.fill(zSum, 0.0);
            lossSum = 0.0;
        }
        if (timing.phase(step) != layer + 1 || !seen)
        {
            return;
        }
        final long[] counters = ctx.counters();
        for (int q = 0; q < m; q++)
        {
            if (fixed)
            {
                z[q] = num.logit().quantize(z[q], null);
            }
            zSum[q] += z[q];
        }
        counters[cAdd] += m;
        counters[cActive] += m;
        if (learning)
        {
            lossSum += math.softmaxError(z, label, e, counters, ids, fixed);
            for (int q = 0; q < m; q++)
            {
                ctx.send(q, Double.doubleToRawLongBits(fixed ? num.payload().quantize(e[q], null) : e[q]));
                ports.charge(counters, q);
            }
        }
        Arrays.fill(z, 0.0);
        seen = false;
    }

    /** @return the early-exit prediction argmax_q sum_t z_q[t] (ties to the lowest index). */
    public int prediction()
    {
        int best = 0;
        for (int q = 1; q < m; q++)
        {
            if (zSum[q] > zSum[best])
            {
                best = q;
            }
        }
        return best;
    }
}
