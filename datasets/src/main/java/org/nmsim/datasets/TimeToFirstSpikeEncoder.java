package org.nmsim.datasets;

import java.util.Arrays;

/**
 * Time-to-first-spike (latency) coding in continuous time: input neuron {@code n} sends one spike (value 1.0) at
 * {@code t = steps * (1 - x[n])}, so the brightest inputs fire first ({@code x = 1} at {@code t = 0}); {@code x = 0}
 * sends nothing. A sample costs {@code nonzero(x)} messages.
 *
 * <p>Order: ascending time, ties by ascending neuron.
 *
 * @param steps the length of the coding window in steps, positive.
 */
public record TimeToFirstSpikeEncoder(int steps) implements Encoder<double[]>
{
    /** Validates the configuration. */
    public TimeToFirstSpikeEncoder
    {
        Intensities.checkSteps(steps, "TTFS");
    }

    @Override
    public TimeModel timeModel()
    {
        return TimeModel.CONTINUOUS;
    }

    @Override
    public int channels(final int input)
    {
        return input;
    }

    /**
     * @param x an intensity in (0, 1].
     * @return its spike time {@code steps * (1 - x)}.
     */
    public double spikeTime(final double x)
    {
        return steps * (1.0 - x);
    }

    @Override
    public long encode(final long sampleIndex, final double[] x, final EncodedSink sink)
    {
        Intensities.check(x, "TTFS");
        int count = 0;
        for (final double v : x)
        {
            count += v != 0.0 ? 1 : 0;
        }
        final Integer[] order = new Integer[count];
        for (int n = 0, i = 0; n < x.length; n++)
        {
            if (x[n] != 0.0)
            {
                order[i++] = n;
            }
        }
        Arrays.sort(order, (a, b) ->
        {
            final int byTime = Double.compare(spikeTime(x[a]), spikeTime(x[b]));
            return byTime != 0 ? byTime : Integer.compare(a, b);
        });
        for (final int n : order)
        {
            sink.accept(spikeTime(x[n]), n, 1.0);
        }
        return count;
    }
}
