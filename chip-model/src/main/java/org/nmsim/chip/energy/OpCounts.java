package org.nmsim.chip.energy;

import java.util.function.ToLongFunction;

import org.nmsim.chip.noc.HopCounts;

/**
 * Counts of every {@link OpKind}, indexed by ordinal: the sum of the per-core kernel counters, or counts built by
 * hand in tests and estimates.
 *
 * <p>Threading: NOT thread safe.
 */
public final class OpCounts
{
    private final long[] counts = new long[OpKind.values().length];

    /**
     * Reads every op's counter by its {@link OpKind#counterName()} (e.g. from the kernel's summed counters).
     *
     * @param counterByName the counter value for a name (0 if the counter was never registered).
     * @return the counts.
     */
    public static OpCounts fromCounters(final ToLongFunction<String> counterByName)
    {
        final OpCounts c = new OpCounts();
        for (final OpKind op : OpKind.values())
        {
            c.counts[op.ordinal()] = counterByName.applyAsLong(op.counterName());
        }
        return c;
    }

    /**
     * @param op the op.
     * @param n  how many units to add, {@code >= 0}.
     * @return this.
     */
    public OpCounts add(final OpKind op, final long n)
    {
        if (n < 0)
        {
            throw new IllegalArgumentException("count of " + op.counterName() + ": n=" + n + " must be >= 0");
        }
        counts[op.ordinal()] = Math.addExact(counts[op.ordinal()], n);
        return this;
    }

    /**
     * Charges network traffic: {@code messages} messages of {@code messageBits} bits, each travelling the links of
     * {@code hops} (a unicast path or a multicast tree) and delivered {@code hops.deliveries()} times.
     *
     * @param hops        links and deliveries of one message.
     * @param messageBits size of one message ({@code MessageFormat.sizeBits()}).
     * @param messages    how many such messages.
     * @return this.
     */
    public OpCounts addTraffic(final HopCounts hops, final int messageBits, final long messages)
    {
        final long bits = Math.multiplyExact((long)messageBits, messages);
        add(OpKind.HOP_EAST_WEST, Math.multiplyExact(hops.eastWest(), bits));
        add(OpKind.HOP_NORTH_SOUTH, Math.multiplyExact(hops.northSouth(), bits));
        add(OpKind.HOP_INTER_CHIP, Math.multiplyExact(hops.interChip(), bits));
        add(OpKind.SPIKE_WITHIN_TILE, Math.multiplyExact(hops.deliveries(), bits));
        return this;
    }

    /**
     * @param op the op.
     * @return its count.
     */
    public long count(final OpKind op)
    {
        return counts[op.ordinal()];
    }
}
