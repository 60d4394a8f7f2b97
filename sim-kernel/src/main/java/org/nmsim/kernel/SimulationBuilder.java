package org.nmsim.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Describes a model for the kernel: cores, routes between their ports and axons, and named counters. Every
 * rule is checked in {@link #build()}, before any thread starts.
 *
 * <p>Threading: NOT thread safe; use from one thread.
 */
public final class SimulationBuilder
{
    /** Counter id: messages sent (one per route copy). */
    public static final int MESSAGES_SENT = 0;
    /** Counter id: messages delivered to the core. */
    public static final int MESSAGES_DELIVERED = 1;
    /** Counter id: calls of {@link CoreContext#send}. */
    public static final int SENDS = 2;
    /** Counter id: timers fired. */
    public static final int TIMERS = 3;

    private final KernelConfig config;
    private final List<Core> cores = new ArrayList<>();
    private final List<String> counterNames = new ArrayList<>(
        List.of("kernel.messages.sent", "kernel.messages.delivered", "kernel.sends", "kernel.timers"));
    private int[] rSrc = new int[64];
    private int[] rPort = new int[64];
    private int[] rDst = new int[64];
    private int[] rAxon = new int[64];
    private double[] rDelay = new double[64];
    private int routes;

    SimulationBuilder(final KernelConfig config)
    {
        if (config == null)
        {
            throw new KernelConfigException("config=null: a KernelConfig is required");
        }
        this.config = config;
    }

    /**
     * @param core the core; its id is the number of cores added before it.
     * @return the core's id.
     */
    public int addCore(final Core core)
    {
        if (core == null)
        {
            throw new KernelConfigException("core=null (core id " + cores.size() + ")");
        }
        cores.add(core);
        return cores.size() - 1;
    }

    /**
     * Registers a per-core counter, or returns the id of one already registered under that name.
     *
     * @param name a stable name, e.g. {@code "synops.binary"}.
     * @return the counter's index into {@link CoreContext#counters()}.
     */
    public int counter(final String name)
    {
        final int existing = counterNames.indexOf(name);
        if (existing >= 0)
        {
            return existing;
        }
        counterNames.add(name);
        return counterNames.size() - 1;
    }

    /**
     * Adds a route: a message sent by {@code srcCore} on {@code port} is delivered to {@code dstCore} on
     * {@code dstAxon} after {@code delay} (steps in stepped mode, where it must be a whole number >= 1; time
     * units in continuous mode, where it must reach the lookahead).
     *
     * @param srcCore sending core.
     * @param port    output port of the sending core, >= 0.
     * @param dstCore receiving core.
     * @param dstAxon input axon of the receiving core, >= 0.
     * @param delay   axonal delay.
     * @return this builder.
     */
    public SimulationBuilder route(
        final int srcCore, final int port, final int dstCore, final int dstAxon, final double delay)
    {
        if (routes == rSrc.length)
        {
            final int n = routes << 1;
            rSrc = Arrays.copyOf(rSrc, n);
            rPort = Arrays.copyOf(rPort, n);
            rDst = Arrays.copyOf(rDst, n);
            rAxon = Arrays.copyOf(rAxon, n);
            rDelay = Arrays.copyOf(rDelay, n);
        }
        rSrc[routes] = srcCore;
        rPort[routes] = port;
        rDst[routes] = dstCore;
        rAxon[routes] = dstAxon;
        rDelay[routes] = delay;
        routes++;
        return this;
    }

    /**
     * Validates the whole description and starts the worker threads.
     *
     * @return the simulation, at time 0.
     */
    public Simulation build()
    {
        final int n = cores.size();
        if (n == 0)
        {
            throw new KernelConfigException("cores=0: a simulation needs at least one core");
        }
        if (n >= EventQueue.MAX_CORES)
        {
            throw new KernelConfigException("cores=" + n + " exceeds the limit " + (EventQueue.MAX_CORES - 1));
        }
        final boolean stepped = config.timeModel() == TimeModel.STEPPED;
        double minDelay = Double.POSITIVE_INFINITY;
        for (int r = 0; r < routes; r++)
        {
            final String where = "route " + r + " (core " + rSrc[r] + " port " + rPort[r] + " -> core " + rDst[r] +
                " axon " + rAxon[r] + ")";
            checkCore("srcCore", rSrc[r], n, where);
            checkCore("dstCore", rDst[r], n, where);
            if (rPort[r] < 0)
            {
                throw new KernelConfigException("port=" + rPort[r] + " must be >= 0: " + where);
            }
            if (rAxon[r] < 0)
            {
                throw new KernelConfigException("dstAxon=" + rAxon[r] + " must be >= 0: " + where);
            }
            final double d = rDelay[r];
            if (!(d >= 0.0) || !Double.isFinite(d))
            {
                throw new KernelConfigException("delay=" + d + " must be finite and non-negative: " + where);
            }
            if (stepped && (d < 1.0 || d != Math.rint(d)))
            {
                throw new KernelConfigException("delay=" + d +
                    " must be a whole number of steps >= 1 in STEPPED mode (a spike arrives no earlier than the " +
                    "next step): " + where);
            }
            if (!stepped && !(d > 0.0))
            {
                throw new KernelConfigException("delay=" + d + " must be > 0 in CONTINUOUS mode: " + where);
            }
            if (!stepped && !Double.isNaN(config.lookahead()) && d < config.lookahead())
            {
                throw new KernelConfigException("delay=" + d + " is below lookahead=" + config.lookahead() +
                    " (every delay must reach the lookahead for conservative synchronisation): " + where);
            }
            minDelay = Math.min(minDelay, d);
        }
        final double lookahead;
        if (stepped)
        {
            lookahead = 1.0;
        }
        else if (!Double.isNaN(config.lookahead()))
        {
            lookahead = config.lookahead();
        }
        else if (routes > 0)
        {
            lookahead = minDelay;
        }
        else
        {
            lookahead = Double.POSITIVE_INFINITY;
        }
        return new Simulation(config, cores.toArray(new Core[0]), buildTable(n), counterNames, lookahead);
    }

    private static void checkCore(final String field, final int core, final int n, final String where)
    {
        if (core < 0 || core >= n)
        {
            throw new KernelConfigException(field + "=" + core + " is not a core id in [0, " + (n - 1) + "]: " + where);
        }
    }

    private RoutingTable buildTable(final int n)
    {
        final int[] portCount = new int[n];
        for (int r = 0; r < routes; r++)
        {
            portCount[rSrc[r]] = Math.max(portCount[rSrc[r]], rPort[r] + 1);
        }
        final int[] portBase = new int[n];
        int total = 0;
        for (int c = 0; c < n; c++)
        {
            portBase[c] = total;
            total += portCount[c] + 1;
        }
        // counting sort of routes by (src, port), stable in insertion order
        final int[] count = new int[total];
        for (int r = 0; r < routes; r++)
        {
            count[portBase[rSrc[r]] + rPort[r]]++;
        }
        final int[] portStart = new int[total + 1];
        int acc = 0;
        for (int i = 0; i < total; i++)
        {
            portStart[i] = acc;
            acc += count[i];
        }
        portStart[total] = acc;
        final int[] fill = Arrays.copyOf(portStart, total);
        final int[] dstCore = new int[routes];
        final int[] dstAxon = new int[routes];
        final double[] delay = new double[routes];
        for (int r = 0; r < routes; r++)
        {
            final int slot = fill[portBase[rSrc[r]] + rPort[r]]++;
            dstCore[slot] = rDst[r];
            dstAxon[slot] = rAxon[r];
            delay[slot] = rDelay[r];
        }
        checkDuplicates(n, portBase, portCount, portStart, dstCore, dstAxon);
        return new RoutingTable(portBase, portCount, portStart, dstCore, dstAxon, delay);
    }

    private static void checkDuplicates(
        final int n, final int[] portBase, final int[] portCount, final int[] portStart,
        final int[] dstCore, final int[] dstAxon)
    {
        final Set<Long> seen = new HashSet<>();
        for (int c = 0; c < n; c++)
        {
            for (int p = 0; p < portCount[c]; p++)
            {
                seen.clear();
                for (int r = portStart[portBase[c] + p]; r < portStart[portBase[c] + p + 1]; r++)
                {
                    if (!seen.add(((long)dstCore[r] << 32) | dstAxon[r]))
                    {
                        throw new KernelConfigException("duplicate route: core " + c + " port " + p + " -> core " +
                            dstCore[r] + " axon " + dstAxon[r] + " (each (port, core, axon) may be routed once)");
                    }
                }
            }
        }
    }
}
