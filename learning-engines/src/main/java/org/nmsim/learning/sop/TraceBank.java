package org.nmsim.learning.sop;

import java.util.Arrays;

import org.nmsim.chip.numeric.Rounding;
import org.nmsim.kernel.SplitMix64;

/**
 * The traces of one side of a synaptic block: x1, x2 per input axon, or y1, y2, y3 per compartment ("lanes").
 *
 * <p>State follows Lava's epoch-based model (Lava {@code src/lava/magma/core/model/py/connection.py},
 * {@code _record_pre_spike_times}, {@code _evaluate_trace}, {@code _update_traces}): the trace values are held as
 * of the start of the epoch, together with the within-epoch time {@code ts} (1..tEpoch, 0 = none) of the lane's
 * last spike in the epoch. A trace is evaluated at a within-epoch time {@code te} as:
 * <ul>
 *   <li>no spike, or {@code te < ts}: {@code decay(v, te)};</li>
 *   <li>otherwise: {@code decay(impulse(decay(v, ts)), te - ts)} (a spike at {@code te} itself is included).</li>
 * </ul>
 * A repeated spike of a lane within one epoch adds the impulse at once to the epoch-start value (Lava's
 * approximation, kept). At the end of the epoch every active trace is set to its value at {@code tEpoch}.
 *
 * <p>Fixed point: values are integers in [0, 127]; {@code decay(v, dt) = round(v * exp(-dt / tau))} and the
 * impulse adds its integer part plus its 7-bit fraction, both rounded by the configured {@link Rounding}
 * (stochastic on the chip: up with probability equal to the fraction, one draw per rounding), then saturates to
 * [0, 127]. Like Lava, the decay factor is computed in double precision ({@code np.exp}); the chip's decay
 * arithmetic is not published. Ideal float64: the same structure, no rounding, no saturation; with at most one
 * spike per lane per epoch this equals the analytic exponential trace.
 *
 * <p>{@code tau = 0} means no decay (Lava's {@code decay_only} mask skips {@code tau = 0}; its spike path divides
 * by it, which is left undefined here).
 *
 * <p>Threading: NOT thread safe; owned by one core.
 */
public final class TraceBank
{
    private final int lanes;
    private final TraceParams[] params;
    private final boolean[] active;
    private final NumericMode mode;
    private final Rounding rounding;
    private final SplitMix64 rng;
    private final SopCounts counts;
    private final double[] values;
    private final int[] lastSpike;
    private final boolean[] spiked;

    TraceBank(final int lanes, final TraceParams[] params, final boolean[] active, final NumericMode mode,
        final Rounding rounding, final SplitMix64 rng, final SopCounts counts)
    {
        this.lanes = lanes;
        this.params = params.clone();
        this.active = active.clone();
        this.mode = mode;
        this.rounding = rounding;
        this.rng = rng;
        this.counts = counts;
        this.values = new double[params.length * lanes];
        this.lastSpike = new int[lanes];
        this.spiked = new boolean[lanes];
    }

    /** @return number of lanes (axons or compartments). */
    public int lanes()
    {
        return lanes;
    }

    /** @return number of traces per lane (2 pre, 3 post). */
    public int traces()
    {
        return params.length;
    }

    /**
     * @param trace trace index (x1 = 0, x2 = 1; y1 = 0, y2 = 1, y3 = 2).
     * @param lane  lane.
     * @return the value as of the start of the current epoch.
     */
    public double value(final int trace, final int lane)
    {
        return values[trace * lanes + lane];
    }

    /**
     * @param lane lane.
     * @return true if the lane spiked in the current epoch (x0 or y0).
     */
    public boolean spiked(final int lane)
    {
        return spiked[lane];
    }

    /**
     * @param lane lane.
     * @return within-epoch time of the lane's last spike in the current epoch, 0 if none.
     */
    public int lastSpikeTime(final int lane)
    {
        return lastSpike[lane];
    }

