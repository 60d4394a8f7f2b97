package org.nmsim.datasets;

import java.util.Arrays;

/**
 * Address events of a dynamic vision sensor (or any 2-D event source): event {@code i} is
 * ({@code x(i)}, {@code y(i)}, {@code polarity(i)}, {@code timeUs(i)}) on a {@code width x height} sensor.
 *
 * <p>Polarity: {@code true} is ON (brightness increase), {@code false} OFF. Events are kept in file order; no
 * sorting by time is required or done.
 *
 * <p>Immutable and thread safe.
 */
public final class EventStream
{
    private final String source;
    private final int width;
    private final int height;
    private final short[] x;
    private final short[] y;
    private final boolean[] polarity;
    private final long[] timeUs;

    private EventStream(final String source, final int width, final int height, final short[] x, final short[] y,
        final boolean[] polarity, final long[] timeUs)
    {
        this.source = source;
        this.width = width;
        this.height = height;
        this.x = x;
        this.y = y;
        this.polarity = polarity;
        this.timeUs = timeUs;
    }

    /**
     * Builds a stream from arrays of equal length; copies them.
     *
     * @param source   where the events came from, for messages.
     * @param width    sensor width, 1..32767.
     * @param height   sensor height, 1..32767.
     * @param x        column of each event, in [0, width).
     * @param y        row of each event, in [0, height).
     * @param polarity ON (true) or OFF (false).
     * @param timeUs   time of each event in microseconds, non-negative.
     * @return the stream.
     * @throws IllegalArgumentException when a value is out of range.
     */
    public static EventStream of(final String source, final int width, final int height, final int[] x,
        final int[] y, final boolean[] polarity, final long[] timeUs)
    {
        if (width <= 0 || height <= 0 || width > Short.MAX_VALUE || height > Short.MAX_VALUE)
        {
            throw new IllegalArgumentException(source + ": width=" + width + " height=" + height +
                " (rule: sensor size in 1..32767)");
        }
        final int n = x.length;
        if (y.length != n || polarity.length != n || timeUs.length != n)
        {
            throw new IllegalArgumentException(source + ": x=" + n + " y=" + y.length + " polarity=" +
                polarity.length + " timeUs=" + timeUs.length + " (rule: one entry per event in each array)");
        }
        final short[] xs = new short[n];
        final short[] ys = new short[n];
        for (int i = 0; i < n; i++)
        {
            final String problem = check(width, height, x[i], y[i], timeUs[i]);
            if (problem != null)
            {
                throw new IllegalArgumentException(source + ": event " + i + ": " + problem);
            }
            xs[i] = (short)x[i];
            ys[i] = (short)y[i];
        }
        return new EventStream(source, width, height, xs, ys, polarity.clone(), timeUs.clone());
    }

    /** @return null when the event is valid, else the problem with its rule. */
    static String check(final int width, final int height, final int x, final int y, final long t)
    {
        if (x < 0 || x >= width || y < 0 || y >= height)
        {
            return "x=" + x + " y=" + y + " outside width=" + width + " height=" + height +
                " (rule: 0 <= x < width, 0 <= y < height)";
        }
        if (t < 0)
        {
            return "t_us=" + t + " (rule: timestamps are non-negative)";
        }
        return null;
    }

    /** @return where the events came from. */
    public String source()
    {
        return source;
    }

    /** @return sensor width. */
    public int width()
    {
        return width;
    }

    /** @return sensor height. */
    public int height()
    {
        return height;
    }

    /** @return number of events. */
    public int count()
    {
        return timeUs.length;
    }

    /**
     * @param i event index.
     * @return its column.
     */
    public int x(final int i)
    {
        return x[i];
    }

    /**
     * @param i event index.
     * @return its row.
     */
    public int y(final int i)
    {
        return y[i];
    }

    /**
     * @param i event index.
     * @return true for ON, false for OFF.
     */
    public boolean polarity(final int i)
    {
        return polarity[i];
    }

    /**
     * @param i event index.
     * @return its time in microseconds.
     */
    public long timeUs(final int i)
    {
        return timeUs[i];
    }

    /** @return the largest timestamp, or -1 for an empty stream. */
    public long maxTimeUs()
    {
        return Arrays.stream(timeUs).max().orElse(-1);
    }

    @Override
    public String toString()
    {
        return "EventStream[source=" + source + ", " + width + "x" + height + ", count=" + count() + "]";
    }
}
