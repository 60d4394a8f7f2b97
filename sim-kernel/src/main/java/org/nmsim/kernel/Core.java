package org.nmsim.kernel;

/**
 * A simulated core: an actor with its own state, driven by the kernel.
 *
 * <p>Threading: NOT thread safe, and need not be. Every callback for one core is made by the single worker
 * thread that owns the core for the whole run; state written in a callback is visible to the caller of
 * {@link Simulation#core(int)} once a run call has returned.
 *
 * <h2>Time semantics</h2>
 * <ul>
 *   <li><b>Stepped</b> ({@link TimeModel#STEPPED}): at step {@code t} the kernel first delivers every message
 *   whose delivery step is {@code t} through {@link #onMessage}, in canonical order (see below), then calls
 *   {@link #onStep} once. Messages sent during step {@code t} arrive at {@code t + delay} with
 *   {@code delay >= 1}, so cores never interact within a step.</li>
 *   <li><b>Continuous</b> ({@link TimeModel#CONTINUOUS}): messages and the core's own timers are handed over
 *   one at a time in ascending {@code (time, order key)}; {@link #onStep} is never called.</li>
 * </ul>
 *
 * <h2>Canonical order</h2>
 * Events with equal time are ordered by {@code (source core, source sequence number, destination axon)}, where
 * the source sequence number counts every send and timer of the source core. Timers are keyed by the core that
 * set them. External events injected with {@link Simulation#inject} come first (source core -1). The order
 * therefore depends only on the model, never on the number of worker threads.
 */
public interface Core
{
    /**
     * A message arrives on one of this core's input axons.
     *
     * @param ctx     this core's context; {@link CoreContext#step()} or {@link CoreContext#time()} is the
     *                delivery time.
     * @param axon    the destination axon (input line) local to this core, as given in the route.
     * @param payload the message payload (0 for a binary spike; a graded value or signed spike otherwise).
     */
    void onMessage(CoreContext ctx, int axon, long payload);

    /**
     * Stepped mode: the messages of one delivery step, handed over at once, in canonical order. The default calls
     * {@link #onMessage} for each in order; a core may override it to do the same work with one call per step
     * instead of one per message (it must then behave exactly as the default does).
     *
     * @param ctx      this core's context; {@link CoreContext#step()} is the delivery step.
     * @param axons    the destination axons, {@code axons[0, n)}.
     * @param payloads the payloads, {@code payloads[0, n)}.
     * @param n        the number of messages.
     */
    default void onMessages(final CoreContext ctx, final int[] axons, final long[] payloads, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            onMessage(ctx, axons[i], payloads[i]);
        }
    }

    /**
     * Stepped mode only: all messages for the current step have been delivered; update state and send spikes.
     *
     * @param ctx this core's context.
     */
    default void onStep(final CoreContext ctx)
    {
    }

    /**
     * Continuous mode only: a timer that this core set with {@link CoreContext#scheduleTimer} fires.
     *
     * @param ctx this core's context; {@link CoreContext#time()} is the timer's time.
     * @param tag the tag given when the timer was set (cores use it to ignore timers they have superseded).
     */
    default void onTimer(final CoreContext ctx, final long tag)
    {
    }
}