    void set(final int trace, final int lane, final double value)
    {
        if (mode == NumericMode.FIXED_POINT && (value != Math.rint(value) || value < 0 || value
            > TraceParams.MAX_TRACE))
        {
            throw new IllegalArgumentException("trace value=" + value + " (trace " + trace + ", lane " + lane
                + ") must be an integer in [0, " + TraceParams.MAX_TRACE + "] in fixed point");
        }
        values[trace * lanes + lane] = value;
    }

    void recordSpike(final int lane, final int withinEpochTime)
    {
        if (lastSpike[lane] > 0)
        {
            for (int k = 0; k < params.length; k++)
            {
                if (active[k])
                {
                    values[k * lanes + lane] = impulse(k, values[k * lanes + lane]);
                    counts.traceUpdates++;
                }
            }
        }
        lastSpike[lane] = withinEpochTime;
        spiked[lane] = true;
    }

    /**
     * @param trace trace index.
     * @param lane  lane.
     * @param te    within-epoch evaluation time, 1..tEpoch.
     * @return the trace at {@code te}, per the rules in the class comment.
     */
    double evaluate(final int trace, final int lane, final int te)
    {
        final double v = values[trace * lanes + lane];
        final int ts = lastSpike[lane];
        if (ts == 0 || te < ts)
        {
            return decay(trace, v, te);
        }
        return decay(trace, impulse(trace, decay(trace, v, ts)), te - ts);
    }

    void endEpoch(final int tEpoch)
    {
        for (int k = 0; k < params.length; k++)
        {
            if (!active[k])
            {
                continue;
            }
            for (int lane = 0; lane < lanes; lane++)
            {
                values[k * lanes + lane] = evaluate(k, lane, tEpoch);
                counts.traceUpdates++;
            }
        }
        Arrays.fill(lastSpike, 0);
        Arrays.fill(spiked, false);
    }

    private double decay(final int trace, final double v, final int dt)
    {
        final TraceParams p = params[trace];
        if (dt == 0 || p.tau() == 0.0)
        {
            return v;
        }
        final double x = v * p.decayFactor(dt);
        if (mode == NumericMode.IDEAL_FLOAT64)
        {
            return x;
        }
        final double floor = Math.floor(x);
        final double fraction = x - floor;
        switch (rounding)
        {
            case STOCHASTIC:
                counts.randoms++;
                return rng.nextDouble() < fraction ? floor + 1 : floor;
            case FLOOR:
            case TOWARD_ZERO:
                return floor;
            case NEAREST_HALF_UP:
                return Math.floor(x + 0.5);
            case NEAREST_EVEN:
                return Math.rint(x);
            default:
                throw new IllegalStateException("rounding=" + rounding);
        }
    }

    private double impulse(final int trace, final double v)
    {
        final TraceParams p = params[trace];
        if (mode == NumericMode.IDEAL_FLOAT64)
        {
            return v + p.impulse();
        }
        final int fraction = p.impulseFraction();
        double r = v + p.impulseInteger();
        if (fraction != 0)
        {
            final int half = 1 << (TraceParams.IMPULSE_FRACTION_BITS - 1);
            switch (rounding)
            {
                case STOCHASTIC:
                    counts.randoms++;
                    if ((rng.nextLong() >>> (64 - TraceParams.IMPULSE_FRACTION_BITS)) < fraction)
                    {
                        r += 1;
                    }
                    break;
                case FLOOR:
                case TOWARD_ZERO:
                    break;
                case NEAREST_HALF_UP:
                    r += fraction >= half ? 1 : 0;
                    break;
                case NEAREST_EVEN:
                    r += fraction > half || (fraction == half && ((long)r & 1) != 0) ? 1 : 0;
                    break;
                default:
                    throw new IllegalStateException("rounding=" + rounding);
            }
        }
        return Math.min(TraceParams.MAX_TRACE, r);
    }
}
