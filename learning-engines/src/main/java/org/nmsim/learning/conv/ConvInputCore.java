package org.nmsim.learning.conv;

import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.ChipNumerics;
import org.nmsim.learning.PortCosts;
import org.nmsim.learning.Schedule;

/**
 * A slice {@code [lo, lo + x.length)} of the input pixels (NCHW order), loaded by the host between samples. In
 * phase 0 of steps 1..T each nonzero pixel is sent as a graded message (direct-current encoding); the core holding
 * pixel 0 sends the label to the readout in the sample's first kernel step.
 *
 * <p>Threading: NOT thread safe; run by its worker, loaded by the host between runs.
 */
final class ConvInputCore implements Core
{
    final int lo;
    final double[] x;
    int label;
    private final Schedule schedule;
    private final PortCosts costs;
    private final ChipNumerics num;

    ConvInputCore(final int lo, final int size, final Schedule schedule, final PortCosts costs, final ChipNumerics num)
    {
        this.lo = lo;
        this.x = new double[size];
        this.schedule = schedule;
        this.costs = costs;
        this.num = num;
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        throw new IllegalStateException("input core " + ctx.coreId() + " has no input axons (axon " + axon + ")");
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        final long k = ctx.step();
        if (schedule.phase(k) != 0 || schedule.algorithmicStep(k) > schedule.steps())
        {
            return;
        }
        final long[] counters = ctx.counters();
        for (int j = 0; j < x.length; j++)
        {
            if (x[j] != 0.0)
            {
                ctx.send(j, Double.doubleToRawLongBits(num.payload().quantize(x[j], null)));
                costs.charge(counters, j);
            }
        }
        if (lo == 0 && schedule.relative(k) == 0)
        {
            ctx.send(x.length, label);
            costs.charge(counters, x.length);
        }
    }
}
