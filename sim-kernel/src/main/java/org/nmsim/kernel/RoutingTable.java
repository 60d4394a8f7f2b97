package org.nmsim.kernel;

/**
 * Where each output port of each core sends its messages: a compressed table, immutable after build.
 *
 * <p>Layout: {@code portBase[core]} is the index of the core's port 0 in {@code portStart}; the routes of
 * {@code (core, port)} are {@code [portStart[portBase[core] + port], portStart[portBase[core] + port + 1])}
 * in the parallel arrays {@code dstCore}, {@code dstAxon}, {@code delay}, in the order they were added.
 *
 * <p>Threading: immutable; safely published to the workers by the thread start.
 */
final class RoutingTable
{
    final int[] portBase;
    final int[] portCount;
    final int[] portStart;
    final int[] dstCore;
    final int[] dstAxon;
    final double[] delay;
    final double minDelay;
    final double maxDelay;
    /**
     * Per port (indexed as {@code portStart}), how many ports from it on are parallel to it: port {@code p + x} has
     * as many routes as port {@code p}, and its route {@code r} goes to the same core with the same delay and to
     * axon {@code dstAxon + x}. A layer's neurons routed to the next layer's cores are such a run.
     */
    private final int[] parallelRun;

    RoutingTable(
        final int[] portBase,
        final int[] portCount,
        final int[] portStart,
        final int[] dstCore,
        final int[] dstAxon,
        final double[] delay)
    {
        this.portBase = portBase;
        this.portCount = portCount;
        this.portStart = portStart;
        this.dstCore = dstCore;
        this.dstAxon = dstAxon;
        this.delay = delay;
        double min = Double.POSITIVE_INFINITY;
        double max = 0.0;
        for (final double d : delay)
        {
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        this.minDelay = min;
        this.maxDelay = max;
        this.parallelRun = new int[Math.max(0, portStart.length - 1)];
        for (int core = 0; core < portCount.length; core++)
        {
            final int base = portBase[core];
            for (int port = portCount[core] - 1; port >= 0; port--)
            {
                final int p = base + port;
                parallelRun[p] = port + 1 < portCount[core] && continues(p) ? parallelRun[p + 1] + 1 : 1;
            }
        }
    }

    /** @return true when port index {@code p + 1} is parallel to {@code p} (see {@link #parallelRun}). */
    private boolean continues(final int p)
    {
        final int a = portStart[p];
        final int b = portStart[p + 1];
        final int n = b - a;
        if (portStart[p + 2] - b != n)
        {
            return false;
        }
        for (int r = 0; r < n; r++)
        {
            if (dstCore[b + r] != dstCore[a + r] || dstAxon[b + r] != dstAxon[a + r] + 1 ||
                Double.doubleToRawLongBits(delay[b + r]) != Double.doubleToRawLongBits(delay[a + r]))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true when ports {@code port .. port + n - 1} of the core exist and are parallel (see
     *         {@link #parallelRun}), so that a block of messages on them goes out route by route.
     */
    boolean parallel(final int core, final int port, final int n)
    {
        return port >= 0 && n >= 1 && port <= portCount[core] - n && parallelRun[portBase[core] + port] >= n;
    }

    /** @return the first route index of (core, port); equal to {@link #end} when the port has no route. */
    int start(final int core, final int port)
    {
        return port < portCount[core] && port >= 0 ? portStart[portBase[core] + port] : 0;
    }

    /** @return one past the last route index of (core, port). */
    int end(final int core, final int port)
    {
        return port < portCount[core] && port >= 0 ? portStart[portBase[core] + port + 1] : 0;
    }

    int routeCount()
    {
        return dstCore.length;
    }
}
