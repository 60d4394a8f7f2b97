package org.nmsim.learning;

/**
 * Messages of one kind sent so far. A multicast send is one message, however many cores it reaches.
 *
 * @param kind  the kind ({@link MessageClass#kindName()}).
 * @param bits  the size of one message of the kind on this chip.
 * @param count messages sent.
 * @param hops  mesh and inter-chip links crossed, summed over messages (each multicast tree's links counted once).
 */
public record MessageTally(String kind, int bits, long count, long hops)
{
}
