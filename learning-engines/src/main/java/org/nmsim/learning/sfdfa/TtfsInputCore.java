package org.nmsim.learning.sfdfa;

import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.PortCosts;

/**
 * A slice {@code [lo, lo + k)} of the input layer with time-to-first-spike encoding (paper 001, eq. 22): pixel
 * {@code x > 0} spikes once at {@code T (1 - x)} after the sample's start, {@code x = 0} never. The host loads the
 * intensities and injects one start event (axon 0) at the sample's start; the core then sorts its own pixels by
 * spike time and walks through them with one timer per distinct time, sending binary spikes (port {@code j}) in
 * pixel order within a time. The core that carries the label sends it (port {@code k}) to the output cores at the
 * start of a training sample.
 *
 * <p>Threading: NOT thread safe; run by its worker, loaded by the host between runs.
 */
final class TtfsInputCore implements Core
{
    final int lo;
    final double[] x;
    private final double encodingWindow;
    private final boolean sendsLabel;
    private final PortCosts costs;
    private final int[] order;
    private final double[] times;
    private int count;
    private int cursor;
    private double start;
    int label = -1;

    TtfsInputCore(final int lo, final int k, final double encodingWindow, final boolean sendsLabel,
        final PortCosts costs)
    {
        this.lo = lo;
        this.x = new double[k];
        this.encodingWindow = encodingWindow;
        this.sendsLabel = sendsLabel;
        this.costs = costs;
        this.order = new int[k];
        this.times = new double[k];
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        // the host's start event: encode (eq. 22) and sort by (time, pixel) with an insertion sort over the slice
        start = ctx.time();
        count = 0;
        cursor = 0;
        for (int j = 0; j < x.length; j++)
        {
            if (x[j] > 0)
            {
                final double t = encodingWindow * (1.0 - x[j]);
                int at = count++;
                while (at > 0 && times[at - 1] > t)
                {
                    times[at] = times[at - 1];
                    order[at] = order[at - 1];
                    at--;
                }
                times[at] = t;
                order[at] = j;
            }
        }
        if (sendsLabel && label >= 0)
        {
            ctx.send(x.length, label);
            costs.charge(ctx.counters(), x.length);
        }
        if (count > 0)
        {
            ctx.scheduleTimer(Math.max(ctx.time(), start + times[0]), 0);
        }
    }

    @Override
    public void onTimer(final CoreContext ctx, final long tag)
    {
        final double t = times[cursor];
        while (cursor < count && times[cursor] == t)
        {
            final int j = order[cursor++];
            ctx.send(j, 0L);
            costs.charge(ctx.counters(), j);
        }
        if (cursor < count)
        {
            ctx.scheduleTimer(Math.max(ctx.time(), start + times[cursor]), 0);
        }
    }

    /**
     * @param j local pixel.
     * @return its spike time relative to the sample's start, or +infinity for a black pixel (host read-out for the
     *         reference and tests).
     */
    double spikeTime(final int j)
    {
        return x[j] > 0 ? encodingWindow * (1.0 - x[j]) : Double.POSITIVE_INFINITY;
    }
}
