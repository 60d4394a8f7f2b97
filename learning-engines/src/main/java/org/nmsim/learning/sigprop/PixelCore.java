package org.nmsim.learning.sigprop;

import org.nmsim.kernel.Core;
import org.nmsim.kernel.CoreContext;
import org.nmsim.learning.PortCosts;

/**
 * A slice {@code [lo, lo + k)} of the input layer, loaded by the host between samples. In phase 0 of every step it
 * sends each nonzero intensity as a graded message to every core of layer 1 (direct-current encoding, as in the
 * paper's spiking nets: the first layer integrates the image at every step).
 *
 * <h2>Ports</h2> {@code j}: intensity of local pixel j.
 *
 * <p>Threading: NOT thread safe; run by its worker, loaded by the host between runs.
 */
public final class PixelCore implements Core
{
    /** The first input index of the slice. */
    public final int lo;
    /** The slice's intensities, loaded by the host between samples. */
    public final double[] x;
    private final Timing timing;
    private final PortCosts ports;
    private final SigpropNumerics num;

    /**
     * @param lo     first input index.
     * @param k      inputs on this core.
     * @param timing phase schedule.
     * @param ports  port costs.
     * @param num    number formats (payload).
     */
    public PixelCore(final int lo, final int k, final Timing timing, final PortCosts ports, final SigpropNumerics num)
    {
        this.lo = lo;
        this.x = new double[k];
        this.timing = timing;
        this.ports = ports;
        this.num = num;
    }

    @Override
    public void onMessage(final CoreContext ctx, final int axon, final long payload)
    {
        throw new IllegalStateException("pixel core " + ctx.coreId() + " has no input axons (axon " + axon + ")");
    }

    @Override
    public void onStep(final CoreContext ctx)
    {
        if (timing.phase(ctx.step()) != 0)
        {
            return;
        }
        final long[] counters = ctx.counters();
        for (int j = 0; j < x.length; j++)
        {
            if (x[j] != 0.0)
            {
                ctx.send(j, Double.doubleToRawLongBits(num.payload().quantize(x[j], null)));
                ports.charge(counters, j);
            }
        }
    }
}
