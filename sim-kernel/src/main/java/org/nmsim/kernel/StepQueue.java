package org.nmsim.kernel;

import java.util.Arrays;

/**
 * A core's pending events in STEPPED mode: one bucket per delivery time, each an append-only list. A bucket is
 * handed to the worker whole when its step comes, in the canonical order {@code (key, axon)} of
 * {@link EventQueue}; buckets are handed over in ascending time. The result is exactly the sequence that
 * {@link EventQueue} pops, at a fraction of its cost: pushes append, and a bucket is sorted once (a natural merge
 * sort over its runs) only when pushes arrived out of canonical order, which with one worker and one delay per
 * route set they normally do not.
 *
 * <p>Events with equal {@code (time, key, axon)} come from one send (same payload), so the order among them
 * cannot be observed.
 *
 * <p>Threading: NOT thread safe; owned by the worker that owns the core.
 */
final class StepQueue
{
    /** Pending buckets in ascending time; {@code active[0, count)} is used. */
    private Bucket[] active = new Bucket[4];
    private int count;
    /** Drained buckets kept for reuse, so the steady state allocates nothing. */
    private Bucket[] free = new Bucket[4];
    private int freeCount;
    /** The bucket of the last push: consecutive pushes almost always share a time. */
    private Bucket last;
    private int size;

    /** The events of one delivery time, in parallel arrays; sorted on demand. */
    static final class Bucket
    {
        double time;
        long[] key = new long[16];
        int[] axon = new int[16];
        long[] payload = new long[16];
        int n;
        private boolean sorted = true;
        private long lastKey;
        private int lastAxon;
        private long[] key2 = new long[0];
        private int[] axon2 = new int[0];
        private long[] payload2 = new long[0];
        private int[] perm = new int[0];
        private int[] permTmp = new int[0];
        private int[] runs = new int[0];

        private void add(final long k, final int a, final long p)
        {
            reserve(n + 1);
            noteOrder(k, a);
            key[n] = k;
            axon[n] = a;
            payload[n] = p;
            lastKey = k;
            lastAxon = a;
            n++;
        }

        /** Appends events {@code (k0 + x, a0 + x, p[x])}, {@code x < m}: ascending, so only the first is checked. */
        private void addBlock(final long k0, final int a0, final long[] p, final int m)
        {
            reserve(n + m);
            noteOrder(k0, a0);
            final long[] ks = key;
            final int[] as = axon;
            final int base = n;
            for (int x = 0; x < m; x++)
            {
                ks[base + x] = k0 + x;
                as[base + x] = a0 + x;
            }
            System.arraycopy(p, 0, payload, base, m);
            lastKey = k0 + m - 1;
            lastAxon = a0 + m - 1;
            n = base + m;
        }

        /** Makes room for {@code need} events (at least doubling). */
        private void reserve(final int need)
        {
            if (need > key.length)
            {
                final int c = Math.max(need, n << 1);
                key = Arrays.copyOf(key, c);
                axon = Arrays.copyOf(axon, c);
                payload = Arrays.copyOf(payload, c);
            }
        }

        /** Marks the bucket unsorted when an event {@code (k, a)} appended now would precede the last one. */
        private void noteOrder(final long k, final int a)
        {
            if (n > 0 && (k < lastKey || k == lastKey && a < lastAxon))
            {
                sorted = false;
            }
        }

        private void clear()
        {
            n = 0;
            sorted = true;
        }

