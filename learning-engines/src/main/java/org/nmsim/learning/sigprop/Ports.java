package org.nmsim.learning.sigprop;

import org.nmsim.chip.energy.OpKind;
import org.nmsim.chip.noc.HopCounts;
import org.nmsim.learning.Counters;

/**
 * The NoC cost of one send on each output port of one core, as {@link org.nmsim.learning.PortCosts} computes it
 * (multicast-tree link crossings priced per bit), with the message counted under its {@link Traffic} kind. Set once
 * when the network is placed; charged to the sending core's counters on every send.
 *
 * <p>Threading: written by the builder before the kernel starts; read-only afterwards.
 */
final class Ports
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

    Ports(final int ports, final Counters counters)
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

    void set(final int port, final HopCounts h, final int withinTile, final int messageBits, final int countId,
        final int hopsId)
    {
        eastWestBits[port] = h.eastWest() * messageBits;
        northSouthBits[port] = h.northSouth() * messageBits;
        interChipBits[port] = h.interChip() * messageBits;
        withinTileBits[port] = (long)withinTile * messageBits;
        hops[port] = h.totalHops();
        kindCounter[port] = countId;
        kindHopsCounter[port] = hopsId;
    }

    void charge(final long[] counters, final int port)
    {
        counters[idEw] += eastWestBits[port];
        counters[idNs] += northSouthBits[port];
        counters[idIc] += interChipBits[port];
        counters[idTile] += withinTileBits[port];
        counters[kindCounter[port]]++;
        counters[kindHopsCounter[port]] += hops[port];
    }
}
