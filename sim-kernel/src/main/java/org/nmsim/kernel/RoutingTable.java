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
