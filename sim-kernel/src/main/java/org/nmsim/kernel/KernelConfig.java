package org.nmsim.kernel;

/**
 * Immutable kernel configuration, validated as a whole when constructed.
 *
 * @param timeModel stepped (Loihi) or continuous (event-based) time.
 * @param workers   number of worker threads the cores are partitioned over; at least 1.
 * @param seed      experiment seed; each core's random stream derives from (seed, coreId).
 * @param ringSize  slots per inter-worker Disruptor ring; a power of two, at least 64.
 * @param lookahead continuous mode: the synchronisation window, which every route delay must reach or exceed
 *                  (NEST's min_delay); {@code NaN} derives it from the smallest route delay. Must be {@code NaN}
 *                  in stepped mode, where the window is one step.
 */
public record KernelConfig(TimeModel timeModel, int workers, long seed, int ringSize, double lookahead)
{
    /** Default ring size: 16,384 messages per destination worker. */
    public static final int DEFAULT_RING_SIZE = 1 << 14;

    /** Validates every field; the first violation is reported with field, value and rule. */
    public KernelConfig
    {
        if (timeModel == null)
        {
            throw new KernelConfigException("timeModel=null: must be STEPPED or CONTINUOUS");
        }
        if (workers < 1)
        {
            throw new KernelConfigException("workers=" + workers + " must be >= 1");
        }
        if (ringSize < 64 || Integer.bitCount(ringSize) != 1)
        {
            throw new KernelConfigException("ringSize=" + ringSize + " must be a power of two >= 64");
        }
        if (timeModel == TimeModel.STEPPED && !Double.isNaN(lookahead))
        {
            throw new KernelConfigException(
                "lookahead=" + lookahead + " must be unset (NaN) in STEPPED mode, where the window is one step");
        }
        if (timeModel == TimeModel.CONTINUOUS && !Double.isNaN(lookahead) &&
            !(lookahead > 0.0 && Double.isFinite(lookahead)))
        {
            throw new KernelConfigException("lookahead=" + lookahead + " must be finite and > 0 (or NaN to derive)");
        }
    }

    /**
     * @param workers worker threads.
     * @param seed    experiment seed.
     * @return a stepped configuration with the default ring size.
     */
    public static KernelConfig stepped(final int workers, final long seed)
    {
        return new KernelConfig(TimeModel.STEPPED, workers, seed, DEFAULT_RING_SIZE, Double.NaN);
    }

    /**
     * @param workers   worker threads.
     * @param seed      experiment seed.
     * @param lookahead the window; every route delay must be >= it. {@code NaN} derives it from the routes.
     * @return a continuous configuration with the default ring size.
     */
    public static KernelConfig continuous(final int workers, final long seed, final double lookahead)
    {
        return new KernelConfig(TimeModel.CONTINUOUS, workers, seed, DEFAULT_RING_SIZE, lookahead);
    }

    /** @return the number of processors available to this JVM, the default worker count. */
    public static int defaultWorkers()
    {
        return Runtime.getRuntime().availableProcessors();
    }
}
