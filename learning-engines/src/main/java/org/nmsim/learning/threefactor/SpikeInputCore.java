package org.nmsim.learning.threefactor;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.Counters;
import org.nmsim.learning.PortCosts;

/**
 * Input cores: a slice {@code [lo, lo + k)} of the input layer, loaded by the host between samples with pixel
 * intensities. In phase 0 of steps 1..T each pixel spikes with probability {@code x * inputRate}
 * ({@link PoissonDraws}); binary spikes are the only input message, so the encoding runs on chips without graded
 * spikes (Loihi 1). The first input core also sends the label (one counted message per sample) to the cores that
 * compute errors.
 *
 * <h2>Ports</h2>
 * {@code j}: spike of input neuron {@code lo + j}; {@code k}: the label (first core only).
 *
 * <p>Threading: NOT thread safe; run by its worker, loaded by the host between runs.
 */
final class SpikeInputCore implements Core
{
    final int lo;
    final double[] x;
    private final Phases phases;
    private final boolean sendsLabel;
    private final PortCosts costs;
    private final long seed;
    private final double rate;
    private final int cRandom;
    int label;
    boolean sendLabel;

    SpikeInputCore(final int lo, final int k, final Phases phases, final boolean sendsLabel, final PortCosts costs,
        final long seed, final double rate, final Counters counters)
    {
        this.lo = lo;
        this.x = new double[k];
        this.phases = phases;
        this.sendsLabel = sendsLabel;
        this.costs = costs;
        this.seed = seed;
        this.rate = rate;
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
        final long step = ctx.step();
        final int t = phases.algorithmicStep(step);
        if (phases.phase(step) != 0 || t > phases.steps())
        {
            return;
        }
        final long[] counters = ctx.counters();
        final long sample = phases.sample(step);
        for (int j = 0; j < x.length; j++)
        {
            if (x[j] != 0.0)
            {
                counters[cRandom]++;
                if (PoissonDraws.uniform(seed, sample, t, lo + j) < x[j] * rate)
                {
                    ctx.send(j, 0L);
                    costs.charge(counters, j);
                }
            }
        }
        if (sendsLabel && sendLabel && t == 1)
        {
            ctx.send(x.length, label);
            costs.charge(counters, x.length);
        }
    }
}
