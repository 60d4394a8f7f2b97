package org.nmsim.datasets;

/**
 * Bins spike trains (such as SHD samples) into steps: step {@code s} covers {@code [s * binSeconds,
 * (s + 1) * binSeconds)} seconds, and channel {@code u} receives one graded message whose value is the number of
 * its spikes in that bin. Empty bins send nothing; spikes at or after {@code steps * binSeconds} are dropped.
 * The bin of a spike is {@code floor(t / binSeconds)} computed in double precision from the stored float time.
 *
 * <p>Order: step by step, ascending channel within a step.
 *
 * @param steps      the number of steps, positive.
 * @param binSeconds the step length in seconds, positive and finite.
 */
public record SpikeTrainBinningEncoder(int steps, double binSeconds) implements Encoder<SpikeTrains.Sample>
{
    /** Validates the configuration. */
    public SpikeTrainBinningEncoder
    {
        Intensities.checkSteps(steps, "SpikeTrainBinning");
        if (!(binSeconds > 0.0) || Double.isInfinite(binSeconds))
        {
            throw new IllegalArgumentException("binSeconds=" + binSeconds +
                " (SpikeTrainBinning rule: binSeconds is positive and finite)");
        }
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

    /**
     * @param sample the spikes.
     * @return counts per step and channel, {@code [steps][channels]}.
     */
    public int[][] frames(final SpikeTrains.Sample sample)
    {
        final int[][] frames = new int[steps][sample.channels()];
        final float[] t = sample.timesSeconds();
        final int[] u = sample.units();
        for (int k = 0; k < t.length; k++)
        {
            final double step = Math.floor(t[k] / binSeconds);
            if (step >= 0 && step < steps)
            {
                frames[(int)step][u[k]]++;
            }
        }
        return frames;
    }

    @Override
    public long encode(final long sampleIndex, final SpikeTrains.Sample sample, final EncodedSink sink)
    {
        final int[][] frames = frames(sample);
        long messages = 0;
        for (int step = 0; step < steps; step++)
        {
            for (int c = 0; c < frames[step].length; c++)
            {
                if (frames[step][c] != 0)
                {
                    sink.accept(step, c, frames[step][c]);
                    messages++;
                }
            }
        }
        return messages;
    }
}
