package org.nmsim.chip.noc;

import java.util.ArrayList;
import java.util.List;

/**
 * Routing table occupancy of every router on a board for a set of multicast routes: each route takes one entry in
 * every router that {@link XyMeshRouting#routersNeedingEntries} names. Capacity is per router (Loihi: per tile;
 * SpiNNaker: one router per chip).
 *
 * <p>Threading: NOT thread safe; built by the mapper on one thread.
 */
public final class RoutingTables
{
    private final XyMeshRouting routing;
    private final int capacity;
    private final boolean defaultRouting;
    private final int[] entries;
    private final String[] lastRoute;

    /**
     * @param routing        the routing (and board).
     * @param capacity       entries per router, at least 0.
     * @param defaultRouting whether straight-through routers need no entry.
     */
    public RoutingTables(final XyMeshRouting routing, final int capacity, final boolean defaultRouting)
    {
        if (capacity < 0)
        {
            throw new IllegalArgumentException("routing table capacity=" + capacity + " must be >= 0");
        }
        this.routing = routing;
        this.capacity = capacity;
        this.defaultRouting = defaultRouting;
        final BoardTopology b = routing.board();
        this.entries = new int[b.tileColumns() * b.tileRows()];
        this.lastRoute = new String[entries.length];
    }

    /**
     * Adds one multicast route. Never fails on overflow: call {@link #validate()} or {@link #overflows()} once all
     * routes are in, so that a feasibility report can list every router that overflows.
     *
     * @param name             the route's name, e.g. {@code "fc1 core 3"}.
     * @param sourceCore       board-wide id of the sending core.
     * @param destinationCores board-wide ids of the receiving cores.
     */
    public void addRoute(final String name, final int sourceCore, final int[] destinationCores)
    {
        for (final int r : routing.routersNeedingEntries(sourceCore, destinationCores, defaultRouting))
        {
            entries[r]++;
            lastRoute[r] = name;
        }
    }

    /**
     * @param x board-wide tile x.
     * @param y board-wide tile y.
     * @return entries used in that router.
     */
    public int entries(final int x, final int y)
    {
        return entries[y * routing.board().tileColumns() + x];
    }

    /** @return the largest occupancy of any router. */
    public int maxEntries()
    {
        int m = 0;
        for (final int e : entries)
        {
            m = Math.max(m, e);
        }
        return m;
    }

    /** @return entries per router. */
    public int capacity()
    {
        return capacity;
    }

    /** @return one message per overflowing router, in router order; empty if all fit. */
    public List<String> overflows()
    {
        final List<String> out = new ArrayList<>();
        final int cols = routing.board().tileColumns();
        for (int i = 0; i < entries.length; i++)
        {
            if (entries[i] > capacity)
            {
                out.add(routing.board().routerName(i % cols, i / cols) + ": " + entries[i]
                    + " routing entries needed exceed capacity " + capacity + " (routing entries per router; last"
                    + " route added: " + lastRoute[i] + ")");
            }
        }
        return out;
    }

    /**
     * @throws IllegalStateException naming the first overflowing router, its entries and the capacity, and how many
     *                               routers overflow in all.
     */
    public void validate()
    {
        final List<String> o = overflows();
        if (!o.isEmpty())
        {
            throw new IllegalStateException(o.get(0) + (o.size() > 1 ? " (and " + (o.size() - 1)
                + " more routers overflow)" : ""));
        }
    }
}
