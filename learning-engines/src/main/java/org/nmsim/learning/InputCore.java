package org.nmsim.learning;

import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;

/**
 * Input cores: a slice of the input layer, fed by the host between samples. In phase 0 of steps 1..T each
 * nonzero input is sent as a graded message (direct-current encoding, MODEL.md); the core that carries the label
 * sends it to the readout in the sample's first kernel step. The inputs are the same at every step of a sample, so
 * with {@link #repeats} the messages of steps 2..T are counted as sent ({@link CoreContext#sendRepeat}) and layer 1
 * reconstructs them from step 1's ({@link HiddenCore}); the counters are those of sending them.
 *
 * <p>Threading: NOT thread safe; run by its worker, loaded by the host between runs. Its probe sink is written
 * only by its worker ({@link ProbeSink}).
 */
final class InputCore implements Core
{
    final int lo;
    final double[] x;
    private final Schedule schedule;
    private final boolean sendsLabel;
    private final int labelPort;
    private final PortCosts costs;
    private final ChipNumerics num;
    int label;
    /** Probe of the values sent (population {@code input}, variable {@code spikes}); null when not probed. */
    ProbeSink spikeProbe;
    /** Steps 2..T repeat step 1's messages without sending them (every receiver is a layer-1 hidden core). */
    boolean repeats;
    /** A run of nonzero inputs on consecutive ports, sent as one block. */
    private final PortRun run;

    InputCore(final int lo, final int size, final Schedule schedule, final boolean sendsLabel,
        final PortCosts costs, final ChipNumerics num)
    {
        this.num = num;
        this.lo = lo;
        this.x = new double[size];
        this.run = new PortRun(size);
        this.schedule = schedule;
        this.sendsLabel = sendsLabel;
        this.labelPort = size;
        this.costs = costs;
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
        final ProbeSink probe = spikeProbe;
        final long time = probe == null ? 0 : schedule.runStep(k);
        final boolean repeat = repeats && schedule.algorithmicStep(k) > 1;
        for (int j = 0; j < x.length; j++)
        {
            if (x[j] != 0.0)
            {
                final double value = num.payload().quantize(x[j], null);
                if (repeat)
                {
                    ctx.sendRepeat(j);
                }
                else
                {
                    run.add(ctx, j, Double.doubleToRawLongBits(value));
                }
                costs.charge(counters, j);
                if (probe != null)
                {
                    probe.record(time, lo + j, value);
                }
            }
        }
        run.flush(ctx);
        if (sendsLabel && schedule.relative(k) == 0)
        {
            ctx.send(labelPort, label);
            costs.charge(counters, labelPort);
        }
    }
}