        /** Puts the events in {@code (key, axon)} order (a stable natural merge sort of an index permutation). */
        private void sort()
        {
            if (sorted)
            {
                return;
            }
            if (perm.length < n)
            {
                perm = new int[key.length];
                permTmp = new int[key.length];
                runs = new int[key.length + 1];
            }
            int[] src = perm;
            int[] dst = permTmp;
            int runCount = 0;
            runs[runCount++] = 0;
            src[0] = 0;
            for (int i = 1; i < n; i++)
            {
                src[i] = i;
                if (less(i, i - 1))
                {
                    runs[runCount++] = i;
                }
            }
            runs[runCount] = n;
            while (runCount > 1)
            {
                int out = 0;
                int r = 0;
                for (; r + 1 < runCount; r += 2)
                {
                    merge(src, runs[r], runs[r + 1], runs[r + 2], dst);
                    runs[out++] = runs[r];
                }
                if (r < runCount)
                {
                    System.arraycopy(src, runs[r], dst, runs[r], runs[r + 1] - runs[r]);
                    runs[out++] = runs[r];
                }
                runs[out] = n;
                runCount = out;
                final int[] swap = src;
                src = dst;
                dst = swap;
            }
            if (key2.length < key.length)
            {
                key2 = new long[key.length];
                axon2 = new int[key.length];
                payload2 = new long[key.length];
            }
            for (int i = 0; i < n; i++)
            {
                final int j = src[i];
                key2[i] = key[j];
                axon2[i] = axon[j];
                payload2[i] = payload[j];
            }
            final long[] k = key;
            key = key2;
            key2 = k;
            final int[] a = axon;
            axon = axon2;
            axon2 = a;
            final long[] p = payload;
            payload = payload2;
            payload2 = p;
            sorted = true;
        }

        private void merge(final int[] src, final int lo, final int mid, final int hi, final int[] dst)
        {
            int i = lo;
            int j = mid;
            int o = lo;
            while (i < mid && j < hi)
            {
                // stable: take from the right run only when strictly less
                dst[o++] = less(src[j], src[i]) ? src[j++] : src[i++];
            }
            while (i < mid)
            {
                dst[o++] = src[i++];
            }
            while (j < hi)
            {
                dst[o++] = src[j++];
            }
        }

        private boolean less(final int x, final int y)
        {
            final long kx = key[x];
            final long ky = key[y];
            return kx < ky || kx == ky && axon[x] < axon[y];
        }
    }

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    void push(final double t, final long k, final int a, final long p)
    {
        bucketAt(t).add(k, a, p);
        size++;
    }

    /**
     * {@code push(t, k0 + x, a0 + x, p[x])} for {@code x < m}, in one piece.
     */
    void pushBlock(final double t, final long k0, final int a0, final long[] p, final int m)
    {
        bucketAt(t).addBlock(k0, a0, p, m);
        size += m;
    }

    /** The bucket of time {@code t}: the last push's when it has that time (pushes almost always share one). */
    private Bucket bucketAt(final double t)
    {
        Bucket b = last;
        if (b == null || b.time != t)
        {
            b = bucketFor(t);
            last = b;
        }
        return b;
    }

    /**
     * Removes the earliest bucket if its time is at most {@code t} and returns it in canonical order; the caller
     * reads {@code axon[0, n)} and {@code payload[0, n)}, then hands it back with {@link #release}. Pushes made
     * meanwhile go to other buckets.
     *
     * @param t the current step.
     * @return the bucket, or null when no event is due.
     */
    Bucket takeDue(final double t)
    {
        if (count == 0 || !(active[0].time <= t))
        {
            return null;
        }
        final Bucket b = active[0];
        count--;
        System.arraycopy(active, 1, active, 0, count);
        active[count] = null;
        if (last == b)
        {
            last = null;
        }
        size -= b.n;
        b.sort();
        return b;
    }

    /** @param b a bucket {@link #takeDue} returned, fully read. */
    void release(final Bucket b)
    {
        b.clear();
        if (freeCount == free.length)
        {
            free = Arrays.copyOf(free, freeCount << 1);
        }
        free[freeCount++] = b;
    }

    private Bucket bucketFor(final double t)
    {
        int i = 0;
        while (i < count && active[i].time < t)
        {
            i++;
        }
        if (i < count && active[i].time == t)
        {
            return active[i];
        }
        final Bucket b;
        if (freeCount > 0)
        {
            b = free[--freeCount];
            free[freeCount] = null;
        }
        else
        {
            b = new Bucket();
        }
        b.time = t;
        if (count == active.length)
        {
            active = Arrays.copyOf(active, count << 1);
        }
        System.arraycopy(active, i, active, i + 1, count - i);
        active[i] = b;
        count++;
        return b;
    }
}
