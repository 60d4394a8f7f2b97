package org.nmsim.kernel;

/**
 * One spike message in flight between workers: a Disruptor ring slot. Pre-allocated by the ring and reused;
 * never allocated on the hot path.
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
}
