package org.nmsim.learning.sigprop;

import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.PortCosts;

/**
 * The context population c of the target generator (m neurons, one per class) and the label source. Target channel
 * {@code q + 1} carries the one-hot context {@code c_q}: while targets are forwarded, context neuron q spikes in
 * phase 0 of every step into the target generator S, whose output neurons are the target compartments of layer 1.
 * When learning, it also sends the sample's label once, in the first kernel step, to every loss core and to the
 * classification layer.
 *
 * <p>With the target-loop generator (eq. 11) it also receives the classification layer's output y of each step
 * (axon p) and, from step 2 on, sends y[t-1] as graded values into the generator (ports {@code m + 1 + p}), so that
 * channel q's context is {@code c_q + y[t-1]}.
 *
 * <h2>Ports</h2> {@code q}: context spike of class q; {@code m}: the label; {@code m + 1 + p}: loop value y_p.
 *
 * <p>Threading: NOT thread safe; run by its worker, loaded by the host between runs.
 */
public final class ContextCore implements Core
{
    private final int m;
    private final Timing timing;
    private final PortCosts ports;
    private final boolean loop;
    private final double[] y;
    /** The sample's label (host-loaded). */
    public int label;
    /** Whether targets are forwarded this sample (host-loaded). */
    public boolean targets;
    /** Whether this sample learns (host-loaded). */
    public boolean learning;

    /**
     * @param m      classes.
     * @param timing phase schedule.
     * @param ports  port costs (2m + 1 ports).
     * @param loop   the target-loop generator (eq. 11).
     */
    public ContextCore(final int m, final Timing timing, final PortCosts ports, final boolean loop)
    {
        this.m = m;
        this.loop = loop;
        this.y = new double[m];
        this.timing = timing;
        this.ports = ports;
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        if (!loop)
        {
            throw new IllegalStateException("context core " + ctx.coreId() + " has no input axons without the " +
                "target-loop generator (axon " + axon + ")");
        }
        y[axon] = Double.longBitsToDouble(payload);
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long step = ctx.step();
        if (timing.phase(step) != 0)
        {
            return;
        }
        final long[] counters = ctx.counters();
        if (timing.relative(step) == 0)
        {
            java.util.Arrays.fill(y, 0.0);
        }
        if (learning && timing.relative(step) == 0)
        {
            ctx.send(m, label);
            ports.charge(counters, m);
        }
        if (targets)
        {
            for (int q = 0; q < m; q++)
            {
                ctx.send(q, 0L);
                ports.charge(counters, q);
            }
            if (loop && timing.step(step) > 1)
            {
                for (int p = 0; p < m; p++)
                {
                    ctx.send(m + 1 + p, Double.doubleToRawLongBits(y[p]));
                    ports.charge(counters, m + 1 + p);
                }
            }
        }
    }
}
