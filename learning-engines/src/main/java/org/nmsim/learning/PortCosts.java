package org.nmsim.learning;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.noc.HopCounts;

/**
 * The NoC cost of one send on each output port of one core: the multicast tree's link crossings, priced per bit
 * of the message kind the port carries, and the message counted under its kind ({@link MessageClass}). Computed
 * once when the network is placed; added to the sending core's counters on every send.
 *
 * <p>Threading: written by the builder before the kernel starts; read-only afterwards.
 */
public final class PortCosts
{
    private final long[] eastWestBits;
    private final long[] northSouthBits;
    private final long[] interChipBits;
    private final long[] withinTileBits;
    private final long[] hops;
    private final int[] kindCounter;
    private final int[] kindHopsCounter;
    private final int idEw;
    private final int idNs;
    private final int idIc;
    private final int idTile;

    public PortCosts(final int ports, final Counters counters)
    {
        eastWestBits = new long[ports];
        northSouthBits = new long[ports];
        interChipBits = new long[ports];
        withinTileBits = new long[ports];
        hops = new long[ports];
        kindCounter = new int[ports];
        kindHopsCounter = new int[ports];
        idEw = counters.id(OpKind.HOP_EAST_WEST);
        idNs = counters.id(OpKind.HOP_NORTH_SOUTH);
        idIc = counters.id(OpKind.HOP_INTER_CHIP);
        idTile = counters.id(OpKind.SPIKE_WITHIN_TILE);
    }

    /**
     * @param port            the output port.
     * @param hops            the multicast tree of the port's routes.
     * @param withinTile      destinations in the sender's own tile (delivered without crossing a link).
     * @param messageBits     size of the message kind the port sends.
     * @param kind            the message kind the port sends.
     * @param counters        the counter ids.
     */
    public void set(final int port, final HopCounts hops, final int withinTile, final int messageBits,
        final MessageClass kind, final Counters counters)
    {
        set(port, hops, withinTile, messageBits, counters.messages(kind), counters.hops(kind));
    }

    /**
     * As {@link #set(int, HopCounts, int, int, MessageClass, Counters)}, with the message counted under any pair of
     * counters (a learner whose message kinds are not the {@link MessageClass} ones).
     *
     * @param port            the output port.
     * @param hops            the multicast tree of the port's routes.
     * @param withinTile      destinations in the sender's own tile (delivered without crossing a link).
     * @param messageBits     size of the message kind the port sends.
     * @param countId         the counter of messages of that kind.
     * @param hopsId          the counter of the links those messages cross.
     */
    public void set(final int port, final HopCounts hops, final int withinTile, final int messageBits,
        final int countId, final int hopsId)
    {
        eastWestBits[port] = hops.eastWest() * messageBits;
        northSouthBits[port] = hops.northSouth() * messageBits;
        interChipBits[port] = hops.interChip() * messageBits;
        withinTileBits[port] = (long)withinTile * messageBits;
        this.hops[port] = hops.totalHops();
        kindCounter[port] = countId;
        kindHopsCounter[port] = hopsId;
    }

    public void charge(final long[] counters, final int port)
    {
        charge(counters, port, 1);
    }

    /**
     * Charges {@code times} sends on one port (a burst of spikes).
     *
     * @param counters the sending core's counters.
     * @param port     the port.
     * @param times    sends, >= 0.
     */
    public void charge(final long[] counters, final int port, final long times)
    {
        counters[idEw] += eastWestBits[port] * times;
        counters[idNs] += northSouthBits[port] * times;
        counters[idIc] += interChipBits[port] * times;
        counters[idTile] += withinTileBits[port] * times;
        counters[kindCounter[port]] += times;
        counters[kindHopsCounter[port]] += hops[port] * times;
    }
}
