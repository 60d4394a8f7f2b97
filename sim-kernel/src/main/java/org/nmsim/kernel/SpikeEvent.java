package org.nmsim.kernel;

/**
 * One spike message, or a block of them, in flight between workers: a Disruptor ring slot. Pre-allocated by the
 * ring and reused; its block array is allocated ({@link Worker#RING_BLOCK} longs) the first time it carries a
 * block and kept, so the steady state allocates nothing.
 *
 * <p>Threading: written by one producer between claim and publish, read by the destination worker after
 * publish; the ring's sequences order the accesses.
 */
final class SpikeEvent
{
    int dstCore;
    int dstAxon;
    long key;
    double time;
    long payload;
    /**
     * 0 for one message ({@code payload}); else a block of {@code count} messages ({@link Worker#deliverBlock}):
     * message {@code x} has key {@code key + x}, axon {@code dstAxon + x} and payload {@code block[x]}.
     */
    int count;
    long[] block = new long[0];
}
