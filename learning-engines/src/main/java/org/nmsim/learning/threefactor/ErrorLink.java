package org.nmsim.learning.threefactor;

import org.nmsim.chip.message.BurstCode;
import org.nmsim.chip.numeric.NumberFormat;

/**
 * How a real-valued error travels between cores: as one graded spike (payload in the signal format) on chips that
 * have them, else as a burst of {@code |count|} spikes ({@link BurstCode}; on a chip without signed spikes the sign
 * selects one of a neuron pair, which shares the routes and so the cost). A zero error sends nothing.
 *
 * <p>Threading: immutable; shared by the cores of one chip.
 */
final class ErrorLink
{
    private final boolean graded;
    private final BurstCode burst;
    private final NumberFormat signal;

    ErrorLink(final boolean graded, final BurstCode burst, final NumberFormat signal)
    {
        this.graded = graded;
        this.burst = burst;
        this.signal = signal;
    }

    boolean graded()
    {
        return graded;
    }

    BurstCode burst()
    {
        return burst;
    }

    /** @return the payload that carries {@code v}. */
    long encode(final double v)
    {
        return graded ? Double.doubleToRawLongBits(signal.quantize(v, null)) : burst.encode(v);
    }

    /** @return messages on the wire for a payload (0: nothing is sent). */
    int copies(final long payload)
    {
        if (graded)
        {
            return Double.longBitsToDouble(payload) == 0.0 ? 0 : 1;
        }
        return Math.abs((int)payload);
    }

    /** @return the value the receiver reconstructs. */
    double decode(final long payload)
    {
        return graded ? Double.longBitsToDouble(payload) : burst.decode((int)payload);
    }

    String describe()
    {
        return graded ? "graded spike, payload " + signal.describe() : "burst code T_B=" + burst.windowSteps() +
            " s=" + burst.scale() + " (|count| spikes per value)";
    }
}
