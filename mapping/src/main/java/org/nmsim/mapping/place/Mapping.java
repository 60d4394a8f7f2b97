package org.nmsim.mapping.place;

import java.util.List;

import org.nmsim.chip.noc.BoardTopology;
import org.nmsim.chip.noc.RoutingTables;

/**
 * The result of {@link Mapper#map}: the partition, both placements, the routes and the report.
 *
 * @param report         the feasibility report.
 * @param slices         logical cores.
 * @param destinations   for each logical core, the logical cores its spikes must reach (one multicast route).
 * @param board          the board placed on.
 * @param naivePlacement physical (board-wide) core of each logical core, naive.
 * @param placement      physical core of each logical core, optimised (the one routed and reported).
 * @param routingTables  routing-table occupancy of the optimised placement.
 */
public record Mapping(FeasibilityReport report, List<CoreSlice> slices, int[][] destinations, BoardTopology board,
    int[] naivePlacement, int[] placement, RoutingTables routingTables)
{
    /** Copies the list. */
    public Mapping
    {
        slices = List.copyOf(slices);
    }

    /**
     * @param core a logical core.
     * @return the physical cores its route delivers to.
     */
    public int[] physicalDestinations(final int core)
    {
        final int[] d = destinations[core];
        final int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++)
        {
            out[i] = placement[d[i]];
        }
        return out;
    }
}
