package org.nmsim.datasets;

/**
 * Graded input current: on each of {@code steps} steps, input neuron {@code n} receives one graded message of
 * value {@code x[n]}. Zero intensities send nothing, so a sample costs {@code steps * nonzero(x)} messages.
 *
 * <p>Order: step by step, ascending neuron within a step.
 *
 * @param steps the number of steps a sample lasts, positive.
 */
public record DirectCurrentEncoder(int steps) implements Encoder<double[]>
{
    /** Validates the configuration. */
    public DirectCurrentEncoder
    {
        Intensities.checkSteps(steps, "DirectCurrent");
    }

    @Override
    public TimeModel timeModel()
    {
        return TimeModel.STEPPED;
    }

    @Override
    public int channels(final int input)
    {
        return input;
    }

    @Override
    public long encode(final long sampleIndex, final double[] x, final EncodedSink sink)
    {
        Intensities.check(x, "DirectCurrent");
        long messages = 0;
        for (int step = 0; step < steps; step++)
        {
            for (int n = 0; n < x.length; n++)
            {
                if (x[n] != 0.0)
                {
                    sink.accept(step, n, x[n]);
                    messages++;
                }
            }
        }
        return messages;
    }
}
