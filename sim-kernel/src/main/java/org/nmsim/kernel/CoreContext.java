package org.nmsim.kernel;

/**
 * The kernel as one core sees it: its identity, the current time, its random stream, its counters and the means
 * to send messages. A core can reach nothing else; there is no way to get at another core through this view.
 *
 * <p>Threading: NOT thread safe; valid only inside a callback of the owning core, on the worker thread that
 * made the call.
 */
public interface CoreContext
{
    /** @return the id of the core this context belongs to. */
    int coreId();

    /** @return the current step (stepped mode); in continuous mode the number of windows completed. */
    long step();

    /** @return the current time: the step as a double in stepped mode, the event time in continuous mode. */
    double time();

    /**
     * Sends a message on one of this core's output ports. The kernel delivers one copy to every route of the
     * port, each after the route's delay. A port with no routes costs nothing and delivers nothing.
     *
     * @param port    the output port (usually the sending neuron's index in the core).
     * @param payload the payload carried to every destination.
     */
    void send(int port, long payload);

    /**
     * Sends {@code n} messages on the consecutive ports {@code firstPort, firstPort + 1, ...}, message {@code x}
     * carrying {@code payloads[x]}: the same in every respect as {@code send(firstPort + x, payloads[x])} for
     * {@code x = 0 .. n-1} in order (counters, sequence numbers, the deliveries and their order). Faster when the
     * ports' routes are parallel (the same destination cores and delays, consecutive axons), as the routes of a
     * layer's neurons to the next layer's cores are: the kernel then queues the block route by route.
     *
     * @param firstPort the first output port.
     * @param payloads  the payloads, at least {@code n}.
     * @param n         the messages, >= 0.
     */
    default void sendBlock(final int firstPort, final long[] payloads, final int n)
    {
        for (int x = 0; x < n; x++)
        {
            send(firstPort + x, payloads[x]);
        }
    }

    /**
     * Counts a message on one of this core's output ports exactly as {@link #send} does (one send, one message per
     * route of the port, one of this core's sequence numbers) without delivering it: for a repeat of a message
     * sent earlier, which every receiver of the port reconstructs from what it received then and counts with
     * {@link #countDelivered}. The counters and the order of every later message then read as if it had been sent
     * and delivered. Only for ports whose receivers do reconstruct it: the kernel cannot check that.
     *
     * @param port the output port.
     */
    void sendRepeat(int port);

    /**
     * Counts messages as delivered to this core that it reconstructed itself instead of receiving them (the
     * receiving side of {@link #sendRepeat}).
     *
     * @param messages the messages, >= 0.
     */
    void countDelivered(long messages);

    /**
     * Continuous mode only: asks for {@link Core#onTimer} at {@code time}, which must not be before
     * {@link #time()}.
     *
     * @param time the time at which the timer fires.
     * @param tag  a value handed back to {@link Core#onTimer}.
     * @throws IllegalStateException in stepped mode, or if {@code time} lies in the past.
     */
    void scheduleTimer(double time, long tag);

    /** @return this core's own random stream, derived from (seed, coreId). */
    SplitMix64 random();

    /**
     * This core's counters, indexed by the ids that {@link SimulationBuilder#counter(String)} returned.
     * The array is written only by the worker that owns the core; the kernel sums across cores on read.
     *
     * @return the core's counter array (not a copy: increment in place).
     */
    long[] counters();
}
