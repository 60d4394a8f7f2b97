package org.nmsim.datasets;

/**
 * Bins address events into frames: step {@code s} covers times {@code [s * binUs, (s + 1) * binUs)}
 * microseconds, and channel {@code c = (p * height + y) * width + x} (p = 1 for ON, 0 for OFF) receives one
 * graded message whose value is the number of its events in that bin. Empty bins send nothing; events at or after
 * {@code steps * binUs} are dropped (see {@link #dropped(EventStream)}).
 *
 * <p>Order: step by step, ascending channel within a step.
 *
 * @param steps the number of frames, positive.
 * @param binUs the frame length in microseconds, positive.
 */
public record EventBinningEncoder(int steps, long binUs) implements Encoder<EventStream>
{
    /** Validates the configuration. */
    public EventBinningEncoder
    {
        Intensities.checkSteps(steps, "EventBinning");
        if (binUs <= 0)
        {
            throw new IllegalArgumentException("binUs=" + binUs + " (EventBinning rule: binUs > 0)");
        }
    }

    @Override
    public TimeModel timeModel()
    {
        return TimeModel.STEPPED;
    }

    /**
     * @param input sensor pixels ({@code width * height}).
     * @return {@code 2 * input}: one channel per pixel and polarity.
     */
    @Override
    public int channels(final int input)
    {
        return 2 * input;
    }

    /**
     * @param events the events.
     * @param i      an event index.
     * @return the channel of event {@code i}.
     */
    public static int channel(final EventStream events, final int i)
    {
        return ((events.polarity(i) ? 1 : 0) * events.height() + events.y(i)) * events.width() + events.x(i);
    }

    /**
     * @param events the events.
     * @return counts per frame and channel, {@code [steps][2 * width * height]}.
     */
    public int[][] frames(final EventStream events)
    {
        final int[][] frames = new int[steps][channels(events.width() * events.height())];
        for (int i = 0; i < events.count(); i++)
        {
            final long step = events.timeUs(i) / binUs;
            if (step < steps)
            {
                frames[(int)step][channel(events, i)]++;
            }
        }
        return frames;
    }

    /**
     * @param events the events.
     * @return the number of events at or after {@code steps * binUs}, which no frame holds.
     */
    public int dropped(final EventStream events)
    {
        int dropped = 0;
        for (int i = 0; i < events.count(); i++)
        {
            dropped += events.timeUs(i) / binUs >= steps ? 1 : 0;
        }
        return dropped;
    }

    @Override
    public long encode(final long sampleIndex, final EventStream events, final EncodedSink sink)
    {
        final int[][] frames = frames(events);
        long messages = 0;
        for (int step = 0; step < steps; step++)
        {
            final int[] frame = frames[step];
            for (int c = 0; c < frame.length; c++)
            {
                if (frame[c] != 0)
                {
                    sink.accept(step, c, frame[c]);
                    messages++;
                }
            }
        }
        return messages;
    }
}
