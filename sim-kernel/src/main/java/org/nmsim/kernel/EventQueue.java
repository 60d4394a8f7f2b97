package org.nmsim.kernel;

import java.util.Arrays;

/**
 * A core's pending events in CONTINUOUS mode: a binary min-heap over parallel primitive arrays, ordered by
 * {@code (time, key, axon)}, where {@code key = (sourceCore + 1) << 40 | sequence} (see {@link #key}).
 * Timers are stored with {@code axon = -1} and their tag as payload. STEPPED mode uses {@link StepQueue}, which
 * hands events over in the same order.
 *
 * <p>Threading: NOT thread safe; owned by the worker that owns the core.
 */
final class EventQueue
{
    /** Bits of the key that hold the source sequence number. */
    static final int SEQ_BITS = 40;
    /** Largest sequence number a core may reach. */
    static final long MAX_SEQ = (1L << SEQ_BITS) - 1;
    /** Largest core id the key can hold. */
    static final int MAX_CORES = 1 << (63 - SEQ_BITS);
    /** The axon value that marks a timer. */
    static final int TIMER = -1;

    private double[] time = new double[16];
    private long[] key = new long[16];
    private int[] axon = new int[16];
    private long[] payload = new long[16];
    private int size;

    /**
     * @param sourceCore sending core, or -1 for events injected from outside.
     * @param seq        the sender's sequence number.
     * @return the canonical order key.
     */
    static long key(final int sourceCore, final long seq)
    {
        return ((long)(sourceCore + 1) << SEQ_BITS) | seq;
    }

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    /** @return the time of the earliest event; undefined when empty. */
    double minTime()
    {
        return time[0];
    }

    int minAxon()
    {
        return axon[0];
    }

    long minPayload()
    {
        return payload[0];
    }

    void push(final double t, final long k, final int a, final long p)
    {
        if (size == time.length)
        {
            final int n = size << 1;
            time = Arrays.copyOf(time, n);
            key = Arrays.copyOf(key, n);
            axon = Arrays.copyOf(axon, n);
            payload = Arrays.copyOf(payload, n);
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!less(t, k, a, parent))
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        time[i] = t;
        key[i] = k;
        axon[i] = a;
        payload[i] = p;
    }

    /** Removes the earliest event (read it first with the min accessors). */
    void pop()
    {
        final int last = --size;
        if (last == 0)
        {
            return;
        }
        final double t = time[last];
        final long k = key[last];
        final int a = axon[last];
        final long p = payload[last];
        int i = 0;
        final int half = last >>> 1;
        while (i < half)
        {
            int child = (i << 1) + 1;
            final int right = child + 1;
            if (right < last && less(time[right], key[right], axon[right], child))
            {
                child = right;
            }
            if (!less(time[child], key[child], axon[child], t, k, a))
            {
                break;
            }
            move(child, i);
            i = child;
        }
        time[i] = t;
        key[i] = k;
        axon[i] = a;
        payload[i] = p;
    }

    private boolean less(final double t, final long k, final int a, final int j)
    {
        return less(t, k, a, time[j], key[j], axon[j]);
    }

    private static boolean less(
        final double t1, final long k1, final int a1, final double t2, final long k2, final int a2)
    {
        if (t1 != t2)
        {
            return t1 < t2;
        }
        if (k1 != k2)
        {
            return k1 < k2;
        }
        return a1 < a2;
    }

    private void move(final int from, final int to)
    {
        time[to] = time[from];
        key[to] = key[from];
        axon[to] = axon[from];
        payload[to] = payload[from];
    }
}
