package org.nmsim.learning.biograd;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * Input cores: a slice of the input layer that rate-encodes the host-loaded intensities as Poisson spike trains
 * (paper 004, Appendix C): in phase 0 of each step {@code t <= T} of a sample, pixel j spikes with probability
 * {@code x_j}, drawn from the core's own stream ({@link SpikeDraws}). The core that carries the label sends it to
 * the output core in the sample's first kernel step.
 *
 * <p>Threading: NOT thread safe; run by its worker, loaded by the host between runs.
 */
final class BgInputCore implements Core
{
    final int lo;
    final double[] x;
    final Segment seg = new Segment();
    int label;
    private final int steps;
    private final int phases;
    private final boolean sendsLabel;
    private final SpikeDraws draws;
    private final PortCosts costs;
    private final int cRandom;

    BgInputCore(final int lo, final int size, final int steps, final int phases, final boolean sendsLabel,
        final SpikeDraws draws, final PortCosts costs, final Counters counters)
    {
        this.lo = lo;
        this.x = new double[size];
        this.steps = steps;
        this.phases = phases;
        this.sendsLabel = sendsLabel;
        this.draws = draws;
        this.costs = costs;
        this.cRandom = counters.id(OpKind.RANDOM);
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        throw new IllegalStateException("input core " + ctx.coreId() + " has no input axons (axon " + axon + ")");
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        if (seg.mode != Segment.Mode.TRAIN && seg.mode != Segment.Mode.INFER)
        {
            return;
        }
        final long rel = ctx.step() - seg.start;
        final long[] counters = ctx.counters();
        if (rel == 0 && sendsLabel && seg.mode == Segment.Mode.TRAIN)
        {
            ctx.send(x.length, label);
            costs.charge(counters, x.length);
        }
        final int t = (int)(rel / phases) + 1;
        if (rel % phases != 0 || t > steps)
        {
            return;
        }
        int drawn = 0;
        for (int j = 0; j < x.length; j++)
        {
            if (x[j] > 0.0)
            {
                drawn++;
                if (draws.spike(ctx.random(), SpikeDraws.INPUT, seg.id, lo + j, t, x[j]))
                {
                    ctx.send(j, 0L);
                    costs.charge(counters, j);
                }
            }
        }
        counters[cRandom] += drawn;
    }
}
